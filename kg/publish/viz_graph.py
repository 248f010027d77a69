"""The entity network drawn by ``kg viz``: an RDF graph read into a networkx ``MultiDiGraph``.

Nodes are entities (IRIs typed with an ontology class), keyed by IRI, with everything the details panel
shows: class, labels in every script, facts (figures, status, progress, honours) and source sentences.
Edges are relation triples between entities; honours become ``received`` (recipient → award) and
``conferred`` (body → award) edges. Observations, conferrals, plan items, sentences, documents and
reification statements are folded into the facts unless ``include_plumbing`` asks to draw them.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Iterable, Iterator

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from ..errors import InputError
from ..graph.vocab import CLASSES, KG, KGC

#: Classes that hold facts about entities rather than being entities; drawn only with ``include_plumbing``.
PLUMBING_CLASSES: tuple[str, ...] = ("Observation", "AwardConferral", "PlanItem", "Document", "Sentence", "Statement")
#: Classes drawn by default.
ENTITY_CLASSES: tuple[str, ...] = tuple(c for c in CLASSES if c not in PLUMBING_CLASSES)

_LANGS = ("zh-Hans", "zh-Hant", "zh-Latn-pinyin", "en")
_CANONICAL_LANG = {lang.lower(): lang for lang in _LANGS}


def _lang(literal: Literal) -> str:
    """The literal's language tag in its canonical case (stores and parsers may lowercase ``zh-Hans``)."""
    tag = (literal.language or "").lower()
    return _CANONICAL_LANG.get(tag, tag)
_LITERAL_FACTS = ("divisionCode", "status", "progress", "investment", "plannedStart", "expectedCompletion",
                  "phaseNumber", "role", "industry", "level")


@dataclass(frozen=True, slots=True)
class Detail:
    """One line of the details panel: a key (local name), a readable value, the sentences it came from."""

    key: str
    value: str
    sources: tuple[str, ...] = ()


@cache
def labels() -> dict[str, Any]:
    """The display table (class names, colours, shapes; relation, fact and unit names) from ``kg/data/viz``.

    Returns:
        The parsed ``labels.json``.
    """
    table = json.loads(resources.files("kg").joinpath("data/viz/labels.json").read_text(encoding="utf-8"))
    _check_labels(table)
    return table


def _check_labels(table: dict[str, Any]) -> None:
    """The display table's schema: known classes with a colour and shape; layout strengths are positive
    numbers for relations the table names.

    >>> _check_labels({"classes": {}, "relations": {"a": "甲"}, "facts": {}, "units": {}, "backbone": {"b": 1}})
    Traceback (most recent call last):
    ...
    kg.errors.InputError: kg/data/viz/labels.json: backbone names b, which is not in "relations"
    """
    where = "kg/data/viz/labels.json"
    for section in ("classes", "relations", "facts", "units"):
        if not isinstance(table.get(section), dict):
            raise InputError(f'{where}: no "{section}" table')
    known = set(CLASSES) | {"Statement"}
    for name, c in table["classes"].items():
        if name not in known or not {"zh", "color", "shape"} <= set(c):
            raise InputError(f"{where}: class {name!r} must be an ontology class with zh, color and shape")
    for section in ("backbone", "affinity"):
        for rel, strength in table.get(section, {}).items():
            if rel not in table["relations"]:
                raise InputError(f'{where}: {section} names {rel}, which is not in "relations"')
            if not isinstance(strength, (int, float)) or strength <= 0:
                raise InputError(f"{where}: {section} strength of {rel} must be a positive number")


@cache
def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Labels of the ontology's concepts and properties (``投产运营`` for ``kgc:status-operational``).

    Returns:
        IRI → language tag → label, from ``skos:prefLabel`` and ``rdfs:label`` of the shipped ontology.
    """
    from ..graph.ontology import load_ontology

    out: dict[str, dict[str, str]] = defaultdict(dict)
    onto = load_ontology(concepts=True)
    for prop in (SKOS.prefLabel, RDFS.label):
        for s, o in sorted(onto.subject_objects(prop), key=str):
            if isinstance(o, Literal):
                out[str(s)].setdefault(_lang(o), str(o))
    return dict(out)


def search_key(text: str) -> str:
    """Fold a name for search: lowercase; tone marks, spaces, hyphens and apostrophes removed; ``ü`` and
    its usual keyboard spelling ``v`` both read as ``u`` (``lǜ``, ``lv`` and ``lu`` meet).

    >>> search_key("Jiǎ Yǐ")
    'jiayi'
    >>> search_key("甲 乙")
    '甲乙'
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in " \t\n-'’·")
    return unicodedata.normalize("NFC", "".join(kept)).replace("v", "u")


