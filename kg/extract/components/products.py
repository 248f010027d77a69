"""Local products (东坑种鹅, 西岭土麻鸡), found by suffix (``kg/data/product_suffixes.tsv``), quoted brands
ending in a product noun (``kg/data/quoted_products.tsv``), and works named in 《》 (an opera, a song, a book),
unless the title is a document's (``kg/data/document_heads.tsv``: 《…规划》, 《…条例》)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..admin import stem
from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, words
from ..names import is_name_char, scan_left
from ..quotes import in_metaphor, product_noun_after
from ..recognize.words import Words

_RULES = {
    "no-name-before-suffix": "no name stands before a short product noun (茶叶 alone names no product)",
    "own-place-and-noun": "the document's own place and a product noun (白岭茶叶) name no product",
    "not-a-brand": "the quote is open, shorter than 3 or longer than 10 characters, or holds no name",
    "duplicate": "the quoted brand was found by its suffix already",
    "document-title": "a title in 《》 that ends like a document, a law or a plan (《…规划》, 《…条例》: "
                      "document_heads.tsv) names a text the report cites, not a work",
}

#: Tags of words that act or qualify an act (verbs, adverbs): no product's name holds one before its noun.
_ACTS = frozenset({"v", "vn", "vd", "d", "ad", "p", "c"})

#: A title in 《》: 1–24 characters, none of them a bracket or a sentence mark.
_WORK = re.compile(r"《([^《》。；;\n]{1,24})》")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("product_suffixes.tsv"))))


def _place_stems(own: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The document's own places without their level word (白岭 of 白岭镇, 白岭瑶族乡 and 白岭乡)."""
    from ..resolve import ethnic_short_form

    names = (n for _, place in own for n in (place, ethnic_short_form(place)))
    return frozenset(s for n in names if (s := stem(n)) is not None)


@component("products", reads=("doc", "sent", "own", "quotes", "tokens"), adds=("products",), rules=_RULES)
def products(ctx: Context) -> dict[str, Any]:
    """Product names: reads ``sent``, ``own`` (the document's place and a product noun name no product) and
    ``quotes``; adds ``products`` (rules ``product-suffix:<suffix>``, ``product-quoted``, ``product-work``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    limits = mapping("product_suffixes.tsv", "max_prefix")
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for m in _pattern().finditer(text):
        rule = f"product-suffix:{m.group(0)}"
        bounds = Words.of(ctx.tokens)
        start = scan_left(text, m.start(), max_len=limits[m.group(0)], min_len=2, scope="place", strict=True,
                          bounds=bounds)
        if start is not None and bounds:  # 仅加工|茶叶, 瞄准|茶叶: a verb or an adverb ends what stands before
            acts = [t.end for t in bounds.tokens if start <= t.start and t.end <= m.start() and t.tag in _ACTS
                    and len(t.text) > 1]  # (a name the dictionary reads character by character, its characters tagged as verbs)
            if acts:
                start = max(acts) if m.start() - max(acts) >= 2 else None
        if start is None:
            if len(m.group(0)) < 3:
                ballot.drop_span(m.start(), m.end(), "Product", "no-name-before-suffix", rule)
                continue
            start = m.start()  # 香米: a product word of its own
        if text[start:m.start()] in _place_stems(ctx.own):
            ballot.drop_span(start, m.end(), "Product", "own-place-and-noun", rule)
            continue
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Product", text[start:m.end()], rule))
    for q in ctx.quotes:
        content = text[q.start:q.end]
        if not (content.endswith(words("quoted_products.tsv")) or product_noun_after(text, q)) \
                or in_metaphor(text, q):
            continue  # (把“小萝卜”变成“大产业”: a figure of speech, no brand)  # not a product brand's quote: left to the programmes
        candidate = found(doc, sent, sent.start + q.start, sent.start + q.end, "Product", content, "product-quoted")
        if not (q.closed and (3 <= len(content) or product_noun_after(text, q) == "牌") and len(content) <= 10
                and all(is_name_char(c) for c in content)):  # (“青峰”牌: a brand of two characters)
            ballot.drop(candidate, "not-a-brand")
        elif same := next((f for f in out if f.mention.start == sent.start + q.start
                           and f.mention.end == sent.start + q.end), None):
            ballot.drop(candidate, "duplicate", same)
        else:
            out.append(candidate)
    for m in _WORK.finditer(text):  # 《山歌》亮相…: a work
        candidate = found(doc, sent, sent.start + m.start(1), sent.start + m.end(1), "Product", m.group(1),
                          "product-work")
        if m.group(1).endswith(words("document_heads.tsv")):
            ballot.drop(candidate, "document-title")
        else:
            out.append(candidate)
    return {"products": tuple(out), "decisions": ballot.decisions}
