"""Places: provinces to villages, communities, named areas (片区, 圩) and industrial parks, found by their suffix
(``kg/data/place_suffixes.tsv``; the classes of administrative places come from ``admin_levels.tsv``); well-known
names written without a suffix (广东, 广州); and a park's bare suffix standing for the park named before it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..admin import hierarchy, level_chars, place_suffixes
from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, mapping, rows, words
from ..names import is_name_char, scan_left
from ..recognize.words import COMMON_TAGS, Words

__all__ = ["places", "known_names", "park_short_forms", "hierarchy", "is_generic"]


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation([r.suffix for r in place_suffixes()]))


@lru_cache(maxsize=1)
def _place_categories() -> tuple[str, ...]:
    return tuple(r.word for r in rows("category_leads.tsv") if r.places == "yes")


#: The suffixes of the levels of the administration: a generic noun ending in one of them is generic with any.
_LEVEL_SUFFIXES = ("省", "市", "区", "县", "街道", "镇", "乡", "村", "社区")


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """``generic_names.tsv``, and each of its nouns that ends in a level's suffix with the suffix of every other
    level (示范村 → 示范乡, 示范镇; 全镇 → 全乡): what makes them generic is the part before the suffix.  Heads of
    one character other than 全 are left as written (农村 makes no 农镇)."""
    listed = set(words("generic_names.tsv"))
    heads = {name[:-len(suffix)] for name in listed for suffix in _LEVEL_SUFFIXES
             if name.endswith(suffix) and (len(name) - len(suffix) >= 2 or name[:-len(suffix)] == "全")}
    return frozenset(listed | {head + suffix for head in heads for suffix in _LEVEL_SUFFIXES})


def is_generic(name: str, suffix: str) -> bool:
    """A generic noun (示范村, 全镇, and so 示范乡, 全乡) rather than a name; also any name ending in a generic noun
    longer than the suffix (帮镇扶村 ends in 扶村, 做大全乡 in 全乡), and a generic noun before the suffix (农村小学)."""
    g = _generic()
    return name in g or name[:len(name) - len(suffix)] in g or any(name[i:] in g
                                                                   for i in range(1, len(name) - len(suffix)))


#: A count in words at the start of a name (两个开发区, 一条强村, 三座新桥): what follows is a kind, not a name.  Names
#: that open with a numeral take no measure word after it (三合村, 八一村, 五家村 stay).
COUNTED = re.compile(r"[一二两三四五六七八九十百千几多]+[个条座批届]|首[个张批家座条]")

#: A count right before the suffix (南江三个村): the places counted, a kind.
_COUNT_BEFORE_SUFFIX = re.compile(r"(?:\d+|[一二两三四五六七八九十百千几多]+)[个座]$")

#: Adjectives that make a level word a category of place (养殖强镇, 工业大县, 旅游名村, 交通重镇).
_CATEGORY_ADJECTIVES = "强大名重"
#: Verbs of a slogan that says how a place is made to thrive (党建强村, 工业兴村, 民主治村, 生态美村).
_SLOGAN_VERBS = "兴治活美富稳"


def _common_words(bounds: Words, start: int, end: int) -> bool:
    """``[start, end)`` is one or more whole common words of the dictionary, each of two or more characters."""
    toks = [t for t in bounds.tokens if start <= t.start and t.end <= end]
    return bool(toks) and toks[0].start == start and toks[-1].end == end \
        and all(len(t.text) > 1 and t.tag in COMMON_TAGS for t in toks)


def _honour_category(prefix: str, bounds: Words, start: int, end: int) -> bool:
    """``prefix`` (sentence ``[start, end)``) is a common word of the dictionary and a category adjective before a
    one-character level word (养殖|强|镇, 工业|大|县): a category of place, an honour, no name.  A name whose part
    before the adjective is a proper or unknown word stands (黄岗|大|村 with 黄岗 unknown)."""
    if len(prefix) < 3 or prefix[-1] not in _CATEGORY_ADJECTIVES + _SLOGAN_VERBS:
        return False
    toks = [t for t in bounds.tokens if start <= t.start and t.end <= end - 1]
    tags = COMMON_TAGS | {"j"}  # (党建 is an abbreviation of the dictionary)
    return bool(toks) and toks[0].start == start and toks[-1].end == end - 1 \
        and all(len(t.text) > 1 and t.tag in tags for t in toks)


_PLACE_RULES = {
    "suffix-begins-word": "the suffix begins another word (村民, 市场: kg/data/suffix_followers.tsv)",
    "no-name-before-suffix": "no name of the least length stands before the suffix",
    "counted-kind": "a number counts the places (3个未来社区, 两个开发区): a kind of place, no name",
    "scan-ran-over-word": "the name would hold its own suffix or end in a level word (驻镇帮镇, 省市)",
    "category-not-name": "the name opens with a category word (市级现代农业产业园: kg/data/category_leads.tsv)",
    "generic-name": "a generic noun, not a name (示范村, 全镇: kg/data/generic_names.tsv)",
    "honour-category": "common words and a category adjective before the level word (养殖强镇, 旅游名村), or a "
                       "slogan's verb (工业兴村, 生态美村): a category of place or a slogan, no name",
}


def _verb_named(text: str, end: int, suffix: str, level_chars_: frozenset[str]) -> int | None:
    """Where a village or town named by a verb starts (龙苍沟镇发展村, 乡挖角村): the two or three characters before
    the suffix, right after a higher place's suffix, when a division of the country bears that name (the scan stops
    at such a verb, 发展 of 推动发展村…, and leaves nothing)."""
    from ..ground.divisions import named_anywhere

    for n in (2, 3):
        at = end - n
        if at < 0 or not all(is_name_char(ch) for ch in text[at:end]):
            continue
        if at > 0 and text[at - 1] in level_chars_ and named_anywhere(text[at:end] + suffix):
            return at
    return None


@component("places", reads=("doc", "sent", "tokens", "own_place"), adds=("places",), rules=_PLACE_RULES)
def places(ctx: Context) -> dict[str, Any]:
    """Place names found by their suffix: reads ``sent``; adds ``places`` (rule ``place-suffix:<suffix>``)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    by_suffix = {r.suffix: r for r in place_suffixes()}
    followers = mapping("suffix_followers.tsv", "followers")
    level_chars_ = level_chars()
    bounds = Words.of(ctx.tokens)
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for m in _pattern().finditer(text):
        suffix = m.group(0)
        row = by_suffix[suffix]
        cls, min_p, max_p, canon_suffix = row.type, row.min_prefix, row.max_prefix, row.canonical_suffix
        rule = f"place-suffix:{suffix}"
        nxt = text[m.end():m.end() + 1]
        if nxt and nxt in followers.get(suffix, ""):
            ballot.drop_span(m.start(), m.end() + 1, cls, "suffix-begins-word", rule)
            continue
        start = scan_left(text, m.start(), max_len=max_p, min_len=min_p, bounds=bounds)
        if start is None:
            start = _verb_named(text, m.start(), canon_suffix, level_chars_)
        if start is None:
            ballot.drop_span(m.start(), m.end(), cls, "no-name-before-suffix", rule)
            continue
        if start > 0 and text[start - 1].isdigit() or COUNTED.match(text, start, m.start()) \
                or _COUNT_BEFORE_SUFFIX.search(text, start, m.start()) \
                or (text[m.start() - 1] in "两三四五六七八九十" and "、" in text[:start]):
            # 3个未来社区, 两个开发区, 一条强村; 甲乙、丙丁两村: the villages of a list
            ballot.drop_span(start, m.end(), cls, "counted-kind", rule)
            continue
        prefix = text[start:m.start()]
        owned = cls in ("Area", "IndustrialPark") and len(suffix) > 1 and len(prefix) >= 3
        if suffix in prefix or (prefix[-1] in level_chars_ and not owned):
            # 驻镇帮镇, 省市: the scan ran over another word (a town's own park stays: 石门镇工业集中区)
            ballot.drop_span(start, m.end(), cls, "scan-ran-over-word", rule)
            continue
        # 东岭镇西坑村: a higher-level place written in front of an administrative name is not part of it
        # (a park or area keeps it: 石角镇农业产业园)
        cut = 0 if cls in ("Area", "IndustrialPark") else max((k + 1 for k, ch in enumerate(prefix)
                   if ch in level_chars_ and prefix[k + 1:k + 2] not in tuple(followers.get(ch, ""))), default=0)
        if cut and len(prefix) - cut >= min_p:
            start += cut
            prefix = prefix[cut:]
        name = prefix + canon_suffix
        if prefix.startswith(_place_categories()):
            ballot.drop_span(start, m.end(), cls, "category-not-name", rule, name=name)
            continue
        if is_generic(name, canon_suffix) or is_generic(text[start:m.end()], suffix):
            ballot.drop_span(start, m.end(), cls, "generic-name", rule, name=name)
            continue
        if cls == "Area" and len(suffix) > 1 and suffix.endswith(("区", "广场", "公园")) \
                and _common_words(bounds, start, m.start()):
            # 旅游景区, 生态旅游区, 历史文化街区: common words before a zone's suffix name a kind of zone
            ballot.drop_span(start, m.end(), cls, "generic-name", rule, name=name)
            continue
        if len(suffix) == 1 and _honour_category(prefix, bounds, start, m.start()):
            ballot.drop_span(start, m.end(), cls, "honour-category", rule, name=name)
            continue
        if cls == "City" and ctx.own_place is not None and _county_rank_city(name, ctx.own_place.region):
            cls = "District"  # 义乌市, 公主岭市: a city of a county's rank in the report's province
        out.append(found(doc, sent, sent.start + start, sent.start + m.end(), cls, name, rule))
    return {"places": tuple(out), "decisions": ballot.decisions}


