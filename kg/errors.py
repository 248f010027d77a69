"""Errors raised by kg. Only the command line prints them; the library raises."""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """An input file or text cannot be read (empty, binary, undecodable, too large, malformed)."""


class QueryError(KGError):
    """A SPARQL query is malformed, names an unknown prefix or query, or a remote endpoint failed."""


class ValidationError(KGError):
    """A graph or ontology file cannot be parsed for validation."""


class StepError(KGError):
    """A pipeline step returned something other than what it promises."""
