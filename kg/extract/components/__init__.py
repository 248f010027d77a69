"""The steps of extraction, one module per kind of thing, and :data:`PIPELINE`, the order they run in over each
sentence (what a step declares, and the slots of the context it reads and adds: :mod:`kg.extract.framework`).

To add a candidate source (a gazetteer, a statistical recognizer): write a component that reads what it needs
and adds its own slot of ``Found`` candidates, put it before ``mentions``, and let ``mentions`` read that slot.
To add a filter rule: add it to :data:`kg.extract.components.mentions.FILTERS`.  To add a relation between
entities: write a component after ``mentions`` that reads ``mentions`` and adds ``facts``.
"""

from __future__ import annotations

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

#: The steps, in order.  Reading first (quotes, quantities; a lexical analyser's tokens would go here), then the
#: candidates of each kind, the mentions kept, and the facts that link them.
PIPELINE = (
    quotes, quantities,
    places, known_names, park_short_forms, organisations, body_levels, events, programmes, products,
    coordination, projects, named, people, honours,
    mentions,
    links, plans, observations,
)

__all__ = ["PIPELINE"]
