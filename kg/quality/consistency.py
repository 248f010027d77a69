"""Checks that a report's figures agree with each other.

Reports often state a part, a whole and the share in one breath (已完成投资4.99亿元,占年度总投资76.21%).
:func:`share_check` recomputes such a share; :func:`share_checks` finds every such statement in a graph
(a percentage that follows two figures of one unit in the same sentence) and checks them all.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from ..errors import KGError
from ..analysis.network import iter_triples
from ..graph.vocab import KG, KGC, PREFIXES

if TYPE_CHECKING:
    import pandas as pd

_PROV_DERIVED = URIRef(PREFIXES["prov"] + "wasDerivedFrom")
_PERCENT = KGC["unit-percent"]

_COLUMNS = ["sentence", "sentence_text", "part_text", "whole_text", "stated_text", "part", "whole",
            "stated", "computed", "difference", "consistent"]


def _decimal(x: float | int | str | Decimal, what: str) -> Decimal:
    try:
        d = x if isinstance(x, Decimal) else Decimal(str(x))
    except (InvalidOperation, ValueError) as e:
        raise KGError(f"share_check: {what} {x!r} is not a number") from e
    if not d.is_finite():
        raise KGError(f"share_check: {what} {x!r} is not a finite number")
    return d


def share_check(
    part: float | int | str | Decimal,
    whole: float | int | str | Decimal,
    stated_percent: float | int | str | Decimal,
    *,
    tolerance: float | None = None,
) -> dict[str, float | bool]:
    """Recompute ``part / whole`` as a percentage and compare it with the percentage the report states.

    The computed share is rounded to as many decimals as the stated one has (76.21 → two).

    :param part: the part (4.99亿 → ``4.99e8``).
    :param whole: the whole it is a share of (``6.55e8``); must not be zero.
    :param stated_percent: the percentage the report gives (``76.21``).
    :param tolerance: the largest difference still called consistent, in percentage points; default: half
        a unit of the stated percentage's last decimal (0.005 for 76.21), i.e. rounding alone.
    :returns: ``{"part", "whole", "stated", "computed", "difference", "consistent"}`` where
        ``difference = computed - stated`` in percentage points.
    :raises KGError: if a value is not a number or ``whole`` is zero.

    >>> r = share_check(4.99e8, 6.55e8, 76.21)
    >>> r["computed"], r["difference"], r["consistent"]
    (76.18, -0.03, False)
    >>> share_check(259, 261, "99.23")["consistent"]
    True
    """
    p, w, s = _decimal(part, "part"), _decimal(whole, "whole"), _decimal(stated_percent, "stated percentage")
    if w == 0:
        raise KGError("share_check: the whole is zero, so no share can be computed; check the figures passed")
    exponent = min(s.as_tuple().exponent, 0) if isinstance(s.as_tuple().exponent, int) else -2
    quantum = Decimal(1).scaleb(exponent)
    computed = (p / w * 100).quantize(quantum, rounding=ROUND_HALF_EVEN)
    difference = (computed - s).quantize(quantum)
    limit = Decimal(str(tolerance)) if tolerance is not None else quantum / 2
    return {
        "part": float(p),
        "whole": float(w),
        "stated": float(s),
        "computed": float(computed),
        "difference": float(difference),
        "consistent": abs(difference) <= limit,
    }


def share_checks(graph: Graph, *, tolerance: float | None = None) -> pd.DataFrame:
    """Find and check every share a graph's reports state alongside its part and whole.

    Within one sentence, a percentage observation (unit percent, not a change) that follows at least two
    observations of one other unit is read as *part of whole*: the part is the nearest figure before the
    percentage, the whole the nearest earlier figure of the same unit that is not smaller than the part
    (计划总投资6.55亿元,……已完成投资4.99亿元,占年度总投资76.21% → 4.99亿 of 6.55亿).

    :param graph: an rdflib ``Graph`` or ``Dataset`` following the kg ontology.
    :param tolerance: passed to :func:`share_check`.
    :returns: a DataFrame with one row per share found, in document order: ``sentence`` (IRI),
        ``sentence_text``, ``part_text``, ``whole_text``, ``stated_text`` (the figures as written),
        ``part``, ``whole``, ``stated``, ``computed``, ``difference`` and ``consistent``.
    """
    import pandas as pd

    props: dict[URIRef, dict[str, object]] = defaultdict(dict)
    observations: set[URIRef] = set()
    sentence_texts: dict[URIRef, str] = {}
    wanted = {KG.value: "value", KG.unit: "unit", KG.change: "change", KG.text: "text",
              KG.startOffset: "start", _PROV_DERIVED: "sentence"}
    for s, p, o in iter_triples(graph):
        if not isinstance(s, URIRef):
            continue
        if p in wanted:
            key = wanted[p]
            # a node with two texts (stated in two documents) shows the shorter one, whatever the order read
            if key not in props[s] or (key == "text" and (len(str(o)), str(o)) < (len(str(props[s][key])),
                                                                                   str(props[s][key]))):
                props[s][key] = o
        elif p == KG.subject or (p == KG.measure and isinstance(o, URIRef)):
            observations.add(s)
    for s, data in props.items():
        if "text" in data and "start" in data and s not in observations and "value" not in data:
            sentence_texts[s] = str(data["text"])

    by_sentence: dict[URIRef, list[tuple[int, URIRef]]] = defaultdict(list)
    for obs in observations:
        data = props.get(obs, {})
        if isinstance(data.get("sentence"), URIRef) and isinstance(data.get("value"), Literal):
            start = data.get("start")
            by_sentence[data["sentence"]].append((int(start) if start is not None else 0, obs))

    rows = []
    for sentence in sorted(by_sentence, key=lambda s: _sentence_order(s, props)):
        ordered = [o for _, o in sorted(by_sentence[sentence], key=lambda t: (t[0], str(t[1])))]
        for i, obs in enumerate(ordered):
            data = props[obs]
            if data.get("unit") != _PERCENT or "change" in data:
                continue
            found = _part_and_whole(ordered[:i], props)
            if found is None:
                continue
            part, whole = found
            result = share_check(str(props[part]["value"]), str(props[whole]["value"]), str(data["value"]),
                                 tolerance=tolerance)
            rows.append({
                "sentence": str(sentence),
                "sentence_text": sentence_texts.get(sentence, ""),
                "part_text": str(props[part].get("text", "")),
                "whole_text": str(props[whole].get("text", "")),
                "stated_text": str(data.get("text", "")),
                **result,
            })
    return pd.DataFrame(rows, columns=_COLUMNS)


def _sentence_order(sentence: URIRef, props: dict[URIRef, dict[str, object]]) -> tuple[str, int, str]:
    """Order sentences by document, then by position (offset) within it."""
    doc = str(sentence).split("#", 1)[0]
    start = props.get(sentence, {}).get("start")
    return doc, int(start) if start is not None else 0, str(sentence)


def _part_and_whole(before: list[URIRef], props: dict[URIRef, dict[str, object]]) -> tuple[URIRef, URIRef] | None:
    """The part (nearest earlier figure, not a percentage) and the whole (nearest earlier figure of the
    same unit not smaller than the part), or None when the sentence has no such pair."""
    candidates = [o for o in before if props[o].get("unit") not in (None, _PERCENT)]
    if len(candidates) < 2:
        return None
    part = candidates[-1]
    unit, value = props[part]["unit"], Decimal(str(props[part]["value"]))
    for other in reversed(candidates[:-1]):
        if props[other].get("unit") == unit and Decimal(str(props[other]["value"])) >= value:
            if Decimal(str(props[other]["value"])) != 0:
                return part, other
    return None
