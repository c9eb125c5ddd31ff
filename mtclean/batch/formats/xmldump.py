"""What TMX and XLIFF share: lxml reads the structure, the span scanner finds the bytes.

lxml's ``iterparse`` reads the file as a stream and checks it; after each unit element
(``<tu>``, ``<trans-unit>``, ``<unit>``) the format picks its targets and sources, the
element is dropped, and memory stays flat. Every element that can hold a target is
paired, in document order, with the span the scanner found for it, and their text is
compared run by run before anything is trusted for writing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..units import PLACEHOLDER, DumpError, Unit
from .base import Dump, FormatOptions, open_binary
from .xmlspans import ElementSpan, Run, scan_elements, xml_encoding

#: Inline elements whose content is native code (tags, placeholders), not translation.
CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})


def local(tag) -> str:
    """The local name of an lxml tag ("" for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def element_runs(elem) -> list[tuple[str, bool]]:
    """(text, is code) of each run of character data in ``elem``, in document order."""
    runs: list[tuple[str, bool]] = []

    def walk(node, code: bool) -> None:
        if node.text:
            runs.append((node.text, code))
        for child in node:
            if isinstance(child.tag, str):
                walk(child, code or local(child.tag) in CODE_ELEMENTS)
            if child.tail:
                runs.append((child.tail, code))

    walk(elem, False)
    return runs


def plain_text(elem) -> str:
    """The translatable text of ``elem``: its runs outside code, joined."""
    return "".join(text for text, code in element_runs(elem) if not code)


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


class XmlDump(Dump):
    """A dump in an XML format. Subclasses name their elements and choose units."""

    #: Local name of the elements holding targets (and, in the same files, alternatives).
    target_name = "target"
    #: Local names of the elements that group one translation unit.
    unit_names: frozenset[str] = frozenset()

    def __init__(self, path: Path, options: FormatOptions) -> None:
        super().__init__(path, options)
        with open_binary(self.path) as stream:
            head = stream.read(4096)
        try:
            self.encoding = xml_encoding(head)
            "".encode(self.encoding)
        except (ValueError, LookupError) as exc:
            raise DumpError(self.path, "", str(exc)) from None

    # -- for subclasses -----------------------------------------------------------------

    def on_start(self, elem) -> None:
        """Called at the start of every element (to read header attributes)."""

    def select(self, elem, number: int) -> list[tuple[object, str, str | None]]:
        """(target element, unit id, source text) for the targets of unit ``elem``."""
        raise NotImplementedError

    # -- reading ------------------------------------------------------------------------

    def _events(self):
        etree.clear_error_log()  # the log is per thread; keep only this file's errors
        try:
            with open_binary(self.path) as stream:
                yield from etree.iterparse(
                    stream, events=("start", "end"), resolve_entities=False,
                    no_network=True, load_dtd=False, remove_comments=False)
        except etree.XMLSyntaxError as exc:
            # With entities left unresolved libxml2 may report only "no element found"
            # at 0:0; the first error in its log names the real cause and place.
            first = next((e for e in exc.error_log if e.level_name in ("FATAL", "ERROR")), None)
            if first is not None and first.line:
                line, column, message = first.line, first.column, first.message
            else:
                (line, column), message = exc.position, exc.msg
            raise DumpError(self.path, f"{line}:{column}", f"malformed XML: {message}") from None

    def units(self, resume=None, first_index: int = 0) -> Iterator[Unit]:
        index, number = first_index, 0
        with open_binary(self.path) as raw:
            spans = scan_elements(raw, self.target_name.encode(), frozenset(
                name.encode() for name in CODE_ELEMENTS), self.encoding)
            for event, elem in self._events():
                name = local(elem.tag)
                if event == "start":
                    self.on_start(elem)
                    continue
                if name not in self.unit_names:
                    continue
                number += 1
                self.position = raw.tell()
                located = {}
                for holder in elem.iter():
                    if local(holder.tag) == self.target_name:
                        located[holder] = self._pair(holder, next(spans, None))
                for target, ident, source in self.select(elem, number):
                    span = located[target]
                    checked = [run for run in span.runs if not run.code]
                    text = PLACEHOLDER.join(run.text for run in checked)
                    if text.replace(PLACEHOLDER, "").strip():
                        yield Unit(index, ident, text, source or None,
                                   f"{target.sourceline}", edit=checked)
                        index += 1
                # Drop what has been read, so memory does not grow with the file.
                elem.clear(keep_tail=True)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
            if next(spans, None) is not None:
                raise DumpError(self.path, "", f"found more <{self.target_name}> elements "
                                               "than the XML parser read")

    def _pair(self, elem, span: ElementSpan | None) -> ElementSpan:
        expected = element_runs(elem)
        found = [(run.text, run.code) for run in span.runs] if span else None
        if found != expected:
            raise DumpError(self.path, f"{elem.sourceline}",
                            f"cannot locate this <{self.target_name}> in the file exactly "
                            "(it uses an entity or markup mtclean does not follow)")
        return span

    # -- writing ------------------------------------------------------------------------

    def spans(self, unit: Unit) -> list[tuple[int, int]]:
        return [(run.start, run.end) for run in unit.edit]

    def rewrite(self, unit: Unit, new_target: str):
        runs: list[Run] = unit.edit
        parts = new_target.split(PLACEHOLDER)
        if len(parts) != len(runs):
            return None
        splices = []
        for run, part in zip(runs, parts, strict=True):
            if part == run.text:
                continue
            escaped = escape_text(part)
            if run.crlf:
                escaped = escaped.replace("\n", "\r\n")
            splices.append((run.start, run.end,
                            escaped.encode(self.encoding, errors="xmlcharrefreplace")))
        return splices
