"""Programmes: campaigns, initiatives, funds, training classes and slogans such as 百千万工程 — quoted names
(a strong cue) and unquoted names ending in a programme word (``kg/data/programme_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import alternation, mapping, words
from ...model import Document, Sentence
from ..findings import Findings, Found, found
from ..names import is_name_char, scan_left
from ..quotes import find_quotes, is_award_quote, is_phrase


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("programme_suffixes.tsv"))))


def _not_programme_quote(text: str, start: int, end: int) -> bool:
    """Quotes that name something other than a programme: followed by 问题 (a problem slogan)."""
    return text[end + 1:end + 3] == "问题"


def find_programmes(doc: Document, sent: Sentence) -> Findings:
    """Programme names in one sentence.

    :param doc: the document.
    :param sent: the sentence.
    :returns: mentions with rule ``programme-quoted`` or ``programme-suffix:<suffix>``.
    """
    text = sent.text
    out: list[Found] = []
    quotes = find_quotes(text)
    for q in quotes:
        content = text[q.start:q.end]
        if is_phrase(content) or is_award_quote(text, q) or _not_programme_quote(text, q.start, q.end):
            continue
        if any(content.endswith(w) for w in words("facility_suffixes.tsv")):
            continue  # a built facility (“幸福路”): a project
        if any(content.endswith(w) and len(content) > len(w) for w in words("product_suffixes.tsv")) or (
                len(content) >= 3 and content.endswith(words("quoted_products.tsv"))):
            continue  # a product brand (“榕岗沙糖橘”)
        if "“" in content or "”" in content:
            continue
        name = content.replace("‘", "").replace("’", "")
        out.append(found(doc, sent, sent.start + q.start, sent.start + q.end, "Programme", name, "programme-quoted"))
    inside_quote = [(q.start - 1, q.end + 1) for q in quotes]
    openers = words("programme_openers.tsv")
    max_by_suffix = mapping("programme_suffixes.tsv", "max_prefix")
    for m in _pattern().finditer(text):
        if m.start() > 0 and text[m.start() - 1] in "”’":
            continue  # the head noun of a quoted name (“五美”专项行动)
        if any(s <= m.start() < e for s, e in inside_quote):
            continue
        start = scan_left(text, m.start(), max_len=max_by_suffix[m.group(0)], min_len=2, scope="org")
        if start is None:
            continue
        if start > 0 and text[start - 1] in "”’":
            continue  # “一针一线”纺织服装培训班: the quoted name is the programme; the rest describes it
        stretch = text[start:m.start()]
        cut = max((stretch.rfind(w) + len(w) for w in openers if w in stretch), default=0)
        start += cut
        if m.start() - start < 2 or not all(is_name_char(c) for c in text[start:m.start()]):
            continue
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Programme", text[start:m.end()],
                         f"programme-suffix:{m.group(0)}"))
    return Findings(found=tuple(out))
