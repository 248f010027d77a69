"""Find an entity by any of its names (Simplified, Traditional, pinyin with or without tones, alias) or its
IRI, and gather what the graph says about it: types, labels, facts both ways, and the sentences naming it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from ..errors import QueryError
from .iri import search_key
from .query import prepare
from .vocab import KG

_SKIP_CLASSES = ("Document", "Sentence")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity that matches a name."""

    iri: str
    type: str
    label: str


@dataclass(frozen=True, slots=True)
class EntityView:
    """What the graph says about one entity."""

    iri: str
    types: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]  # (language tag or "alt", text)
    facts: tuple[tuple[str, str, str], ...]  # (property local name, "→" | "←", the other side)
    sentences: tuple[tuple[str, str], ...]  # (sentence id, text)


def _rows(dataset, sparql: str, **params: str) -> list[tuple]:
    return [tuple(r) for r in dataset.query(prepare(sparql, params=params))]


_CANDIDATES = """
SELECT DISTINCT ?e ?cls ?label WHERE {
  %s
  ?e a ?cls FILTER(STRSTARTS(STR(?cls), STR(kg:)) && ?cls NOT IN (kg:Document, kg:Sentence))
  OPTIONAL { ?e rdfs:label ?label FILTER(langMatches(lang(?label), "zh-Hans")) }
}"""


def _candidates(rows: list[tuple]) -> list[Candidate]:
    out = {Candidate(str(e), str(c)[len(str(KG)):], str(lab) if lab is not None else "") for e, c, lab in rows}
    return sorted(out, key=lambda c: (c.label, c.type, c.iri))


def find(dataset, name: str) -> list[Candidate]:
    """Entities that ``name`` names: first exact names and aliases (as typed, then in the other script), then the
    tone-less pinyin, then a part of the Simplified name; the first kind that finds anything wins.

    :param dataset: a loaded dataset.
    :param name: a name in any script, pinyin (any tones, spaces or hyphens), an IRI, or the twelve-digit
        division code of a place.
    :returns: the candidates, sorted by label.
    """
    name = name.strip()
    if not name:
        return []
    if name.startswith(("http://", "https://")):
        return _candidates(_rows(dataset, _CANDIDATES % "BIND(IRI(?iri) AS ?e)", iri=name))
    if len(name) == 12 and name.isascii() and name.isdigit():  # a division code
        return _candidates(_rows(dataset, _CANDIDATES % "?e kg:divisionCode ?code .", code=name))
    for form in _script_forms(name):
        exact = _rows(dataset, _CANDIDATES % "?e rdfs:label|skos:altLabel ?l FILTER(STR(?l) = ?name)", name=form)
        if exact:
            return _candidates(exact)
    key = search_key(name)
    if key:
        pinyin = _rows(dataset, 'SELECT DISTINCT ?e ?l WHERE { ?e rdfs:label ?l '
                                'FILTER(langMatches(lang(?l), "zh-Latn-pinyin")) }')
        hits = sorted({str(e) for e, lab in pinyin if search_key(str(lab)) == key})
        if hits:
            values = " ".join(f"<{h}>" for h in hits)
            return _candidates(_rows(dataset, _CANDIDATES % f"VALUES ?e {{ {values} }}"))
    part = _rows(dataset, _CANDIDATES % '?e rdfs:label ?l FILTER(langMatches(lang(?l), "zh-Hans") '
                                        '&& CONTAINS(STR(?l), ?name))', name=_simplified(name))
    return _candidates(part)


def _simplified(name: str) -> str:
    from ..text.t2s import to_simplified

    return to_simplified(name).text


def _script_forms(name: str) -> tuple[str, ...]:
    """The name as typed, then in the other script where it differs: Traditional typed for a graph that holds
    only the Simplified name (or the reverse) still finds it."""
    from ..extract.resolve import traditional

    return tuple(dict.fromkeys((name, traditional(name), _simplified(name))))


