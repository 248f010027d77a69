"""Tiny in-memory documents for extraction tests: plain Simplified sentences with correct offsets."""

from __future__ import annotations

from kg.model import Document, DocumentMeta, Period, Section, Sentence

TOWN = "广东省清远市清城区源潭镇"


def one_sentence(text: str, *, kind: str | None = "actual", year: int = 2023, place: str = TOWN,
                 doc_id: str = "t") -> Document:
    """A document holding ``text`` as its only sentence."""
    return sentences(text, kind=kind, year=year, place=place, doc_id=doc_id)


def sentences(*texts: str, kind: str | None = "actual", year: int = 2023, place: str = TOWN,
              doc_id: str = "t") -> Document:
    """A document of the given sentences (joined without separators), all of one period."""
    sents = []
    pos = 0
    for n, t in enumerate(texts, start=1):
        sents.append(Sentence(id=f"{doc_id}#s{n}", start=pos, end=pos + len(t), text=t, period=Period(kind, year)))
        pos += len(t)
    text = "".join(texts)
    section = Section(id=f"{doc_id}#1", level=2, marker="(一)", title="", start=0, end=len(text),
                      period=Period(kind, year))
    return Document(id=doc_id, meta=DocumentMeta(place=place, year=year), text=text, trad_text=text,
                    sections=(section,), sentences=tuple(sents))


def readable(ex):
    """The extraction with every place's id written ``<Class>/<name>``: a place of the division codes has the id
    ``<Class>/<code>``, another one ``<Class>/<name>@<its parent>`` (the identity rule); tests of what is found
    compare names, and the identity of places is tested on its own (``tests/extract/test_grounding.py``)."""
    from dataclasses import replace

    from kg.model import Fact

    plain = {e.id: f"{e.type}/{e.name}" for e in ex.entities if e.id != f"{e.type}/{e.name}"
             and (e.id.split("/", 1)[1].isdigit() or "@" in e.id and e.type not in ("Observation", "AwardConferral",
                                                                                      "PlanItem"))}
    entities = tuple(replace(e, id=plain.get(e.id, e.id)) for e in ex.entities)
    facts = tuple(Fact(plain.get(f.subject, f.subject), f.predicate,
                       plain.get(f.object, f.object) if isinstance(f.object, str) else f.object, f.provenance)
                  for f in ex.facts)
    return replace(ex, entities=entities, facts=facts)
