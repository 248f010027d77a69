"""Find an entity by any of its names (Simplified, Traditional, pinyin with or without tones, alias) or its
IRI, and gather what the graph says about it: types, labels, facts both ways, and the sentences naming it.

Names are looked up in the name index (:mod:`kg.graph.names`), never by reading every label; everything
else is asked of the store with the entity's IRI in a ``VALUES`` block, which Oxigraph answers from its
indexes (``BIND(IRI(…))`` would make it scan every quad).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from .names import name_index
from .query import query
from .vocab import PREFIXES

_KG = PREFIXES["kg"]
_ALT = PREFIXES["skos"] + "altLabel"


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


def _rows(data, sparql: str) -> list[tuple]:
    """The rows of a SELECT as ``(kind, value, language, datatype)`` tuples (None where unbound)."""
    from .results import term_parts

    res = query(data, sparql, native=True)
    return [tuple(None if t is None else term_parts(t) for t in row) for row in res.rows]


def _values(iris) -> str:
    return "VALUES ?e { " + " ".join(f"<{i}>" for i in iris) + " }"


_CANDIDATES = """
SELECT DISTINCT ?e ?cls ?label WHERE {
  %s
  ?e a ?cls FILTER(STRSTARTS(STR(?cls), STR(kg:)) && ?cls NOT IN (kg:Document, kg:Sentence))
  OPTIONAL { ?e rdfs:label ?label FILTER(langMatches(lang(?label), "zh-Hans")) }
}"""


def _candidates(data, iris) -> list[Candidate]:
    iris = sorted(set(iris))
    if not iris or any(not _plain_iri(i) for i in iris):
        return []
    out = {Candidate(e[1], c[1][len(_KG):], lab[1] if lab is not None else "")
           for e, c, lab in _rows(data, _CANDIDATES % _values(iris))}
    return sorted(out, key=lambda c: (c.label, c.type, c.iri))


def _plain_iri(iri: str) -> bool:
    """An IRI that can be written between ``<`` and ``>`` as it is."""
    return bool(iri) and not any(ch in iri for ch in '<>"{}|^`\\ \t\n')


def find(dataset, name: str) -> list[Candidate]:
    """Entities that ``name`` names: first exact names and aliases (as typed, then in the other script), then the
    tone-less pinyin, then a part of the Simplified name; the first kind that finds anything wins.

    :param dataset: a build opened with :func:`kg.graph.store.open_build`, a pyoxigraph store or an
        rdflib dataset.
    :param name: a name in any script, pinyin (any tones, spaces or hyphens), an IRI, or the twelve-digit
        division code of a place.
    :returns: the candidates, sorted by label.
    """
    name = name.strip()
    if not name:
        return []
    if name.startswith(("http://", "https://")):
        return _candidates(dataset, [name])
    if len(name) == 12 and name.isascii() and name.isdigit():  # a division code
        rows = _rows(dataset, f'SELECT DISTINCT ?e WHERE {{ ?e kg:divisionCode "{name}" }}')
        return _candidates(dataset, [e[1] for (e,) in rows])
    index = name_index(dataset)
    for form in _script_forms(name):
        exact = _candidates(dataset, index.iris("name", form))
        if exact:
            return exact
    from .iri import search_key  # pinyin of Chinese text (pypinyin) is needed only from here on

    key = search_key(name)
    if key:
        pinyin = _candidates(dataset, index.iris("pinyin", key))
        if pinyin:
            return pinyin
    return _candidates(dataset, index.containing("hans", _simplified(name)))


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
    if not _plain_iri(iri):
        raise QueryError(f"no entity {iri} in the graph")
    x = f"VALUES ?x {{ <{iri}> }}"
    types = sorted({c[1][len(_KG):] for (c,) in _rows(
        dataset, f"SELECT DISTINCT ?c WHERE {{ {x} ?x a ?c FILTER(STRSTARTS(STR(?c), STR(kg:))) }}")})
    labels = sorted({("alt" if p[1] == _ALT else lab[2], lab[1])
                     for p, lab in _rows(dataset, f"SELECT DISTINCT ?p ?l WHERE {{ {x} "
                                                  "?x ?p ?l VALUES ?p { rdfs:label skos:altLabel } }")
                     if lab[0] == "literal"})
    out_rows = _rows(dataset, f"""
      SELECT DISTINCT ?p ?o ?ol WHERE {{ {x} ?x ?p ?o
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p != kg:mentionedIn)
        OPTIONAL {{ ?o rdfs:label ?ol FILTER(langMatches(lang(?ol), "zh-Hans")) }} }}""")
    in_rows = _rows(dataset, f"""
      SELECT DISTINCT ?p ?s ?sl WHERE {{ {x} ?s ?p ?x
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p != kg:mentionedIn)
        OPTIONAL {{ ?s rdfs:label ?sl FILTER(langMatches(lang(?sl), "zh-Hans")) }} }}""")
    facts = sorted({(p[1][len(_KG):], "→", lab[1] if lab is not None else _short(o)) for p, o, lab in out_rows}
                   | {(p[1][len(_KG):], "←", lab[1] if lab is not None else _short(s)) for p, s, lab in in_rows})
    sent_rows = _rows(dataset, f"""
      SELECT DISTINCT ?s ?text ?doc ?i WHERE {{ {x} ?x kg:mentionedIn ?s .
        ?s kg:text ?text ; kg:inDocument ?doc ; kg:sentenceIndex ?i }} ORDER BY ?doc ?i""")
    sentences = tuple((s[1].rpartition("/doc/")[2] or s[1], t[1]) for s, t, _d, _i in sent_rows)
    if not types and not labels and not facts:
        raise QueryError(f"no entity {iri} in the graph")
    return EntityView(iri, tuple(types), tuple(labels), tuple(facts), sentences)


def _short(parts) -> str:
    kind, value = parts[0], parts[1]
    if kind == "iri" and "/concept/" in value:
        return "kgc:" + value.rpartition("/")[2]
    return value


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
