"""Crash safety: a job killed with SIGKILL, or stopped with Ctrl-C, resumes without losing
or repeating a unit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtclean.batch.command import batch

TARGETS = ["Prices rose，sales fell", "All is well here.", "Hello，world and all",
           "the critical舆论环境 (public opinion environment) grew", "Nothing to see."]


def make_jsonl(path: Path, units: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(units):
            out.write(json.dumps({"id": i, "target": TARGETS[i % len(TARGETS)]},
                                 ensure_ascii=False) + "\n")
    return path


def make_tmx(path: Path, units: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                  '<header srclang="zh-CN" datatype="plaintext" segtype="sentence" '
                  'adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>\n<body>\n')
        for i in range(units):
            out.write(f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>一句话</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>{TARGETS[i % len(TARGETS)]}</seg></tuv></tu>\n')
        out.write("</body>\n</tmx>\n")
    return path


def _report(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("seconds")
    return data


def _command(dump: Path, out: Path, report: Path, *extra: str, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "mtclean.batch", str(dump), "-o", str(out), "--report",
            str(report), "--workers", str(workers), "--chunk-size", "20", *extra]


def _kill_mid_run(command: list[str], checkpoint: Path, at_least: int,
                  sig: int = signal.SIGKILL, outcome: dict | None = None) -> int:
    """Start the job, send it ``sig`` once a checkpoint records ``at_least`` units;
    return the units its last checkpoint recorded. ``outcome`` gets the exit code and
    standard error."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while True:
            assert process.poll() is None, "the job ended before it could be killed: " + \
                process.stderr.read().decode()
            assert time.monotonic() < deadline, "no checkpoint within two minutes"
            try:
                done = json.loads(checkpoint.read_text())["units_done"]
            except (OSError, ValueError, KeyError):
                done = 0
            if done >= at_least:
                break
            time.sleep(0.02)
        os.kill(process.pid, sig)
        process.wait(timeout=60)
        if outcome is not None:
            outcome.update(code=process.returncode, stderr=process.stderr.read().decode())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    return json.loads(checkpoint.read_text())["units_done"]


@pytest.mark.slow
@pytest.mark.parametrize("make, name, units, workers", [(make_jsonl, "dump.jsonl", 8000, 1),
                                                         (make_tmx, "dump.tmx", 8000, 1),
                                                         (make_jsonl, "dump.jsonl", 8000, 2)])
