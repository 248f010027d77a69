"""Pinyin annotations: the ``鎮(zhèn)`` marks some sources put after a character.

A syllable counts as pinyin when pypinyin knows it as the reading of some character; an
annotation is such a syllable in ASCII parentheses directly after a CJK character. Tone marks
are required unless the syllable is a (neutral-tone) reading of that very character, so an
English word or an ``(an)`` in parentheses is never mistaken for an annotation.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

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
def _pinyin_dict() -> dict[int, str]:
    """pypinyin's character readings (code point → "reading,reading"), read from its JSON file
    so that the rest of pypinyin (a slow import) is not loaded."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "pinyin_dict.json"
        if path.exists():
            return {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    from pypinyin import pinyin_dict

    return pinyin_dict.pinyin_dict


@functools.cache
def syllables() -> frozenset[str]:
    """Every toned syllable pypinyin uses as the reading of some character (NFC)."""
    out: set[str] = set()
    for found in _pinyin_dict().values():
        out.update(unicodedata.normalize("NFC", r) for r in found.split(","))
    return frozenset(out)


def is_toned(syllable: str) -> bool:
    """True when the syllable carries a tone mark."""
    return any(ch in _TONED for ch in syllable)


@functools.cache
def readings(ch: str) -> frozenset[str]:
    """All readings of a character (pypinyin's heteronyms, toned, NFC); empty if unknown.

    >>> sorted(readings("氣"))
    ['qì', 'xì']
    """
    found = _pinyin_dict().get(ord(ch)) if len(ch) == 1 else None
    if not found:
        return frozenset()
    return frozenset(unicodedata.normalize("NFC", r) for r in found.split(","))


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


def matches(ch: str, syllable: str) -> bool:
    """Whether ``syllable`` is one of the readings of ``ch`` (pypinyin's character readings).

    >>> matches("設", "shè"), matches("設", "shā")
    (True, False)
    """
    return unicodedata.normalize("NFC", syllable) in readings(ch)


def annotation_at(raw: str, pos: int) -> str | None:
    """The pinyin syllable in parentheses starting at ``raw[pos]``, or None.

    Whether it annotates the character before it is for ``is_annotation`` to say.
    """
    m = ANNOTATION_RE.match(raw, pos)
    if m is None:
        return None
    syllable = unicodedata.normalize("NFC", m.group(1))
    return syllable if syllable in syllables() else None


def toned_annotation_at(raw: str, pos: int) -> str | None:
    """Like ``annotation_at`` but only for a toned syllable, which needs no character to check."""
    syllable = annotation_at(raw, pos)
    return syllable if syllable is not None and is_toned(syllable) else None


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
