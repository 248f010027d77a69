"""Reading the sentence once: its quotes and its quantities, which every later step reads from the context
instead of finding them again.  A lexical analyser's step (word tokens with their tags) belongs here too: it
adds the ``tokens`` slot, and the finders that want word boundaries read it."""

from __future__ import annotations

from typing import Any

from ..framework import Context, component
from ..quantity import find_quantities
from ..quotes import find_quotes


@component("quotes", reads=("sent",), adds=("quotes",))
def quotes(ctx: Context) -> dict[str, Any]:
    """The quoted spans “…” of the sentence: reads ``sent``; adds ``quotes`` (sentence offsets)."""
    return {"quotes": find_quotes(ctx.sent.text)}


@component("quantities", reads=("sent",), adds=("quantities",))
def quantities(ctx: Context) -> dict[str, Any]:
    """The figures of the sentence (value, unit, qualifier, change): reads ``sent``; adds ``quantities``
    (sentence offsets)."""
    return {"quantities": find_quantities(ctx.sent.text)}
