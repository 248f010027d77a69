"""Plan items: each sentence of a plan section (a target or a measure for the coming year) becomes a
``PlanItem`` with its text, its year and the entities it concerns.  A plan that names a project already
reported names the same entity (same type and canonical name), so the two meet in the graph."""

from __future__ import annotations

from typing import Any

from ...model import Entity, Fact, Value
from ..findings import prov
from ..framework import Context, component

#: Types a plan item may concern (places are where, not what).
_CONCERNS = ("Project", "Programme", "Enterprise", "PublicInstitution", "IndustrialPark", "Product", "Event",
             "Village", "Community", "Area", "GovernmentBody")


@component("plans", reads=("doc", "sent", "mentions"), adds=("facts", "entities"))
def plans(ctx: Context) -> dict[str, Any]:
    """The plan item of a sentence of a plan section (not its heading): reads ``sent`` and ``mentions``; adds
    one ``PlanItem`` entity and its facts ``text``, ``planYear``, ``concerns``."""
    doc, sent = ctx.doc, ctx.sent
    none: dict[str, Any] = {"facts": (), "entities": ()}
    if sent.period.kind != "plan" or any(sec.start == sent.start and sec.level == 1 for sec in doc.sections):
        return none
    if len(sent.text.strip()) < 4:
        return none
    pid = f"PlanItem/{sent.id}@{sent.start}"
    p = prov(doc, sent, sent.start, sent.end, "plan-sentence")
    facts = [Fact(pid, "text", Value(sent.text, "string"), (p,))]
    if sent.period.year:
        facts.append(Fact(pid, "planYear", Value(f"{sent.period.year:04d}", "gYear"), (p,)))
    seen: set[str] = set()
    for f in ctx.mentions:
        if f.mention.type in _CONCERNS and f.key not in seen:
            seen.add(f.key)
            mp = prov(doc, sent, f.mention.start, f.mention.end, "plan-concerns")
            facts.append(Fact(pid, "concerns", f.key, (mp,)))
    return {"facts": tuple(facts), "entities": (Entity(pid, "PlanItem", sent.text[:40], provenance=(p,)),)}
