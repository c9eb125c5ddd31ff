"""Configuration files: find one, read it, check it, and build a :class:`Config`.

mtclean reads its settings from the first of these it finds, looking in the current
directory and then in each parent, up to the root of the repository (a directory holding
``.git`` or ``.hg``) or of the file system:

1. ``.mtclean.toml`` (keys at the top level),
2. ``pyproject.toml``, if it has a ``[tool.mtclean]`` table,
3. ``setup.cfg``, if it has an ``[mtclean]`` section.

In one directory they are tried in that order; the first found wins and the others are
not read (settings from several files are never merged). ``--config FILE`` names the file
instead and turns the search off. Options given on the command line override the file.

Keys (``unsafe-fixes`` may also be spelled ``unsafe_fixes``, and so on):

=================  ==================================================================
``select``         rules to run: codes, code prefixes, names or kinds
``ignore``         rules not to run, named the same way
``exclude``        glob patterns of paths not to check (see :func:`excluded`)
``unsafe-fixes``   apply unsafe suggestions too (bool)
``ignore-words``   words and phrases never reported
``glossary``       a glossary file (CSV, TSV or TBX), relative to the configuration file
``baseline``       a baseline file, relative to the configuration file
``entries``        extra lexicon entries, shaped like those of ``lexicons/*.toml``
                   (TOML forms only)
``langid``         use statistical language identification (bool)
=================  ==================================================================

In ``setup.cfg`` a list is written comma- or line-separated and a bool as ``true`` or
``false``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from .config import Config, GlossaryEntry

#: File names searched for, in the order they are tried within one directory.
FILE_NAMES = (".mtclean.toml", "pyproject.toml", "setup.cfg")

_LIST_KEYS = ("select", "ignore", "exclude", "ignore-words")
_BOOL_KEYS = ("unsafe-fixes", "langid")
_PATH_KEYS = ("glossary", "baseline")
KNOWN_KEYS = frozenset(_LIST_KEYS + _BOOL_KEYS + _PATH_KEYS + ("entries",))

# The keys an entry of a lexicon file may hold (lexicons/README.md).
_ENTRY_KEYS = frozenset(
    {"match", "zh", "gloss", "forms", "kind", "note", "case", "safe", "context", "examples"}
)
_ENTRY_REQUIRED = ("match", "zh", "gloss")


class SettingsError(ValueError):
    """A configuration file (or option) mtclean cannot use. The message names the file."""


@dataclass(frozen=True)
class Settings:
    """Everything a run is told: the core's :class:`Config` and what the edges need."""

    config: Config = field(default_factory=Config)
    #: Glob patterns of paths not to check.
    exclude: tuple[str, ...] = ()
    #: The baseline file, if any; findings it records are not reported.
    baseline: Path | None = None
    #: The glossary file the config's glossary came from, if any.
    glossary: Path | None = None
    #: The configuration file read, if any.
    path: Path | None = None
    #: The directory exclude patterns are relative to.
    root: Path = field(default_factory=Path.cwd)


# -- finding the file ---------------------------------------------------------------------


def _has_section(path: Path) -> bool:
    """Whether ``path`` holds mtclean settings (the whole file for .mtclean.toml)."""
    if path.name == ".mtclean.toml":
        return True
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    # A cheap textual test; the file is parsed properly (with errors reported) once chosen.
    if path.name == "pyproject.toml":
        return "tool.mtclean" in text
    return "[mtclean]" in text


def find_settings_file(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current directory)."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and _has_section(candidate):
                # The textual test can be fooled by a comment; parse to be sure.
                if name == "pyproject.toml" and _read_pyproject(candidate) is None:
                    continue
                if name == "setup.cfg" and _read_setup_cfg(candidate) is None:
                    continue
                return candidate
        if (folder / ".git").exists() or (folder / ".hg").exists():
            break
    return None


# -- reading it -----------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # the parsers load only when a settings file is there to read

    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None


