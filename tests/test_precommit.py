"""The pre-commit hooks, run by the real ``pre-commit`` in a scratch repository.

pre-commit installs a hook repository from a commit, so the hooks run from a snapshot
of this working tree (tracked and untracked files, committed in a temporary repository):
the test exercises the code as it is now, committed or not. pre-commit then builds a
virtualenv and pip-installs the snapshot, which needs the package index; the hook
environments are kept in one PRE_COMMIT_HOME for the whole session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
DIRTY = "The critical舆论环境 (public opinion environment) shaped the coverage.\n"
CLEAN = "The critical public opinion environment shaped the coverage.\n"


def test_hook_definitions():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"mtclean-check", "mtclean-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        assert hook["entry"].split()[0] == "mtclean"
    assert hooks["mtclean-check"]["entry"].split()[1] == "check"
    assert hooks["mtclean-fix"]["entry"].split()[1] == "fix"


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "mtclean tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "mtclean tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main",
                           *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding a snapshot of this working tree, and its commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode("utf-8").split("\0")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed):
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the working tree but still in the index
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, _git(snapshot, "rev-parse", "HEAD")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path, hook_repo, pre_commit_home):
    """A repository using the hooks, with a file holding stray Chinese."""
    repo, rev = hook_repo
    config = {"repos": [{"repo": str(repo), "rev": rev,
                         "hooks": [{"id": "mtclean-check"}, {"id": "mtclean-fix"}]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "article.md").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    return tmp_path


def pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never",
                           *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=1800)


def mtclean(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtclean", *args], cwd=project,
                          capture_output=True, text=True)


def test_check_hook_fails_on_stray_chinese_and_passes_after_fix(project, pre_commit_home):
    first = pre_commit(project, pre_commit_home, "mtclean-check", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "mtclean check" in first.stdout and "Failed" in first.stdout
    assert "article.md:1:13: MT101" in first.stdout
    assert "舆论环境" in first.stdout
    assert "notes.txt" not in first.stdout

    fixed = mtclean(project, "fix", "article.md")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (project / "article.md").read_text(encoding="utf-8") == CLEAN

    second = pre_commit(project, pre_commit_home, "mtclean-check", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_fix_hook_prints_each_change_and_fails_once(project, pre_commit_home):
    first = pre_commit(project, pre_commit_home, "mtclean-fix", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    # The change is printed, so the commit does not change silently.
    assert "article.md:1:13: fixed MT101 stray-cjk '舆论环境' -> " \
           "'public opinion environment'" in first.stdout
    assert (project / "article.md").read_text(encoding="utf-8") == CLEAN

    second = pre_commit(project, pre_commit_home, "mtclean-fix", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr


def test_hooks_follow_the_configuration_file(project, pre_commit_home):
    """A glossary makes a bare fragment safely fixable; exclude holds for the files
    pre-commit names (the glossary itself is full of Chinese)."""
    (project / ".mtclean.toml").write_text(
        'glossary = "glossary.csv"\nexclude = ["glossary.csv"]\n', encoding="utf-8")
    (project / "glossary.csv").write_text("zh,en\n舆论环境,public opinion climate\n",
                                          encoding="utf-8")
    (project / "article.md").write_text("The 舆论环境 shaped the coverage.\n",
                                        encoding="utf-8")
    _git(project, "add", "-A")
    first = pre_commit(project, pre_commit_home, "mtclean-check", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "glossary.csv" not in first.stdout
    assert "article.md:1:5: MT101 stray-cjk '舆论环境' -> 'public opinion climate'" \
        in first.stdout
    fixed = pre_commit(project, pre_commit_home, "mtclean-fix", "--all-files")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout
    assert (project / "article.md").read_text(encoding="utf-8") == \
        "The public opinion climate shaped the coverage.\n"
    assert pre_commit(project, pre_commit_home, "mtclean-check", "--all-files"
                      ).returncode == 0
