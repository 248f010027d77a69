"""Links between what the other steps found: the names people and honours attach to; places in the document's
own place; a body's level; the industry a name or a list head gives; participation in the sentence's
programmes; a person's role and affiliation; and the document's own place hierarchy."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..admin import classes_above
from ..findings import Findings, Found, key, mention_prov
from ..framework import Context, component
from ..lexicon import mapping
from ...model import Concept, Document, Entity, Fact, Provenance, Value

_ORG_TYPES = ("GovernmentBody", "PublicInstitution", "Enterprise")


@lru_cache(maxsize=1)
def _inner_places() -> tuple[str, ...]:
    """The places below a town (villages, communities, areas, parks): they lie in the document's own place."""
    from ...graph.vocab import PLACE_CLASSES

    return tuple(c for c in PLACE_CLASSES if c != "Country" and c not in classes_above("Village"))


def _industry(text: str) -> str | None:
    cues = mapping("industry_cues.tsv", "industry")
    for cue in sorted(cues, key=len, reverse=True):
        if cue in text:
            return cues[cue]
    return None


@component("named", reads=("organisations", "short_names", "places", "known_names", "park_short_forms", "gazetteer",
                           "events", "lists"), adds=("named",))
def named(ctx: Context) -> dict[str, Any]:
    """The names a person or an honour attaches to: reads the organisations, places (the gazetteer's too),
    events and list items (projects aside); adds ``named``."""
    items = tuple(f for c in ctx.lists for f in c.items if f.mention.type != "Project")
    return {"named": (*ctx.organisations, *ctx.short_names, *ctx.places, *ctx.known_names, *ctx.park_short_forms,
                      *ctx.gazetteer, *ctx.events, *items)}


@component("links", reads=("doc", "sent", "own", "town", "body_levels", "mentions", "lists", "programmes",
                           "people", "named"), adds=("facts",))
def links(ctx: Context) -> dict[str, Any]:
    """Facts that link the sentence's mentions: reads ``mentions``, ``lists``, ``programmes``, ``people``,
    ``named``, ``body_levels``, ``own`` and ``town``; adds the facts ``containedIn``, ``level``, ``industry``,
    ``participatesIn``, ``role`` and ``affiliation``."""
    doc, sent, town = ctx.doc, ctx.sent, ctx.town
    facts: list[Fact] = []

    def fact(subject: str, predicate: str, obj: Any, f: Found, rule: str) -> None:
        m = f.mention
        facts.append(Fact(subject, predicate, obj, (Provenance(doc.id, sent.id, m.start, m.end, m.text, rule),)))

    for f in ctx.mentions:
        t = f.mention.type
        if t in _inner_places() and town and f.key != town:
            fact(f.key, "containedIn", town, f, "place-in-document-place")
        if t == "GovernmentBody" and f.key in ctx.body_levels:
            fact(f.key, "level", Concept("level", ctx.body_levels[f.key]), f, "body-level")
        if t in ("Enterprise", "IndustrialPark") and (ind := _industry(f.name)):
            fact(f.key, "industry", Concept("industry", ind), f, "industry-cue-in-name")
    for c in ctx.lists:
        ind = _industry(c.modifier + c.head)
        for f in c.items:
            if ind and f.mention.type in ("Enterprise", "Project", "IndustrialPark"):
                fact(f.key, "industry", Concept("industry", ind), f, "industry-cue-in-list-head")
            if f.mention.type == "Programme":
                continue  # “甲”“乙”“丙”三项工程: a list of programmes takes part in none of them
            for pg in ctx.programmes:
                fact(f.key, "participatesIn", pg.key, f, "list-in-programme-sentence")
    own = {cls: key(cls, name) for cls, name in ctx.own}
    affiliations = (*_ORG_TYPES, *_inner_places(), *(c for c in classes_above("Village") if c != "Province"))
    for p in ctx.people:
        pf = p.person
        if p.role:
            fact(pf.key, "role", Value(p.role, "string"), pf, "person-role")
        limit = p.role_start if p.role_start >= 0 else pf.mention.start - sent.start
        before = [f for f in ctx.named if f.mention.start - sent.start < limit
                  and f.mention.end <= pf.mention.start and f.mention.type in affiliations]
        clause_start = max((sent.text.rfind(ch, 0, pf.mention.start - sent.start) + 1 for ch in ",，;；:：、"),
                           default=0)
        before = [f for f in before if f.mention.start - sent.start >= clause_start]
        if before:
            aff = max(before, key=lambda f: (f.mention.end, f.mention.end - f.mention.start))
            # 某某村党总支部书记: the place the role's organisation belongs to is the affiliation
            inner = [f for f in before if f.mention.type not in _ORG_TYPES
                     and aff.mention.start <= f.mention.start and f.mention.end <= aff.mention.end]
            if aff.mention.type in _ORG_TYPES and aff.mention.end - sent.start > limit and inner:
                aff = max(inner, key=lambda f: f.mention.end)
            fact(pf.key, "affiliation", aff.key, pf, "person-affiliation")
        elif p.role and (cls := mapping("roles.tsv", "place").get(p.role, "")) and cls in own:
            fact(pf.key, "affiliation", own[cls], pf, "person-affiliation-by-role")
    if town and not any(f.mention.type != "Programme" for c in ctx.lists for f in c.items):
        for pg in ctx.programmes:
            facts.append(Fact(town, "participatesIn", pg.key, (mention_prov(doc, pg),)))
    return {"facts": tuple(facts)}


def document_links(doc: Document, own: tuple[tuple[str, str], ...], findings: Findings) -> Findings:
    """The document's own place hierarchy (from its metadata), each link attached to the first mention of the
    inner place; and the document's own places that facts point at but the text never names.

    :param doc: the document.
    :param own: its own places, ``(class, name)`` outermost first.
    :param findings: what the sentences yielded.
    :returns: the ``containedIn`` facts (rule ``place-hierarchy-meta``) and the unnamed places.
    """
    from ..resolve import pinyin_of, traditional

    first: dict[str, Found] = {}
    for f in findings.found:
        first.setdefault(f.key, f)
    facts: list[Fact] = []
    for (c_cls, c_name), (p_cls, p_name) in zip(own[1:], own[:-1]):
        child, parent = key(c_cls, c_name), key(p_cls, p_name)
        if child in first and parent in first:
            m = first[child].mention
            facts.append(Fact(child, "containedIn", parent,
                              (Provenance(doc.id, m.sentence_id, m.start, m.end, m.text, "place-hierarchy-meta"),)))
    referenced = {f.subject for f in findings.facts} | {f.object for f in findings.facts if isinstance(f.object, str)}
    missing = tuple(Entity(k, cls, name, traditional(name), aliases=tuple(dict.fromkeys(
                        a for a in (traditional(name), pinyin_of(name)) if a != name)))
                    for cls, name in own if (k := key(cls, name)) not in first and k in referenced)
    return Findings(facts=tuple(facts), entities=missing)
