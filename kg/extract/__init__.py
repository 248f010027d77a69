"""Extraction: a ``Document`` → entities, facts and observations, each with its provenance.

Each extractor (one module per concept: places, organisations, people, honours, projects, programmes,
coordination, observations, plans …) only reads a sentence and returns what it found; :func:`extract` is the one
place that runs them in order, checks what each returns, attaches document-level facts (the place hierarchy,
roles, industries, participation) and hands the mentions to :func:`kg.extract.resolve.resolve`.

Example::

    from kg.text.segment import load_document
    from kg.extract import extract
    ex = extract(load_document("data/raw/yuantan-2023-work-report.txt"))
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import StepError
from .admin import classes, classes_above, hierarchy
from .dates import is_year_phrase
from .lexicon import mapping, rows
from ..model import Concept, Document, Entity, Extraction, Fact, Provenance, Sentence, Value
from .components.coordination import Coordination, find_coordinations
from .components.events import find_events
from .findings import Findings, Found, found, key, mention_prov
from .components.honours import find_honours
from .components.observations import find_observations
from .components.organisations import find_organisations, level_of
from .components.people import PersonMention, find_people
from .components.places import find_known_names, find_places
from .quotes import find_quotes
from .components.plans import find_plan_items
from .components.products import find_products
from .components.programmes import find_programmes
from .components.projects import find_projects

__all__ = ["extract", "extract_file", "extract_findings", "Findings", "Found"]

_PLACE_TYPES = ("Village", "Community", "Area", "IndustrialPark")
_ORG_TYPES = ("GovernmentBody", "PublicInstitution", "Enterprise")


def _step(name: str, value: Any, expected: type) -> Any:
    """Fail at once, naming the step, when an extractor returns something else than it promises."""
    if not isinstance(value, expected):
        raise StepError(f"extraction step {name!r} returned {type(value).__name__}, expected {expected.__name__}")
    return value


def _dedupe(items: list[Found]) -> list[Found]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for f in items:
        k = (f.mention.start, f.mention.end, f.mention.type, f.name)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def _industry(text: str) -> str | None:
    cues = mapping("industry_cues.tsv", "industry")
    for cue in sorted(cues, key=len, reverse=True):
        if cue in text:
            return cues[cue]
    return None


def _role_place(role: str) -> str:
    return mapping("roles.tsv", "place").get(role, "")


def _leads(title: Found, place: Found) -> bool:
    """The place opens the honour title, maybe after its year (“桐溪县最美医生”, “2023年上半年某某市…”)."""
    head = title.mention.text[:place.mention.start - title.mention.start]
    return is_year_phrase(head)


def _bare_parks(doc: Document, sent: Sentence, places: tuple[Found, ...], parks: dict[str, Found]) -> tuple[Found, ...]:
    """A park's bare suffix (开发区, 工业集中区) standing alone is the park last named in full with it.

    :param doc: the document.
    :param sent: the sentence.
    :param places: the places found in it (parks named in full are remembered in ``parks``, by suffix).
    :param parks: the last park named with each suffix, updated here.
    :returns: mentions of the remembered parks, rule ``park-short-form``.
    """
    from .names import scan_left

    out: list[Found] = []
    text = sent.text
    for suffix, last in sorted(parks.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        for m in re.finditer(re.escape(suffix), text):
            a, b = sent.start + m.start(), sent.start + m.end()
            if any(f.mention.start < b and a < f.mention.end for f in (*places, *out)):
                continue
            if scan_left(text, m.start(), max_len=4) is not None or text[m.end():m.end() + 1] in ("区", "园"):
                continue  # a name of its own ends here, or the suffix is part of a longer word
            out.append(found(doc, sent, a, b, "IndustrialPark", last.name, "park-short-form"))
    for f in places:
        if f.mention.type == "IndustrialPark" and f.mention.rule.startswith("place-suffix:"):
            suffix = f.mention.rule.split(":", 1)[1]
            if len(suffix) >= 3:
                parks[suffix] = f
    return tuple(out)


def _sentence(doc: Document, sent: Sentence, prev: Sentence | None, own: dict[str, str],
              levels: dict[str, str], parks: dict[str, Found]) -> Findings:
    """Run every extractor over one sentence and attach the facts that link their results."""
    quoted = [(sent.start + q.start, sent.start + q.end) for q in find_quotes(sent.text)]
    known = [f for f in _step("known names", find_known_names(doc, sent), Findings).found
             if not any(a <= f.mention.start < b for a, b in quoted)]
    places = _step("places", find_places(doc, sent), Findings).found + tuple(known)
    places += _bare_parks(doc, sent, places, parks)
    orgs = _step("organisations", find_organisations(doc, sent), Findings).found
    events = _step("events", find_events(doc, sent), Findings).found
    programmes = _step("programmes", find_programmes(doc, sent), Findings).found
    products = _step("products", find_products(doc, sent), Findings).found
    lists, warnings = _step("coordination", find_coordinations(doc, sent), tuple)
    lists = tuple(_step("coordination", c, Coordination) for c in lists)
    projects = _step("projects", find_projects(doc, sent, lists), Findings)
    items = [f for c in lists for f in c.items if f.mention.type != "Project"]
    context = tuple(orgs) + tuple(places) + tuple(events) + tuple(items)
    for f in orgs:
        if f.mention.type == "GovernmentBody":
            lv = level_of(f.name, doc)
            if lv:
                levels[f.key] = lv
    anchors = tuple(f.mention.end - sent.start for f in context)
    spans = tuple((f.mention.start - sent.start, f.mention.end - sent.start) for f in context)
    people = tuple(_step("people", p, PersonMention)
                   for p in find_people(doc, sent, anchors=anchors, taken_spans=spans))
    honours = _step("honours", find_honours(doc, sent, context, people, levels), Findings)

    found = _dedupe([*places, *orgs, *events, *programmes, *products, *items, *projects.found,
                     *(p.person for p in people), *honours.found])
    # a name inside a quoted name is part of it (表现突出的团委, “百县千镇万村高质量发展工程”)
    quoted_names = [f for f in found if f.mention.type in ("Award", "Programme") and f.mention.rule in
                    ("programme-quoted", "honour-quoted")]
    found = [f for f in found if f in quoted_names or not any(
        q.mention.start <= f.mention.start and f.mention.end <= q.mention.end
        and not (q.mention.type == "Award" and f.mention.type in classes() and _leads(q, f)) for q in quoted_names)]
    # a facility with an investment is the project, not also an institution of the same name
    facility = {(f.mention.start, f.mention.end) for f in found if f.mention.rule.startswith("project-facility")}
    found = [f for f in found if not (f.mention.type in _ORG_TYPES and (f.mention.start, f.mention.end) in facility)]
    # X产业园项目: the park's name is the project's own name, not a park of its own
    found = [f for f in found if not (f.mention.type == "IndustrialPark" and any(
        g.mention.type == "Project" and g.mention.start == f.mention.start
        and g.mention.text in (f.mention.text + "项目", f.mention.text + "建设项目") for g in found))]
    # a product word inside a firm's or co-operative's name is part of that name (白岭高山茶叶种植专业合作社)
    found = [f for f in found if not (f.mention.type == "Product" and any(
        g.mention.type in _ORG_TYPES and g.mention.start <= f.mention.start
        and f.mention.end <= g.mention.end and len(g.mention.text) > len(f.mention.text) for g in found))]
    facts: list[Fact] = [*projects.facts, *honours.facts]

    def fact(subject: str, predicate: str, obj: Any, f: Found, rule: str) -> None:
        m = f.mention
        facts.append(Fact(subject, predicate, obj, (Provenance(doc.id, sent.id, m.start, m.end, m.text, rule),)))

    # the document's own place: its town, or the innermost place its metadata names (a district report)
    town = own.get("Town") or (list(own.values())[-1] if own else None)
    for f in found:
        t = f.mention.type
        if t in _PLACE_TYPES and town and f.key != town:
            fact(f.key, "containedIn", town, f, "place-in-document-place")
        if t == "GovernmentBody" and f.key in levels:
            fact(f.key, "level", Concept("level", levels[f.key]), f, "body-level")
        if t in ("Enterprise", "IndustrialPark") and (ind := _industry(f.name)):
            fact(f.key, "industry", Concept("industry", ind), f, "industry-cue-in-name")
    for c in lists:
        ind = _industry(c.modifier + c.head)
        for f in c.items:
            if ind and f.mention.type in ("Enterprise", "Project", "IndustrialPark"):
                fact(f.key, "industry", Concept("industry", ind), f, "industry-cue-in-list-head")
            for pg in programmes:
                fact(f.key, "participatesIn", pg.key, f, "list-in-programme-sentence")
    for p in people:
        pf = p.person
        if p.role:
            fact(pf.key, "role", Value(p.role, "string"), pf, "person-role")
        limit = p.role_start if p.role_start >= 0 else pf.mention.start - sent.start
        before = [f for f in context if f.mention.start - sent.start < limit
                  and f.mention.end <= pf.mention.start
                  and f.mention.type in (*_ORG_TYPES, *_PLACE_TYPES, "Town", "District", "City")]
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
        elif p.role and (lvl := _role_place(p.role)) and lvl in own:
            fact(pf.key, "affiliation", own[lvl], pf, "person-affiliation-by-role")
    if town:
        subjects = {f.key for c in lists for f in c.items}
        for pg in programmes:
            if not subjects:
                facts.append(Fact(town, "participatesIn", pg.key, (mention_prov(doc, pg),)))
    plan = _step("plans", find_plan_items(doc, sent, tuple(found)), Findings)
    obs = _step("observations", find_observations(doc, sent, prev, tuple(found), town), Findings)
    return Findings(found=tuple(found), facts=tuple(facts), warnings=tuple(warnings)) + plan + obs + Findings(
        entities=honours.entities)


def extract_findings(doc: Document) -> Findings:
    """Everything the extractors find in a document, before resolution (mentions with provisional keys).

    :param doc: a segmented document.
    :returns: the combined findings, including the numbers deliberately skipped.
    :raises StepError: if an extractor returns something else than it promises.
    """
    if not isinstance(doc, Document):
        raise StepError(f"extract needs a Document, got {type(doc).__name__}")
    chain = hierarchy(doc.meta)
    own = {cls: key(cls, name) for cls, name in chain}
    levels: dict[str, str] = {}
    parks: dict[str, Found] = {}
    total = Findings()
    prev: Sentence | None = None
    for sent in doc.sentences:
        total = total + _sentence(doc, sent, prev, own, levels, parks)
        prev = sent
    # the document's place hierarchy (from its metadata), attached to the first mention of each place
    first: dict[str, Found] = {}
    for f in total.found:
        first.setdefault(f.key, f)
    facts: list[Fact] = []
    for (c_cls, c_name), (p_cls, p_name) in zip(chain[1:], chain[:-1]):
        child, parent = key(c_cls, c_name), key(p_cls, p_name)
        if child in first and parent in first:
            m = first[child].mention
            facts.append(Fact(child, "containedIn", parent,
                              (Provenance(doc.id, m.sentence_id, m.start, m.end, m.text, "place-hierarchy-meta"),)))
    # the document's own places exist even when the text never names them (facts point at them)
    from .resolve import pinyin_of

    referenced = {f.subject for f in total.facts} | {f.object for f in total.facts if isinstance(f.object, str)}
    missing = tuple(Entity(k, cls, name, aliases=(pinyin_of(name),)) for cls, name in chain
                    if (k := key(cls, name)) not in first and k in referenced)
    return total + Findings(facts=tuple(facts), entities=missing)


def extract(doc: Document, *, curation: dict | None = None) -> Extraction:
    """Extract and resolve the entities, facts and observations of one document.

    :param doc: a segmented document (``kg.text.segment.load_document``).
    :param curation: optional hand corrections (aliases, merges, type fixes, drops) as read by
        :func:`kg.extract.curation.load_curation`; applied after resolution.
    :returns: the document's :class:`~kg.model.Extraction`.
    :raises StepError: if an extractor returns something else than it promises.
    """
    from .curation import apply_curation
    from .resolve import resolve

    ex = resolve(doc, extract_findings(doc))
    return apply_curation(ex, curation) if curation is not None else ex


def extract_file(path: str | Path, *, curation: str | Path | None = None
                 ) -> tuple[Extraction, tuple[tuple[Provenance, str], ...]]:
    """Read, normalize, segment and extract one report file.

    :param path: the report (with its ``.meta.json`` sidecar, if any).
    :param curation: optional curation file (format: :mod:`kg.extract.curation`).
    :returns: the extraction and the numbers deliberately skipped (with their rules).
    :raises InputError: if the file or the curation file cannot be read.
    """
    from .curation import apply_curation, load_curation
    from .resolve import resolve
    from ..text.segment import load_document

    cur = load_curation(curation) if curation is not None else None  # a bad file fails before the work
    doc = load_document(path)
    findings = extract_findings(doc)
    ex = resolve(doc, findings)
    return (apply_curation(ex, cur) if cur is not None else ex), findings.skipped