def _read_pyproject(path: Path) -> dict[str, Any] | None:
    tool = _read_toml(path).get("tool", {})
    if not isinstance(tool, dict):
        raise SettingsError(f"{path}: tool must be a table ([tool])")
    table = tool.get("mtclean")
    if table is not None and not isinstance(table, dict):
        raise SettingsError(f"{path}: [tool.mtclean] must be a table")
    return table


def _read_setup_cfg(path: Path) -> dict[str, Any] | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8-sig") as stream:
            parser.read_file(stream)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    except configparser.Error as exc:
        raise SettingsError(f"{path}: invalid setup.cfg: {_cfg_problem(exc)}") from None
    if not parser.has_section("mtclean"):
        return None
    return dict(parser.items("mtclean"))


def _cfg_problem(exc) -> str:
    """What a configparser error says, on one line (its own message spans several)."""
    import configparser

    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: expected a [section] header, got {exc.line.strip()!r}"
    if isinstance(exc, configparser.ParsingError) and exc.errors:
        line, text = exc.errors[0]
        return f"line {line}: cannot parse {text.strip()}"
    return " ".join(str(exc).split())


def read_raw(path: Path) -> dict[str, Any]:
    """The mtclean table of ``path`` as written, keys unchecked.

    A pyproject.toml or setup.cfg without an mtclean table gives an empty one.
    """
    if path.name == "pyproject.toml":
        return _read_pyproject(path) or {}
    if path.suffix == ".cfg" or path.suffix == ".ini":
        return _read_setup_cfg(path) or {}
    return _read_toml(path)


# -- checking values ------------------------------------------------------------------------


def _as_list(value: Any, where: str, *, from_cfg: bool) -> tuple[str, ...]:
    if isinstance(value, str):
        if from_cfg or "," in value:
            items = value.replace("\n", ",").split(",")
        else:
            items = [value]
        return tuple(item.strip() for item in items if item.strip())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise SettingsError(f"{where}: expected a list of strings")


def _as_bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "yes", "on", "1"):
            return True
        if word in ("false", "no", "off", "0"):
            return False
    raise SettingsError(f"{where}: expected true or false, got {value!r}")


def _as_entries(value: Any, where: str, *, from_cfg: bool) -> tuple[dict, ...]:
    if from_cfg:
        raise SettingsError(
            f"{where}: lexicon entries can only be given in .mtclean.toml or pyproject.toml"
        )
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise SettingsError(f"{where}: expected an array of tables ([[entries]])")
    for number, entry in enumerate(value, 1):
        label = f"{where}[{number}]"
        unknown = sorted(set(entry) - _ENTRY_KEYS)
        if unknown:
            raise SettingsError(f"{label}: unknown key {unknown[0]!r}")
        missing = [key for key in _ENTRY_REQUIRED if key not in entry]
        if missing:
            raise SettingsError(f"{label}: missing key {missing[0]!r}")
        if not isinstance(entry["zh"], str) or not entry["zh"].strip():
            raise SettingsError(f"{label}: 'zh' must be a non-empty string")
        for key in ("match", "gloss"):
            items = entry[key]
            if not (isinstance(items, list) and items
                    and all(isinstance(s, str) and s.strip() for s in items)):
                raise SettingsError(f"{label}: {key!r} must be a non-empty list of strings")
        entry.setdefault("kind", "calque")
        entry.setdefault("note", "")
        _check_entry(entry, label)
    return tuple(value)


def _check_entry(entry: dict, label: str) -> None:
    """Check one user entry the way the lexicon loader checks its own files: the loader
    drops what it cannot use without a word, so a typo here would silently do nothing."""
    from .lexicon import parse_entry  # loads only when the configuration has entries

    problems: list = []
    parse_entry(entry, "user", "configuration", 0, problems)
    if problems:
        raise SettingsError(f"{label}: {problems[0].message}")