def _county_rank_city(name: str, region: str | None) -> bool:
    """Every division named ``name`` is a city of a county's rank (a county-level city), none a prefecture's, and
    one lies in the report's province ``region`` (a code)."""
    from ..ground.divisions import Level, within
    from ..ground.lookup import named

    ds = named(name)
    return region is not None and bool(ds) and all(d.level is Level.COUNTY for d in ds) \
        and any(within(d.code, region) for d in ds)


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    return re.compile(alternation(words("known_names.tsv")))


_KNOWN_RULES = {
    "full-name-follows": "the full name is written (广东省): the suffix finder reads it",
    "level-word-follows": "a level word follows the short name (广州市区): it belongs to another name",
    "inside-quote": "the name stands inside a quote: the quoted name holds it",
    "side-word-follows": "the name ends in a direction and a side word follows (河南侧, 湖北岸): the direction "
                         "belongs to the side word, the name is no place",
}

#: Words that follow a direction to name a side (南侧, 北岸, 东边): after a known name ending in a direction,
#: the direction is read with them.
_SIDE_WORDS = ("侧", "岸", "边")


@component("known names", reads=("doc", "sent", "quotes"), adds=("known_names",), rules=_KNOWN_RULES)
def known_names(ctx: Context) -> dict[str, Any]:
    """Well-known names written without a suffix (广东, 广州, 党的二十大: ``kg/data/known_names.tsv``), outside
    quotes: reads ``sent``, ``quotes``; adds ``known_names`` (rule ``known-name``)."""
    doc, sent = ctx.doc, ctx.sent
    by_name = {r.name: r for r in rows("known_names.tsv")}
    text = sent.text
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for m in _known_pattern().finditer(text):
        cls, canonical = by_name[m.group(0)].type, by_name[m.group(0)].canonical
        nxt = text[m.end():m.end() + 1]
        if canonical.startswith(m.group(0)) and canonical != m.group(0) and nxt == canonical[len(m.group(0))]:
            ballot.drop_span(m.start(), m.end(), cls, "full-name-follows", "known-name", name=canonical)
            continue
        if cls in ("Province", "City") and nxt and nxt in level_chars():
            ballot.drop_span(m.start(), m.end(), cls, "level-word-follows", "known-name", name=canonical)
            continue
        if m.group(0)[-1] in "东南西北" and nxt in _SIDE_WORDS:
            ballot.drop_span(m.start(), m.end(), cls, "side-word-follows", "known-name", name=canonical)
            continue
        if any(q.start <= m.start() < q.end for q in ctx.quotes):
            ballot.drop_span(m.start(), m.end(), cls, "inside-quote", "known-name", name=canonical)
            continue
        out.append(found(doc, sent, sent.start + m.start(), sent.start + m.end(), cls, canonical, "known-name"))
    return {"known_names": tuple(out), "decisions": ballot.decisions}


