"""kg — Chinese local-government work reports as an RDF knowledge graph.

The pipeline: read → normalize → segment → extract → resolve → rdf → store/query → viz/site/serve.
"""

from __future__ import annotations

from .errors import InputError, KGError, QueryError, StepError, ValidationError
from .model import (
    Concept, Document, DocumentMeta, Entity, Extraction, Fact, Mention, Normalized, NormalizeReport,
    Period, Provenance, Quantity, Section, Sentence, Value,
)
from .read import decode, read_file

__all__ = [
    "Concept", "Document", "DocumentMeta", "Entity", "Extraction", "Fact", "InputError", "KGError",
    "Mention", "Normalized", "NormalizeReport", "Period", "Provenance", "Quantity", "QueryError",
    "Section", "Sentence", "StepError", "ValidationError", "Value", "decode", "read_file",
]
