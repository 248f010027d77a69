"""GBK byte tables used to undo a misaligned decode.

* ``common()``: the characters a repaired run may contain — the GB2312 level-1 and level-2 hanzi,
  the Traditional forms OpenCC gives for them, and ordinary CJK punctuation. Anything else
  (rare hanzi, bopomofo, pinyin letters, box drawing …) is taken as a sign of a misread.
* ``code_table()``: every two-byte GBK code that decodes to a common character.
* ``is_unmapped(lead, trail)``: the codes a decoder maps to no standard character (the user-defined
  areas and a few unassigned codes); a misread that produced one of them lost the two bytes.
* ``gbk_bytes(ch)``: the GBK bytes of a character as it appears in a misread, including the
  private-use characters a Windows decoder gives for user-defined codes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

#: CJK punctuation a repair may produce (GB2312 row 1 and row 3 forms of the usual marks).
PUNCTUATION = "。，、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』"

LEAD = range(0x81, 0xFF)
TRAIL = tuple(b for b in range(0x40, 0xFF) if b != 0x7F)

# Windows code page 936 maps GBK's user-defined areas onto the Private Use Area in this order.
_PUA_AREAS = (
    (range(0xAA, 0xB0), tuple(range(0xA1, 0xFF))),  # AAA1–AFFE → U+E000…
    (range(0xF8, 0xFF), tuple(range(0xA1, 0xFF))),  # F8A1–FEFE
    (range(0xA1, 0xA8), tuple(b for b in range(0x40, 0xA1) if b != 0x7F)),  # A140–A7A0
)


@functools.cache
def _pua_codes() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    cp = 0xE000
    for leads, trails in _PUA_AREAS:
        for lead in leads:
            for trail in trails:
                out[chr(cp)] = bytes((lead, trail))
                cp += 1
    return out


def gbk_bytes(ch: str) -> bytes | None:
    """GBK bytes of ``ch`` (private-use characters via the code page 936 mapping), or None."""
    if "\ue000" <= ch <= "\uf8ff":
        return _pua_codes().get(ch)
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


@functools.cache
def standard() -> frozenset[str]:
    """GB2312 hanzi, their OpenCC Traditional forms, and CJK punctuation."""
    import opencc

    hanzi = _gb2312_hanzi()
    # One character a line, so OpenCC converts each on its own rather than as part of a phrase.
    trad = opencc.OpenCC("s2t").convert("\n".join(hanzi)).split("\n")
    return frozenset(hanzi) | frozenset(t for t in trad if len(t) == 1) | frozenset(PUNCTUATION)


@functools.cache
def _gb2312_hanzi() -> tuple[str, ...]:
    hanzi = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                hanzi.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return tuple(hanzi)


def _two_byte_codes() -> Iterator[tuple[tuple[int, int], str]]:
    """Every two-byte GBK code that decodes, with its character."""
    for lead in LEAD:
        for trail in TRAIL:
            try:
                yield (lead, trail), bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue


@functools.cache
def common() -> frozenset[str]:
    """``standard()`` plus other GBK variants that OpenCC simplifies to a GB2312 hanzi."""
    import opencc

    # Traditional variants OpenCC's s2t does not produce (眾 beside 衆) still simplify to GB2312.
    others = [ch for _, ch in _two_byte_codes() if "\u4e00" <= ch <= "\u9fff"]
    simple = opencc.OpenCC("t2s").convert("\n".join(others)).split("\n")
    base = frozenset(_gb2312_hanzi())
    variants = frozenset(o for o, s in zip(others, simple) if s in base and s != o)
    return standard() | variants


@functools.cache
def code_table() -> dict[tuple[int, int], str]:
    """(lead, trail) → character for every two-byte GBK code that decodes to a common character."""
    ok = common()
    return {code: ch for code, ch in _two_byte_codes() if ch in ok}


@functools.cache
def by_lead() -> dict[int, tuple[tuple[int, str], ...]]:
    """lead byte → ((trail, character), …) over ``code_table()``."""
    out: dict[int, list[tuple[int, str]]] = {}
    for (lead, trail), ch in code_table().items():
        out.setdefault(lead, []).append((trail, ch))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def unmapped() -> frozenset[tuple[int, int]]:
    """Two-byte codes (lead 81–FE, trail 40–FE) that GBK maps to no standard character."""
    out = set()
    for lead in LEAD:
        for trail in TRAIL:
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                out.add((lead, trail))
                continue
            if "\ue000" <= ch <= "\uf8ff":
                out.add((lead, trail))
    return frozenset(out)


@functools.cache
def unmapped_leads() -> frozenset[int]:
    """Bytes that can start an unmapped code."""
    return frozenset(lead for lead, _ in unmapped())


@functools.cache
def unmapped_trails() -> frozenset[int]:
    """Bytes that can end an unmapped code."""
    return frozenset(trail for _, trail in unmapped())


@functools.cache
def unmapped_after(lead: int) -> frozenset[int]:
    """The bytes that make an unmapped code after ``lead``."""
    return frozenset(t for l, t in unmapped() if l == lead)


@functools.cache
def unmapped_before(trail: int) -> frozenset[int]:
    """The bytes that make an unmapped code before ``trail``."""
    return frozenset(l for l, t in unmapped() if t == trail)