def test_killed_job_resumes_to_the_same_output(tmp_path, make, name, units, workers):
    dump = make(tmp_path / name, units)
    whole, whole_report = tmp_path / ("whole-" + name), tmp_path / "whole.json"
    subprocess.run(_command(dump, whole, whole_report), check=False, capture_output=True)
    assert whole.exists()

    out, report = tmp_path / ("out-" + name), tmp_path / "report.json"
    workdir = tmp_path / ("out-" + name + ".mtclean-batch")
    # A checkpoint after every chunk, so that the kill lands between any two of them.
    done = _kill_mid_run(_command(dump, out, report, "--checkpoint-every", "0",
                                  workers=workers), workdir / "checkpoint.json", 1000)
    assert 0 < done < units
    assert not out.exists(), "the output must appear only when the job is complete"
    # The partial output may run past the checkpoint; resuming cuts it back.
    assert (workdir / "output.partial").stat().st_size > 0

    result = CliRunner().invoke(batch, _command(dump, out, report, "--resume",
                                                workers=workers)[3:])
    assert result.exit_code == 0, result.output
    assert f"resuming after unit {done:,}" in result.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert _report(report) | {"output": None} == _report(whole_report) | {"output": None}
    assert not workdir.exists()


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_job_exits_130_and_resumes_to_the_same_output(tmp_path, workers):
    dump = make_jsonl(tmp_path / "dump.jsonl", 8000)
    whole, whole_report = tmp_path / "whole.jsonl", tmp_path / "whole.json"
    subprocess.run(_command(dump, whole, whole_report), check=False, capture_output=True)

    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    workdir = tmp_path / "out.jsonl.mtclean-batch"
    # As a user runs it: the mtclean command, stopped with Ctrl-C (SIGINT).
    args = _command(dump, out, report, "--checkpoint-every", "0", workers=workers)[3:]
    outcome: dict = {}
    done = _kill_mid_run([sys.executable, "-m", "mtclean", "batch", *args],
                         workdir / "checkpoint.json", 1000, signal.SIGINT, outcome)
    assert outcome["code"] == 130, outcome["stderr"]
    assert "interrupted; run again with --resume" in outcome["stderr"]
    assert "Traceback" not in outcome["stderr"]
    assert 0 < done < 8000 and not out.exists()

    result = CliRunner().invoke(batch, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == whole.read_bytes()
    assert _report(report) | {"output": None} == _report(whole_report) | {"output": None}


def test_resume_refuses_a_changed_input(tmp_path):
    dump = make_jsonl(tmp_path / "dump.jsonl", 10)
    workdir = tmp_path / "out.jsonl.mtclean-batch"
    workdir.mkdir()
    (workdir / "checkpoint.json").write_text(json.dumps({
        "version": 1, "fingerprint": "0" * 64, "units_done": 5, "after": [100, 5],
        "cursor": 100, "output_size": 100, "segments_size": 0, "tally": None}))
    result = CliRunner().invoke(batch, [str(dump), "-o", str(tmp_path / "out.jsonl"),
                                        "--resume", "--workers", "1"])
    assert result.exit_code == 2
    assert "changed since the checkpoint" in result.stderr
    assert (workdir / "checkpoint.json").exists(), "a refused resume keeps the checkpoint"


def test_run_without_resume_starts_over(tmp_path):
    dump = make_jsonl(tmp_path / "dump.jsonl", 10)
    workdir = tmp_path / "out.jsonl.mtclean-batch"
    workdir.mkdir()
    (workdir / "checkpoint.json").write_text("{}")
    (workdir / "output.partial").write_text("garbage")
    result = CliRunner().invoke(batch, [str(dump), "-o", str(tmp_path / "out.jsonl"),
                                        "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "starting over" in result.stderr
    assert "garbage" not in (tmp_path / "out.jsonl").read_text()
    assert not workdir.exists()


def _stopped_job(tmp_path, monkeypatch) -> tuple[Path, list[str], Path]:
    """A job stopped just before completing, its last checkpoint left: the dump, the
    arguments that ran it, and the checkpoint file."""
    import mtclean.batch.job

    dump = make_jsonl(tmp_path / "dump.jsonl", 60)
    args = [str(dump), "-o", str(tmp_path / "out.jsonl"), "--workers", "1",
            "--chunk-size", "20", "--checkpoint-every", "0"]

    def stop(*_args, **_kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(mtclean.batch.job, "_complete", stop)
        assert CliRunner().invoke(batch, args).exit_code == 130
    state = tmp_path / "out.jsonl.mtclean-batch" / "checkpoint.json"
    assert json.loads(state.read_text())["units_done"] == 60
    return dump, args, state


def test_an_intact_checkpoint_resumes(tmp_path, monkeypatch):
    _, args, _ = _stopped_job(tmp_path, monkeypatch)
    result = CliRunner().invoke(batch, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert "resuming after unit 60" in result.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("，") == 0


def _cut_short(text: str) -> str:
    return text[: len(text) // 2]


def _cursor_moved(text: str) -> str:
    data = json.loads(text)
    data["cursor"] += 7  # valid JSON of the right shape, but not what the job wrote
    return json.dumps(data)


def _not_an_object(text: str) -> str:
    return "[]"


def _bogus_field(text: str) -> str:
    return json.dumps({**json.loads(text), "bogus": 1})


@pytest.mark.parametrize("damage, why", [
    (_cut_short, "not valid JSON"),
    (_cursor_moved, "do not match its digest"),
    (_not_an_object, "does not hold a JSON object"),
    (_bogus_field, "unknown field 'bogus'"),
])
def test_a_damaged_checkpoint_is_refused_with_a_way_forward(tmp_path, monkeypatch, damage,
                                                            why):
    _, args, state = _stopped_job(tmp_path, monkeypatch)
    state.write_text(damage(state.read_text()))
    result = CliRunner().invoke(batch, [*args, "--resume"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"mtclean: the checkpoint {state} is damaged (")
    assert why in result.stderr
    assert result.stderr.endswith("; run again without --resume to start over\n")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()
    again = CliRunner().invoke(batch, args)  # as the message says
    assert again.exit_code == 0, again.output
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("，") == 0


def test_a_report_asked_for_only_on_resuming_is_refused_not_a_crash(tmp_path, monkeypatch):
    _, args, state = _stopped_job(tmp_path, monkeypatch)
    result = CliRunner().invoke(batch, [*args, "--report", str(tmp_path / "r.json"),
                                        "--resume"])
    assert result.exit_code == 2, result.output
    assert "changed since the checkpoint" in result.stderr
    assert state.exists()


def test_a_target_with_a_lone_surrogate_can_be_checkpointed(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"target": "\\ud800 fine，here"}\n' * 30, encoding="utf-8")
    result = CliRunner().invoke(batch, [str(dump), "-o", str(tmp_path / "out.jsonl"),
                                        "--workers", "1", "--chunk-size", "5",
                                        "--checkpoint-every", "0"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.jsonl").read_text().count("\\ud800 fine, here") == 30
