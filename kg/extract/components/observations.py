"""Figures as observations: every quantity in a sentence becomes an ``Observation`` (measure, value, unit,
qualifier, period, subject, change) unless a skip rule says otherwise (every number not read is listed with
its rule: ``kg extract --skipped``).

- measure: see :func:`measure_of`;
- period: ``截至N月底`` before the figure in its sentence (or in the sentences before it, as long as they end
  with a semicolon) gives ``<year>-01-01 .. <year>-N-last``; otherwise the sentence's year (report year for results, the year
  after for plans), the whole year;
- subject: the nearest thing the sentence makes the figure about (:mod:`kg.extract.relations.subjects`: a
  project, what a sum is spent on, the thing that opens the clause or the item …), else the document's own place;
- a bare change after 分别 (接诊量、手术量和业务收入分别同比增长32%、44%和9.3%) passes its basis to the figures
  listed with it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..admin import suffixes
from ..dates import counts_time, until_period
from ..findings import Ballot, Found, found, prov
from ..framework import Context, component
from ..lexicon import mapping, rows, words
from ..relations.subjects import (PROJECT_MEASURES, clause_subject, heading_topic, last_project, listed_firms,
                                  park_subject, part_topic, spent_on, subject_after, topic_project)
from ...model import Change, Concept, Document, Entity, Fact, Provenance, Quantity, Sentence, Value

_CLAUSE = ",，;；:：。"
#: Units of a size a project's name may give (某村2000亩香米基地), unlike a count in a name read wrongly.
_SIZE_UNITS = ("mu", "km", "square-metre", "tonne")


@lru_cache(maxsize=1)
def _keywords() -> tuple[tuple[str, str], ...]:
    from ...graph.ontology import measures

    pairs = [(kw, m.code) for m in measures() for kw in m.keywords]
    pairs += [(row.keyword, row.measure) for row in rows("measure_cues.tsv")]
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p)))


@lru_cache(maxsize=1)
def _units() -> dict[str, frozenset[str]]:
    return {code: frozenset(units) for code, units in mapping("measure_units.tsv", "units").items()}


def measure_of(before: str, q: Quantity, *, changed: bool = False) -> str:
    """The measure code of a figure: the keyword (``kg/data/measures.tsv``, ``measure_cues.tsv``) nearest before
    it in its clause among the measures that take its unit (``measure_units.tsv``); else by unit
    (``measure_fallbacks.tsv``), else ``count``.  An area planted is grain area only when its clause names a grain
    crop (``grain_words.tsv``), crop area otherwise (茶园种植面积1500亩).

    >>> from kg.extract.quantity import find_quantities
    >>> measure_of("全镇39家规上工业企业总产值", find_quantities("102.79亿元")[0])
    'industrial-output'
    """
    units = _units()
    best: tuple[int, int, str] | None = None
    for kw, code in _keywords():
        if code in units and q.unit not in units[code]:
            continue
        at = before.rfind(kw)
        if at >= 0:
            cand = (at + len(kw), len(kw), code)
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is not None:
        if best[2] in ("progress", "share-of-total") and (changed or q.change is not None):
            return "growth-rate"
        if best[2] == "crop-area" and any(w in before for w in words("grain_words.tsv")):
            return "grain-area"  # 夏种粮食和油料播种2.6万亩: a grain crop is named
        return best[2]
    if changed or q.change is not None:
        return "growth-rate"
    return mapping("measure_fallbacks.tsv", "measure").get(q.unit, "count")


def _period(doc: Document, sent: Sentence, at: int) -> tuple[str, str]:
    """The period of a figure at sentence offset ``at``: a 截至 cue before it in the sentence, or in the
    sentences before it that end with a semicolon; else the sentence's whole year."""
    year = sent.period.year or doc.meta.year
    up = until_period(sent.text[:at], year)
    if up:
        return up[0], up[1]
    i = next((k for k, s in enumerate(doc.sentences) if s.id == sent.id), 0)
    while i > 0 and doc.text[doc.sentences[i - 1].end - 1:doc.sentences[i - 1].end] in (";", "；"):
        i -= 1
        up = until_period(doc.sentences[i].text, year)
        if up:
            return up[0], up[1]
    if year is None:
        return "", ""
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


_RULES = {
    "observation": "a figure: read as an Observation",
    "in-quoted-name": "the number is inside a quoted name or slogan (“7个一”, “绿美乡村2025”)",
    "in-name": "the number is inside the name of a programme, award or organisation (石门2000亩香米基地 is a "
               "project: its figure stays one)",
    "date": "a year, month or day (2023年, 10月9日至12日, 2020-2021年度)",
    "list-marker": "the number of a numbered heading (1.集体荣誉)",
    "age-bracket": "an age that describes a group of people (35-64岁, 65岁以上), not a figure reported",
    "no-unit": "a number without a unit word: not read as a figure, listed for review",
    "indefinite-article": "一 and a measure word in characters (走出一条新路子, 仅此一项): an article, not a count",
    "counting-word": "a Chinese numeral that counts the figures right after it (两个100%)",
    "threshold": "a bound that qualifies what is counted (10亿元以上项目, 超100万元的村), not a figure reported",
}


