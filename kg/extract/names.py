"""Finding where a name starts: scan leftwards from its suffix over name characters, stop at punctuation
or at a boundary word (``kg/data/boundary_words.tsv``)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicon import rows, words

if TYPE_CHECKING:
    from .recognize.words import Words

#: Characters a name may hold besides CJK ideographs.
_NAME_EXTRA = "·"


def is_name_char(ch: str) -> bool:
    """True for CJK ideographs and the middle dot used inside names (华星·东岭智谷)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in _NAME_EXTRA


@lru_cache(maxsize=4)
def boundary_words(scope: str) -> tuple[str, ...]:
    """Boundary words for ``scope`` ``"place"`` (all of them) or ``"org"`` (those not marked place-only)."""
    chosen = [r.word for r in rows("boundary_words.tsv") if scope == "place" or r.scope == "all"]
    return tuple(sorted(set(chosen), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=64)
def _boundary_set(scope: str, ignore: tuple[str, ...], also: tuple[str, ...]) -> frozenset[str]:
    return frozenset({w for w in boundary_words(scope) if w not in ignore} | set(also))


@lru_cache(maxsize=1)
def unsplit_words() -> frozenset[str]:
    """Two-character words a name boundary never falls inside (``kg/data/unsplit_words.tsv``)."""
    return frozenset(words("unsplit_words.tsv"))


def scan_left(text: str, end: int, *, max_len: int, min_len: int = 2, scope: str = "place",
              floor: int = 0, extra: str = "", ignore: tuple[str, ...] = (), also: tuple[str, ...] = (),
              strict: bool = False, bounds: Words | None = None, lead_verbs: bool = True) -> int | None:
    """Start of the name whose last character before ``end`` is ``text[end - 1]``.

    Single-character boundary words (和, 的 …) only stop the scan once ``min_len`` characters are taken,
    so 和平 in 与和平村 survives; longer boundary words always stop it.

    :param text: the text.
    :param end: where the name (without its suffix) ends.
    :param max_len: at most this many characters are taken.
    :param min_len: a shorter name is no name (``None``).
    :param scope: ``"place"`` or ``"org"``: which boundary words apply.
    :param floor: never scan before this offset.
    :param extra: more characters a name may hold here (brackets in project names).
    :param ignore: boundary words that do not stop this scan (及 inside project names).
    :param also: more boundary words for this scan.
    :param strict: single-character boundary words stop the scan at once, too.
    :param bounds: the sentence's words (``text`` is the sentence): a one-character boundary word that is a word
        of its own stops the scan at once, and the start obeys the word-boundary law
        (:func:`kg.extract.recognize.words.align_start`).
    :param lead_verbs: a longer verb may not open the name (成立科技创新委员会, 缺乏重点项目); ``False`` for
        programmes and events, whose names may open with their verb (打击…专项行动).
    :returns: the start offset, or ``None`` if no name of at least ``min_len`` characters ends there.

    >>> t = "整治完善石门村"
    >>> t[scan_left(t, 6, max_len=3):6]
    '石门'
    """
    words = _boundary_set(scope, ignore, also)
    lengths = sorted({len(w) for w in words}, reverse=True)
    i = end
    depth = 0  # inside brackets (scanning leftwards) boundary words do not count
    while i > floor and end - i < max_len and (is_name_char(text[i - 1]) or text[i - 1] in extra):
        ch = text[i - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        head = text[floor:i]
        hit = None if depth else next((head[-n:] for n in lengths if head[-n:] in words), None)
        if hit is not None and len(hit) == 1 and text[i - 1:i + 1] in unsplit_words():
            hit = None  # 经 of 集体经济: the boundary word begins a longer word
        if hit is not None and len(hit) == 1 and bounds and not bounds.is_single_word(i - 1, i):
            word = bounds.at(i - 1)
            if word is not None and word.end == i:
                break  # 辖 of 下辖, 年 of 上半年: a longer word ends with it, and the name starts after that word
            hit = None  # 年 of 年产, 和 of 和平: the boundary word opens a word that runs into the name
        if hit is not None and bounds and bounds.is_single_word(i - 1, i):
            break  # 在叶县: 在 is a word of its own
        if hit is not None and (strict or len(hit) > 1 or end - i >= min_len or hit == "的"):
            break
        i -= 1
    if depth:
        return None
    if bounds and i < end:
        from .recognize.words import align_start

        aligned, _ = align_start(i, end, bounds, min_len=min_len, at_limit=end - i >= max_len,
                                 lead_verbs=lead_verbs, singles=frozenset(w for w in words if len(w) == 1))
        if aligned is None:
            return None
        i = aligned
    if i > floor and i < end and text[i - 1:i + 1] in unsplit_words():
        return None  # 济困难村 of 经济困难村: the name would start inside a word
    return i if end - i >= min_len or (bounds and i < end) else None  # the law may keep a short word (叶县)


@lru_cache(maxsize=2)
def family_names(anywhere: bool = False) -> tuple[str, ...]:
    """The family names of ``kg/data/surnames.tsv``, longest first; with ``anywhere``, only those read at the start
    of a clause too (reach ``anywhere``), not those read only right after a role title."""
    return tuple(sorted({r.surname for r in rows("surnames.tsv") if not anywhere or r.reach == "anywhere"},
                        key=lambda w: (-len(w), w)))
