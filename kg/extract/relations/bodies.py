"""Government bodies and public institutions: the place each serves and the body each belongs to, read from
their names and the report's own places once the whole document is read.

- ``areaServed``: the last place written in the name (``某省统计局`` → the province; ``某区某镇人民政府`` → the
  town; ``国家统计局某市调查队`` → the city), a place the report names or one of its own places, in full or by
  its stem (某市 → 某); a bare level body (区委, 市政府: ``kg/data/gov_abbreviations.tsv``) serves the report's own
  place of its level (rule ``body-place-in-name``, ``body-level-abbreviation``) — a place the text names: the
  report's places that only its metadata names make no node;
- ``parentBody``: the body whose name opens this one's (区委办公室 → 区委; 中共某市委办公室 → 市委 when 某市 is the
  report's city; rule ``body-part-of``), and, for the party committee or the government of one of the report's
  own places, the same body one level up when the report names it (镇政府 → 区政府, 区委 → 市委; rule
  ``body-level-above``).
"""

from __future__ import annotations

from functools import lru_cache

from ..admin import stem
from ..findings import Findings, Found, key
from ..lexicon import rows
from ...model import Document, Fact, Provenance

_BODY_TYPES = ("GovernmentBody", "PublicInstitution")
_PLACE_TYPES = ("Province", "City", "District", "Town", "Village", "Community")
#: What a level body is, after its level word: a party committee or a government.
_KINDS = {"委": "委", "党委": "委", "政府": "政府", "人民政府": "政府"}
_PARTY = ("中国共产党", "中共")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """Bare level body → the class of the own place it belongs to (区委 → District)."""
    return {r.word: r.place for r in rows("gov_abbreviations.tsv")}


def _first_mentions(findings: Findings) -> dict[str, Found]:
    first: dict[str, Found] = {}
    for f in findings.found:
        first.setdefault(f.key, f)
    return first


def _place_forms(doc: Document, own: tuple[tuple[str, str], ...], first: dict[str, Found],
                 findings: Findings) -> dict[str, str]:
    """Every way the report writes a place → the place's key: names, surface forms, and stems of the own places
    and of the places named (某市 → 某)."""
    forms: dict[str, str] = {}
    places = [(f.mention.type, f.name) for f in first.values() if f.mention.type in _PLACE_TYPES]
    for cls, name in (*own, *places):
        k = key(cls, name)
        forms.setdefault(name, k)
        if (s := stem(name)) is not None and len(s) >= 2:
            forms.setdefault(s, k)
    for f in findings.found:
        if f.mention.type in _PLACE_TYPES and len(f.mention.text) >= 2:
            forms.setdefault(f.mention.text, f.key)
    return forms


def _last_place(name: str, forms: dict[str, str]) -> tuple[str, int, int] | None:
    """The place written last in ``name`` (the longest form at its position): its key and span."""
    best: tuple[str, int, int] | None = None
    for form, k in forms.items():
        at = name.rfind(form)
        while at >= 0:
            end = at + len(form)
            if end < len(name) and (best is None or (end, end - at) > (best[2], best[2] - best[1])):
                best = (k, at, end)
            at = name.rfind(form, 0, at)
    return best


def _prov(f: Found, rule: str) -> tuple[Provenance, ...]:
    m = f.mention
    doc_id = m.sentence_id.split("#", 1)[0]
    return (Provenance(doc_id, m.sentence_id, m.start, m.end, m.text, rule),)


def _level_body(name: str, own: tuple[tuple[str, str], ...], forms: dict[str, str]) -> tuple[int, str] | None:
    """A party committee or government of one of the report's own places: the index of that place in ``own`` and
    the kind (``委`` or ``政府``)."""
    if name in _abbreviations():
        cls = _abbreviations()[name]
        idx = next((i for i, (c, _) in enumerate(own) if c == cls), None)
        kind = _KINDS.get(name[1:])
        return (idx, kind) if idx is not None and kind else None
    bare = next((name[len(p):] for p in _PARTY if name.startswith(p)), name)
    for i, (cls, place) in reversed(list(enumerate(own))):
        for form in (place, stem(place) or place):
            at = bare.rfind(form)
            # what stands before the place is another place of the report (某区某镇人民政府) or nothing
            if at >= 0 and (kind := _KINDS.get(bare[at + len(form):])) and (not bare[:at] or bare[:at] in forms):
                return i, kind
    return None


def _level_word(place: str) -> str:
    """The level word a bare body of this place starts with: its last character (某市 → 市)."""
    return place[-1]


def body_links(doc: Document, own: tuple[tuple[str, str], ...], findings: Findings) -> Findings:
    """``areaServed`` and ``parentBody`` of the bodies and institutions of a document, each attached to the body's
    first mention.

    :param doc: the document.
    :param own: its own places, ``(class, name)`` outermost first.
    :param findings: what the sentences yielded.
    :returns: the facts.
    """
    first = _first_mentions(findings)
    forms = _place_forms(doc, own, first, findings)
    bodies = {k: f for k, f in first.items() if f.mention.type in _BODY_TYPES}
    by_name = {f.name: k for k, f in bodies.items() if f.mention.type == "GovernmentBody"}
    facts: list[Fact] = []
    for k, f in sorted(bodies.items()):
        name = f.name
        served = None
        if name in _abbreviations():
            cls = _abbreviations()[name]
            served = next((key(c, p) for c, p in own if c == cls), None)
            rule = "body-level-abbreviation"
        elif (hit := _last_place(name, forms)) is not None:
            served, rule = hit[0], "body-place-in-name"
        if served and served in first:  # a place the text names (the report's unnamed places make no node)
            facts.append(Fact(k, "areaServed", served, _prov(f, rule)))
        parent = _part_of(name, by_name, own)
        if parent and parent != k:
            facts.append(Fact(k, "parentBody", parent, _prov(f, "body-part-of")))
        elif f.mention.type == "GovernmentBody" and (lv := _level_body(name, own, forms)) is not None:
            idx, kind = lv
            for up in range(idx - 1, -1, -1):
                _, place = own[up]
                cands = (_level_word(place) + kind, place + ("人民政府" if kind == "政府" else "委"),
                         "中共" + place + "委员会", "中共" + place + "委")
                if hit := next((by_name[c] for c in cands if c in by_name and by_name[c] != k), None):
                    facts.append(Fact(k, "parentBody", hit, _prov(f, "body-level-above")))
                    break
    return Findings(facts=tuple(facts))


def _part_of(name: str, by_name: dict[str, str], own: tuple[tuple[str, str], ...]) -> str | None:
    """The body whose name opens this one's, with two characters or more after it (区委办公室 → 区委); a party
    committee of an own place written in full (中共某市委办公室) is also read as the bare one (市委)."""
    forms = [name]
    bare = next((name[len(p):] for p in _PARTY if name.startswith(p)), name)
    for _, place in own:
        for form in (place, stem(place)):
            if form and bare.startswith(form):
                forms.append(_level_word(place) + bare[len(form):])
    best = None
    for form in forms:
        for other, k in by_name.items():
            if other != name and form.startswith(other) and len(form) - len(other) >= 2:
                if best is None or len(other) > len(best[0]):
                    best = (other, k)
    return best[1] if best else None


__all__ = ["body_links"]