@component("observations", reads=("doc", "sent", "town", "quotes", "quantities", "mentions", "lists", "topics",
                                  "anaphors"),
           adds=("facts", "entities", "skipped"), rules=_RULES)
def observations(ctx: Context) -> dict[str, Any]:
    """Observations: reads ``sent`` (and the sentences before it: a 截至 period carries over a semicolon),
    ``town`` (the default subject), ``quotes``, ``quantities``, ``mentions`` (a number inside a name is part of
    it; a project is what its figures are about), ``lists``, ``topics`` and ``anaphors`` (what the figure is
    about: :mod:`kg.extract.relations.subjects`); adds the ``Observation`` entities, their facts, and the numbers
    deliberately not read (``skipped``, each with its rule)."""
    doc, sent, names = ctx.doc, ctx.sent, ctx.mentions
    text = sent.text
    S = sent.start
    quotes = [(S + q.start, S + q.end) for q in ctx.quotes]
    entities: list[Entity] = []
    facts: list[Fact] = []
    skipped: list[tuple[Provenance, str]] = []
    ballot = Ballot(doc, sent)

    def skip(start: int, end: int, rule: str, proposer: str, cause: Found | None = None) -> None:
        skipped.append((prov(doc, sent, start, end, rule), rule))
        ballot.drop_span(start - S, end - S, "Observation", rule, proposer, cause=cause)

    quantities = [replace(q, start=q.start + S, end=q.end + S) for q in ctx.quantities]
    shared_change: Change | None = None
    for q in quantities:
        p = prov(doc, sent, q.start, q.end, "observation")
        if any(a <= q.start and q.end <= b for a, b in quotes):
            skip(q.start, q.end, "in-quoted-name", "quantity")
            continue
        # a figure inside a project's name is still a figure (石门2000亩香米基地); in other names it is not
        if name := next((f for f in names if f.mention.start <= q.start and q.end <= f.mention.end and (
                f.mention.type not in ("Programme", "Project") or doc.text[q.start - 2:q.start] in ("年产", "产能"))),
                None):
            skip(q.start, q.end, "in-name", "quantity", name)
            continue
        local = q.start - S
        if re.fullmatch(r"[一二两三四五六七八九十]+[个项]", q.text) and re.match(r"\d", text[q.end - S:q.end - S + 1]):
            skip(q.start, q.end, "counting-word", "quantity")
            continue
        if _ARTICLE.fullmatch(q.text):
            skip(q.start, q.end, "indefinite-article", "quantity")  # 走出了一条新路子, 仅此一项: "a", no count
            continue
        nxt = text[q.end - S:q.end - S + 1]
        if (q.text.endswith(("以上", "以下")) and nxt and "\u4e00" <= nxt <= "\u9fff") or (
                q.text.startswith(("超", "超过")) and nxt == "的"):
            skip(q.start, q.end, "threshold", "quantity")
            continue
        cs = max((text.rfind(c, 0, local) + 1 for c in _CLAUSE), default=0)
        before = text[cs:local]
        if _COUNTED_OVER.search(before + ("超过" if q.text.startswith(("超", "突破")) else "")):
            # 等3家企业产值突破5亿元: the sum is the bar the counted firms pass, not a figure of its own
            skip(q.start, q.end, "threshold", "quantity")
            continue
        ballot.keep(found(doc, sent, q.start, q.end, "Observation", q.text, "quantity"), "observation")
        unit = _refined_unit(q.unit, before, text[q.end - S:q.end - S + 6])
        change = q.change
        if change is not None and q.value == change.value and "分别" in text[max(0, local - 3):local]:
            shared_change = change
        elif change is None and shared_change is not None and q.unit == shared_change.unit:
            change = Change(value=q.value, unit=q.unit, basis=shared_change.basis)
        start_date, end_date = _period(doc, sent, local)
        oid = f"Observation/{sent.id}@{q.start}"
        entities.append(Entity(id=oid, type="Observation", name=q.text, provenance=(p,)))

        def fact(pred: str, obj) -> None:
            facts.append(Fact(oid, pred, obj, (p,)))

        fact("value", Value(str(q.value), "decimal"))
        if q.value_max is not None:
            fact("valueMax", Value(str(q.value_max), "decimal"))
        fact("unit", Concept("unit", unit))
        fact("qualifier", Concept("qualifier", q.qualifier))
        if change is not None:
            fact("change", Value(str(change.value), "decimal"))
            fact("changeUnit", Concept("unit", change.unit))
        fact("measure", Concept("measure", measure_of(before, q, changed=change is not None)))
        if start_date:
            fact("periodStart", Value(start_date, "date"))
            fact("periodEnd", Value(end_date, "date"))
        for subj in _subjects(ctx, q, before, cs):
            fact("subject", subj)
        fact("text", Value(text[cs:local + len(q.text)], "string"))
    taken = [(q.start - S, q.end - S) for q in quantities]
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        skip(S + m.start(), S + m.end(), _why_not_a_figure(text, m, [(a - S, b - S) for a, b in quotes]), "number")
    skipped.sort(key=lambda item: item[0].start)
    return {"facts": tuple(facts), "entities": tuple(entities), "skipped": tuple(skipped),
            "decisions": ballot.decisions}


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: 一 and a measure word, written in characters (一条, 一项, 一个): an indefinite article more often than a count.
_ARTICLE = re.compile(r"一[个条项批座家种支位名只处]")
#: A count of firms or projects, then what passes the bar: 3家企业产值突破, 2个项目投资超过.
_COUNTED_OVER = re.compile(r"\d+[家个项][\u4e00-\u9fff]{0,4}(?:企业|项目)[\u4e00-\u9fff]{0,6}(?:突破|超过)$")


