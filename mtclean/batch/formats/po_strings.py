"""The strings of a PO file: reading their C escapes, and writing a fixed one back.

gettext reads the C escapes in a PO string: ``\\n``, ``\\t``, ``\\"``, ``\\\\`` and the
others, octal ``\\102`` and hex ``\\x41``; numeric escapes of bytes above 127 make
characters in the file's encoding (``\\344\\270\\255`` is 中 in UTF-8). polib knows only
the first kind and leaves the rest as they stand, so its values cannot be trusted to
write a fixed string back: ``\\x41`` would become ``\\\\x41``, a backslash and "x41".

Here a string is read as *pieces*, one per character: how the file spells it and the
text it stands for (``("\\x41", "A")``). A fixed string keeps the pieces of every
character the fix did not touch, escapes included, and escapes what the fix wrote as
polib escapes it. An escape gettext itself would refuse (``\\q``, a byte above 255) is
read as it is spelled, as polib reads it, and is written back whole or not at all.
"""

from __future__ import annotations

import codecs
import difflib
import re
import textwrap

import polib

#: Where gettext wraps a long string (and polib, and so the fixes written here).
WRAP_WIDTH = 78

#: One character of a string, as the file spells it and as it reads: ("\\x41", "A").
Piece = tuple[str, str]

_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+|.)", re.S)
_NUMERIC = re.compile(r"(?:\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+))+")
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
           "\\": "\\", '"': '"', "'": "'", "?": "?"}
#: The characters polib escapes, which its test for wrapping does not count.
_POLIB_SPECIAL = '\\\n\r\t\v\b\f"'


def _number(code: str) -> int | None:
    """The value of a numeric escape's code (``102``, ``x41``); None for any other."""
    if code[0] == "x" and len(code) > 1:
        return int(code[1:], 16)
    if code[0] in "01234567":
        return int(code, 8)
    return None


def _byte_run(run: list[tuple[str, int]], encoding: str) -> list[Piece]:
    """Pieces for adjacent numeric escapes of bytes above 127: decoded together in the
    file's encoding, as gettext does; read as spelled when they do not decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pieces, spelled = [], ""
    try:
        for spelling, byte in run:
            spelled += spelling
            text = decoder.decode(bytes([byte]))
            if text:
                pieces.append((spelled, text))
                spelled = ""
        if spelled:
            raise ValueError("a character cut short")
    except ValueError:  # UnicodeDecodeError is one
        return [(spelling, spelling) for spelling, _ in run]
    return pieces


def string_pieces(bodies: list[str], encoding: str) -> list[Piece]:
    """The pieces of the strings ``bodies`` (what stands between the quotes of each
    string of one field), in order."""
    pieces: list[Piece] = []
    run: list[tuple[str, int]] = []  # numeric escapes of bytes above 127, not decoded yet

    def flush() -> None:
        if run:
            pieces.extend(_byte_run(run, encoding))
            run.clear()

    for body in bodies:
        pos = 0
        for m in _ESCAPE.finditer(body):
            if pos < m.start():
                flush()
                pieces.extend((ch, ch) for ch in body[pos:m.start()])
            spelling, value = m.group(0), _number(m.group(1))
            if value is None:
                flush()
                pieces.append((spelling, _SIMPLE.get(m.group(1), spelling)))
            elif 127 < value < 256:
                run.append((spelling, value))  # a byte run may go on in the next string
            else:
                flush()
                pieces.append((spelling, chr(value) if value < 128 else spelling))
            pos = m.end()
        if pos < len(body):
            flush()
            pieces.extend((ch, ch) for ch in body[pos:])
    flush()
    return pieces


def _escape(text: str) -> str:
    # polib writes BEL as it is; an escape is what a reader of the file can see.
    return polib.escape(text).replace("\a", "\\a")


def respell(old: list[Piece], new_text: str, encoding: str) -> list[Piece] | None:
    """Pieces that spell ``new_text``: the ``old`` ones wherever the text did not
    change, freshly escaped characters where it did.

    None when the change cuts into an escape read as it is spelled (``\\q``), which
    cannot be written in part.
    """
    old_text = "".join(text for _, text in old)
    starts: dict[int, Piece] = {}  # offset in old_text -> the piece starting there
    opaque: list[bool] = []  # for each character of old_text: its piece is read as spelled
    for spelling, text in old:
        starts[len(opaque)] = (spelling, text)
        opaque += [len(text) > 1 and text == spelling] * len(text)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            pieces += [(_escape(ch), ch) for ch in new_text[j1:j2]]
            continue
        i = i1
        while i < i2:
            piece = starts.get(i)
            if piece is not None and i + len(piece[1]) <= i2:
                pieces.append(piece)
                i += len(piece[1])
            elif opaque[i]:
                return None
            else:
                pieces.append((_escape(old_text[i]), old_text[i]))
                i += 1
    if _reads_as(pieces, encoding) != new_text:
        # Numeric escapes kept but now next to a digit or to each other read differently
        # ("\x41" before "b" is "\x41b"): spell the characters they stand for instead.
        pieces = [(_escape(text), text) if text != spelling and _NUMERIC.fullmatch(spelling)
                  else (spelling, text) for spelling, text in pieces]
        if _reads_as(pieces, encoding) != new_text:
            return None
    return pieces


def _reads_as(pieces: list[Piece], encoding: str) -> str:
    """The text a string spelled by ``pieces`` reads back as."""
    spelled = "".join(spelling for spelling, _ in pieces)
    return "".join(text for _, text in string_pieces([spelled], encoding))


def field_lines(keyword: str, pieces: list[Piece], multiline: bool) -> list[str] | None:
    """The lines of a field (``msgstr``, ``msgstr[1]``) holding ``pieces``.

    On one line if the field was and its text has no line break inside; else laid out
    as polib lays a field out: one string per line of the text, or a long one wrapped
    at WRAP_WIDTH. None if a string would have to end inside a piece.
    """
    text = "".join(t for _, t in pieces)
    spelled = "".join(s for s, _ in pieces)
    if not multiline and "\n" not in text.rstrip("\n"):
        return [f'{keyword} "{spelled}"']
    ends, offset = set(), 0  # where polib ends a string: after each line of the text
    for line in text.splitlines(True):
        offset += len(line)
        ends.add(offset)
    chunks, chunk, offset = [], "", 0
    for spelling, piece_text in pieces:
        if len(piece_text) > 1 and any(offset < end < offset + len(piece_text)
                                       for end in ends):
            return None
        chunk += spelling
        offset += len(piece_text)
        if offset in ends:
            chunks.append(chunk)
            chunk = ""
    if chunk:
        chunks.append(chunk)
    if len(chunks) > 1:
        chunks = ["", *chunks]
    elif len(text) - sum(map(text.count, _POLIB_SPECIAL)) > WRAP_WIDTH - len(keyword) - 3:
        # polib's test to the letter (3: a space and two quotes). The wrapper breaks at
        # spaces and hyphens only, so never inside an escape, and leaves a raw tab be.
        wrapper = textwrap.TextWrapper(WRAP_WIDTH - 2, expand_tabs=False,
                                       replace_whitespace=False, drop_whitespace=False,
                                       break_long_words=False)
        chunks = ["", *wrapper.wrap(spelled)]
    else:
        chunks = [spelled]
    return [f'{keyword} "{chunks[0]}"', *(f'"{chunk}"' for chunk in chunks[1:])]