def selectors(items, where: str) -> frozenset[str]:
    """Rule selectors in the case the rules use ("MT101", "stray-cjk", "calque"); one
    that names no rule, code prefix or kind is an error naming ``where``."""
    from .model import KINDS
    from .rules import all_rules

    known: set[str] = set(KINDS)
    for rule in all_rules():
        known.update(rule.selectors())
    chosen = set()
    for item in items:
        item = item.upper() if item[:2].upper() == "MT" else item.lower()
        if item not in known:
            raise SettingsError(f"{where}: no rule, code prefix or kind is called {item!r}")
        chosen.add(item)
    return frozenset(chosen)


def _normalise_keys(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("_", "-")
        if name not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            raise SettingsError(f"{path}: unknown key {key!r} (known keys: {known})")
        if name in values:
            raise SettingsError(f"{path}: key {name!r} given twice")
        values[name] = value
    return values


def load_settings(path: Path) -> Settings:
    """Read and check the configuration file ``path``; raise :class:`SettingsError`."""
    path = Path(path)
    if not path.is_file():
        raise SettingsError(f"{path}: no such configuration file")
    from_cfg = path.suffix in (".cfg", ".ini")
    values = _normalise_keys(read_raw(path), path)
    base = path.resolve().parent

    def where(key: str) -> str:
        return f"{path}: {key}"

    config_fields: dict[str, Any] = {}
    for key, attr in (("select", "select"), ("ignore", "ignore")):
        if key in values:
            items = _as_list(values[key], where(key), from_cfg=from_cfg)
            config_fields[attr] = selectors(items, where(key))
    if "ignore-words" in values:
        config_fields["ignore_words"] = frozenset(
            _as_list(values["ignore-words"], where("ignore-words"), from_cfg=from_cfg))
    for key, attr in (("unsafe-fixes", "unsafe_fixes"), ("langid", "langid")):
        if key in values:
            config_fields[attr] = _as_bool(values[key], where(key))
    if "entries" in values:
        config_fields["extra_entries"] = _as_entries(values["entries"], where("entries"),
                                                     from_cfg=from_cfg)
    paths: dict[str, Path] = {}
    for key in _PATH_KEYS:
        if key in values:
            if not isinstance(values[key], str) or not values[key].strip():
                raise SettingsError(f"{where(key)}: expected a file name")
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in values[key]):
                # NUL cannot be in a path at all; a line break is surely a typo.
                raise SettingsError(f"{where(key)}: {values[key]!r} is not a usable file "
                                    "name: it holds a control character")
            paths[key] = base / values[key].strip()
    glossary = paths.get("glossary")
    if glossary is not None:
        config_fields["glossary"] = load_glossary_for(glossary, where("glossary"))
    exclude = _as_list(values.get("exclude", []), where("exclude"), from_cfg=from_cfg)
    return Settings(
        config=Config(**config_fields),
        exclude=exclude,
        baseline=paths.get("baseline"),
        glossary=glossary,
        path=path,
        root=base,
    )


def load_glossary_for(path: Path, where: str) -> tuple[GlossaryEntry, ...]:
    """Load a glossary named in a configuration file, naming that file if it is missing."""
    from .glossary_io import GlossaryError, load_glossary

    if not path.is_file():
        raise SettingsError(f"{where}: no such glossary file: {path}")
    try:
        return load_glossary(path)
    except GlossaryError as exc:
        raise SettingsError(str(exc)) from None


def discover(config_file: Path | None = None, start: Path | None = None) -> Settings:
    """The settings that apply: from ``config_file`` if given, else from the file found
    by walking up from ``start``; defaults (rooted at ``start``) when there is none."""
    path = Path(config_file) if config_file is not None else find_settings_file(start)
    if path is None:
        return Settings(root=(start or Path.cwd()).resolve())
    return load_settings(path)


