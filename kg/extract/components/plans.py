"""Plan items: each sentence of a plan section (a target or a measure for the coming year) becomes a
``PlanItem`` with its text, its year and the entities it concerns.  A plan that names a project already
reported names the same entity (same type and canonical name), so the two meet in the graph."""

from __future__ import annotations

from ...model import Document, Entity, Fact, Sentence, Value
from ..findings import Findings, Found, prov

#: Types a plan item may concern (places are where, not what).
_CONCERNS = ("Project", "Programme", "Enterprise", "PublicInstitution", "IndustrialPark", "Product", "Event",
             "Village", "Community", "Area", "GovernmentBody")


def find_plan_items(doc: Document, sent: Sentence, names: tuple[Found, ...]) -> Findings:
    """The plan item of one sentence, if the sentence states a plan.

    :param doc: the document.
    :param sent: the sentence.
    :param names: the named mentions of the sentence.
    :returns: one ``PlanItem`` entity and its facts ``text``, ``planYear``, ``concerns``; nothing outside plans.
    """
    if sent.period.kind != "plan" or any(sec.start == sent.start and sec.level == 1 for sec in doc.sections):
        return Findings()
    body = sent.text.strip()
    if len(body) < 4:
        return Findings()
    pid = f"PlanItem/{sent.id}@{sent.start}"
    p = prov(doc, sent, sent.start, sent.end, "plan-sentence")
    facts = [Fact(pid, "text", Value(sent.text, "string"), (p,))]
    if sent.period.year:
        facts.append(Fact(pid, "planYear", Value(f"{sent.period.year:04d}", "gYear"), (p,)))
    seen: set[str] = set()
    for f in names:
        if f.mention.type in _CONCERNS and f.key not in seen:
            seen.add(f.key)
            mp = prov(doc, sent, f.mention.start, f.mention.end, "plan-concerns")
            facts.append(Fact(pid, "concerns", f.key, (mp,)))
    return Findings(entities=(Entity(pid, "PlanItem", sent.text[:40], provenance=(p,)),), facts=tuple(facts))