def _why_not_a_figure(text: str, m: re.Match[str], quotes_local: list[tuple[int, int]]) -> str:
    """The skip rule of a number that is not a quantity."""
    after = text[m.end():m.end() + 6]
    if counts_time(after):
        return "date"
    if any(a <= m.start() < b for a, b in quotes_local):
        return "in-quoted-name"
    if m.start() == 0 and after[:1] in ".．、":
        return "list-marker"
    if re.match(r"(?:[-—~至到]\d+)?岁", after):
        return "age-bracket"
    return "no-unit"


def _refined_unit(unit: str, before: str, after: str) -> str:
    """The unit made precise by the noun counted (``kg/data/unit_refinements.tsv``)."""
    if unit == "item" and re.search(r"(?:的村|村(?:达到|达|有|共|增至|增加到))$", before):
        return "village"  # 超100万元的村达到15个
    if unit == "item" and re.match(r"社区(?:居委会)?(?:[^\u4e00-\u9fff]|$)", after):
        return "village"  # 甲、乙等11个社区: communities are counted as villages are
    if unit == "household" and re.search(r"(?:企业|公司)$", before):
        return "enterprise"  # 新增规上工业企业7户: 户 counts the firms named right before it
    for row in rows("unit_refinements.tsv"):
        if row.unit != unit:
            continue
        cue = row.cue
        if row.position == "after":
            head = after[:5].split("，")[0].split(",")[0]
            at = head.find(cue)
            # 12个特色村 → village; 272个村民小组, 33个村道 are not villages
            # 5个乡镇农村…: the noun counted is the town level written before the cue
            if at >= 0 and head[at + len(cue):at + len(cue) + 1] not in tuple(
                    mapping("suffix_followers.tsv", "followers").get(cue, "")) and not _names_towns(head[:at + len(cue)]):
                return row.refined
        if row.position == "before" and cue in before:
            return row.refined
    return unit


def _names_towns(text: str) -> bool:
    """The text holds a town-level word (5个乡镇农村…: the towns are counted); 乡 of 乡村 (the countryside: 和美乡村
    are villages) is none."""
    towns = [s for s, cls in suffixes(text=True) if cls == "Town"]
    return any(text.startswith(s, i) and not text.startswith("乡村", i) for i in range(len(text)) for s in towns)


def _subjects(ctx: Context, q: Quantity, before: str, cs: int) -> tuple[str, ...]:
    """The subjects of the figure ``q`` (document offsets) whose clause starts at sentence offset ``cs``: the rules
    of :mod:`kg.extract.relations.subjects`, in order; the report's own place when none answers."""
    text, S, own = ctx.sent.text, ctx.sent.start, ctx.town
    names = (*ctx.mentions, *ctx.anaphors)
    # a project is what a percentage or a sum is about (进度完成87.01%, 投资2900万元的…工程); counts are the place's
    if q.unit in ("percent", "CNY"):
        project = (subject_after(names, text, q.end - S, S) or last_project(names, cs + S, q.start)
                   or (last_project(names, S, q.start) if q.unit == "percent" else None)
                   or (topic_project(names, text, cs, S) if q.unit == "CNY" and "投资" in before
                       and measure_of(before, q) in PROJECT_MEASURES else None))
        if project:
            return (project,)
    if before.startswith(words("capacity_cues.tsv")) and (project := topic_project(names, text, cs, S, any_link=True)):
        return (project,)
    holder = next((f for f in names if f.mention.type == "Project" and q.unit in _SIZE_UNITS
                   and f.mention.start <= q.start and q.end <= f.mention.end), None)
    if holder is not None:
        return (holder.key,)
    found_ = spent_on(names, text, q, before, S) or listed_firms(ctx.lists, text, q, S)
    if found_:
        return found_
    if park := park_subject(names, text, q.start - S, S):
        return (park,)
    key, said = clause_subject(names, text, q, S, own, ctx.lists)
    if said:
        return (key,) if key else ()
    key = part_topic(names, text, q, S, own, ctx.lists) or heading_topic(dict(ctx.topics), ctx.sent.section_path)
    return (key,) if key else ((own,) if own else ())
