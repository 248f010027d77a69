"""Who invests in, builds or runs a project, and what a project or a place produces.

From names, once the whole document is read (rule ``project-named-after-firm``, ``project-names-product``,
``product-named-after-place``):

- a project whose name opens with a firm's name is the firm's (``甲公司二期项目``, ``宏达光伏`` of 宏达): its
  ``investor``; a phase's investor is the whole project's;
- a project whose name holds a product's is a project of that product (``某村2000亩香米基地`` → 香米);
- a product whose name opens with a village's or a town's name comes from that place (``黄岭麻鸡`` → 黄岭村).

From words (the step ``ownership``, rule ``investor-cue``, ``operator-cue``): ``由甲公司投资建设的X项目``,
``甲公司投资X亿元建设的X项目``, ``X项目由甲公司运营``.
"""

from __future__ import annotations

import re
from typing import Any

from ..findings import Findings, Found, prov
from ..framework import Context, component
from ...model import Document, Fact, Provenance

_PLACE_TYPES = ("Village", "Community", "Town")
#: After a firm's name: it invests in or builds what follows (甲公司投资3亿元建设的…, 甲公司投资建设…).
_INVESTS = re.compile(r"(?:负责|牵头|计划|拟|将)?(?:投资|出资|投建|承建|开发)(?:[\d.]+[万亿]*元)?"
                      r"(?:建设|兴建|新建|打造)?(?:的)?")
#: After a firm's name: it runs what was named before it (X项目由甲公司运营).
_RUNS = re.compile(r"(?:负责)?(?:运营|经营|运行)")
#: Between a project and the firm that runs it.
_RUN_BY = re.compile(r"(?:项目)?(?:建成后)?(?:将)?(?:由|交由|委托)")


def _first(findings: Findings) -> dict[str, Found]:
    first: dict[str, Found] = {}
    for f in findings.found:
        first.setdefault(f.key, f)
    return first


def _prov(f: Found, rule: str) -> tuple[Provenance, ...]:
    m = f.mention
    return (Provenance(m.sentence_id.split("#", 1)[0], m.sentence_id, m.start, m.end, m.text, rule),)


def name_links(doc: Document, findings: Findings) -> Findings:
    """The investors, products and places of origin a document's names give (see the module docstring).

    :param doc: the document.
    :param findings: what the sentences yielded (its ``phaseOf`` facts say which project a phase is of).
    :returns: the facts, each attached to the first mention of its subject.
    """
    first = _first(findings)
    firms: dict[str, str] = {}
    for f in findings.found:
        if f.mention.type == "Enterprise":
            for form in (f.name, f.mention.text):
                if len(form) >= 2:
                    firms.setdefault(form, f.key)
    whole = {f.subject: f.object for f in findings.facts if f.predicate == "phaseOf" and isinstance(f.object, str)}
    products = {f.name: f.key for f in first.values() if f.mention.type == "Product" and len(f.name) >= 2}
    places: dict[str, str] = {}
    for f in findings.found:
        if f.mention.type in _PLACE_TYPES:
            for form in (f.name, f.mention.text):
                if len(form) >= 2:
                    places.setdefault(form, f.key)
    facts: list[Fact] = []
    seen: set[tuple[str, str, str]] = set()

    def add(subject: str, pred: str, obj: str, f: Found, rule: str) -> None:
        if (subject, pred, obj) not in seen and subject != obj:
            seen.add((subject, pred, obj))
            facts.append(Fact(subject, pred, obj, _prov(f, rule)))

    for k, f in sorted(first.items()):
        t = f.mention.type
        if t == "Project":
            owner = max((form for form in firms if f.name.startswith(form) and len(f.name) > len(form)),
                        key=len, default=None)
            if owner is not None:
                add(whole.get(k, k), "investor", firms[owner], f, "project-named-after-firm")
            for name, pk in products.items():
                if name in f.name:
                    add(k, "product", pk, f, "project-names-product")
        elif t == "Product":
            origin = max((form for form in places if f.name.startswith(form) and len(f.name) - len(form) >= 2),
                         key=len, default=None)
            if origin is not None:
                add(places[origin], "product", k, f, "product-named-after-place")
    return Findings(facts=tuple(facts))


@component("ownership", reads=("doc", "sent", "mentions", "anaphors"), adds=("facts",))
def ownership(ctx: Context) -> dict[str, Any]:
    """Investors and operators the words give: reads ``mentions`` and ``anaphors``; adds ``investor`` for a firm
    that invests in or builds a project (由甲公司投资建设的X项目, 甲公司投资建设X项目) and ``operator`` for one that
    runs it (X项目由甲公司运营)."""
    doc, sent = ctx.doc, ctx.sent
    text, S = sent.text, sent.start
    names = sorted((*ctx.mentions, *ctx.anaphors), key=lambda f: f.mention.start)
    firms = [f for f in names if f.mention.type == "Enterprise"]
    projects = [f for f in names if f.mention.type == "Project"]
    facts: list[Fact] = []
    for firm in firms:
        fe = firm.mention.end - S
        rest = text[fe:]
        inv = _INVESTS.match(rest)
        if inv and inv.group(0) not in ("", "的"):
            target = next((p for p in projects if p.mention.start - S >= fe
                           and p.mention.start - S <= fe + inv.end() + 1), None)
            if target is not None:
                facts.append(Fact(target.key, "investor", firm.key,
                                  (prov(doc, sent, firm.mention.start, target.mention.end, "investor-cue"),)))
        if _RUNS.match(rest):
            before = [p for p in projects if p.mention.end - S <= firm.mention.start - S
                      and _RUN_BY.fullmatch(text[p.mention.end - S:firm.mention.start - S])]
            if before:
                target = before[-1]
                facts.append(Fact(target.key, "operator", firm.key,
                                  (prov(doc, sent, target.mention.start, firm.mention.end + 2, "operator-cue"),)))
    return {"facts": tuple(facts)}


@component("project figures", reads=("entities", "facts"), adds=("facts",))
def project_figures(ctx: Context) -> dict[str, Any]:
    """A project's total investment read from its figure: reads the sentence's observations (``entities``,
    ``facts``); adds ``investment`` for a project that is the one subject of an investment figure in yuan
    (该项目总投资120万元) when the sentence gives it no investment otherwise (rule ``investment-figure``)."""
    by_subject: dict[str, list[Fact]] = {}
    for f in ctx.facts:
        by_subject.setdefault(f.subject, []).append(f)
    invested = {f.subject for f in ctx.facts if f.predicate == "investment"}
    out: list[Fact] = []
    for e in ctx.entities:
        if e.type != "Observation":
            continue
        fs = {f.predicate: f for f in by_subject.get(e.id, [])}
        subjects = [f for f in by_subject.get(e.id, []) if f.predicate == "subject"]
        measure, unit, value = fs.get("measure"), fs.get("unit"), fs.get("value")
        if len(subjects) != 1 or not subjects[0].object.startswith("Project/") or measure is None \
                or getattr(measure.object, "code", "") != "investment" or getattr(unit.object, "code", "") != "CNY" \
                or fs.get("valueMax") is not None:
            continue
        project = subjects[0].object
        if project in invested:
            continue
        invested.add(project)
        p = e.provenance[0]
        out.append(Fact(project, "investment", value.object,
                        (Provenance(p.doc_id, p.sentence_id, p.start, p.end, p.text, "investment-figure"),)))
    return {"facts": tuple(out)}
