"""The extraction steps of recognition: the sentence's words (``tokens``), read once after the quantities, which
every finder that scans for a name's start reads to obey the word-boundary law
(:data:`kg.extract.recognize.words.BOUNDARY_RULES`)."""

from __future__ import annotations

import re
from typing import Any

from ..framework import Context, Token, component
from .words import tokenize


@component("tokens", reads=("sent",), adds=("tokens",))
def tokens(ctx: Context) -> dict[str, Any]:
    """The words of the sentence (jieba, with the word lists as user dictionary): reads ``sent``; adds ``tokens``
    (sentence offsets, each with its part of speech)."""
    return {"tokens": tokenize(ctx.sent.text)}





#: The ontology classes whose statistical candidates are kept: those the measure on the real-text set and the
#: seed says it helps (benchmarks/REALTEXT.md, "statistical recognizer").
KEPT_TYPES: frozenset[str] = frozenset({"Person"})

_PLACE_TYPES = {"Province", "City", "District", "Town", "Village", "Community", "Area", "IndustrialPark"}

_PERSON_RULES = {
    "not-a-surname": "a person span that does not open with a family name of kg/data/surnames.tsv",
    "name-length": "a person span shorter than two or longer than three characters (four with a two-character "
                   "family name: 欧阳…)",
    "name-before-noun": "a person span the dictionary does not know as a name, right before a noun that is no title "
                        "(甲乙|黄牛交易市场, 甲乙|茶种植项目): it names a place, a brand or a product, not a person",
    "quoted-name": "a person span that fills a quote (“甲乙丙”): a brand or a programme, not a person",
}
_SPAN_RULES = {
    "untyped-span": "a place or organisation span that ends in no suffix of the suffix tables",
    "type-not-kept": "the recognizer's candidates of this type do not help on the measure (see KEPT_TYPES)",
}


def _recognized_rules() -> dict[str, str]:
    """The rules the step may record with the types kept now: the span rules only when place or organisation
    spans are read at all."""
    return {**_PERSON_RULES, **_SPAN_RULES}  # organisation spans are always read, for firms named by a brand


def _typed(text: str, label: str) -> tuple[str, str] | None:
    """The ontology class and canonical name of a LAC span, through the suffix tables (None: untyped)."""
    from ..admin import place_suffixes
    from ..lexicon import rows

    if label == "PER":
        return "Person", text
    table = ([(r.suffix, r.type, r.canonical_suffix) for r in place_suffixes()] if label == "LOC"
             else [(r.suffix, r.type, r.suffix) for r in rows("org_suffixes.tsv")])
    for suffix, cls, canon in sorted(table, key=lambda r: -len(r[0])):
        if text.endswith(suffix) and len(text) > len(suffix):
            return cls, text[:-len(suffix)] + canon
    return None


#: Words of a sentence about firms, where the recognizer also looks for firms named by their brand alone.
_FIRM_CUES = re.compile(r"企业|公司|集团|产业|制造|产量|产值|营收|投产|签约|龙头|市场|转型")


def _brand_subject(text: str, a: int, b: int, lac: tuple[tuple[int, int, str], ...]) -> bool:
    """An organisation span of the recognizer with no suffix that is a firm's brand: two to four characters, the
    subject of its clause (at the clause's start or after 、), the recognizer's next word a verb or adverb
    (甲汽创新提升, 乙钢加速转型) or a firm's figure (产量, 产值), and no place nor common word."""
    from ..admin import level_chars
    from ..ground.divisions import named_anywhere
    from .words import common_word

    if not 2 <= b - a <= 4 or (a > 0 and text[a - 1] not in "，,、；;。：:（(“\"") or common_word(text[a:b]) \
            or text[a] in level_chars():  # 县政协: a body of the county
        return False
    after = next((w for w in lac if w[0] == b), None)
    if after is None or (after[2] not in ("v", "vd", "vn", "d", "ad")
                         and text[after[0]:after[1]] not in ("产量", "产值", "营收", "销量")):
        return False
    return not any(named_anywhere(text[a:b] + s) for s in ("省", "市", "县", "区", "镇", "乡", "村"))


def may_name_a_person(tokens: tuple[Token, ...], surnames: frozenset[str]) -> bool:
    """A family name stands in the sentence as a word of its own, or a person's name of the dictionary does:
    only then can the recognizer find a person there (杨杰 reads 杨 / 杰; 提高 holds 高 inside a word)."""
    return any(t.text[0] in surnames and (len(t.text) == 1 or t.tag in ("nr", "nrfg", "nrt")) for t in tokens)