def describe(dataset, iri: str) -> EntityView:
    """Types, labels, facts (outgoing → and incoming ←) and source sentences of one entity."""
    types = sorted({str(c)[len(str(KG)):] for (c,) in _rows(
        dataset, "SELECT DISTINCT ?c WHERE { BIND(IRI(?e) AS ?x) ?x a ?c FILTER(STRSTARTS(STR(?c), STR(kg:))) }",
        e=iri)})
    labels = sorted({("alt" if str(p).endswith("altLabel") else (lab.language or ""), str(lab))
                     for p, lab in _rows(dataset, "SELECT DISTINCT ?p ?l WHERE { BIND(IRI(?e) AS ?x) "
                                                  "?x ?p ?l VALUES ?p { rdfs:label skos:altLabel } }", e=iri)
                     if isinstance(lab, Literal)})
    out_rows = _rows(dataset, """
      SELECT DISTINCT ?p ?o ?ol WHERE { BIND(IRI(?e) AS ?x) ?x ?p ?o
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p != kg:mentionedIn)
        OPTIONAL { ?o rdfs:label ?ol FILTER(langMatches(lang(?ol), "zh-Hans")) } }""", e=iri)
    in_rows = _rows(dataset, """
      SELECT DISTINCT ?p ?s ?sl WHERE { BIND(IRI(?e) AS ?x) ?s ?p ?x
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p != kg:mentionedIn)
        OPTIONAL { ?s rdfs:label ?sl FILTER(langMatches(lang(?sl), "zh-Hans")) } }""", e=iri)
    facts = sorted({(str(p)[len(str(KG)):], "→", str(lab) if lab is not None else _short(o)) for p, o, lab in out_rows}
                   | {(str(p)[len(str(KG)):], "←", str(lab) if lab is not None else _short(s)) for p, s, lab in in_rows})
    sent_rows = _rows(dataset, """
      SELECT DISTINCT ?s ?text ?doc ?i WHERE { BIND(IRI(?e) AS ?x) ?x kg:mentionedIn ?s .
        ?s kg:text ?text ; kg:inDocument ?doc ; kg:sentenceIndex ?i } ORDER BY ?doc ?i""", e=iri)
    sentences = tuple((str(s).rpartition("/doc/")[2] or str(s), str(t)) for s, t, _d, _i in sent_rows)
    if not types and not labels and not facts:
        raise QueryError(f"no entity {iri} in the graph")
    return EntityView(iri, tuple(types), tuple(labels), tuple(facts), sentences)


def _short(t) -> str:
    s = str(t)
    if isinstance(t, URIRef) and "/concept/" in s:
        return "kgc:" + s.rpartition("/")[2]
    return s


def show(dataset, name: str) -> EntityView:
    """The entity ``name`` names, described.

    :raises QueryError: if no entity or more than one matches (the message lists the candidates).
    """
    found = find(dataset, name)
    if not found:
        raise QueryError(f"no entity named {name!r}; try another script or spelling, or `kg query provenance "
                         f"--param name=…`")
    if len(found) > 1:
        shown = "; ".join(f"{c.label or c.iri} ({c.type}, {c.iri})" for c in found[:12])
        more = f"; … {len(found) - 12} more" if len(found) > 12 else ""
        raise QueryError(f"{name!r} names {len(found)} entities: {shown}{more}; give a longer name or an IRI")
    return describe(dataset, found[0].iri)


def view_lines(view: EntityView) -> list[str]:
    """The description as lines of text, for the command line."""
    lines = [view.iri, f"type: {', '.join(view.types)}"]
    from .graphview import canonical_lang  # the N-Quads parser lower-cases tags; show them in BCP 47 case

    lines += [f"label ({canonical_lang(lang)}): {text}" if lang else f"label: {text}" for lang, text in view.labels]
    if view.facts:
        lines.append("facts:")
        lines += [f"  {d} {p}: {o}" for p, d, o in view.facts]
    if view.sentences:
        lines.append("sentences:")
        lines += [f"  {sid}  {text}" for sid, text in view.sentences]
    return lines
