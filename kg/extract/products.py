"""Local products (迎咀种鹅, 黄茅凤翔麻鸡), found by suffix (``kg/data/product_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import alternation, mapping, words
from ..model import Document, Sentence
from .findings import Findings, Found, found
from .names import scan_left


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("product_suffixes.tsv"))))


def find_products(doc: Document, sent: Sentence) -> Findings:
    """Product names in one sentence (rule ``product-suffix:<suffix>``).

    :param doc: the document.
    :param sent: the sentence.
    :returns: the mentions.
    """
    text = sent.text
    limits = mapping("product_suffixes.tsv")
    out: list[Found] = []
    for m in _pattern().finditer(text):
        start = scan_left(text, m.start(), max_len=int(limits[m.group(0)]), min_len=2, scope="place", strict=True)
        if start is None:
            if len(m.group(0)) < 3:
                continue
            start = m.start()  # 丝苗米: a product word of its own
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Product", text[start:m.end()],
                         f"product-suffix:{m.group(0)}"))
    return Findings(found=tuple(out))
