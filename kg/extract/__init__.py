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

from pathlib import Path

from ..errors import StepError
from ..model import Document, Extraction, Provenance
from .findings import Decision, Findings, Found

__all__ = ["extract", "extract_file", "extract_findings", "Decision", "Findings", "Found"]


def extract_findings(doc: Document) -> Findings:
    """Everything the steps find in a document, before resolution (mentions with provisional keys), with the
    decision on every candidate.

    :param doc: a segmented document.
    :returns: the combined findings, including the numbers deliberately skipped.
    :raises StepError: if a step returns something else than it promises.
    """
    from .admin import hierarchy
    from .components import PIPELINE
    from .components.links import document_links
    from .framework import run_document

    if not isinstance(doc, Document):
        raise StepError(f"extract needs a Document, got {type(doc).__name__}")
    own = hierarchy(doc.meta)
    total = run_document(doc, PIPELINE, own)
    return total + document_links(doc, own, total)


def extract(doc: Document, *, curation: dict | None = None) -> Extraction:
    """Extract and resolve the entities, facts and observations of one document.

    :param doc: a segmented document (``kg.text.segment.load_document``).
    :param curation: optional hand corrections (aliases, merges, type fixes, drops) as read by
        :func:`kg.extract.curation.load_curation`; applied after resolution.
    :returns: the document's :class:`~kg.model.Extraction`.
    :raises StepError: if a step returns something else than it promises.
    """
    from .curation import apply_curation
    from .resolve import resolve

    ex = resolve(doc, extract_findings(doc))
    return apply_curation(ex, curation) if curation is not None else ex


def extract_file(path: str | Path, *, curation: str | Path | None = None
                 ) -> tuple[Extraction, tuple[tuple[Provenance, str], ...]]:
    """Read, normalize, segment and extract one report file.

    :param path: the report (with its ``.meta.json`` sidecar, if any).
    :param curation: optional curation file (format: :mod:`kg.extract.curation`).
    :returns: the extraction and the numbers deliberately skipped (with their rules).
    :raises InputError: if the file or the curation file cannot be read.
    """
    from .curation import apply_curation, load_curation
    from .resolve import resolve
    from ..text.segment import load_document

    cur = load_curation(curation) if curation is not None else None  # a bad file fails before the work
    doc = load_document(path)
    findings = extract_findings(doc)
    ex = resolve(doc, findings)
    return (apply_curation(ex, cur) if cur is not None else ex), findings.skipped

