"""Read: bytes → text, with the encoding detected (UTF-8 with or without BOM, GB18030/GBK, Big5)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: Reports larger than this are refused: no work report is anywhere near it, and a mistaken
#: argument (a disk image, a video) should fail at once rather than exhaust memory.
MAX_BYTES = 20 * 1024 * 1024

_CANDIDATES = ("utf-8", "gb18030", "big5")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "big5"


def _looks_like_text(text: str) -> bool:
    """True when the text is mostly letters, CJK, digits, punctuation and whitespace."""
    if not text:
        return False
    bad = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\r\t":
            continue
        if cat in ("Cc", "Cs", "Co", "Cn"):
            bad += 1
    return bad <= max(2, len(text) // 200)


def _cjk_share(text: str) -> float:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han / max(1, len(text))


def decode(data: bytes, *, name: str = "<bytes>") -> Decoded:
    """Decode report bytes, detecting the encoding.

    Parameters: ``data`` the raw bytes; ``name`` names the input in error messages.
    Returns the text and the encoding used.
    Raises ``InputError`` for empty, binary, undecodable or oversized input.

    >>> decode("东岭镇".encode("gb18030")).encoding
    'gb18030'
    >>> decode(b"\\xef\\xbb\\xbf\\xe6\\xba\\x90").text
    '源'
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit for one report")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: this is a binary file, not a text report (it contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: starts with a UTF-8 BOM but byte {e.start + 3} is not valid UTF-8") from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        if _looks_like_text(text):
            return Decoded(text, "utf-8")
        raise InputError(f"{name}: this is a binary file, not a text report")
    # Not UTF-8. A file that is almost all ASCII but breaks UTF-8 near its end was truncated,
    # not written in a legacy encoding.
    if utf8_error.reason == "unexpected end of data":  # only the last character is incomplete
        raise InputError(
            f"{name}: the UTF-8 text is cut off at byte {utf8_error.start} (truncated file?)"
        )
    best: Decoded | None = None
    for enc in _CANDIDATES[1:]:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        if best is None or _cjk_share(text) > _cjk_share(best.text) + 0.05:
            best = Decoded(text, enc)
    if best is None:
        raise InputError(
            f"{name}: cannot decode the file as UTF-8, GB18030/GBK or Big5 "
            f"(first bad byte at offset {utf8_error.start}); save it as UTF-8 and try again"
        )
    return best


def read_file(path: str | Path) -> Decoded:
    """Read and decode a report file. Raises ``InputError`` if it is missing, a directory or unreadable."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a report file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{p}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit for one report")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read the file ({e.strerror})") from e
    return decode(data, name=str(p))
