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