def _local(iri: Any) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
            break
    return s


def _sentence_id(iri: Any) -> str:
    """``https://…/doc/yuantan-2023#s42`` → ``yuantan-2023#s42`` (the last path segment)."""
    return str(iri).rsplit("/", 1)[-1]


def _triples(graph: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Every triple of a Graph, or of every named graph of a Dataset (duplicates possible)."""
    if hasattr(graph, "quads") and hasattr(graph, "graphs"):
        for s, p, o, _g in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


class _Index:
    """The graph read once into plain dictionaries (rdflib lookups per node are far slower)."""

    def __init__(self, graph: Any) -> None:
        self.types: dict[URIRef, str] = {}
        self.labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
        self.alt: dict[URIRef, set[str]] = defaultdict(set)
        self.out: dict[URIRef, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
        self.inc: dict[URIRef, set[tuple[str, URIRef]]] = defaultdict(set)
        rank = {c: i for i, c in enumerate(CLASSES)}
        rank["Statement"] = len(CLASSES)
        kg, kgc = str(KG), str(KGC)
        rdf_type, statement, label, alt, pref = RDF.type, RDF.Statement, RDFS.label, SKOS.altLabel, SKOS.prefLabel
        for s, p, o in _triples(graph):
            if not isinstance(s, URIRef):
                continue
            if p == rdf_type:
                name = "Statement" if o == statement else (str(o)[len(kg):] if str(o).startswith(kg) else "")
                if name in rank and (s not in self.types or rank[name] < rank[self.types[s]]):
                    self.types[s] = name
            elif p == label and isinstance(o, Literal):
                lang = _lang(o)
                prev = self.labels[s].get(lang)
                if prev is None or str(o) < prev:  # deterministic when a graph holds two labels
                    self.labels[s][lang] = str(o)
            elif p == alt and isinstance(o, Literal):
                self.alt[s].add(str(o))
            elif p == pref and isinstance(o, Literal) and str(s).startswith(kgc):
                self.labels[s].setdefault(_lang(o), str(o))
            else:
                name = _local(p)
                self.out[s][name].add(o)
                if isinstance(o, URIRef):
                    self.inc[o].add((name, s))

    def one(self, s: URIRef, prop: str) -> Any:
        vals = self.all(s, prop)
        return vals[0] if vals else None

    def all(self, s: URIRef, prop: str) -> list[Any]:
        props = self.out.get(s)
        vals = props.get(prop) if props else None
        return sorted(vals, key=str) if vals else []

    def referrers(self, o: URIRef, prop: str) -> list[URIRef]:
        return sorted((s for p, s in self.inc.get(o, ()) if p == prop), key=str)

    def name(self, iri: Any) -> str:
        """Simplified label of an entity, readable label of a concept, else the local name."""
        if not isinstance(iri, URIRef):
            return str(iri)
        lab = self.labels.get(iri) or vocabulary_labels().get(str(iri), {})
        for lang in ("zh-Hans", "zh", "", "en", "zh-Hant"):
            if lang in lab:
                return lab[lang]
        local = _local(iri)
        if str(iri).startswith(str(KGC)) and "-" in local:
            return local.split("-", 1)[1]
        return local

    def sources(self, s: URIRef) -> tuple[str, ...]:
        return tuple(_sentence_id(o) for o in self.all(s, "wasDerivedFrom"))


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


def format_amount(value: Any, unit: str) -> str:
    """A figure with its unit as a reader writes it: yuan in 万/亿, percent with ``%``.

    >>> format_amount("260000000", "CNY")
    '2.6亿元'
    >>> format_amount("87.01", "percent")
    '87.01%'
    """
    d = _number(value)
    units = labels()["units"]
    if d is None:
        return f"{value} {units.get(unit, unit)}".strip()
    if unit == "CNY":
        for scale, word in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
            if abs(d) >= scale:
                return f"{_plain(d / scale)}{word}元"
        return f"{_plain(d)}元"
    return f"{_plain(d)}{units.get(unit, ' ' + unit if unit else '')}"


def _observation_text(ix: _Index, obs: URIRef) -> str:
    unit = _local(ix.one(obs, "unit") or "").removeprefix("unit-")
    value = ix.one(obs, "value")
    text = format_amount(value, unit) if value is not None else ""
    high = ix.one(obs, "valueMax")
    if high is not None:
        text += "–" + format_amount(high, unit)
    qualifier = ix.one(obs, "qualifier")
    if qualifier is not None and _local(qualifier) not in ("qualifier-exact", "qualifier-range"):
        text += f" ({ix.name(qualifier)})"
    start, end = ix.one(obs, "periodStart"), ix.one(obs, "periodEnd")
    if start is not None or end is not None:
        text += f", {start or ''}–{end or ''}"
    change = ix.one(obs, "change")
    if change is not None:
        cu = _local(ix.one(obs, "changeUnit") or "unit-percent").removeprefix("unit-")
        d = _number(change)
        sign = "+" if d is not None and d > 0 else ""
        text += f", 同比 {sign}{format_amount(change, cu)}"
    measure = ix.one(obs, "measure")
    head = ix.name(measure) if measure is not None else (ix.one(obs, "text") or "")
    return f"{head}: {text}" if head else text


def _conferral_text(ix: _Index, c: URIRef, *, show_recipient: bool) -> str:
    award = ix.one(c, "award")
    bodies = "、".join(ix.name(b) for b in ix.all(c, "conferredBy"))
    parts = [ix.name(award) if award is not None else "?"]
    if show_recipient:
        parts.append("→ " + "、".join(ix.name(r) for r in ix.all(c, "recipient")))
    if bodies:
        parts.append(f"({bodies} 授予)")
    when = ix.one(c, "conferredOn")
    if when is not None:
        parts.append(str(when))
    role = ix.one(c, "recipientRole")
    if role is not None:
        parts.append(f"时任{role}")
    return " ".join(parts)


def _facts(ix: _Index, s: URIRef) -> tuple[Detail, ...]:
    facts: list[Detail] = []
    for key in _LITERAL_FACTS:
        for o in ix.all(s, key):
            if key == "progress":
                value = format_amount(o, "percent")
            elif key == "investment":
                value = format_amount(o, "CNY")
            else:
                value = ix.name(o) if isinstance(o, URIRef) else str(o)
            facts.append(Detail(key, value))
    names = set(ix.labels.get(s, {}).values())
    for alt in sorted(ix.alt.get(s, set()) - names):
        facts.append(Detail("alias", alt))
    for phase in ix.referrers(s, "phaseOf"):
        facts.append(Detail("phase", ix.name(phase)))
    for obs in ix.referrers(s, "subject"):
        if ix.types.get(obs) == "Observation":
            facts.append(Detail("figure", _observation_text(ix, obs), ix.sources(obs)))
    for c in ix.referrers(s, "recipient"):
        facts.append(Detail("awardReceived", _conferral_text(ix, c, show_recipient=False), ix.sources(c)))
    for c in ix.referrers(s, "conferredBy"):
        facts.append(Detail("awardConferred", _conferral_text(ix, c, show_recipient=True), ix.sources(c)))
    for c in ix.referrers(s, "award"):
        if ix.types.get(c) == "AwardConferral":
            facts.append(Detail("awardRecipients", _conferral_text(ix, c, show_recipient=True), ix.sources(c)))
    for item in ix.referrers(s, "concerns"):
        text = ix.one(item, "text")
        year = ix.one(item, "planYear")
        value = f"{year}: {text}" if year is not None else str(text or ix.name(item))
        facts.append(Detail("plan", value, ix.sources(item)))
    return tuple(facts)


def _labels_of(ix: _Index, s: URIRef) -> dict[str, str]:
    lab = ix.labels.get(s, {})
    out = {lang: lab[lang] for lang in _LANGS if lang in lab}
    if "zh-Hans" not in out:
        out["zh-Hans"] = ix.name(s)
    if "zh-Latn-pinyin" not in out:
        from pypinyin import Style, lazy_pinyin

        out["zh-Latn-pinyin"] = " ".join(lazy_pinyin(out["zh-Hans"], style=Style.TONE))
    return out


def _sentences_of(ix: _Index, s: URIRef, facts: Iterable[Detail]) -> tuple[str, ...]:
    ids = {_sentence_id(o) for o in ix.all(s, "mentionedIn")} | set(ix.sources(s))
    for f in facts:
        ids.update(f.sources)
    return tuple(sorted(ids, key=_sentence_order))


def _sentence_order(sid: str) -> tuple[str, int, str]:
    doc, _, frag = sid.partition("#")
    digits = frag[1:] if frag.startswith("s") else ""
    return (doc, int(digits) if digits.isdigit() else -1, sid)


def _edge_sources(ix: _Index, node_set: set[URIRef]) -> dict[tuple[str, str, str], set[str]]:
    """(subject, relation, object) → ids of the sentences its reification statements cite."""
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    rdf = str(RDF)
    for st, cls in ix.types.items():
        if cls != "Statement":
            continue
        props = ix.out.get(st, {})
        subj = [o for o in props.get("subject", ()) if o in node_set]
        obj = [o for o in props.get("object", ()) if o in node_set]
        pred = [p for p in props.get("predicate", ()) if isinstance(p, URIRef) and not str(p).startswith(rdf)]
        if subj and obj and pred:
            out[(str(subj[0]), _local(pred[0]), str(obj[0]))].update(ix.sources(st))
    return out


def _sentence_years(ix: _Index) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Sentence id → year (its period, else its document's report year); document id → title and year."""
    docs: dict[str, dict[str, str]] = {}
    for d, cls in ix.types.items():
        if cls == "Document":
            title = ix.one(d, "title") or ix.labels.get(d, {}).get("zh-Hans") or ""
            year = ix.one(d, "reportYear") or str(ix.one(d, "date") or "")[:4]
            docs[_sentence_id(d)] = {"title": str(title), "year": str(year or "")}
    years: dict[str, str] = {}
    for sent, cls in ix.types.items():
        if cls == "Sentence":
            sid = _sentence_id(sent)
            year = ix.one(sent, "periodYear")
            years[sid] = str(year) if year is not None else docs.get(sid.partition("#")[0], {}).get("year", "")
    return years, dict(sorted(docs.items()))


def build_network(graph: Any, *, include_plumbing: bool = False):
    """Read an RDF graph into the entity network.

    Args:
        graph: an rdflib ``Dataset`` (every named graph is read) or ``Graph``.
        include_plumbing: also draw observations, conferrals, plan items, sentences, documents and
            reification statements as nodes, with their raw links instead of derived honour edges.

    Returns:
        ``networkx.MultiDiGraph`` keyed by IRI string. Node attributes: ``cls``, ``labels`` (lang → text),
        ``facts`` (tuple of :class:`Detail`), ``sentences`` (sentence ids), ``iri``. Edge key and attribute
        ``rel``: the relation's local name; edge attribute ``sentences``: the ids of the sentences that
        state it (from its reification statements; for honours, from the conferral). Graph attributes:
        ``sentence_text`` (sentence id → text), ``sentence_year`` (sentence id → year of its period, else
        of its report) and ``documents`` (document id → ``{"title", "year"}``).
    """
    import networkx as nx

    ix = _Index(graph)
    drawn = set(ENTITY_CLASSES) | (set(PLUMBING_CLASSES) if include_plumbing else set())
    nodes = sorted((s for s, c in ix.types.items() if c in drawn), key=str)
    g = nx.MultiDiGraph()
    node_set = set(nodes)
    sentence_ids: set[str] = set()
    for s in nodes:
        facts = _facts(ix, s) if ix.types[s] in ENTITY_CLASSES else ()
        sents = _sentences_of(ix, s, facts)
        sentence_ids.update(sents)
        g.add_node(str(s), iri=str(s), cls=ix.types[s], labels=_labels_of(ix, s), facts=facts, sentences=sents)
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    stated = _edge_sources(ix, node_set)
    for s in nodes:
        for prop, objects in ix.out.get(s, {}).items():
            for o in objects:
                if o in node_set and o != s:
                    key = (str(s), str(o), prop)
                    edges[key].update(stated.get((str(s), prop, str(o)), ()))
    if not include_plumbing:
        for c, cls in ix.types.items():
            if cls != "AwardConferral":
                continue
            sources = ix.sources(c)
            for award in ix.all(c, "award"):
                if award not in node_set:
                    continue
                for r in ix.all(c, "recipient"):
                    if r in node_set:
                        edges[(str(r), str(award), "received")].update(sources)
                for b in ix.all(c, "conferredBy"):
                    if b in node_set:
                        edges[(str(b), str(award), "conferred")].update(sources)
    for (u, v, rel), sents in sorted(edges.items()):
        ordered = tuple(sorted(sents, key=_sentence_order))
        sentence_ids.update(ordered)
        g.add_edge(u, v, key=rel, rel=rel, sentences=ordered)
    text: dict[str, str] = {}
    for sent, cls in ix.types.items():
        if cls == "Sentence":
            sid = _sentence_id(sent)
            if sid in sentence_ids:
                text[sid] = str(ix.one(sent, "text") or "")
    years, docs = _sentence_years(ix)
    g.graph["sentence_text"] = dict(sorted(text.items(), key=lambda kv: _sentence_order(kv[0])))
    g.graph["sentence_year"] = {sid: years[sid] for sid in g.graph["sentence_text"] if years.get(sid)}
    g.graph["documents"] = docs
    return g


def find_nodes(g: Any, name: str) -> list[str]:
    """Nodes whose Simplified, Traditional, pinyin, English label, alias or IRI matches ``name`` exactly
    after :func:`search_key` folding.

    Args:
        g: a network from :func:`build_network`.
        name: what the user typed (``名称``, ``名稱``, ``mingcheng``).

    Returns:
        Matching node keys, sorted.

    Raises:
        InputError: nothing matches; the message lists close candidates.
    """
    want = search_key(name)
    hits, keys = [], {}
    for n, data in g.nodes(data=True):
        names = list(data["labels"].values()) + [f.value for f in data["facts"] if f.key == "alias"] + [n]
        for text in names:
            k = search_key(text)
            keys.setdefault(k, data["labels"]["zh-Hans"])
            if k == want:
                hits.append(n)
                break
    if hits:
        return sorted(hits)
    close = difflib.get_close_matches(want, sorted(keys), n=5, cutoff=0.5)
    near = sorted({keys[k] for k in close}) or sorted(
        {v for k, v in keys.items() if want and (want in k or k in want)})[:5]
    hint = f"; did you mean: {', '.join(near)}" if near else "; try the Simplified, Traditional or pinyin name"
    raise InputError(f"focus {name!r}: no entity of that name in the graph{hint}")


def select(g: Any, *, focus: str | None = None, depth: int = 2, types: Iterable[str] | None = None):
    """Cut the network down to the classes in ``types`` and to ``depth`` links around ``focus``.

    Args:
        g: a network from :func:`build_network`.
        focus: a name as accepted by :func:`find_nodes`; every exact match is a centre.
        depth: how many links (either direction) to follow from the focus.
        types: class local names to keep (``Person``, ``Award``); ``None`` keeps all.

    Returns:
        A new ``MultiDiGraph`` (the same node and edge attributes).

    Raises:
        InputError: unknown class name, negative depth, or unknown focus name.
    """
    known = set(CLASSES) | {"Statement"}
    if types is not None:
        types = tuple(types)
        bad = sorted(t for t in types if t not in known)
        if bad:
            raise InputError(f"unknown type {', '.join(bad)}; known types: {', '.join(CLASSES)}")
        keep = set(types)
        g = g.subgraph([n for n, c in g.nodes(data="cls") if c in keep]).copy()
    if focus is not None:
        if depth < 0:
            raise InputError(f"depth {depth}: give 0 or more links to follow from the focus")
        centres = find_nodes(g, focus)
        undirected = g.to_undirected(as_view=True)
        reach: set[str] = set()
        import networkx as nx

        for c in centres:
            reach.update(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
        g = g.subgraph(sorted(reach)).copy()
    if types is not None or focus is not None:  # the page carries the text of its own nodes' sentences only
        used = {sid for _, sents in g.nodes(data="sentences") for sid in sents}
        g.graph["sentence_text"] = {k: v for k, v in g.graph.get("sentence_text", {}).items() if k in used}
    return g
