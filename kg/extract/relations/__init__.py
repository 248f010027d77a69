"""Relations between the things a sentence names, each fact with its sentence and the rule that found it.

The steps here run after ``mentions`` (:data:`kg.extract.components.PIPELINE`): what a sentence is about and
what its anaphors point back to (:mod:`.topics`), the subject of each figure (:mod:`.subjects`, used by the
observations step).
"""

from __future__ import annotations

from .topics import topics

__all__ = ["topics"]