def override(settings: Settings, *, select=None, ignore=None, exclude=None,
             unsafe_fixes=None, ignore_words=None, glossary=None, baseline=None,
             langid=None, root: Path | None = None) -> Settings:
    """``settings`` with the options given on the command line (those not None) in place
    of the file's. ``glossary`` is a file path, loaded here. Patterns in ``exclude``
    given here are relative to ``root`` (default: the current directory)."""
    changes: dict[str, Any] = {}
    for attr, value in (("select", select), ("ignore", ignore),
                        ("ignore_words", ignore_words)):
        if value is not None:
            changes[attr] = frozenset(_split_option(value))
    for attr, value in (("unsafe_fixes", unsafe_fixes), ("langid", langid)):
        if value is not None:
            changes[attr] = bool(value)
    glossary_path = settings.glossary
    if glossary is not None:
        glossary_path = Path(glossary)
        changes["glossary"] = load_glossary_for(glossary_path, "--glossary")
    config = settings.config.with_(**changes) if changes else settings.config
    new_root = settings.root
    new_exclude = settings.exclude
    if exclude is not None:
        new_exclude = tuple(_split_option(exclude))
        new_root = (root or Path.cwd()).resolve()
    return Settings(
        config=config,
        exclude=new_exclude,
        baseline=Path(baseline) if baseline is not None else settings.baseline,
        glossary=glossary_path,
        path=settings.path,
        root=new_root,
    )


def _split_option(values) -> list[str]:
    """Command-line list values: repeated options and/or comma-separated words."""
    if isinstance(values, str):
        values = [values]
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


# -- excluding paths ------------------------------------------------------------------------


def _relative_parts(path: Path | str, root: Path) -> tuple[str, ...]:
    given = Path(path)
    relative = given
    # Try the paths as spelled first, so a symlinked folder does not move a file out of
    # the root; then with links resolved.
    for target, base in ((Path(os.path.abspath(given)), Path(os.path.abspath(root))),
                         (given.resolve(), root.resolve())):
        try:
            relative = target.relative_to(base)
            break
        except ValueError:
            continue
    return tuple(p for p in PurePosixPath(relative.as_posix()).parts if p not in ("/", "."))


def excluded(path: Path | str, patterns: tuple[str, ...] | list[str],
             root: Path | str) -> bool:
    """Whether ``path`` matches one of the exclude ``patterns`` (gitignore-like globs).

    Patterns are shell globs matched case-sensitively (``fnmatch``) against the path
    relative to ``root``, with ``/`` separators:

    - a pattern without a ``/`` ("*.po", "vendor") matches any single part of the path, so
      "vendor" excludes every file under any folder named vendor;
    - a pattern with a ``/`` ("docs/legacy", "data/*.txt", "/notes.md") matches the path
      from ``root``, or any of its leading folders, so "docs/legacy" excludes everything
      under it; a leading "**/" lets it match at any depth instead;
    - a trailing ``/`` ("build/") matches folders only;
    - a leading "./" anchors the pattern at ``root``, as a leading "/" does.

    Unlike gitignore, ``*`` may match ``/`` as well, and there is no ``!`` negation.
    """
    if not patterns:
        return False
    parts = _relative_parts(path, Path(root))
    n = len(parts)
    for pattern in patterns:
        while pattern.startswith("./"):
            pattern = "/" + pattern[2:].lstrip("/")  # "./a.txt" names a.txt at the root
        folders_only = pattern.endswith("/")
        body = pattern.strip("/")
        deep = body.startswith("**/")
        if deep:
            body = body[3:]
        if not body:
            continue
        anchored = not deep and (pattern.startswith("/") or "/" in body)
        last = n - 1 if folders_only else n  # a folder is any part but the last
        for i in ((0,) if anchored else range(n)):
            ends = range(i + 1, last + 1) if "/" in body else (i + 1,)
            for j in ends:
                if j <= last and fnmatchcase("/".join(parts[i:j]), body):
                    return True
    return False
