"""Projects and their phases, status, progress, investment, dates and location.

The names come from :mod:`.project_names`; this step turns them into mentions (a phase, its whole, the firm that
owns it) and reads the facts written around each: ``phaseOf``, ``status``, ``progress``, ``investment``,
``plannedStart``, ``expectedCompletion``, ``location``.
"""

from __future__ import annotations

import re
from typing import Any

from ..admin import classes_above
from ..dates import DATE_EXPR, parse_date
from ..findings import Ballot, Found, found, key, prov
from ..framework import Context, component
from ..lexicon import alternation, mapping
from ...model import Concept, Fact, Quantity, Value
from .project_names import CLAUSE, RULES, STOP, Proj, find_names, phase_name

__all__ = ["projects", "phase_name"]

_FUTURE = ("预计", "计划", "争取", "尽快", "早日", "确保", "力争")
_EXPECTED = re.compile(rf"(?:预计|力争|争取|计划|确保|将于|拟于)(?:于|在)?(?P<date>{DATE_EXPR})(?:前)?(?:全面|全部)?(?:完成|完工|投入使用|建成|竣工|交付使用|投产)")
_DONE_BY = re.compile(rf"(?P<date>{DATE_EXPR})(?:前)?(?:全面)?(?:竣工|完工|建成|投产|投入使用)")
_PLANNED = re.compile(rf"(?:计划|预计|拟|拟于|将于|力争|争取)(?:于|在)?(?P<date>{DATE_EXPR})(?:前)?(?:动工|开工)")
#: A firm's name at the start of a project's: the name and its legal form.
_OWNER = re.compile(r"(?P<owner>[\u4e00-\u9fff]{2,14}?)(?P<form>(?:集团)?(?:股份)?有限(?:责任)?公司|集团公司|公司)")


def _status(text: str, p: Proj, nxt: int) -> tuple[str, int, int] | None:
    """Status cue in the words right after the project (to the next project or clause end) or, failing that,
    right before it."""
    cues = mapping("status_cues.tsv", "status")
    pattern = re.compile(alternation(list(cues)))
    end = min([i for i in (text.find(c, p.tail_from) for c in STOP) if i >= 0] + [nxt, len(text)])
    cs = max((text.rfind(c, 0, p.head_from) + 1 for c in CLAUSE), default=0)
    for region in ((p.tail_from, end), (cs, p.head_from)):
        for m in pattern.finditer(text, *region):
            before = text[max(region[0], m.start() - 12):m.start()]
            clause = max((text.rfind(c, region[0], m.start()) + 1 for c in ",，"), default=region[0])
            if re.fullmatch(rf"(?:{DATE_EXPR})(?:前)?", text[clause:m.start()]) and clause > region[0]:
                # 预计2022年12月开工建设，2023年5月竣工: a date alone takes the future of the clause before
                before = text[max(region[0], clause - 16):m.start()]
            if any(f in before for f in _FUTURE) and m.group(0) not in ("动工", "开工"):
                continue
            if m.group(0) in ("动工", "开工") and "计划" not in before:
                # 已于11月开工建设, X项目于5月开工 (a result): building now
                if re.search(r"已(?:于[^,，;；]{0,8})?$", before) or (
                        m.start() - region[0] == len(before) and re.fullmatch(r"于[^,，;；]{1,8}", before)):
                    return "under-construction", m.start(), m.end()
                continue
            if re.match(r"\d", text[m.end():m.end() + 1]):
                continue  # 完成87.01%: progress, not a status
            return cues[m.group(0)], m.start(), m.end()
    return None


def _named_after(place: Found, p: Proj, text: str, base: int) -> bool:
    """X产业园项目: the park's name followed only by 项目 is the project's own name, not where it lies."""
    ps, pe = place.mention.start - base, place.mention.end - base
    return place.mention.type == "IndustrialPark" and ps == p.start and text[pe:p.end] in ("项目", "建设项目")


def _sum(quantities: tuple[Quantity, ...], start: int, end: int) -> Quantity | None:
    """The one sum of money written in ``[start, end)`` (sentence offsets), if exactly one quantity is."""
    inside = [q for q in quantities if q.start < end and start < q.end]
    return inside[0] if len(inside) == 1 and inside[0].unit == "CNY" else None


@component("projects", reads=("doc", "sent", "quotes", "quantities", "tokens", "places", "organisations", "lists"),
           adds=("projects", "facts"), rules=RULES)
