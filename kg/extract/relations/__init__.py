"""Relations between the things a sentence names, each fact with its sentence and the rule that found it.

The steps here run after ``mentions`` (:data:`kg.extract.components.PIPELINE`):

- :mod:`.topics`: what an item speaks of, and what its anaphors (该项目, 该村 …) point back to;
- :mod:`.subjects`: the subject of each figure (used by the observations step);
- :mod:`.memberships`: seats won by election (``Membership``);
- :mod:`.locations`: where firms, projects and events are;
- :mod:`.ownership`: investors and operators of projects, a project's investment read from its figure; and,
  from names once the document is read, the firm a project is named after and the products of projects and places;
- :mod:`.programmes`: the projects of a programme, the body that leads it, the places it covers;
- :mod:`.bodies`: from names once the document is read, the place a body serves and the body it belongs to.

:func:`document_relations` is the part read from the whole document.
"""

from __future__ import annotations

from ..findings import Findings
from ...model import Document
from .bodies import body_links
from .locations import whereabouts
from .memberships import memberships
from .ownership import name_links, ownership, project_figures
from .programmes import programme_links
from .topics import topics


def document_relations(doc: Document, own: tuple[tuple[str, str], ...], findings: Findings) -> Findings:
    """The relations a document's names give once all of it is read: bodies' places and parents, projects'
    investors and products, products' places of origin.

    :param doc: the document.
    :param own: its own places, ``(class, name)`` outermost first.
    :param findings: what the sentences yielded.
    :returns: the facts.
    """
    return body_links(doc, own, findings) + name_links(doc, findings)


__all__ = ["document_relations", "memberships", "ownership", "programme_links", "project_figures", "topics",
           "whereabouts"]
