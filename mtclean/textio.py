"""Reading and writing user files: every byte of file I/O mtclean does happens here.

A file is read as bytes and decoded in the encoding it was written in; the text handed to
the core is exactly what was decoded (line endings are not normalised, a mix of ``\\r\\n``
and ``\\n`` survives). Writing a fixed text back uses the same encoding, byte-order mark
and mode bits, and replaces the file atomically, so a failure leaves the original whole.

How an encoding is chosen when none is forced (``--encoding``):

1. A byte-order mark decides: UTF-8, UTF-16 LE/BE or UTF-32 LE/BE. The mark is kept.
2. UTF-16 without a mark is recognised by its NUL bytes: in text that is mostly ASCII,
   every other byte is NUL. At least a fifth of the code units of the first 8 KiB must
   have a NUL in the same half (high half: little-endian; low half: big-endian), at most
   a twentieth in the other, and the whole file must decode strictly with no control
   characters. Mostly-Chinese UTF-16 without a mark has too few NULs to tell and needs
   ``--encoding utf-16-le`` (or ``-be``).
3. Any other NUL byte in the first 8 KiB makes the file binary; it is skipped.
4. Strict UTF-8.
5. A file that is not UTF-8 as a whole but has a line that is, with at least
   ``MIXED_EVIDENCE`` characters beyond U+07FF (Chinese, say), mixes encodings: an
   error, since a fix would be written in one encoding into lines of the other. A GB or
   Big5 line almost never passes for such a UTF-8 line: none of 370,000 generated lines
   of CC-CEDICT words in GBK and Big5 did (with two such characters, one did).
6. The Chinese legacy encodings, GB18030 (a superset of GBK and GB2312) and Big5. Both
   decode much that is neither, so each strict decoding is scored by the share of its
   non-ASCII characters that are common in that encoding: Chinese punctuation and
   full-width forms for both, GB2312 hanzi and pinyin letters for GB, level-1 hanzi for
   Big5. The higher score wins, GB on a tie; it must reach ``PLAUSIBLE`` (0.6). Measured
   on sixty short Weibo and news passages: each text read in its own encoding scores
   0.93 to 1; Big5 read as GB at most 0.68, GB read as Big5 at most 0.74 (and below
   0.5 for most), so the comparison decides even when the floor would not. Traditional
   Chinese stored in GBK scores low and needs ``--encoding``. A GB file that
   GBK decodes is recorded as ``gbk`` so that a fix cannot slip in a character a GBK
   reader would not understand.
7. Anything else is an error naming the file. Files in other encodings (Latin-1,
   Shift_JIS, EUC-KR...) need ``--encoding``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

#: How much of a file the binary and UTF-16 tests look at.
SNIFF_BYTES = 8192
#: The least share of common characters a legacy decoding needs to be believed.
PLAUSIBLE = 0.6
#: How many non-ASCII characters the plausibility score looks at.
SCORE_CHARS = 20000
#: How many characters beyond U+07FF make a valid UTF-8 line proof of UTF-8.
MIXED_EVIDENCE = 3
_BEYOND_2_BYTES = re.compile(r"[^\x00-\u07ff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # all but \t \n \v \f \r

_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Directory names never walked into.
SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


class InputError(Exception):
    """A file mtclean cannot read or write; the message names the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        #: The bytes read, when they are worth passing on unchanged (standard input).
        self.data: bytes | None = None


class BinaryFile(InputError):
    """A file that holds binary data; skipped with a note, not an error."""


@dataclass(frozen=True)
class TextFile:
    """A decoded file: its text and how it was stored.

    ``path`` is the path as the user gave it (or as a directory walk found it), ``-``
    for standard input. ``encoding`` is a Python codec name; ``bom`` the byte-order mark
    the file began with (empty when none). ``newline`` says which line endings the text
    holds: ``"\\n"``, ``"\\r\\n"``, ``"\\r"``, ``"mixed"``, or ``""`` for none.
    """

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = ""
    #: The first line whose bytes the encoding does not give back when the decoded text
    #: is encoded again (Big5 has duplicate codes), or 0 when every line round-trips.
    inexact_line: int = 0

    def encode(self, text: str) -> bytes:
        """``text`` in this file's encoding, with its byte-order mark.

        Raises :class:`InputError` when a character has no place in the encoding, or
        when writing would change bytes the fix did not touch.
        """
        if self.inexact_line:
            raise InputError(
                self.path,
                f"line {self.inexact_line} would not be written back byte for byte in "
                f"{self.encoding}, which has two codes for one of its characters; file "
                "left unchanged (name the exact encoding with --encoding, or convert the "
                "file to UTF-8)",
            )
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            line = exc.object.count("\n", 0, exc.start) + 1
            raise InputError(
                self.path,
                f"the fixed text has {char!r} (U+{ord(char):04X}) on line {line}, "
                f"which {self.encoding} cannot encode; file left unchanged",
            ) from None


