"""Reading a user's glossary: CSV, TSV or TBX files of Chinese terms and their English.

CSV and TSV files hold ``zh,en[,note]`` rows; the delimiter follows the extension
(``.tsv`` and ``.tab``: tab, ``.csv``: comma; any other: tab if the first row holds one,
else comma). A first row naming its columns (``zh,en,note``, ``source,target``,
``Chinese,English``...) is skipped. Blank rows and rows whose first cell starts with
``#`` are skipped. Files are UTF-8, with or without a byte-order mark.

TBX files are read with translate-toolkit; in each term entry the term of a language
set whose ``xml:lang`` starts with ``zh`` is the source and the one starting with ``en``
the target.

Every problem raises :class:`GlossaryError` naming the file and, where it can, the line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .config import GlossaryEntry
from .text import HAS_CJK

_HEADER_SOURCE = {"zh", "zh-cn", "zh_cn", "zh-hans", "chinese", "source", "src", "term", "cn"}
_HEADER_TARGET = {"en", "en-us", "en_us", "en-gb", "english", "target", "tgt", "gloss",
                  "translation"}


class GlossaryError(ValueError):
    """A glossary file mtclean cannot use; the message names the file and the line."""


def load_glossary(path: Path | str) -> tuple[GlossaryEntry, ...]:
    """The entries of the glossary file ``path``, in file order."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read glossary: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        return parse_tbx(data, str(path))
    text = _decode(data, str(path))
    return parse_delimited(text, str(path), delimiter=_delimiter(path, text))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise GlossaryError(
            f"{name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the glossary "
            "as UTF-8"
        ) from None


def _delimiter(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" if "\t" in first else ","


def _is_header(row: list[str]) -> bool:
    cells = [c.strip().lower() for c in row]
    return len(cells) >= 2 and cells[0] in _HEADER_SOURCE and cells[1] in _HEADER_TARGET


def _entry(zh: str, en: str, note: str, where: str) -> GlossaryEntry:
    zh, en, note = zh.strip(), en.strip(), note.strip()
    if not zh or not en:
        raise GlossaryError(f"{where}: empty {'Chinese term' if not zh else 'English term'}")
    if not HAS_CJK.search(zh):
        hint = " (are the columns swapped?)" if HAS_CJK.search(en) else ""
        raise GlossaryError(f"{where}: the first column must hold the Chinese term, "
                            f"got {zh!r}{hint}")
    if HAS_CJK.search(en):
        raise GlossaryError(f"{where}: the English term {en!r} holds Chinese characters")
    return GlossaryEntry(zh, en, note)


def _check_conflicts(entries: list[tuple[GlossaryEntry, str]]) -> tuple[GlossaryEntry, ...]:
    """Drop exact repeats; refuse one term glossed two ways (which one would win?)."""
    seen: dict[str, tuple[GlossaryEntry, str]] = {}
    kept = []
    for entry, where in entries:
        if entry.zh in seen:
            first, first_where = seen[entry.zh]
            if first.en != entry.en:
                raise GlossaryError(
                    f"{where}: {entry.zh!r} is glossed {entry.en!r} here but "
                    f"{first.en!r} at {first_where}"
                )
            continue
        seen[entry.zh] = (entry, where)
        kept.append(entry)
    return tuple(kept)


def parse_delimited(text: str, name: str = "<glossary>", *,
                    delimiter: str = ",") -> tuple[GlossaryEntry, ...]:
    """Entries from CSV (``delimiter=","``) or TSV (``"\\t"``) text."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    entries: list[tuple[GlossaryEntry, str]] = []
    first = True
    try:
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if not row or not any(cell.strip() for cell in row):
                continue
            if row[0].lstrip().startswith("#"):
                continue
            if first and _is_header(row):
                first = False
                continue
            first = False
            while len(row) > 3 and not row[-1].strip():
                row = row[:-1]  # trailing empty cells from spreadsheet exports
            if len(row) not in (2, 3):
                sep = "tab" if delimiter == "\t" else repr(delimiter)
                raise GlossaryError(
                    f"{where}: expected 2 or 3 columns (zh, en[, note]) separated by "
                    f"{sep}, found {len(row)}"
                )
            entries.append((_entry(row[0], row[1], row[2] if len(row) == 3 else "", where),
                            where))
    except csv.Error as exc:
        raise GlossaryError(f"{name}:{reader.line_num}: {exc}") from None
    return _check_conflicts(entries)


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _terms_by_language(element) -> dict[str, str]:
    """The first term of each language set (TBX 2 langSet/tig, TBX 3 langSec/termSec)."""
    terms: dict[str, str] = {}
    for lang_set in element.iter():
        if _local(lang_set.tag) not in ("langSet", "langSec"):
            continue
        lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()
        for term in lang_set.iter():
            if _local(term.tag) == "term" and (term.text or "").strip():
                terms.setdefault(lang, "".join(term.itertext()).strip())
                break
    return terms


def _note(element) -> str:
    for child in element.iter():
        if _local(child.tag) in ("descrip", "note", "definition") and (child.text or "").strip():
            return " ".join("".join(child.itertext()).split())
    return ""


def parse_tbx(data: bytes, name: str = "<glossary>") -> tuple[GlossaryEntry, ...]:
    """Entries from a TBX file's bytes: one per term entry with a Chinese and an English
    term. Entries holding only one of the two are skipped."""
    from lxml import etree
    from translate.storage import tbx

    try:
        store = tbx.tbxfile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        raise GlossaryError(f"{name}:{line}: not a readable TBX file: {exc.msg}") from None
    except Exception as exc:  # translate-toolkit raises several kinds on odd input
        raise GlossaryError(f"{name}: not a readable TBX file: {exc}") from None
    entries: list[tuple[GlossaryEntry, str]] = []
    for unit in store.units:
        element = unit.xmlelement
        where = f"{name}:{element.sourceline}" if element.sourceline else name
        terms = _terms_by_language(element)
        zh = next((t for lang, t in terms.items() if lang.startswith("zh")), "")
        en = next((t for lang, t in terms.items() if lang.startswith("en")), "")
        if not terms:
            # No language tags at all: trust translate-toolkit's source/target order.
            zh, en = unit.source or "", unit.target or ""
        if not zh or not en:
            continue
        entries.append((_entry(zh, en, _note(element), where), where))
    if not entries and store.units:
        raise GlossaryError(f"{name}: no term entry has both a Chinese (xml:lang=\"zh...\") "
                            "and an English (xml:lang=\"en...\") term")
    return _check_conflicts(entries)
