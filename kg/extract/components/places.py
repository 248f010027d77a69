"""Places: provinces to villages, communities, named areas (片区, 圩) and industrial parks, found by
their suffix (``kg/data/place_suffixes.tsv``); the document's own place hierarchy from its metadata."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import alternation, mapping, table, words
from ...model import Document, DocumentMeta, Sentence
from ..findings import Findings, Found, found
from ..names import scan_left

#: Suffixes of each level, tried in order (广州市 ends in 市 before 州 is considered).
_LEVELS = (("Province", ("省", "自治区", "特别行政区")), ("City", ("市", "自治州", "盟", "州")),
           ("District", ("区", "县", "旗", "市")), ("Town", ("镇", "乡", "街道")))


def hierarchy(meta: DocumentMeta) -> tuple[tuple[str, str], ...]:
    """The document's places, outermost first, read from its ``place`` metadata.

    :param meta: document metadata; ``place`` like ``"广东省南江市北城区东岭镇"``.
    :returns: ``(class, name)`` pairs.

    >>> hierarchy(DocumentMeta(place="广东省南江市北城区东岭镇"))
    (('Province', '广东省'), ('City', '南江市'), ('District', '北城区'), ('Town', '东岭镇'))
    """
    rest = meta.place.strip()
    out: list[tuple[str, str]] = []
    for cls, suffixes in _LEVELS:
        m = None
        for suffix in suffixes:
            m = re.match(rf"(.+?{suffix})", rest)
            if m and len(m.group(1)) >= 2:
                break
        if m and len(m.group(1)) >= 2:
            # a district-level 市 is only read when a city came first
            if cls == "District" and m.group(1).endswith("市") and not any(c == "City" for c, _ in out):
                continue
            out.append((cls, m.group(1)))
            rest = rest[m.end():]
    return tuple(out)


#: Words that make a place word a category (市级现代农业产业园).
_CATEGORY_LEADS = ("国家级", "省级", "市级", "区级", "县级", "镇级", "村级", "全国", "全省", "全市")

#: Single characters that end a place name of some level; a name's prefix never ends with one.
_LEVEL_CHARS = frozenset("省市区县镇乡村")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation([r[0] for r in table("place_suffixes.tsv")]))


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
    rows = {r[0]: r for r in table("place_suffixes.tsv")}
    followers = mapping("suffix_followers.tsv")
    out: list[Found] = []
    for m in _pattern().finditer(text):
        suffix = m.group(0)
        _, cls, min_p, max_p, canon_suffix = rows[suffix]
        nxt = text[m.end():m.end() + 1]
        if nxt and nxt in followers.get(suffix, ""):
            continue
        start = scan_left(text, m.start(), max_len=int(max_p), min_len=int(min_p))
        if start is None:
            continue
        if start > 0 and text[start - 1].isdigit():
            continue  # 3个未来社区: a counted kind of place (the counter 个 was read as part of a name)
        prefix = text[start:m.start()]
        owned = cls in ("Area", "IndustrialPark") and len(suffix) > 1 and len(prefix) >= 3
        if suffix in prefix or (prefix[-1] in _LEVEL_CHARS and not owned):
            continue  # 驻镇帮镇, 省市: the scan ran over another word (a town's own park stays: 石门镇工业集中区)
        # 东岭镇西坑村: a higher-level place written in front of an administrative name is not part of it
        # (a park or area keeps it: 石角镇农业产业园)
        cut = 0 if cls in ("Area", "IndustrialPark") else max((k + 1 for k, ch in enumerate(prefix)
                   if ch in _LEVEL_CHARS and prefix[k + 1:k + 2] not in tuple(followers.get(ch, ""))), default=0)
        if cut and len(prefix) - cut >= int(min_p):
            start += cut
            prefix = prefix[cut:]
        name = prefix + canon_suffix
        if prefix.startswith(_CATEGORY_LEADS):
            continue  # 市级现代农业产业园, 省级乡村振兴示范镇: a category, not a name
        if is_generic(name, canon_suffix) or is_generic(text[start:m.end()], suffix):
            continue
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), cls, name, f"place-suffix:{suffix}"))
    return Findings(found=tuple(out))


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    return re.compile(alternation([r[0] for r in table("known_names.tsv")]))


def find_known_names(doc: Document, sent: Sentence) -> Findings:
    """Well-known names written without a suffix (广东, 广州, 党的二十大), from ``kg/data/known_names.tsv``.

    A short form followed by a name character that would continue it (广东省, 广州市, 广东技工) or preceded by
    one (…粤广东) is left to the other finders.

    :param doc: the document.
    :param sent: the sentence.
    :returns: mentions with rule ``known-name``.
    """
    rows = {r[0]: r for r in table("known_names.tsv")}
    text = sent.text
    out: list[Found] = []
    for m in _known_pattern().finditer(text):
        _, cls, canonical = rows[m.group(0)]
        nxt = text[m.end():m.end() + 1]
        if canonical.startswith(m.group(0)) and canonical != m.group(0) and nxt == canonical[len(m.group(0))]:
            continue  # the full name follows: the suffix finder reads it
        if cls in ("Province", "City") and nxt and nxt in "省市区县镇村":
            continue
        out.append(found(doc, sent, sent.start + m.start(), sent.start + m.end(), cls, canonical, "known-name"))
    return Findings(found=tuple(out))
