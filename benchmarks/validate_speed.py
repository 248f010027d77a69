"""Time `kg.graph.validate.validate` on a synthetic report-shaped graph of about 10k, 30k and 100k triples,
with and without RDFS inference.  Prints the figures and the ratios; asserts nothing.

    python benchmarks/validate_speed.py
"""

from __future__ import annotations

import time
from decimal import Decimal

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from kg.graph.validate import Inference, validate
from kg.graph.vocab import DEFAULT_BASE, KG, KGC

PROV = Namespace("http://www.w3.org/ns/prov#")
CLASSES = ("Village", "Enterprise", "Project", "Person", "Programme", "Award", "GovernmentBody")


def synthetic(sentences: int) -> Graph:
    """A graph shaped like a built report: per sentence, 2 entities, 1 observation, 1 statement."""
    g = Graph()
    doc = URIRef(DEFAULT_BASE + "doc/bench")
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.reportYear, Literal("2023", datatype=XSD.gYear)))
    town = URIRef(DEFAULT_BASE + "town/bench")
    g.add((town, RDF.type, KG.Town))
    g.add((town, RDFS.label, Literal("某镇", lang="zh-Hans")))
    for n in range(1, sentences + 1):
        s = URIRef(f"{doc}#s{n}")
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.inDocument, doc))
        g.add((s, KG.startOffset, Literal(n * 40)))
        g.add((s, KG.endOffset, Literal(n * 40 + 39)))
        g.add((s, KG.text, Literal("句子" * 10)))
        g.add((s, KG.sentenceIndex, Literal(n)))
        g.add((s, KG.periodKind, Literal("actual")))
        for k in range(2):
            cls = CLASSES[(n + k) % len(CLASSES)]
            e = URIRef(f"{DEFAULT_BASE}{cls.lower()}/e{n}-{k}")
            g.add((e, RDF.type, KG[cls]))
            g.add((e, RDFS.label, Literal(f"实体{n}-{k}", lang="zh-Hans")))
            g.add((e, RDFS.label, Literal(f"shiti {n}-{k}", lang="zh-Latn-pinyin")))
            g.add((e, KG.mentionedIn, s))
            if cls == "Village":
                g.add((e, KG.containedIn, town))
        o = URIRef(f"{DEFAULT_BASE}observation/o{n}")
        for p, v in ((RDF.type, KG.Observation), (KG.measure, KGC["measure-investment"]),
                     (KG.value, Literal(Decimal(n) * Decimal("1.5"))), (KG.unit, KGC["unit-CNY"]),
                     (KG.periodEnd, Literal("2023-10-31", datatype=XSD.date)), (KG.subject, town),
                     (PROV.wasDerivedFrom, s), (KG.startOffset, Literal(n * 40)),
                     (KG.endOffset, Literal(n * 40 + 10)), (KG.rule, Literal("bench"))):
            g.add((o, p, v))
        st = URIRef(f"{DEFAULT_BASE}statement/st{n}")
        for p, v in ((RDF.type, RDF.Statement), (RDF.subject, URIRef(f"{DEFAULT_BASE}village/e{n}-0")),
                     (RDF.predicate, KG.containedIn), (RDF.object, town), (PROV.wasDerivedFrom, s),
                     (KG.startOffset, Literal(n * 40)), (KG.endOffset, Literal(n * 40 + 5))):
            g.add((st, p, v))
    return g


def main() -> None:
    for sentences in (250, 750, 2500):
        g = synthetic(sentences)
        timings = {}
        for inference in (Inference.NONE, Inference.RDFS):
            start = time.perf_counter()
            report = validate(g, inference=inference)
            timings[inference] = time.perf_counter() - start
        print(f"{len(g):>7} triples  none {timings[Inference.NONE]:6.2f} s  rdfs {timings[Inference.RDFS]:6.2f} s"
              f"  ratio {timings[Inference.RDFS] / timings[Inference.NONE]:4.1f}x  conforms={report.conforms}")


if __name__ == "__main__":
    main()
