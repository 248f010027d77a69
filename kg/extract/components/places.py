"""Places: provinces to villages, communities, named areas (片区, 圩) and industrial parks, found by
their suffix (``kg/data/place_suffixes.tsv``, classes of administrative places from ``admin_levels.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..admin import hierarchy, level_chars, place_suffixes
from ..lexicon import alternation, mapping, rows, words
from ...model import Document, Sentence
from ..findings import Findings, Found, found
from ..names import scan_left

__all__ = ["find_places", "find_known_names", "hierarchy", "is_generic"]


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation([r.suffix for r in place_suffixes()]))


@lru_cache(maxsize=1)
def _place_categories() -> tuple[str, ...]:
    return tuple(r.word for r in rows("category_leads.tsv") if r.places == "yes")


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(words("generic_names.tsv"))


def is_generic(name: str, suffix: str) -> bool:
    """A generic noun (示范村, 全镇) rather than a name; also any name ending in a generic noun longer than the
    suffix (帮镇扶村 ends in 扶村)."""
    g = _generic()
    return name in g or any(name[i:] in g for i in range(1, len(name) - len(suffix)))


def find_places(doc: Document, sent: Sentence) -> Findings:
    """Place names in one sentence.

    :param doc: the document (offsets are into ``doc.text``).
    :param sent: the sentence to read.
    :returns: one :class:`Found` per place mention, rule ``place-suffix:<suffix>``.
    """
    text = sent.text
    by_suffix = {r.suffix: r for r in place_suffixes()}
    followers = mapping("suffix_followers.tsv", "followers")
    level_chars_ = level_chars()
    out: list[Found] = []
    for m in _pattern().finditer(text):
        suffix = m.group(0)
        row = by_suffix[suffix]
        cls, min_p, max_p, canon_suffix = row.type, row.min_prefix, row.max_prefix, row.canonical_suffix
        nxt = text[m.end():m.end() + 1]
        if nxt and nxt in followers.get(suffix, ""):
            continue
        start = scan_left(text, m.start(), max_len=max_p, min_len=min_p)
        if start is None:
            continue
        if start > 0 and text[start - 1].isdigit():
            continue  # 3个未来社区: a counted kind of place (the counter 个 was read as part of a name)
        prefix = text[start:m.start()]
        owned = cls in ("Area", "IndustrialPark") and len(suffix) > 1 and len(prefix) >= 3
        if suffix in prefix or (prefix[-1] in level_chars_ and not owned):
            continue  # 驻镇帮镇, 省市: the scan ran over another word (a town's own park stays: 石门镇工业集中区)
        # 东岭镇西坑村: a higher-level place written in front of an administrative name is not part of it
        # (a park or area keeps it: 石角镇农业产业园)
        cut = 0 if cls in ("Area", "IndustrialPark") else max((k + 1 for k, ch in enumerate(prefix)
                   if ch in level_chars_ and prefix[k + 1:k + 2] not in tuple(followers.get(ch, ""))), default=0)
        if cut and len(prefix) - cut >= min_p:
            start += cut
            prefix = prefix[cut:]
        name = prefix + canon_suffix
        if prefix.startswith(_place_categories()):
            continue  # 市级现代农业产业园, 省级乡村振兴示范镇: a category, not a name
        if is_generic(name, canon_suffix) or is_generic(text[start:m.end()], suffix):
            continue
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), cls, name, f"place-suffix:{suffix}"))
    return Findings(found=tuple(out))


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("known_names.tsv")))


def find_known_names(doc: Document, sent: Sentence) -> Findings:
    """Well-known names written without a suffix (广东, 广州, 党的二十大), from ``kg/data/known_names.tsv``.

    A short form followed by a name character that would continue it (广东省, 广州市, 广东技工) or preceded by
    one (…粤广东) is left to the other finders.

    :param doc: the document.
    :param sent: the sentence.
    :returns: mentions with rule ``known-name``.
    """
    by_name = {r.name: r for r in rows("known_names.tsv")}
    text = sent.text
    out: list[Found] = []
    for m in _known_pattern().finditer(text):
        cls, canonical = by_name[m.group(0)].type, by_name[m.group(0)].canonical
        nxt = text[m.end():m.end() + 1]
        if canonical.startswith(m.group(0)) and canonical != m.group(0) and nxt == canonical[len(m.group(0))]:
            continue  # the full name follows: the suffix finder reads it
        if cls in ("Province", "City") and nxt and nxt in level_chars():
            continue
        out.append(found(doc, sent, sent.start + m.start(), sent.start + m.end(), cls, canonical, "known-name"))
    return Findings(found=tuple(out))
