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
from .words import common_word


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
}


@component("short names", reads=("doc", "sent", "organisations", "firm_brands"),
           adds=("short_names", "firm_brands"), rules=_RULES)
def short_names(ctx: Context) -> dict[str, Any]:
    """Firms named by the brand an earlier full name taught: reads ``organisations`` (full company names teach
    brands) and ``firm_brands`` (the brands of the sentences before); adds ``short_names`` (rule
    ``firm-short-name``, named by the full name) and ``firm_brands``."""
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
    places = place_prefixes(doc)
    for f in ctx.organisations:
        if f.mention.type == "Enterprise" and (b := brand(f.name, places)) is not None:
            brands.setdefault(b, f)
    return {"short_names": tuple(out), "firm_brands": brands, "decisions": ballot.decisions}


__all__ = ["brand", "short_names"]
