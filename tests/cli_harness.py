"""Running mtclean's command line from tests: in process (CliRunner) or as a real program.

Used by tests/test_hostile.py and tests/test_crash_safety.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

from click.testing import CliRunner

from mtclean.cli import cli

#: The environment a real run gets: no colour, UTF-8 streams whatever the locale.
ENV = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")

# Runs main() and reports the process's own peak resident set size (KiB on Linux) on
# standard error, whatever the exit: RUSAGE_CHILDREN would mix in every child the test
# process ever waited for.
_PEAK_RSS = """\
import resource, sys
from mtclean.cli import main
try:
    main(sys.argv[1:])
finally:
    sys.stderr.write("\\npeak-rss-kib %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes stderr into stdout otherwise
    except TypeError:
        return CliRunner()


def run(*args, input=None, command=cli):
    """``command`` (the ``mtclean`` group by default) run in this process."""
    return runner().invoke(command, [str(a) for a in args], input=input)


def no_traceback(result) -> None:
    """A CliRunner result ended by sys.exit, with no traceback printed or raised."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exc_info
    assert "Traceback" not in result.stdout + result.stderr


@dataclass
class Proc:
    returncode: int
    stdout: str
    stderr: str
    raw_stdout: bytes = b""
    peak_rss: int | None = None  # bytes, when measured


def mtclean(*args, cwd=None, input: bytes | None = None, timeout: float = 600,
            measure: bool = False) -> Proc:
    """``python -m mtclean ARGS`` as a real program; with ``measure``, its peak RSS."""
    head = [sys.executable, "-c", _PEAK_RSS] if measure else [sys.executable, "-m", "mtclean"]
    proc = subprocess.run(head + [str(a) for a in args], cwd=cwd, input=input,
                          capture_output=True, env=ENV, timeout=timeout)
    out = proc.stdout.decode("utf-8", "backslashreplace")
    err = proc.stderr.decode("utf-8", "backslashreplace")
    peak = None
    if measure:
        err, _, tail = err.rpartition("\npeak-rss-kib ")
        peak = int(tail.split()[0]) * 1024
    assert "Traceback" not in out + err, err
    return Proc(proc.returncode, out, err, proc.stdout, peak)