_PARK_RULES = {
    "overlaps-name": "the suffix stands inside a name found already",
    "own-name-before-suffix": "a name of its own ends with the suffix here (another park)",
    "suffix-in-longer-word": "the suffix begins a longer word (开发区区, 园区园)",
}


@component("park short forms", reads=("doc", "sent", "places", "known_names", "park_names"),
           adds=("park_short_forms", "park_names"), rules=_PARK_RULES)
def park_short_forms(ctx: Context) -> dict[str, Any]:
    """A park's bare suffix (开发区, 工业集中区) standing alone is the park last named in full with it: reads
    ``places``, ``known_names``, ``park_names`` (the parks of the sentences before, by suffix); adds
    ``park_short_forms`` (rule ``park-short-form``) and ``park_names`` (with this sentence's parks)."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    named = (*ctx.places, *ctx.known_names)
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    for suffix, last in sorted(ctx.park_names.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        for m in re.finditer(re.escape(suffix), text):
            a, b = sent.start + m.start(), sent.start + m.end()
            candidate = found(doc, sent, a, b, "IndustrialPark", last.name, "park-short-form")
            cause = next((f for f in (*named, *out) if f.mention.start < b and a < f.mention.end), None)
            if cause is not None:
                ballot.drop(candidate, "overlaps-name", cause)
            elif scan_left(text, m.start(), max_len=4) is not None:
                ballot.drop(candidate, "own-name-before-suffix")
            elif text[m.end():m.end() + 1] in ("区", "园"):
                ballot.drop(candidate, "suffix-in-longer-word")
            else:
                out.append(candidate)
    parks = dict(ctx.park_names)
    for f in named:
        if f.mention.type == "IndustrialPark" and f.mention.rule.startswith("place-suffix:"):
            suffix = f.mention.rule.split(":", 1)[1]
            if len(suffix) >= 3:
                parks[suffix] = f
    return {"park_short_forms": tuple(out), "park_names": parks, "decisions": ballot.decisions}
