"""MT103's data: well formed, and no token that a lexicon already lists (the rules would
report it twice). Behaviour on text is in tests/cases/shorthand.toml."""

from __future__ import annotations

import re

from mtclean.lexicon import fold, load, shipped_files
from mtclean.rules.shorthand import _literal_head, shorthands


def test_every_row_is_usable():
    rows = shorthands()
    assert rows
    for row in rows:
        assert re.fullmatch(r"[0-9a-z+{},]+", row.token.pattern), row.token.pattern
        assert _literal_head(row.token.pattern), row.token.pattern
        assert row.glosses and all(g.strip() for g in row.glosses)
        assert re.search(r"[\u3400-\u9fff]|^\d+$", row.zh), row.zh


def test_no_token_is_a_lexicon_rendering():
    renderings = {fold(m) for e in load(shipped_files()) for m in e.match}
    for row in shorthands():
        clash = [r for r in renderings if row.token.fullmatch(r)]
        assert not clash, f"{row.token.pattern} is listed in a lexicon too: {clash}"
