"""Configuration files: where they are found, what they may say, how options override them."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtclean.rules
from mtclean import Config, GlossaryEntry
from mtclean.rules.base import Rule
from mtclean.settings import (
    SettingsError,
    discover,
    excluded,
    find_settings_file,
    load_settings,
    override,
)


def fake_rule(code: str, name: str, kind: str) -> Rule:
    return type(name, (Rule,), {"code": code, "name": name, "kind": kind, "summary": name})()


@pytest.fixture(autouse=True)
def fake_rules(monkeypatch):
    """Rules with known codes, so that selectors in these files name something."""
    monkeypatch.setattr(mtclean.rules, "_RULES", [
        fake_rule("MT101", "stray-cjk", "stray-cjk"),
        fake_rule("MT105", "stray-kana", "stray-cjk"),
        fake_rule("MT204", "fullwidth-comma", "punctuation"),
        fake_rule("MT301", "byte-soup", "mojibake"),
        fake_rule("MT401", "rice-noodles", "calque"),
    ])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository root (it has .git) with a nested folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- finding the file ----------------------------------------------------------------------


def test_mtclean_toml_wins_over_pyproject_and_setup_cfg_in_one_folder(project):
    write(project / "setup.cfg", "[mtclean]\nselect = MT1\n")
    write(project / "pyproject.toml", "[tool.mtclean]\nselect = ['MT2']\n")
    write(project / ".mtclean.toml", "select = ['MT3']\n")
    assert find_settings_file(project) == project / ".mtclean.toml"
    (project / ".mtclean.toml").unlink()
    assert find_settings_file(project) == project / "pyproject.toml"
    (project / "pyproject.toml").unlink()
    assert find_settings_file(project) == project / "setup.cfg"


def test_search_walks_up_and_the_nearest_file_wins(project):
    write(project / "pyproject.toml", "[tool.mtclean]\nselect = ['MT1']\n")
    assert find_settings_file(project / "docs" / "zh") == project / "pyproject.toml"
    write(project / "docs" / "setup.cfg", "[mtclean]\nselect = MT2\n")
    assert find_settings_file(project / "docs" / "zh") == project / "docs" / "setup.cfg"


def test_files_without_an_mtclean_section_are_passed_over(project):
    write(project / "docs" / "pyproject.toml", "[tool.black]\n# see tool.mtclean below\n")
    write(project / "docs" / "setup.cfg", "[flake8]\nmax-line-length = 100\n# [mtclean]\n")
    write(project / "setup.cfg", "[mtclean]\nignore = calque\n")
    assert find_settings_file(project / "docs" / "zh") == project / "setup.cfg"


def test_search_stops_at_the_repository_root(project):
    inner = project / "vendor" / "other"
    (inner / ".git").mkdir(parents=True)
    write(project / ".mtclean.toml", "select = ['MT1']\n")
    assert find_settings_file(inner) is None
    assert discover(start=inner).config == Config()


def test_no_file_gives_defaults(project):
    settings = discover(start=project)
    assert settings.config == Config()
    assert settings.path is None and settings.exclude == () and settings.baseline is None


# -- reading it -----------------------------------------------------------------------------

FULL_TOML = """
select = ["MT1", "calque"]
ignore = ["MT105"]
exclude = ["vendor", "*.po"]
unsafe-fixes = true
ignore-words = ["Weibo", "Douyin"]
glossary = "terms/glossary.csv"
baseline = "mtclean-baseline.json"
langid = false