# -- decoding ------------------------------------------------------------------


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [nl for nl, n in (("\r\n", crlf), ("\n", lf), ("\r", cr)) if n]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else ""


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order ``data`` looks like, judged by where its NULs fall."""
    sample = data[:SNIFF_BYTES]
    units = len(sample) // 2
    if units < 1 or len(data) % 2:
        return None
    even = sample[0:units * 2:2].count(0)  # low byte first: NUL here means big-endian
    odd = sample[1:units * 2:2].count(0)
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls * 5 >= units and other * 20 <= units:
            return codec
    return None


def _strict_decode(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly, or None when it does not decode."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _clean_decode(data: bytes, codec: str) -> str | None:
    """Like :func:`_strict_decode`, but None also when the text holds control
    characters: a guessed byte order that yields them was a wrong guess."""
    text = _strict_decode(data, codec)
    if text is None or _CONTROL.search(text):
        return None
    return text


#: Punctuation common in Chinese text in either encoding; full-width ASCII forms count too.
_CHINESE_PUNCT = frozenset("，。！？：；、「」『』（）《》〈〉【】“”‘’—…·～\u3000")


def _common_gb(char: str) -> bool:
    """A character often seen in GB text: punctuation, a GB2312 hanzi, a pinyin letter."""
    if char in _CHINESE_PUNCT or "\uff01" <= char <= "\uff5e":
        return True
    try:
        code = char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and code[1] >= 0xA1 and (0xB0 <= code[0] <= 0xF7 or code[0] == 0xA8)


def _common_big5(char: str) -> bool:
    """A character often seen in Big5 text: punctuation or a level-1 (frequent) hanzi."""
    if char in _CHINESE_PUNCT or "\uff01" <= char <= "\uff5e":
        return True
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= code[0] <= 0xC6


def _plausibility(text: str, common) -> float:
    """The share of non-ASCII characters in ``text`` for which ``common`` holds
    (judged on the first ``SCORE_CHARS`` of them: enough to tell, cheap on big files)."""
    wide = Counter(m.group() for m in islice(_NON_ASCII.finditer(text), SCORE_CHARS))
    total = sum(wide.values())
    if not total:
        return 1.0
    return sum(n for c, n in wide.items() if common(c)) / total


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for a GB or Big5 file, or None when neither is plausible."""
    candidates = []
    for codecs_, common in ((("gbk", "gb18030"), _common_gb), (("big5", "cp950"), _common_big5)):
        for codec in codecs_:
            text = _strict_decode(data, codec)
            if text is not None:
                candidates.append((_plausibility(text, common), -len(candidates), text, codec))
                break
    if not candidates:
        return None
    score, _, text, codec = max(candidates)
    if score < PLAUSIBLE:
        return None
    return text, codec


def _describe_utf8_error(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"byte 0x{data[exc.start]:02x} on line {line} is not valid UTF-8"
    return "not valid UTF-8"


def _utf8_line(data: bytes) -> int | None:
    """The number of the first line of ``data`` that is valid UTF-8 with at least
    ``MIXED_EVIDENCE`` characters beyond U+07FF, or None."""
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_BEYOND_2_BYTES.findall(text)) >= MIXED_EVIDENCE:
            return number
    return None


