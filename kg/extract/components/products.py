"""Local products (迎咀种鹅, 黄茅凤翔麻鸡), found by suffix (``kg/data/product_suffixes.tsv``), and quoted brands
ending in a product noun (``kg/data/quoted_products.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import alternation, mapping, words
from ...model import Document, Sentence
from ..findings import Findings, Found, found
from ..names import is_name_char, scan_left
from ..quotes import find_quotes


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("product_suffixes.tsv"))))


def _place_stems(doc: Document) -> frozenset[str]:
    """The document's own places without their level word (白岭 of 白岭镇, 白岭瑶族乡 and 白岭乡)."""
    from ..admin import hierarchy, stem
    from ..resolve import ethnic_short_form

    names = (n for _, place in hierarchy(doc.meta) for n in (place, ethnic_short_form(place)))
    return frozenset(s for n in names if (s := stem(n)) is not None)


def find_products(doc: Document, sent: Sentence) -> Findings:
    """Product names in one sentence (rule ``product-suffix:<suffix>``).

    :param doc: the document.
    :param sent: the sentence.
    :returns: the mentions.
    """
    text = sent.text
    limits = mapping("product_suffixes.tsv", "max_prefix")
    out: list[Found] = []
    for m in _pattern().finditer(text):
        start = scan_left(text, m.start(), max_len=limits[m.group(0)], min_len=2, scope="place", strict=True)
        if start is None:
            if len(m.group(0)) < 3:
                continue
            start = m.start()  # 丝苗米: a product word of its own
        if text[start:m.start()] in _place_stems(doc):
            continue  # 白岭茶叶: the document's own place and a product noun name no product
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Product", text[start:m.end()],
                         f"product-suffix:{m.group(0)}"))
    for q in find_quotes(text):
        content = text[q.start:q.end]
        if (q.closed and 3 <= len(content) <= 10 and all(is_name_char(c) for c in content)
                and content.endswith(words("quoted_products.tsv"))
                and not any(f.mention.start == sent.start + q.start and f.mention.end == sent.start + q.end for f in out)):
            out.append(found(doc, sent, sent.start + q.start, sent.start + q.end, "Product", content, "product-quoted"))
    return Findings(found=tuple(out))
