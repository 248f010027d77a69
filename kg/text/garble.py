"""Find runs garbled by a misaligned GBK decode.

How such a run arises: the text was GBK bytes; a decoder lost one byte (it shows as ``?``) and
went on reading every following pair one byte late, until an ASCII byte or another lost byte put it
back in step. Pairs it read into a user-defined area came out as private-use characters, which
were later dropped (two bytes lost each); full-width marks it produced were later turned into
ASCII (``！`` → ``!``: ASCII c ↔ GBK bytes A3, c+0x80); a pinyin annotation caught in the run may
lose its ``(`` to the lost byte (``?zhèn)``).

A run is a stretch holding signs of such a misread — ``?``/U+FFFD, bopomofo, private-use or rare
characters, a lone Latin letter wedged between CJK or followed by an annotation, a pinyin fragment
without its ``(`` — worth at least two points (a strong sign counts two) and with at least one sign
that is not a character (rare characters alone are no proof: names use them). Runs are bounded by
characters that carry a valid annotation, by whitespace, digits, brackets, and by more than
``MAX_GAP`` plain characters. ``kg.text.reread`` rebuilds their bytes; ``kg.text.repair`` decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import annotation, gbk

#: Most plain characters between two signs of a misread inside one run, and after the last sign.
MAX_GAP = 4

_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One character (or pinyin fragment) of a run: ``kind`` is wild, frag, char or ascii."""

    kind: str
    start: int
    end: int
    text: str
    weight: int  # 2 strong sign, 1 weak sign, 0 plain


def _is_bopomofo(ch: str) -> bool:
    return "\u3100" <= ch <= "\u312f" or "\u31a0" <= ch <= "\u31bf"


