"""The cache of derived data and the sharded tables kept in it."""

from __future__ import annotations

import gc
import os
import pickle

import pytest

from mtclean.cache import gc_paused, prune, read_cache, write_cache
from mtclean.shards import ShardedTable

WORDS = {"舆论": "public opinion", "舆论环境": "", "环境": "environment", "微博": "Weibo",
         "": "empty key", "a": 1, "ab": (2, 3)}


def test_a_sharded_table_answers_like_the_dict_it_was_made_from():
    table = ShardedTable(WORDS)
    assert dict(table) == WORDS and len(table) == len(WORDS)
    for key, value in WORDS.items():
        assert key in table and table[key] == value and table.get(key) == value
    assert "舆" not in table and table.get("舆", "none") == "none"
    assert "微信" not in table and 3 not in table
    with pytest.raises(KeyError):
        table["环保"]


def test_a_sharded_table_opens_only_the_shards_looked_up():
    table = pickle.loads(pickle.dumps(ShardedTable(WORDS)))
    assert table.get("舆论") == "public opinion"
    assert set(table._open) == {"舆"}  # 环 and 微 stay packed
    assert "环境" in table and set(table._open) == {"舆", "环"}


def test_a_pickled_table_leaves_its_opened_shards_behind():
    table = ShardedTable(WORDS)
    table.get("舆论")
    again = pickle.loads(pickle.dumps(table))
    assert again._open == {} and dict(again) == WORDS


def test_the_cache_reads_back_what_it_wrote(tmp_path):
    path = tmp_path / "lexicon-0001.pickle"
    write_cache(path, {"a": (1, 2)})
    assert read_cache(path) == {"a": (1, 2)}
    assert [p.name for p in tmp_path.iterdir()] == ["lexicon-0001.pickle"]  # no temporary


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(1)[:-1]])
def test_an_unreadable_cache_file_reads_as_missing(tmp_path, content):
    path = tmp_path / "cedict-2-abc.pickle"
    path.write_bytes(content)
    assert read_cache(path) is None
    assert read_cache(tmp_path / "missing.pickle") is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    write_cache(blocker / "lexicon-1.pickle", [1])  # no error
    assert read_cache(blocker / "lexicon-1.pickle") is None


def test_a_value_that_cannot_be_pickled_leaves_no_file(tmp_path):
    with pytest.raises((pickle.PicklingError, AttributeError)):
        write_cache(tmp_path / "lexicon-1.pickle", lambda: None)
    assert list(tmp_path.iterdir()) == []


def test_writing_keeps_the_most_recently_used_files_of_the_kind(tmp_path):
    old = []
    for i in range(5):
        path = tmp_path / f"lexicon-{i}.pickle"
        path.write_bytes(pickle.dumps(i))
        os.utime(path, (1000 + i, 1000 + i))
        old.append(path)
    other = tmp_path / "jieba-2-x.pickle"
    other.write_bytes(pickle.dumps("jieba"))
    os.utime(other, (1, 1))
    assert read_cache(old[0]) == 0  # reading marks the oldest as used
    write_cache(tmp_path / "lexicon-new.pickle", "new", keep=3)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["jieba-2-x.pickle", "lexicon-0.pickle", "lexicon-4.pickle",
                    "lexicon-new.pickle"]


def test_pruning_a_missing_folder_removes_nothing(tmp_path):
    assert prune(tmp_path / "gone" / "lexicon-1.pickle") == []


def test_gc_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
