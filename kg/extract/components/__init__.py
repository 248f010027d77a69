"""The steps of extraction, one module per kind of thing, and :data:`PIPELINE`, the order they run in over each
sentence (what a step declares, and the slots of the context it reads and adds: :mod:`kg.extract.framework`).

To add a candidate source (a gazetteer, a statistical recognizer): write a component that reads what it needs
and adds its own slot of ``Found`` candidates, put it before ``mentions``, and let ``mentions`` read that slot.
To add a filter rule: add it to :data:`kg.extract.components.mentions.FILTERS`.  To add a relation between
entities: write a component after ``mentions`` that reads ``mentions`` and adds ``facts``.
"""

from __future__ import annotations

from ..ground.candidates import gazetteer
from .coordination import coordination
from .events import events
from .honours import honours
from .links import links, named
from .mentions import mentions
from .observations import observations
from .organisations import body_levels, organisations
from .people import people
from .places import known_names, park_short_forms, places
from .plans import plans
from .products import products
from .programmes import programmes
from .projects import projects
from .reading import quantities, quotes
from ..recognize.short_names import short_names
from ..recognize.steps import recognized, tokens
from ..relations import memberships, ownership, programme_links, project_figures, topics, whereabouts

#: The steps, in order.  Reading first (quotes, quantities, the words), then the candidates of each kind (the
#: statistical recognizer's persons; the gazetteer's places after the rule finders' places and lists, whose
#: candidates it grounds), the mentions kept, and the facts that link them.
PIPELINE = (
    quotes, quantities, tokens, recognized,
    places, known_names, park_short_forms, organisations, short_names, body_levels, events, programmes, products,
    coordination, gazetteer, projects, named, people, honours,
    mentions,
    topics, links, memberships, whereabouts, ownership, programme_links, plans, observations, project_figures,
)

__all__ = ["PIPELINE"]