def _is_pua(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def _piece_at(raw: str, i: int) -> Piece | None:
    """The run piece at ``raw[i]``, or None where a run cannot continue."""
    ch = raw[i]
    if ch in "?\ufffd":
        return Piece("wild", i, i + 1, ch, 2 if ch == "\ufffd" else 1)
    if _is_bopomofo(ch) or _is_pua(ch):
        return Piece("char", i, i + 1, ch, 2)
    if annotation.is_cjk(ch):
        if raw.startswith("(", i + 1):
            syllable = annotation.annotation_at(raw, i + 1)
            if syllable is not None and annotation.is_annotation(ch, syllable):
                return None  # an annotated character is sound: it bounds runs
        return Piece("char", i, i + 1, ch, 0 if ch in gbk.common() else 1)
    if ch in gbk.PUNCTUATION:
        return Piece("char", i, i + 1, ch, 0)
    if ord(ch) >= 0x80:
        return Piece("char", i, i + 1, ch, 1) if gbk.gbk_bytes(ch) and not ch.isspace() else None
    if _LETTER.match(ch):
        before = raw[i - 1] if i else " "
        after = raw[i + 1] if i + 1 < len(raw) else " "
        if before.isascii() and before.isalnum() or after.isascii() and after.isalnum():
            return None  # part of a Latin word or code such as GDP or 5G
        # A pinyin annotation never follows a Latin letter in sound text: such a letter is the
        # last byte of a misread character whose annotation survived (``ㄔO(shè)``).
        # So is a lone letter wedged between two non-ASCII characters (``苯a企``), a lost byte
        # counting as one (``要?v話``).
        annotated = after == "(" and annotation.toned_annotation_at(raw, i + 1) is not None
        wedged = (not before.isascii() or before == "?") and not after.isascii()
        return Piece("ascii", i, i + 1, ch, 1 if annotated or wedged else 0)
    if 0x21 <= ord(ch) <= 0x7E and ch not in "()" and not ch.isalnum():
        # Marks that can be the second byte of a GBK character are unusual in Chinese prose.
        return Piece("ascii", i, i + 1, ch, 1 if ch in "@[\\]^_`{|}~" else 0)
    return None


def _skip(raw: str, i: int) -> int:
    """Where scanning resumes after ``raw[i]``, which cannot be part of a run."""
    ch = raw[i]
    if annotation.is_cjk(ch) and raw.startswith("(", i + 1):
        i += 1
        ch = "("
    if ch == "(":
        m = annotation.ANNOTATION_RE.match(raw, i)
        return m.end() if m else i + 1
    j = i + 1
    if ch.isascii() and ch.isalnum():
        while j < len(raw) and raw[j].isascii() and raw[j].isalnum():
            j += 1
    return j


#: Where a run may be: the non-character traces every run holds (see ``find_runs``).
_TRACE = re.compile(
    "[?\ufffd\u3100-\u312f\u31a0-\u31bf\ue000-\uf8ff]"
    rf"|(?<![(A-Za-z{annotation.PINYIN_LETTERS}])[{annotation.PINYIN_LETTERS}]+\)"
    r"|(?<![A-Za-z0-9])[A-Za-z](?![A-Za-z0-9])"
)
#: Characters scanned on each side of a trace.
_REACH = 24


def find_runs(raw: str) -> list[tuple[Piece, ...]]:
    """Runs of ``raw`` that show signs of a misread, each with up to ``MAX_GAP`` plain pieces after it.

    Only the neighbourhood of a trace (``?``, U+FFFD, bopomofo, private use, a pinyin fragment, a
    lone Latin letter) is scanned, so sound text costs almost nothing.
    Returns the pieces of each run: from its first sign to its last, then the plain tail.
    """
    windows: list[list[int]] = []
    for m in _TRACE.finditer(raw):
        start = max(0, m.start() - _REACH)
        # Begin after a closing bracket or a line break, never inside an annotation.
        cut = max(raw.rfind(")", start, m.start()), raw.rfind("\n", start, m.start()))
        start = cut + 1 if cut >= 0 else (0 if start == 0 else _safe_start(raw, start))
        end = min(len(raw), m.end() + _REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    runs: list[tuple[Piece, ...]] = []
    for start, end in windows:
        runs.extend(_scan(raw, start, end))
    return runs


def _safe_start(raw: str, start: int) -> int:
    """A position at or after ``start`` that is not inside parentheses."""
    opening = raw.rfind("(", 0, start)
    if opening >= 0 and raw.find(")", opening) >= start:
        return raw.find(")", opening) + 1
    return start


def _scan(raw: str, i: int, stop: int) -> list[tuple[Piece, ...]]:
    """The runs found scanning ``raw`` from ``i``; scanning ends at the first break after ``stop``."""
    runs: list[tuple[Piece, ...]] = []
    current: list[Piece] = []

    def close() -> None:
        signs = [k for k, p in enumerate(current) if p.weight]
        # Rare characters alone are no proof: names use them. A misread leaves a non-character
        # trace as well (a lost byte, a fragment, a stray letter, bopomofo or private use).
        traced = any(p.kind in ("wild", "frag") or p.weight == 2 for p in current if p.weight) or any(
            p.kind == "ascii" and p.weight and p.text.isalpha() for p in current
        )
        if signs and traced and sum(p.weight for p in current) >= 2:
            runs.append(tuple(current[signs[0] :]))
        current.clear()

    n = len(raw)
    while i < n and (i < stop or current):
        piece = None
        if current and raw[i] in annotation.PINYIN_LETTERS_SET and raw[i - 1] != "(":
            frag = annotation.fragment_at(raw, i)
            if frag is not None:
                piece = Piece("frag", i, frag[1], frag[0], 2)
        if piece is None:
            piece = _piece_at(raw, i)
        if piece is None:
            close()
            i = _skip(raw, i)
            continue
        if piece.weight == 0 and not current:
            i = piece.end
            continue
        current.append(piece)
        plain_tail = 0
        for p in reversed(current):
            if p.weight:
                break
            plain_tail += 1
        if plain_tail > MAX_GAP:
            close()
        i = piece.end
    close()
    return runs


def misread(trad: str) -> str:
    """Simulate the damage this module detects: ``trad``'s GBK bytes read one byte late.

    The first byte is lost (``?``), pairs are misread until an ASCII byte puts the decoder back in step,
    unmapped pairs vanish and full-width marks turn into ASCII. Tests and benchmarks use it to make damaged
    text whose original is known.

    >>> misread("。“兩城”建設")
    '?!皟沙恰苯ㄔO'
    """
    data = trad.encode("gbk")
    out = ["?"]
    k = 1
    while k < len(data) - 1:
        if data[k] < 0x80:  # an ASCII byte is read alone and puts the decoder back in step
            out.append(chr(data[k]))
            return "".join(out) + data[k + 1 :].decode("gbk")
        try:
            ch = data[k : k + 2].decode("gbk")
        except UnicodeDecodeError:
            ch = ""  # an unmapped code: lost
        if "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - 0xFEE0)  # full-width marks were turned into ASCII
        out.append(ch)
        k += 2
    last = data[-1]
    out.append(chr(last) if 0x40 <= last <= 0x7E else "?")
    return "".join(out)