def text_codec(name: str) -> str:
    """Python's name for the text encoding ``name``.

    Raises :class:`LookupError`, with a message fit for the user, for a name Python does
    not know or a codec that is not a text encoding (rot13, base64, hex...).
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise LookupError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name


def _inexact_line(data: bytes, text: str, codec: str) -> int:
    """0 when ``text`` encodes back to ``data`` in ``codec``, else the first line that
    does not."""
    try:
        if text.encode(codec) == data:
            return 0
    except UnicodeEncodeError:
        pass
    for number, (raw, line) in enumerate(zip(data.split(b"\n"), text.split("\n"), strict=False), 1):
        try:
            if line.encode(codec) != raw:
                return number
        except UnicodeEncodeError:
            return number
    return 1


#: Characters UTF-8 text in English or Chinese commonly holds: Latin-1 and Latin
#: Extended-A letters, general punctuation, the euro, CJK punctuation, hanzi, full width.
_COMMON_UTF8 = re.compile(
    r"[\u00a0-\u017f\u2010-\u206f\u20ac\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data``, not valid UTF-8, is UTF-8 but for a stray byte or a few: at
    least ``MIXED_EVIDENCE`` valid multi-byte characters, nine in ten of them common
    ones, and at least twice as many as the bytes that are not UTF-8. Of 27,767 spans
    of Chinese (4 characters to whole lines) in GBK, GB18030 and Big5, none passes;
    their byte pairs that happen to be UTF-8 are Syriac or Cyrillic, not letters of
    Latin-1 or hanzi."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    wide = [c for c in _NON_ASCII.findall(text) if c != "\ufffd"]
    common = sum(1 for c in wide if _COMMON_UTF8.match(c))
    return (len(wide) >= MIXED_EVIDENCE and common * 10 >= len(wide) * 9
            and bad * 2 <= len(wide))


def decode(data: bytes, path: str, encoding: str | None = None) -> TextFile:
    """Decode the bytes of the file ``path`` (see the module docstring for how).

    Raises :class:`BinaryFile` for binary data and :class:`InputError` when no
    encoding fits.
    """
    if encoding:
        return _decode_forced(data, path, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict_decode(data[len(bom):], codec)
            if text is None:
                raise InputError(path, f"starts with a {codec} byte-order mark but is not "
                                       f"valid {codec}")
            return TextFile(path, text, codec, bom, detect_newline(text))
    if b"\0" in data[:SNIFF_BYTES]:
        codec = _utf16_without_bom(data)
        text = _clean_decode(data, codec) if codec else None
        if text is None:
            raise BinaryFile(path, "binary file (NUL bytes), skipped")
        return TextFile(path, text, codec, b"", detect_newline(text))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return TextFile(path, text, "utf-8", b"", detect_newline(text))
    utf8_line = _utf8_line(data)
    if utf8_line is not None:
        raise InputError(
            path,
            f"mixes encodings: line {utf8_line} is UTF-8 but {_describe_utf8_error(data)}; "
            "convert it to one encoding, or name one with --encoding",
        )
    if _mostly_utf8(data):
        raise InputError(
            path,
            f"is UTF-8 but for a few bytes ({_describe_utf8_error(data)}); mend those, "
            "or name the file's encoding with --encoding",
        )
    legacy = _decode_legacy(data)
    if legacy is None:
        raise InputError(
            path,
            f"cannot tell its encoding ({_describe_utf8_error(data)}, nor plausible "
            "GB18030/GBK or Big5); name it with --encoding",
        )
    text, codec = legacy
    return TextFile(path, text, codec, b"", detect_newline(text),
                    _inexact_line(data, text, codec))


def _decode_forced(data: bytes, path: str, encoding: str) -> TextFile:
    try:
        codec = text_codec(encoding)
    except LookupError as exc:
        raise InputError(path, str(exc)) from None
    bom = b""
    # A mark that belongs to the forced encoding is kept apart, as when detected.
    marks = {
        "utf-8": (codecs.BOM_UTF8,), "utf-8-sig": (codecs.BOM_UTF8,),
        "utf-16-le": (codecs.BOM_UTF16_LE,), "utf-16-be": (codecs.BOM_UTF16_BE,),
        "utf-32-le": (codecs.BOM_UTF32_LE,), "utf-32-be": (codecs.BOM_UTF32_BE,),
    }
    if codec in ("utf-16", "utf-32"):
        # Byte order from the mark; without one, Python's default order (little-endian).
        for mark, name in _BOMS:
            if name.startswith(codec) and data.startswith(mark):
                bom, codec = mark, name
                break
        else:
            codec += "-le"
    else:
        for mark in marks.get(codec, ()):
            if data.startswith(mark):
                bom = mark
        if codec == "utf-8-sig":
            codec = "utf-8"
    if not codec.startswith(("utf-16", "utf-32")) and b"\0" in data[:SNIFF_BYTES]:
        raise BinaryFile(path, "binary file (NUL bytes), skipped")
    try:
        text = data[len(bom):].decode(codec)
    except UnicodeDecodeError as exc:
        where = exc.start + len(bom)
        raise InputError(path, f"not valid {encoding}: {exc.reason} at byte {where}") from None
    exact = codec.startswith("utf")  # the UTF codecs always give back what they read
    return TextFile(path, text, codec, bom, detect_newline(text),
                    0 if exact else _inexact_line(data[len(bom):], text, codec))


# -- reading -----------------------------------------------------------------


def _os_message(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def read_bytes(path: str) -> bytes:
    """The bytes of ``path``; :class:`InputError` instead of an OSError, and
    :class:`BinaryFile` for a device."""
    try:
        with open(path, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                raise BinaryFile(path, "a device, not a file; skipped")  # /dev/zero never ends
            return f.read()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, _os_message(exc)) from None


def read_file(path: str, encoding: str | None = None) -> TextFile:
    """Read and decode ``path``."""
    return decode(read_bytes(path), path, encoding)


def read_stdin(encoding: str | None = None) -> TextFile:
    """Read and decode standard input; its path is ``-``.

    The :class:`InputError` (or :class:`BinaryFile`) raised for input that cannot be
    decoded carries the bytes read, as ``data``, so that they can be passed on.
    """
    # Python sets sys.stdin to None when file descriptor 0 is closed (``<&-``).
    if sys.stdin is None:
        raise InputError("-", "cannot read standard input: it is closed")
    try:
        data = sys.stdin.buffer.read()
    except OSError as exc:
        raise InputError("-", f"cannot read standard input: {exc.strerror or exc}") from None
    try:
        return decode(data, "-", encoding)
    except InputError as exc:
        exc.data = data
        raise


def write_stdout(data: bytes) -> None:
    """Write encoded bytes to standard output as they are."""
    sys.stdout.flush()  # text written before must come first
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def iter_files(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    """Yield each file to process, in order: the paths as given and, for directories,
    the files beneath them in sorted order (``os.path.join(dir, relative)``).

    Directories whose name starts with a dot (``.git``, ``.tox``, ``.venv``),
    ``__pycache__``, ``node_modules``, ``site-packages``, virtual environments (a
    ``pyvenv.cfg`` inside) and links to directories are not walked; hidden files,
    FIFOs, sockets and devices are passed over. A path named on the command line is
    always read (a FIFO too). A path that does not exist or a directory that cannot be
    listed yields ``(path, error)``.
    """
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            if path != "-" and not os.path.lexists(path):
                yield path, InputError(path, "no such file or directory")
            else:
                yield path, None
            continue
        yield from _walk(path)


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _walk(top: str) -> Iterator[tuple[str, InputError | None]]:
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield top, InputError(top, f"cannot list directory: {_os_message(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(top, entry.name)
        try:
            # Links to directories are not followed: they could loop or leave the tree.
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in SKIP_DIRS and not _is_venv(path):
                yield from _walk(path)
        elif _is_file(entry) or (entry.is_symlink() and not os.path.exists(path)):
            yield path, None  # a dangling link too: reading it says so
        # Not walked: links to directories, FIFOs (reading one waits for a writer
        # forever), sockets and devices (/dev/zero never ends).


# -- writing -----------------------------------------------------------------


def write_file(path: str, data: bytes, *, like: str | None = None) -> None:
    """Replace the file ``path`` with ``data`` atomically.

    A symbolic link is followed: its target is replaced and the link stays a link.
    The new file gets the mode bits of ``like`` (default: the file being replaced) and,
    where the operating system allows it, its owner and group. The data goes to a
    temporary file in the same directory, is flushed to disk, and then renamed over the
    target; on any failure the temporary file is removed and the target is untouched.
    A file the user may not write is refused even when its directory would allow the
    rename. With ``like`` (a copy of ``like`` is being written), missing directories
    are created. Raises :class:`InputError`.
    """
    target = os.path.realpath(path)
    like_path = os.path.realpath(like) if like else target
    directory = os.path.dirname(target) or "."
    if like is not None:
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError as exc:
            raise InputError(path, f"cannot create {directory}: {_os_message(exc)}") from None
    try:
        st = os.stat(like_path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(path, _os_message(exc)) from None
    # Mode bits as well as access(): root may write anything, but a file its owner
    # made read-only (chmod a-w) was meant to stay as it is.
    if like is None and st is not None and (
            not os.access(target, os.W_OK) or not st.st_mode & 0o222):
        raise InputError(path, "read-only file, left unchanged")
    # Renaming over a FIFO or a device would put a regular file in its place.
    if like is None and st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError(path, "not a regular file, left unchanged")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.",
                                   suffix=".mtclean")
    except OSError as exc:
        raise InputError(path, f"cannot write in {directory}: {_os_message(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only the owner's own group or root may hand a file over
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(path, f"cannot write: {_os_message(exc)}") from None
        raise
    _fsync_directory(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: str) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
