"""Quoted spans (“…”): names of programmes, slogans and honour titles are written inside them."""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import rows, words


@dataclass(frozen=True, slots=True)
class Quote:
    """The content ``[start, end)`` of a quoted span, offsets into the text searched; ``closed`` is False when
    the closing mark is missing (the content then runs to the end of the clause)."""

    start: int
    end: int
    closed: bool = True


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Top-level “…” spans of a text (inner ‘…’ quotes stay inside the content), and spans between two ASCII
    double quotes ("…", as pages that lost their typography write them), paired in order.

    >>> find_quotes("推动“百千万工程”落地")
    (Quote(start=3, end=8, closed=True),)
    >>> find_quotes('10个"百馆之城"项目')
    (Quote(start=4, end=8, closed=True),)
    """
    curly = _curly(text)
    marks = [i for i, ch in enumerate(text) if ch == '"']
    ascii_ = [Quote(a + 1, b) for a, b in zip(marks[::2], marks[1::2])
              if b > a + 1 and not any(q.start - 1 <= a < q.end + 1 for q in curly)]
    return tuple(sorted((*curly, *ascii_), key=lambda q: q.start))


def _curly(text: str) -> tuple[Quote, ...]:
    out: list[Quote] = []
    i = 0
    while (i := text.find("“", i)) >= 0:
        j = text.find("”", i + 1)
        nxt = text.find("“", i + 1)
        if j < 0 or (0 <= nxt < j):
            end = len(text) if nxt < 0 else nxt
            end = len(text[:end].rstrip("。；;，,、 "))
            out.append(Quote(i + 1, end, closed=False))
            i = end
            continue
        out.append(Quote(i + 1, j))
        i = j + 1
    return tuple(q for q in out if q.end > q.start)


def award_cue_before(text: str, quote: Quote) -> str | None:
    """The award cue word right before a quote (评为“…”), if any; a quote that follows another in a list
    (荣获“甲”“乙”、“丙”等称号) takes the cue of the list's first quote."""
    head = text[:quote.start - 1]
    cue = next((w for w in _cues("before") if head.endswith(w)), None)
    if cue is None and (m := _LIST_JOIN.search(head)):
        opening = head.rfind("“", 0, m.start())
        if opening >= 0 and "”" not in head[opening:m.start()]:
            return award_cue_before(text, Quote(opening + 1, m.start()))
    return cue


#: The end of a quote of a list right before the next quote: ”, ”、, ”和 …
_LIST_JOIN = re.compile(r"”[、，,和及与]?$")


#: 把“小产品”变成“大产业”: the two quotes of a turn into a figure of speech.
_METAPHOR = re.compile(r"”(?:变成|变为|转变为|打造成)“")


def in_metaphor(text: str, quote: Quote) -> bool:
    """The quote is one side of a figure of speech (把“小萝卜”变成“大产业”) or a wish (圆了“高铁梦”)."""
    return bool(_METAPHOR.match(text, quote.end) or re.search(f"(?:{_METAPHOR.pattern})$", text[:quote.start])
                or (text[quote.end - 1:quote.end] == "梦" and quote.end - quote.start == 3
                    and text[quote.start:quote.end] != "中国梦"))  # 圆了“高铁梦”: a wish, no name


#: What may stand between a quote and the noun of a run of quoted varieties: further closed quotes, list marks, 等.
_VARIETY_RUN = re.compile(r"(?:[、，,和及与]?“[^“”]{1,12}”)*(?:等)?(?:新|优质|特色)?")


def product_noun_after(text: str, quote: Quote) -> str | None:
    """The product noun (``kg/data/quoted_products.tsv``) that a run of quoted varieties ends in, if any:
    “甲美人”荔枝, “甲美人”“乙进奉”等荔枝 — each quote then names a variety, a product.

    >>> product_noun_after("引进“甲美人”“乙进奉”荔枝等新品种", Quote(3, 6))
    '荔枝'
    >>> product_noun_after("打造“甲美人”品牌", Quote(3, 6)) is None
    True
    """
    if not quote.closed:
        return None
    run = _VARIETY_RUN.match(text, quote.end + 1)
    tail = text[run.end():] if run else text[quote.end + 1:]
    return next((w for w in _product_nouns() if tail.startswith(w)), None)


@lru_cache(maxsize=1)
def _product_nouns() -> tuple[str, ...]:
    """The product nouns of ``kg/data/quoted_products.tsv``, longest first."""
    return tuple(sorted(words("quoted_products.tsv"), key=len, reverse=True))


def award_cue_after(text: str, quote: Quote) -> str | None:
    """The award cue word right after a quote (“…”表彰), if any."""
    if not quote.closed:
        return None
    tail = text[quote.end + 1:]
    return next((w for w in _cues("after") if tail.startswith(w)), None)


@lru_cache(maxsize=2)
def _cues(position: str) -> tuple[str, ...]:
    return tuple(sorted((r.word for r in rows("award_cues.tsv") if r.position == position), key=lambda w: -len(w)))


def is_award_quote(text: str, quote: Quote) -> bool:
    """True when the quoted text is an honour title."""
    return award_cue_before(text, quote) is not None or award_cue_after(text, quote) is not None


def is_phrase(content: str) -> bool:
    """True for rhetorical quotes (“急难愁盼”, “首次”) that name nothing."""
    return len(content) < 2 or content in words("quoted_phrases.tsv")
