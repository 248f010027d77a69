"""The extraction steps of recognition: the sentence's words (``tokens``), read once after the quantities, which
every finder that scans for a name's start reads to obey the word-boundary law
(:data:`kg.extract.recognize.words.BOUNDARY_RULES`)."""

from __future__ import annotations

from typing import Any

from ..framework import Context, component
from .words import tokenize


@component("tokens", reads=("sent",), adds=("tokens",))
def tokens(ctx: Context) -> dict[str, Any]:
    """The words of the sentence (jieba, with the word lists as user dictionary): reads ``sent``; adds ``tokens``
    (sentence offsets, each with its part of speech)."""
    return {"tokens": tokenize(ctx.sent.text)}


__all__ = ["tokens"]
