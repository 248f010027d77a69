"""Extraction: a ``Document`` → entities, facts and observations, each with its provenance, and the decision
that kept or dropped every candidate.

The steps (:mod:`kg.extract.components`: places, organisations, people, honours, projects, programmes,
coordination, observations, plans …) run in the order of :data:`kg.extract.components.PIPELINE` over a
per-sentence :class:`~kg.extract.framework.Context`; each declares what it reads and adds, and the runner
(:mod:`kg.extract.framework`) checks what each returns.  :func:`kg.extract.resolve.resolve` then merges the
mentions into entities.

Example::

    from kg.text.segment import load_document
    from kg.extract import extract
    ex = extract(load_document("data/raw/yuantan-2023-work-report.txt"))
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import StepError
from ..model import BuildWarning, Document, Extraction, Provenance
from .findings import Decision, Findings, Found

__all__ = ["extract", "extract_file", "extract_findings", "locate_document", "Decision", "Findings", "Found"]


def locate_document(doc: Document, *, place: str | None = None) -> tuple[Document, tuple[BuildWarning, ...]]:
    """The document with its own places found (:func:`kg.extract.ground.scope.own_place`: from ``place``, its
    sidecar, its heading or its text) and recorded in its metadata (``meta.origin``), with their division codes
    and sources; and the warnings about them (names not in the codes, names left ungrounded, no place found).

    :param doc: a segmented document.
    :param place: a place chain that overrides the sidecar's (the ``--place`` option).
    :raises InputError: if ``place`` names no place.
    """
    from .ground.scope import check_place, own_place, place_warnings, with_own_place

    if not isinstance(doc, Document):
        raise StepError(f"extract needs a Document, got {type(doc).__name__}")
    if place is not None:
        check_place(place)
    own = own_place(doc, place=place)
    return with_own_place(doc, own), place_warnings(own)


def extract_findings(doc: Document, *, place: str | None = None) -> Findings:
    """Everything the steps find in a document, before resolution (mentions with provisional keys), with the
    decision on every candidate.

    :param doc: a segmented document whose own places are found already (:func:`locate_document`), or are
        found now.
    :param place: see :func:`locate_document`.
    :returns: the combined findings, including the numbers deliberately skipped.
    :raises StepError: if a step returns something else than it promises.
    """
    from .admin import hierarchy
    from .components import PIPELINE
    from .components.links import document_links
    from .framework import run_document
    from .relations import document_relations
    from .ground.scope import OwnPlace

    if not isinstance(doc, Document):
        raise StepError(f"extract needs a Document, got {type(doc).__name__}")
    if place is not None or not _located(doc):
        doc = locate_document(doc, place=place)[0]
    own = hierarchy(doc.meta)
    own_place = OwnPlace(tuple(o for o in doc.meta.origin if o.field in {c for c, _ in own}))
    total = run_document(doc, PIPELINE, own, own_place)
    total = total + document_relations(doc, own, total)
    return total + document_links(doc, own, total)


def _located(doc: Document) -> bool:
    from .admin import classes

    return any(o.field in classes() for o in doc.meta.origin)


def extract(doc: Document, *, curation: dict | None = None, place: str | None = None) -> Extraction:
    """Extract and resolve the entities, facts and observations of one document, each entity with its identity
    across documents (:mod:`kg.extract.identity`).

    :param doc: a segmented document (``kg.text.segment.load_document``).
    :param curation: optional hand corrections (aliases, merges, type fixes, drops) as read by
        :func:`kg.extract.curation.load_curation`; applied after resolution.
    :param place: the report's place chain (``河北省保定市涞水县``), overriding its sidecar's.
    :returns: the document's :class:`~kg.model.Extraction`; its document's ``meta.origin`` says where its
        title, year and own places came from.
    :raises StepError: if a step returns something else than it promises.
    """
    from .curation import apply_curation
    from .identity import identify
    from .resolve import resolve

    doc, warnings = locate_document(doc, place=place)
    ex = resolve(doc, extract_findings(doc))
    ex = replace(ex, warnings=warnings + ex.warnings)
    return identify(apply_curation(ex, curation) if curation is not None else ex)


def extract_file(path: str | Path, *, curation: str | Path | None = None, place: str | None = None
                 ) -> tuple[Extraction, tuple[tuple[Provenance, str], ...]]:
    """Read, normalize, segment and extract one report file.

    :param path: the report (with its ``.meta.json`` sidecar, if any).
    :param curation: optional curation file (format: :mod:`kg.extract.curation`).
    :param place: the report's place chain, overriding its sidecar's (see :func:`extract`).
    :returns: the extraction and the numbers deliberately skipped (with their rules).
    :raises InputError: if the file or the curation file cannot be read.
    """
    from .curation import apply_curation, load_curation
    from .identity import identify
    from .resolve import resolve
    from ..text.segment import load_document

    cur = load_curation(curation) if curation is not None else None  # a bad file fails before the work
    doc, warnings = locate_document(load_document(path), place=place)
    findings = extract_findings(doc)
    ex = resolve(doc, findings)
    ex = replace(ex, warnings=warnings + ex.warnings)
    return identify(apply_curation(ex, cur) if cur is not None else ex), findings.skipped

