"""Where each target element's text lies in an XML file, to the byte.

lxml parses and checks the file; this scanner only finds, in the raw bytes, the text runs
inside the elements that hold targets, so that a fixed target can be spliced into the
original and everything else stays byte for byte. It tokenises just enough XML to do
that (tags, comments, CDATA, processing instructions, the document type declaration)
and reads the file in blocks, holding at most one target element at a time.

The caller pairs what it finds with what lxml read, element by element, and compares
the decoded text of every run, so a disagreement is caught rather than written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

_BLOCK = 1 << 20
_START_TAG = re.compile(rb"""<([^\s/>]+)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")
_END_TAG = re.compile(rb"</([^\s>]+)\s*>")
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class Run(NamedTuple):
    """A run of character data between two tags: its bytes, its text, whether it is code."""

    start: int
    end: int
    text: str | None  # None when it holds a reference this scanner cannot expand
    code: bool
    crlf: bool  # written with CRLF line breaks


class ElementSpan(NamedTuple):
    start: int  # first byte of the content (after the start tag)
    end: int  # first byte of the end tag
    runs: tuple[Run, ...]


def local_name(name: bytes) -> bytes:
    return name.rpartition(b":")[2]


def xml_encoding(head: bytes) -> str:
    """The encoding an XML file declares (UTF-8 when it declares none)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        raise ValueError("UTF-16 XML is not supported; convert it to UTF-8")
    match = _DECLARATION.match(head.lstrip(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def _expand(text: str) -> str | None:
    def one(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        if ref in _PREDEFINED:
            return _PREDEFINED[ref]
        raise KeyError(ref)

    if "&" not in text:
        return text
    try:
        return _REFERENCE.sub(one, text)
    except (KeyError, ValueError, OverflowError):
        return None


def _newlines(text: str) -> str:
    # What an XML parser does to line breaks in character data before anything else.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class _RunBuilder:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.start = -1
        self.end = -1
        self.parts: list[str | None] = []
        self.crlf = False

    def add(self, start: int, end: int, data: bytes, *, cdata: bool) -> None:
        if self.start < 0:
            self.start = start
        self.end = end
        self.crlf = self.crlf or b"\r\n" in data
        text = _newlines(data.decode(self.encoding))
        self.parts.append(text if cdata else _expand(text))

    def close(self, runs: list[Run], code: bool) -> None:
        if self.start >= 0:
            text = None if None in self.parts else "".join(self.parts)
            runs.append(Run(self.start, self.end, text, code, self.crlf))
        self.start, self.end, self.parts, self.crlf = -1, -1, [], False


def scan_elements(stream: BinaryIO, name: bytes, code_names: frozenset[bytes],
                  encoding: str) -> Iterator[ElementSpan]:
    """Every element whose local name is ``name``, in document order, with its runs.

    A run is *code* when it lies inside an element named in ``code_names`` (native
    markup such as ``<ph>`` or ``<bpt>``, whose text is not a translation).
    """
    buf, base, pos, eof = b"", 0, 0, False
    inside = 0  # depth of ``name`` elements we are in
    stack: list[bytes] = []  # inline elements open inside the current one
    runs: list[Run] = []
    run = _RunBuilder(encoding)
    content_start = 0

    while True:
        lt = buf.find(b"<", pos)
        end, kind, match = _token(buf, lt) if lt >= 0 else (-1, "", None)
        if end < 0:  # need more of the file
            if eof:
                break  # lxml reports a malformed end of file
            if not inside:  # nothing before ``pos`` is needed any more
                buf, base, pos = buf[pos:], base + pos, 0
            block = stream.read(_BLOCK)
            eof = not block
            buf += block
            continue
        if inside and lt > pos:
            run.add(base + pos, base + lt, buf[pos:lt], cdata=False)
        pos = end
        if kind == "cdata":
            if inside:
                run.add(base + lt, base + end, buf[lt + 9:end - 3], cdata=True)
            continue
        if kind in ("comment", "pi", "decl"):
            if inside:
                run.close(runs, any(n in code_names for n in stack))
            continue
        tag = local_name(match.group(1))
        if kind == "start":
            empty = bool(match.group(2))
            if tag == name and not stack:
                if inside == 0:
                    if empty:
                        yield ElementSpan(base + end, base + end, ())
                        continue
                    content_start, runs = base + end, []
                inside += 0 if empty else 1
                continue
            if inside:
                run.close(runs, any(n in code_names for n in stack))
                if not empty:
                    stack.append(tag)
        else:  # an end tag
            if inside:
                run.close(runs, any(n in code_names for n in stack))
                if stack:
                    stack.pop()
                elif tag == name:
                    inside -= 1
                    if inside == 0:
                        yield ElementSpan(content_start, base + lt, tuple(runs))


def _token(buf: bytes, lt: int) -> tuple[int, str, re.Match | None]:
    """(end, kind, match) of the markup starting at ``buf[lt]``; end -1 when incomplete."""
    if buf.startswith(b"<!--", lt):
        close = buf.find(b"-->", lt + 4)
        return (close + 3 if close >= 0 else -1), "comment", None
    if buf.startswith(b"<![CDATA[", lt):
        close = buf.find(b"]]>", lt + 9)
        return (close + 3 if close >= 0 else -1), "cdata", None
    if buf.startswith(b"<?", lt):
        close = buf.find(b"?>", lt + 2)
        return (close + 2 if close >= 0 else -1), "pi", None
    if buf.startswith(b"<!", lt):  # <!DOCTYPE ...> with perhaps an internal subset [...]
        bracket, close = buf.find(b"[", lt), buf.find(b">", lt)
        if 0 <= bracket < close:
            close = buf.find(b"]", bracket)
            close = buf.find(b">", close) if close >= 0 else -1
        return (close + 1 if close >= 0 else -1), "decl", None
    if buf.startswith(b"</", lt):
        match = _END_TAG.match(buf, lt)
        return (match.end() if match else -1), "end", match
    match = _START_TAG.match(buf, lt)
    return (match.end() if match else -1), "start", match
