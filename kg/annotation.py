"""Pinyin annotations: the ``鎮(zhèn)`` marks some sources put after a character.

A syllable counts as pinyin when pypinyin knows it as the reading of some character; an
annotation is such a syllable in ASCII parentheses directly after a CJK character. Tone marks
are required unless the syllable is a (neutral-tone) reading of that very character, so an
English word or an ``(an)`` in parentheses is never mistaken for an annotation.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Letters a toned pinyin syllable is written with.
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_TONED = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")
#: The same letters as a set, for a quick test of one character.
PINYIN_LETTERS_SET = frozenset("abcdefghijklmnopqrstuvwxyzü") | _TONED

#: ``(syllable)`` at a position: group 1 is the syllable.
ANNOTATION_RE = re.compile(rf"\(([{PINYIN_LETTERS}]{{1,7}})\)")
#: A syllable closed by ``)`` whose ``(`` is missing (a fragment left by a garbled decode).
FRAGMENT_RE = re.compile(rf"([{PINYIN_LETTERS}]{{1,7}})\)")


def is_cjk(ch: str) -> bool:
    """True for a CJK unified or compatibility ideograph (any plane)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    )


@functools.cache
def syllables() -> frozenset[str]:
    """Every toned syllable pypinyin uses as the reading of some character (NFC)."""
    from pypinyin import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.pinyin_dict.values():
        out.update(unicodedata.normalize("NFC", r) for r in readings.split(","))
    return frozenset(out)


def is_toned(syllable: str) -> bool:
    """True when the syllable carries a tone mark."""
    return any(ch in _TONED for ch in syllable)


@functools.cache
def readings(ch: str) -> frozenset[str]:
    """All readings of a character (pypinyin heteronyms, toned, NFC); empty if unknown.

    >>> sorted(readings("氣"))
    ['qì', 'xì']
    """
    from pypinyin import Style, pinyin

    if not is_cjk(ch):
        return frozenset()
    got = pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")
    return frozenset(unicodedata.normalize("NFC", r) for group in got for r in group)


def is_annotation(ch: str, syllable: str) -> bool:
    """Whether ``(syllable)`` after ``ch`` is a pinyin annotation of it.

    A toned syllable must be real pinyin; it need not be a reading of ``ch``, because
    annotating sources give odd readings now and then. A toneless one must be a reading of ``ch``.

    >>> is_annotation("鎮", "zhèn"), is_annotation("安", "an"), is_annotation("項", "shè")
    (True, False, True)
    """
    syllable = unicodedata.normalize("NFC", syllable)
    if not is_cjk(ch) or syllable not in syllables():
        return False
    return is_toned(syllable) or syllable in readings(ch)


@functools.cache
def _reading_index() -> dict[str, frozenset[str]]:
    from pypinyin import pinyin_dict

    index: dict[str, set[str]] = {}
    for code, rs in pinyin_dict.pinyin_dict.items():
        for r in rs.split(","):
            index.setdefault(unicodedata.normalize("NFC", r), set()).add(chr(code))
    return {k: frozenset(v) for k, v in index.items()}


def matches(ch: str, syllable: str) -> bool:
    """Whether ``syllable`` is one of the readings of ``ch`` (pypinyin's character readings).

    >>> matches("設", "shè"), matches("設", "shā")
    (True, False)
    """
    return ch in _reading_index().get(unicodedata.normalize("NFC", syllable), ())


def annotation_at(raw: str, pos: int) -> str | None:
    """The annotation syllable starting at ``raw[pos]`` (which must be ``(``), or None."""
    m = ANNOTATION_RE.match(raw, pos)
    if m is None:
        return None
    syllable = unicodedata.normalize("NFC", m.group(1))
    return syllable if syllable in syllables() and is_toned(syllable) else None


def fragment_at(raw: str, pos: int) -> tuple[str, int] | None:
    """A toned syllable closed by ``)`` at ``raw[pos]`` without its ``(``: (syllable, end) or None."""
    if pos > 0 and raw[pos - 1] == "(":
        return None
    m = FRAGMENT_RE.match(raw, pos)
    if m is None:
        return None
    syllable = unicodedata.normalize("NFC", m.group(1))
    if syllable in syllables() and is_toned(syllable):
        return syllable, m.end()
    return None
