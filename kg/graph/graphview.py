"""A read-only, indexed view of a built dataset (``kg.nq``) for page generation.

The whole dataset (every named graph) is read with pyoxigraph's N-Quads parser and indexed by
subject and by object; everything a page needs — labels in each script, types, outgoing and
incoming links, the provenance of reified statements, the sentences of a document — is looked up
here, always in a sorted, deterministic order.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from .vocab import PREFIXES

KG = PREFIXES["kg"]
KGC = PREFIXES["kgc"]
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]
PROV = PREFIXES["prov"]
XSD = PREFIXES["xsd"]
TYPE = RDF + "type"
LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
DERIVED = PROV + "wasDerivedFrom"
STATEMENT = RDF + "Statement"


@dataclass(frozen=True, slots=True, order=True)
class Term:
    """An RDF term: ``kind`` is "iri", "literal" or "blank"; ``lang``/``datatype`` for literals."""

    kind: str
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Where something was read: a sentence IRI, the span in the document text and the rule."""

    sentence: str
    start: int | None = None
    end: int | None = None
    rule: str = ""


def canonical_lang(tag: str) -> str:
    """A language tag in BCP 47 case (the N-Quads parser lower-cases language tags).

    >>> canonical_lang("zh-latn-pinyin"), canonical_lang("zh-hans"), canonical_lang("EN-gb")
    ('zh-Latn-pinyin', 'zh-Hans', 'en-GB')
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _term(node) -> Term:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return Term("iri", node.value)
    if isinstance(node, ox.Literal):
        return Term("literal", node.value, canonical_lang(node.language) if node.language else "",
                    "" if node.language else node.datatype.value)
    return Term("blank", str(node))


def strip_tones(text: str) -> str:
    """Pinyin without tone marks, lower case.

    >>> strip_tones("Sōngtáng Cūn")
    'songtang cun'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` (or else ``/``).

    >>> local_name("https://w3id.org/kg-cn/ontology#Town"), local_name("https://w3id.org/kg-cn/id/doc/x-2023")
    ('Town', 'x-2023')
    """
    stripped = iri.rstrip("/#")
    for sep in ("#", "/"):
        if sep in stripped:
            return stripped.rsplit(sep, 1)[1]
    return stripped


def curie(iri: str) -> str:
    """A compact IRI for a known namespace, the IRI itself otherwise (longest namespace wins).

    >>> curie("https://w3id.org/kg-cn/ontology#containedIn"), curie("https://example.org/x")
    ('kg:containedIn', 'https://example.org/x')
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def grouped_number(lexical: str) -> str:
    """A decimal with thousands separators; text that is not a number is returned unchanged.

    >>> grouped_number("1250000000"), grouped_number("87.01"), grouped_number("n/a")
    ('1,250,000,000', '87.01', 'n/a')
    """
    try:
        return format(Decimal(lexical), ",")
    except (InvalidOperation, ValueError):
        return lexical


class GraphView:
    """Indexes over every quad of a dataset (graph names are ignored: pages show the union)."""

    def __init__(self, quads) -> None:
        out: dict[str, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
        inc: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for s, p, o in quads:
            out[s][p].add(o)
            if o.is_iri:
                inc[o.value][p].add(s)
        self._out = {s: {p: tuple(sorted(v)) for p, v in ps.items()} for s, ps in out.items()}
        self._in = {o: {p: tuple(sorted(v)) for p, v in ps.items()} for o, ps in inc.items()}
        self._provenance: dict[tuple[str, str, str], list[Source]] = defaultdict(list)
        for node in self.subjects_of_type(STATEMENT):
            s, p, o = (self.one(node, RDF + k) for k in ("subject", "predicate", "object"))
            if s is None or p is None or o is None:
                continue
            for sentence in self.objects(node, DERIVED):
                self._provenance[(s.value, p.value, o.value)].append(self.source(node, sentence.value))
        for key in self._provenance:
            self._provenance[key].sort()

    @classmethod
    def from_nquads(cls, path: Path) -> "GraphView":
        """Read ``kg.nq``. Raises ``InputError`` when it is missing or malformed."""
        import pyoxigraph as ox

        if not path.is_file():
            raise InputError(f"{path}: not found; build the graph first with `kg build` (or pass --data DIR)")
        try:
            quads = [(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)]
        except SyntaxError as e:
            raise InputError(f"{path}: not valid N-Quads: {e}") from e
        return cls((str(s.value) if hasattr(s, "value") else str(s), p.value, _term(o)) for s, p, o in quads)

    @classmethod
    def from_store(cls, store) -> "GraphView":
        """Read the default graph of a build's store (each triple once; see :mod:`kg.graph.store`)."""
        import pyoxigraph as ox

        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        return cls((q.subject.value, q.predicate.value, _term(q.object)) for q in quads)

    # ------------------------------------------------------------------ basic lookups
    def subjects(self) -> tuple[str, ...]:
        return tuple(sorted(self._out))

    def predicates(self, subject: str) -> tuple[str, ...]:
        return tuple(sorted(self._out.get(subject, {})))

    def objects(self, subject: str, predicate: str) -> tuple[Term, ...]:
        return self._out.get(subject, {}).get(predicate, ())

    def one(self, subject: str, predicate: str) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def incoming(self, obj: str) -> tuple[tuple[str, str], ...]:
        """(subject, predicate) pairs pointing at ``obj``, sorted."""
        return tuple(sorted((s, p) for p, ss in self._in.get(obj, {}).items() for s in ss))

    def referrers(self, obj: str, predicate: str) -> tuple[str, ...]:
        return self._in.get(obj, {}).get(predicate, ())

    def types(self, subject: str) -> tuple[str, ...]:
        return tuple(t.value for t in self.objects(subject, TYPE) if t.is_iri)

    def subjects_of_type(self, cls: str) -> tuple[str, ...]:
        return self.referrers(cls, TYPE)

    def provenance(self, s: str, p: str, o: str) -> tuple[Source, ...]:
        """Sources of a reified statement ``s p o`` (empty when it is not reified)."""
        return tuple(self._provenance.get((s, p, o), ()))

    def source(self, node: str, sentence: str) -> Source:
        """A :class:`Source` from a node's ``kg:startOffset``/``kg:endOffset``/``kg:rule``."""
        def _int(term: Term | None) -> int | None:
            try:
                return int(term.value) if term is not None else None
            except ValueError:
                return None

        rule = self.one(node, KG + "rule")
        return Source(sentence, _int(self.one(node, KG + "startOffset")), _int(self.one(node, KG + "endOffset")),
                      rule.value if rule is not None else "")

    # ------------------------------------------------------------------ labels
    def labels(self, subject: str) -> dict[str, tuple[str, ...]]:
        """Labels by language tag (``rdfs:label``, then ``skos:prefLabel``), each tuple sorted."""
        found: dict[str, set[str]] = defaultdict(set)
        for predicate in (LABEL, PREF_LABEL):
            for term in self.objects(subject, predicate):
                if term.kind == "literal":
                    found[term.lang].add(term.value)
        return {lang: tuple(sorted(v)) for lang, v in sorted(found.items())}

    def aliases(self, subject: str) -> tuple[str, ...]:
        return tuple(sorted({t.value for t in self.objects(subject, ALT_LABEL) if t.kind == "literal"}))

    def label(self, subject: str, prefer: tuple[str, ...] = ("zh-Hans", "zh", "en", "zh-Hant", "zh-Latn-pinyin", "")) -> str:
        """The best display label: Simplified Chinese first, the IRI's local name as a last resort."""
        labels = self.labels(subject)
        for lang in prefer:
            if labels.get(lang):
                return labels[lang][0]
        for values in labels.values():
            return values[0]
        if subject.startswith(KGC):
            return subject[len(KGC):].split("-", 1)[-1]
        return local_name(subject)

    def english(self, subject: str) -> str:
        """English label (ontology terms, concepts), else the local name."""
        return self.label(subject, prefer=("en", ""))