def projects(ctx: Context) -> dict[str, Any]:
    """Projects with their facts: reads ``sent``, ``quotes``, ``quantities`` (progress, investment), ``places``
    (parks with a phase, locations), ``organisations`` (an institution at work is no facility project) and
    ``lists`` (items of a project list); adds ``projects`` (``Project`` and owning ``Enterprise`` mentions) and
    the facts about them."""
    doc, sent = ctx.doc, ctx.sent
    text = sent.text
    year = sent.period.year or doc.meta.year
    ballot = Ballot(doc, sent)
    projs = find_names(ctx, ballot)
    out: list[Found] = []
    facts: list[Fact] = []
    S = sent.start
    for i, p in enumerate(projs):
        f = found(doc, sent, S + p.start, S + p.end, "Project", p.name, p.rule)
        out.append(f)
        me = f.key

        def fact(pred: str, obj, s: int, e: int, rule: str) -> None:
            facts.append(Fact(me, pred, obj, (prov(doc, sent, S + s, S + e, rule),)))

        if p.base is not None and p.rule not in ("project-phase-lead", "park-phase", "project-phase-bare"):
            base_end = p.start + len(p.base) if text.startswith(p.base, p.start) else p.end
            if text.startswith(p.base + "项目", p.start):
                base_end += 2
            out.append(found(doc, sent, S + p.start, S + base_end, "Project", p.base, p.rule + ":whole"))
        if p.base is not None:
            whole = key("IndustrialPark" if p.rule == "park-phase" else "Project", p.base)
            fact("phaseOf", whole, p.start, p.end, "project-phase")
        if owner := _OWNER.match(text[p.start:p.end]):
            # 甲乙公司二期项目 → 甲乙; 金禾纺织有限公司改造项目 → the firm's full name
            name_ = owner.group("owner") if owner.group("form") == "公司" else owner.group(0)
            firm = found(doc, sent, S + p.start, S + p.start + owner.end(), "Enterprise", name_, "project-owner")
            if owner.group("form") != "公司" or len(owner.group("owner")) <= 8:
                out.append(firm)
            else:
                ballot.drop(firm, "owner-name-too-long")
        # the words about a project stop where the next project named after them starts
        nxt = min([q.start for q in projs[i + 1:] if q.start >= p.tail_from] + [len(text)])
        planned = sent.period.kind == "plan"
        st = None if planned else _status(text, p, nxt)
        if st:
            fact("status", Concept("status", st[0]), min(p.start, st[1]), max(p.end, st[2]), "project-status")
        seg_end = min([k for k in (text.find(c, p.tail_from) for c in STOP) if k >= 0] + [nxt, len(text)])
        for q in ctx.quantities:
            if not (p.tail_from <= q.start and q.end <= seg_end) or q.unit != "percent" or q.change is not None:
                continue
            clause = text[max([p.tail_from] + [text.rfind(c, 0, q.start) + 1 for c in ",，"]):q.start]
            if not planned and (clause == text[p.tail_from:q.start] and re.fullmatch(
                    r"[\u4e00-\u9fff]{0,6}?(?:建设)?(?:进度)?(?:完成|达)?", clause) or re.search(r"进度|完成", clause)):
                fact("progress", Value(str(q.value), "decimal"), p.start, q.end, "project-progress")
            break
        for rx, pred in ((_EXPECTED, "expectedCompletion"), (_DONE_BY, "expectedCompletion"),
                         (_PLANNED, "plannedStart")):
            if pred == "expectedCompletion" and any(f.subject == me and f.predicate == pred for f in facts):
                continue
            dm = rx.search(text, p.tail_from, seg_end)
            if dm and rx is _DONE_BY and text[max(0, dm.start() - 2):dm.start()].endswith(("于", "已")):
                continue  # 已于8月竣工投产: done, not expected
            if dm and (v := parse_date(dm.group("date"), year)) is not None:
                fact(pred, v, p.start, dm.end(), f"project-{pred}")
        cs = max((text.rfind(c, 0, p.head_from) + 1 for c in CLAUSE), default=0)
        inv = re.search(r"(?:投资|投入)(?P<q>[^,，;；。]{1,14}?)(?:的|完成|建设|用于)$", text[cs:p.head_from])
        if inv and (q := _sum(ctx.quantities, cs + inv.start("q"), cs + inv.end("q"))):
            fact("investment", Value(str(q.value), "decimal"), cs + inv.start(), p.end, "project-investment")
        total = re.match(r"(?:计划)?总?投资(?:约|达|为)?(?P<q>[\d.]+[万亿]*元)", text[p.tail_from:])
        if total and not inv and (q := _sum(ctx.quantities, p.tail_from + total.start("q"),
                                            p.tail_from + total.end("q"))):
            # X项目总投资15亿元: the whole's investment, written after its name
            fact("investment", Value(str(q.value), "decimal"), p.start, p.tail_from + total.end(),
                 "project-investment-after")
        for pl in ctx.places:
            ps, pe = pl.mention.start - S, pl.mention.end - S
            if p.start <= ps and pe <= p.end and pl.mention.type not in classes_above("Village") \
                    and not (p.rule == "park-phase" and pl.name == p.base) and not _named_after(pl, p, text, S):
                fact("location", pl.key, p.start, max(p.end, pe), "project-location")
    return {"projects": tuple(out), "facts": tuple(facts), "decisions": ballot.decisions}