def _dictionary_person(start: int, end: int, tokens) -> bool:
    """The span is one word the dictionary knows as a person's name (吴晗|故居 stays a person)."""
    return any(t.start == start and t.end == end and t.tag in ("nr", "nrfg", "nrt") for t in tokens)


def _noun_after(text: str, end: int, tokens) -> bool:
    """A noun of the dictionary that is no title, role or honorific starts right at ``end`` (甲乙|黄牛; not 甲乙|书记,
    甲乙|同志)."""
    from ..lexicon import words
    from .words import Words

    w = Words.of(tokens)
    t = w.at(end) if w else None
    if t is None or t.start != end or not t.tag.startswith("n"):
        return False
    titles = {*words("roles.tsv"), *words("posts.tsv"), *words("honorifics.tsv")}
    return not any(text.startswith(x, end) for x in titles)


@component("recognized", reads=("doc", "sent", "tokens"), adds=("recognized",), rules=_recognized_rules)
def recognized(ctx: Context) -> dict[str, Any]:
    """The statistical recognizer's candidates: reads ``sent`` and ``tokens`` (with persons alone wanted, the
    recognizer runs only where :func:`may_name_a_person`: a quarter of the characters of a report); adds
    ``recognized`` (rules ``recognized:PER``, ``recognized:LOC``, ``recognized:ORG``), each typed through the
    suffix tables and kept for the types of :data:`KEPT_TYPES`."""
    from ..findings import Ballot, found
    from ..names import family_names
    from .short_names import named_in_full
    from .statistical import analyse, available, spans

    doc, sent = ctx.doc, ctx.sent
    ballot = Ballot(doc, sent)
    out = []
    if not KEPT_TYPES or not available():
        return {"recognized": (), "decisions": ()}
    surnames = family_names(anywhere=True)
    firms_here = _FIRM_CUES.search(sent.text) is not None
    if KEPT_TYPES == {"Person"} and not firms_here and not may_name_a_person(ctx.tokens, frozenset(surnames)):
        return {"recognized": (), "decisions": ()}
    families = {"PER": {"Person"}, "LOC": _PLACE_TYPES, "ORG": {"GovernmentBody", "PublicInstitution", "Enterprise"}}
    wanted = {label for label, types in families.items() if types & KEPT_TYPES} | ({"ORG"} if firms_here else set())
    lac = analyse(sent.text)
    person_starts = {a for a, _, label in spans(sent.text, lac) if label == "PER"}  # 刘杰王军: two names
    for a, b, label in spans(sent.text, lac):
        if label not in wanted:
            continue  # a kind of span whose types are not kept is not read at all
        text = sent.text[a:b]
        rule = f"recognized:{label}"
        typed = _typed(text, label)
        if label == "ORG" and typed is None:
            if _brand_subject(sent.text, a, b, lac) and not named_in_full(doc.text, text):
                out.append(found(doc, sent, sent.start + a, sent.start + b, "Enterprise", text, "recognized:ORG-brand"))
            else:
                ballot.drop_span(a, b, "Organisation", "untyped-span", rule)
            continue
        if typed is None:
            ballot.drop_span(a, b, "Organisation" if label == "ORG" else "Place", "untyped-span", rule)
            continue
        cls, name = typed
        if cls == "Person" and not (2 <= len(text) <= 3 or (len(text) == 4 and text[:2] in surnames)):
            ballot.drop_span(a, b, cls, "name-length", rule)
        elif cls == "Person" and not text.startswith(surnames):
            ballot.drop_span(a, b, cls, "not-a-surname", rule)
        elif cls == "Person" and sent.text[a - 1:a] == "“" and sent.text[b:b + 1] == "”":
            ballot.drop_span(a, b, cls, "quoted-name", rule)
        elif cls == "Person" and b not in person_starts and not _dictionary_person(a, b, ctx.tokens) \
                and _noun_after(sent.text, b, ctx.tokens):
            ballot.drop_span(a, b, cls, "name-before-noun", rule)
        elif cls not in KEPT_TYPES:
            ballot.drop_span(a, b, cls, "type-not-kept", rule, name=name)
        else:
            out.append(found(doc, sent, sent.start + a, sent.start + b, cls, name, rule))
    return {"recognized": tuple(out), "decisions": ballot.decisions}


__all__ = ["KEPT_TYPES", "may_name_a_person", "recognized", "tokens"]
