"""Events: congresses, fairs and forums, found by suffix (``kg/data/event_suffixes.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import alternation, mapping, words
from ..model import Document, Sentence
from .findings import Findings, Found, found
from .names import scan_left

#: Words that end a descriptive lead-in before an event name (在北京召开的中国工会…大会).
_LEADS = ("召开的", "举行的", "举办的", "在")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("event_suffixes.tsv"))))


def find_events(doc: Document, sent: Sentence) -> Findings:
    """Event names in one sentence (rule ``event-suffix:<suffix>``).

    :param doc: the document.
    :param sent: the sentence.
    :returns: the mentions.
    """
    text = sent.text
    out: list[Found] = []
    max_by_suffix = mapping("event_suffixes.tsv")
    for m in _pattern().finditer(text):
        start = scan_left(text, m.start(), max_len=int(max_by_suffix[m.group(0)]), min_len=2, scope="org")
        if start is None:
            continue
        stretch = text[start:m.start()]
        cut = max((stretch.rfind(w) + len(w) for w in _LEADS if w in stretch), default=0)
        start += cut
        if m.start() - start < 2:
            continue
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), "Event", text[start:m.end()],
                         f"event-suffix:{m.group(0)}"))
    return Findings(found=tuple(out))
