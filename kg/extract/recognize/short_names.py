"""Firms named again by a short form the report itself taught: a full company name (广东东鹏控股股份有限公司)
defines its brand (东鹏: the name without the place in front, the legal form and the words that end a firm's own
name, ``kg/data/firm_tails.tsv``), and later in the report the brand followed by an industry word, one of those
words, or 公司/集团 (东鹏陶瓷, 东鹏公司) names the same firm.  A brand of three or more characters names it alone.

>>> brand("广东东鹏控股股份有限公司", ("广东",))
'东鹏'
>>> brand("江西瑞丰新材料有限公司", ("江西",))
'瑞丰'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..findings import Ballot, Found, found
from ..framework import Context, component
from ..lexicon import alternation, words
from .words import Words, common_word


@lru_cache(maxsize=1)
def _tails() -> tuple[str, ...]:
    return tuple(sorted({*words("firm_tails.tsv"), *words("industry_cues.tsv")}, key=lambda w: (-len(w), w)))


def brand(full: str, places: tuple[str, ...]) -> str | None:
    """The brand a firm's full name teaches, or ``None`` (no legal form, or less than two characters left, or a
    common word of the dictionary)."""
    from ..resolve import shortened

    short = shortened(full, places)
    if short == full:
        return None
    changed = True
    while changed:
        changed = False
        for tail in _tails():
            if short.endswith(tail) and len(short) - len(tail) >= 2:
                short, changed = short[:-len(tail)], True
                break
    return short if len(short) >= 2 and not common_word(short) else None


_RULES = {
    "inside-full-name": "the brand stands inside the firm's own full name or another organisation's name",
    "brand-not-a-name": "the words before the industry word are no brand: a sector or category word, a verb or "
                        "function word, a number, or the whole is a word of the dictionary (农业科技, 全县化工)",
}

#: Marks that end the words before a brand.
_PUNCT = "，,、；;。：:（）()“”\"‘’《》 \n"
#: A brand before an industry word: one or two words of two to four characters in all.
_BRAND_LEN = (2, 4)


@lru_cache(maxsize=1)
def _acting() -> re.Pattern[str]:
    acts = alternation(list(words("firm_acts.tsv")))
    # the act right after, after an adverb (成功, 分别), or after the next firm of a list (甲乙能源、丙丁投资入选)
    # … or a phrase ending in 企业 that says what kind of firm it is (甲乙粮油1家规上工业企业, 甲乙商贸为限上商贸企业)
    kind = r"(?:\d+家)?(?:为|成为)?[\u4e00-\u9fff]{0,6}企业"
    return re.compile(rf"(?P<tail>{alternation(list(_tails()))})"
                      rf"(?=(?:成功|顺利|再次|分别|均)?(?:{acts})|{kind}|、[\u4e00-\u9fff]{{2,8}}?(?:(?:{acts})|{kind}))")


def named_in_full(document: str, short: str) -> bool:
    """True when the document writes a company's full name that holds the brand of ``short`` (its part before the
    industry word or 公司) followed by a legal form (有限公司, 股份, 集团) within a few characters."""
    stem = next((short[:-len(t)] for t in (*_tails(), "公司", "集团") if short.endswith(t) and len(short) > len(t)),
                short)
    return re.search(rf"{re.escape(stem)}[\u4e00-\u9fff（）()]{{0,10}}?(?:有限|股份|集团)", document) is not None


@lru_cache(maxsize=1)
def _company() -> re.Pattern[str]:
    # not a part of a longer legal name (…公司有限…), nor the owner of the project named after it (甲乙公司二期项目:
    # the project step reads that owner)
    return re.compile(r"(?P<tail>公司|集团)(?![\u4e00-\u9fff]{0,2}(?:有限|股份))"
                      r"(?!(?:第?[一二三四五六七八九十\d]{1,3}期)?(?:项目|工程))")


#: Tags of words a coined brand is made of besides its one-character verbs (锂|动 of 甲锂动新能源).
_NAME_TAGS = frozenset({"nz", "nr", "nrt", "ns", "nt"})


def _coined(t, w: Words) -> bool:
    """A one-character verb right after a name word is part of a coined brand (锂|动), not a verb."""
    prev = w.at(t.start - 1) if t.start > 0 else None
    return len(t.text) == 1 and t.tag == "v" and prev is not None and prev.end == t.start and prev.tag in _NAME_TAGS


def _brands_acting(text: str, w: Words, taken: list[tuple[int, int]]) -> tuple[list[tuple[int, int]],
                                                                                 list[tuple[int, int]]]:
    """Firms a sentence names by a brand and an industry word as the subject of a firm's act (宝山水产签约,
    尼龙科技获评…), or by a brand and 公司 or 集团 (天麦力公司), where the report gave no full name: the spans
    kept and the spans refused."""
    from .words import FUNCTION_TAGS

    from ..admin import level_chars
    from ..components.places import is_generic

    kept, refused = [], []
    sectors = {*_tails(), *words("category_heads.tsv")}
    bounds = set(words("boundary_words.tsv"))  # 申报甲乙商贸: a verb of the scan's list opens no brand
    for m in sorted([*_acting().finditer(text), *_company().finditer(text)], key=lambda m: m.start()):
        a = m.start()
        if not w.is_boundary(a) and (t := w.at(a)) is not None and t.end == m.end():
            a = t.start  # 新|能源 of 甲锂动新能源: the industry word is the end of a longer word
        if any(s <= a < e for s, e in taken) or not w.is_boundary(a):
            continue
        toks: list = []
        i = a
        while i > 0 and (t := w.at(i - 1)) is not None and t.end == i and a - t.start <= _BRAND_LEN[1] \
                and (t.tag not in FUNCTION_TAGS or _coined(t, w)) and text[t.start] not in _PUNCT \
                and t.text not in bounds:
            toks.insert(0, t)
            i = t.start
        stem = text[i:a]
        if not _BRAND_LEN[0] <= len(stem) <= _BRAND_LEN[1]:
            continue
        before = w.at(i - 1) if i > 0 else None
        if before is not None and before.end == i and before.tag == "ns" and len(before.text) >= 2 \
                and (i == len(before.text) or text[before.start - 1] in _PUNCT
                     or (w.at(before.start - 1) or before).tag in FUNCTION_TAGS):
            i = before.start  # 北湖锂动新能源: the place the firm is known by opens its short name
            stem = text[i:a]
            before = w.at(i - 1) if i > 0 else None
        opens = before is None or before.tag in FUNCTION_TAGS or text[i - 1] in _PUNCT or before.text in bounds
        if not opens or stem in sectors or stem[-1] in level_chars() or is_generic(stem, "") \
                or stem.startswith(words("category_leads.tsv")) or any(t.tag == "m" or any(ch.isdigit() for ch in t.text) for t in toks) \
                or w.is_single_word(i, m.end()) or common_word(stem + m.group("tail")):
            refused.append((i, m.end()))
        else:
            kept.append((i, m.end()))
    return kept, refused


@component("short names", reads=("doc", "sent", "organisations", "firm_brands", "tokens"),
           adds=("short_names", "firm_brands"), rules=_RULES)
def short_names(ctx: Context) -> dict[str, Any]:
    """Firms named by the brand an earlier full name taught: reads ``organisations`` (full company names teach
    brands) and ``firm_brands`` (the brands of the sentences before); adds ``short_names`` (rule
    ``firm-short-name``, named by the full name; and ``firm-brand-acting``, a brand and an industry word before a
    firm's act such as 签约 or 产值, ``kg/data/firm_acts.tsv``) and ``firm_brands``."""
    from ..resolve import place_prefixes

    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    brands = dict(ctx.firm_brands)
    ballot = Ballot(doc, sent)
    out: list[Found] = []
    if brands:
        tails = alternation([*_tails(), "公司", "集团"])
        pattern = re.compile(rf"({alternation(list(brands))})({tails})?")
        orgs = [(f.mention.start - sent.start, f.mention.end - sent.start) for f in ctx.organisations]
        for m in pattern.finditer(text):
            b = m.group(1)
            if m.group(2) is None and len(b) < 3:
                continue
            full = brands[b]
            f = found(doc, sent, sent.start + m.start(), sent.start + m.end(), "Enterprise", full.name,
                      "firm-short-name")
            if any(a <= m.start() and m.end() <= e for a, e in orgs):
                ballot.drop(f, "inside-full-name")
            else:
                out.append(f)
    taken = [(f.mention.start - sent.start, f.mention.end - sent.start) for f in (*ctx.organisations, *out)]
    kept, refused = _brands_acting(text, Words.of(ctx.tokens), taken)
    for a, b in kept:
        if named_in_full(doc.text, text[a:b]):
            continue  # the report names the firm in full elsewhere: only the brand it teaches names it
        out.append(found(doc, sent, sent.start + a, sent.start + b, "Enterprise", text[a:b], "firm-brand-acting"))
    for a, b in refused:
        ballot.drop_span(a, b, "Enterprise", "brand-not-a-name", "firm-brand-acting")
    places = place_prefixes(doc)
    for f in ctx.organisations:
        if f.mention.type == "Enterprise" and (b := brand(f.name, places)) is not None:
            brands.setdefault(b, f)
    return {"short_names": tuple(out), "firm_brands": brands, "decisions": ballot.decisions}


__all__ = ["brand", "named_in_full", "short_names"]