[[entries]]
match = ["spell more", "Spell More"]
zh = "拼多多"
gloss = ["Pinduoduo"]
kind = "entity"
note = "an e-commerce platform"
"""


def test_mtclean_toml_keys_build_a_config(project):
    write(project / "terms" / "glossary.csv", "zh,en\n舆论环境,public opinion environment\n")
    settings = load_settings(write(project / ".mtclean.toml", FULL_TOML))
    config = settings.config
    assert config.select == {"MT1", "calque"}
    assert config.ignore == {"MT105"}
    assert config.unsafe_fixes is True
    assert config.ignore_words == {"Weibo", "Douyin"}
    assert config.langid is False
    assert config.glossary == (GlossaryEntry("舆论环境", "public opinion environment"),)
    assert config.extra_entries[0]["zh"] == "拼多多"
    assert settings.exclude == ("vendor", "*.po")
    # Paths in the file are relative to the file, not to where mtclean runs.
    assert settings.baseline == project.resolve() / "mtclean-baseline.json"
    assert settings.glossary == project.resolve() / "terms" / "glossary.csv"
    assert settings.root == project.resolve()


def test_selectors_are_checked_and_put_in_the_rules_case(project):
    path = write(project / ".mtclean.toml", "select = ['mt1', 'Stray-CJK', 'CALQUE']\n")
    assert load_settings(path).config.select == {"MT1", "stray-cjk", "calque"}
    write(project / ".mtclean.toml", "ignore = ['MT1', 'stray-cj']\n")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(err.value) == f"{path}: ignore: no rule, code prefix or kind is called 'stray-cj'"


def test_pyproject_table_is_read(project):
    path = write(project / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.mtclean]\n"
                 "select = ['stray-cjk']\nunsafe_fixes = true\n")
    config = load_settings(path).config
    assert config.select == {"stray-cjk"} and config.unsafe_fixes is True


def test_setup_cfg_lists_and_bools(project):
    path = write(project / "setup.cfg", "[metadata]\nname = x\n\n[mtclean]\n"
                 "select = MT1, MT3\nignore =\n    calque\n    MT204\n"
                 "unsafe-fixes = yes\nlangid = off\nignore-words = Weibo,Douyin\n")
    config = load_settings(path).config
    assert config.select == {"MT1", "MT3"}
    assert config.ignore == {"calque", "MT204"}
    assert config.unsafe_fixes is True and config.langid is False
    assert config.ignore_words == {"Weibo", "Douyin"}


@pytest.mark.parametrize("name, text, key", [
    (".mtclean.toml", "slect = ['MT1']\n", "slect"),
    ("pyproject.toml", "[tool.mtclean]\nunsafe = true\n", "unsafe"),
    ("setup.cfg", "[mtclean]\nexclude = a\nignore_word = x\n", "ignore_word"),
])
def test_unknown_key_names_the_file_and_the_key(project, name, text, key):
    path = write(project / name, text)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(path) in str(err.value) and repr(key) in str(err.value)


@pytest.mark.parametrize("text, words", [
    ("unsafe-fixes = 'sometimes'\n", "unsafe-fixes"),
    ("select = 3\n", "select"),
    ("select = [1, 2]\n", "select"),
    ("glossary = ''\n", "glossary"),
    ("glossary = 'missing.csv'\n", "no such glossary"),
    ("entries = 'x'\n", "entries"),
    ("[[entries]]\nzh = '拼多多'\ngloss = ['Pinduoduo']\n", "missing key 'match'"),
    ("[[entries]]\nmatch = ['a']\nzh = '拼'\ngloss = ['b']\nwhen = 1\n", "unknown key 'when'"),
    ("[[entries]]\nmatch = []\nzh = '拼'\ngloss = ['b']\n", "'match' must be"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_values_are_clear_errors(project, text, words):
    path = write(project / ".mtclean.toml", text)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(path) in str(err.value)
    assert words in str(err.value)


ENTRY = "[[entries]]\nmatch = ['release']\nzh = '拼'\ngloss = ['P']\n"


@pytest.mark.parametrize("text, words", [
    (ENTRY + "kind = 'bogus'\n", "entries[1]: kind 'bogus' must be one of calque, entity"),
    (ENTRY + "safe = 'yes'\n", "entries[1]: safe must be true or false"),
    (ENTRY + "context = { followed_by = '(' }\n",
     "entries[1]: context followed_by '(' is not a valid regex"),
    (ENTRY + "case = 'loud'\n", "entries[1]: case 'loud' must be"),
    (ENTRY + ENTRY.replace("'拼'", "'pin'"), "entries[2]: zh 'pin' must be a string holding Chinese"),
    ('baseline = "\\u0000x"\n', "baseline: '\\x00x' is not a usable file name"),
    ('glossary = "a\\nb.csv"\n', "glossary: 'a\\nb.csv' is not a usable file name"),
], ids=["kind", "safe", "regex", "case", "zh", "nul-in-baseline", "newline-in-glossary"])
def test_entries_and_file_names_are_checked_before_use(project, text, words):
    path = write(project / ".mtclean.toml", text)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(err.value).startswith(f"{path}: {words}")
    assert "\n" not in str(err.value)


def test_pyproject_whose_tool_is_not_a_table_is_a_clear_error(project):
    path = write(project / "pyproject.toml", "tool = 5\n")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(err.value) == f"{path}: tool must be a table ([tool])"


@pytest.mark.parametrize("text, words", [
    ("select = MT101\n", "line 1: expected a [section] header, got 'select = MT101'"),
    ("[mtclean]\nselect = MT101\n  more\nnot a setting\n", "line 4: cannot parse 'not a setting"),
], ids=["no-header", "no-equals"])
def test_setup_cfg_syntax_errors_are_one_line(project, text, words):
    path = write(project / "setup.cfg", text)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(err.value).startswith(f"{path}: invalid setup.cfg: {words}")
    assert "\n" not in str(err.value)


def test_entries_are_refused_in_setup_cfg(project):
    path = write(project / "setup.cfg", "[mtclean]\nentries = x\n")
    with pytest.raises(SettingsError, match="only be given in .mtclean.toml or pyproject"):
        load_settings(path)


def test_bad_glossary_error_names_glossary_file_and_line(project):
    write(project / "g.csv", "蔚来,NIO\nNIO\n")
    with pytest.raises(SettingsError, match=r"g\.csv:2: expected 2 or 3 columns"):
        load_settings(write(project / ".mtclean.toml", "glossary = 'g.csv'\n"))


def test_setup_cfg_with_a_bom_is_read(project):
    path = project / "setup.cfg"
    path.write_bytes("\ufeff[mtclean]\nselect = MT1\n".encode())
    assert find_settings_file(project) == path
    assert load_settings(path).config.select == {"MT1"}


def test_explicit_config_file_is_used_even_if_another_is_nearer(project, tmp_path_factory):
    write(project / ".mtclean.toml", "select = ['MT1']\n")
    elsewhere = write(tmp_path_factory.mktemp("cfg") / "team.toml", "select = ['MT3']\n")
    assert discover(elsewhere, start=project).config.select == {"MT3"}
    with pytest.raises(SettingsError, match="no such configuration file"):
        discover(project / "nope.toml", start=project)


# -- command-line options override the file -----------------------------------------------------


def test_options_override_the_file(project, monkeypatch):
    write(project / "g.csv", "蔚来,NIO\n")
    write(project / "cli.tsv", "小米\tXiaomi\n")
    settings = load_settings(write(project / ".mtclean.toml",
                                   "select = ['MT1']\nignore = ['MT105']\nglossary = 'g.csv'\n"
                                   "exclude = ['vendor']\nunsafe-fixes = true\n"))
    monkeypatch.chdir(project / "docs")
    changed = override(settings, select=["MT3,MT4"], unsafe_fixes=False,
                       glossary=str(project / "cli.tsv"), exclude=["*.po"],
                       baseline="b.json")
    assert changed.config.select == {"MT3", "MT4"}
    assert changed.config.ignore == {"MT105"}  # not given: kept from the file
    assert changed.config.unsafe_fixes is False
    assert changed.config.glossary == (GlossaryEntry("小米", "Xiaomi"),)
    assert changed.exclude == ("*.po",)
    assert changed.root == (project / "docs").resolve()
    assert changed.baseline == Path("b.json")
    untouched = override(settings)
    assert untouched.config == settings.config and untouched.exclude == settings.exclude


# -- excluding paths ------------------------------------------------------------------------


@pytest.mark.parametrize("pattern, path, hit", [
    ("vendor", "vendor/a.md", True),
    ("vendor", "docs/vendor/a.md", True),
    ("vendor", "docs/vendors/a.md", False),
    ("*.po", "locale/zh/messages.po", True),
    ("*.po", "locale/zh/messages.pot", False),
    ("docs/legacy", "docs/legacy/2019/a.md", True),
    ("docs/legacy", "old/docs/legacy/a.md", False),
    ("**/legacy/*.md", "old/docs/legacy/a.md", True),
    ("/notes.md", "notes.md", True),
    ("/notes.md", "docs/notes.md", False),
    ("notes.md", "docs/notes.md", True),
    ("build/", "build/out.txt", True),
    ("build/", "docs/build", False),  # a file called build, not a folder
    ("data/*.txt", "data/a.txt", True),
    ("data/*.txt", "data/b.md", False),
    ("Vendor", "vendor/a.md", False),  # case-sensitive everywhere
    ("./notes.md", "notes.md", True),  # as a shell completes it: anchored at the root
    ("./notes.md", "docs/notes.md", False),
    ("./docs/", "docs/a.md", True),
])
def test_exclude_patterns(tmp_path, pattern, path, hit):
    assert excluded(tmp_path / path, [pattern], tmp_path) is hit
    # The same answer for the path as given relative to the root.
    assert excluded(path, [pattern], Path(".")) is hit


def test_exclude_is_relative_to_the_root(tmp_path):
    root = tmp_path / "project"
    assert excluded(root / "docs" / "a.md", ["/docs"], root)
    assert not excluded(root / "docs" / "a.md", ["/project"], root)
    assert not excluded(root / "a.md", [], root)


# -- through the command line ------------------------------------------------------------

STRAY = "The critical舆论环境 (public opinion environment) shaped coverage.\n"


@pytest.fixture
def real_rules(monkeypatch):
    """The registry as shipped (undoing the fake rules above)."""
    monkeypatch.setattr(mtclean.rules, "_RULES", None)


def run_cli(*args: str):
    from click.testing import CliRunner

    from mtclean.cli import cli

    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        runner = CliRunner()
    return runner.invoke(cli, list(args))


@pytest.fixture
def workdir(project, monkeypatch, real_rules):
    monkeypatch.chdir(project)
    write(project / "docs" / "a.md", STRAY)
    return project


def test_configuration_file_applies_and_options_override_it(workdir):
    write(workdir / ".mtclean.toml", "ignore = ['stray-cjk']\n")
    quiet = run_cli("check", "docs/a.md")
    assert quiet.exit_code == 0, quiet.output
    assert run_cli("check", "docs/a.md", "--config", "nowhere.toml").exit_code == 2
    write(workdir / "other.toml", "select = ['MT101']\n")
    loud = run_cli("check", "--config", "other.toml", "docs/a.md")
    assert loud.exit_code == 1 and "docs/a.md:1:13: MT101" in loud.stdout


def test_configuration_is_found_from_a_subfolder(workdir, monkeypatch):
    write(workdir / "pyproject.toml", "[tool.mtclean]\nignore-words = ['舆论环境']\n")
    monkeypatch.chdir(workdir / "docs")
    assert run_cli("check", "a.md").exit_code == 0
    assert run_cli("check", "a.md", "--ignore-words", "other").exit_code == 1


def test_unknown_key_is_a_usage_error_without_traceback(workdir):
    write(workdir / "setup.cfg", "[mtclean]\nselekt = MT101\n")
    result = run_cli("check", "docs/a.md")
    assert result.exit_code == 2
    assert "setup.cfg: unknown key 'selekt'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_glossary_option_is_an_input_error(workdir):
    write(workdir / "g.tsv", "public opinion\t舆论\n")
    result = run_cli("check", "--glossary", "g.tsv", "docs/a.md")
    assert result.exit_code == 2
    assert "g.tsv:1: the first column must hold the Chinese term" in result.stderr


def test_exclude_applies_to_named_files_too(workdir):
    write(workdir / "vendor" / "b.md", STRAY)
    write(workdir / ".mtclean.toml", "exclude = ['vendor']\n")
    result = run_cli("check", ".", "vendor/b.md")
    assert result.exit_code == 1
    assert "docs/a.md" in result.stdout and "vendor" not in result.stdout
    assert run_cli("check", "--exclude", "docs/,vendor", "docs/a.md", "vendor/b.md"
                   ).exit_code == 0


def test_exit_zero(workdir):
    assert run_cli("check", "--exit-zero", "docs/a.md").exit_code == 0
    assert run_cli("check", "--exit-zero", "docs/missing.md").exit_code == 2
