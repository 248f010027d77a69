"""Curation: hand corrections applied to an extraction (extra aliases, merges, type fixes, drops).

A curation is a small JSON object; every key is optional::

    {"aliases": {"南塘村": ["南塘"]},
     "merge":   [{"into": "南塘村", "from": ["南塘村委会"]}],
     "types":   {"恒达物流": "Project"},
     "drop":    ["镇村养老服务机构"]}

Entities are named by their canonical name (``Entity.name``). ``types`` runs first, then ``merge`` (the
``from`` entities disappear; facts that pointed at them point at ``into``, which gains their names as aliases;
when ``into`` is not an extracted entity the first ``from`` entity is renamed to it), then ``aliases``, then
``drop`` (the entity and every fact that mentions it go). Files live in ``data/curation/<doc-id>.json``
(one document) and ``data/curation.json`` (every document, applied first).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..model import Entity, Extraction, Fact
from ..graph.vocab import CLASSES

_KEYS = ("aliases", "merge", "types", "drop")


def load_curation(path: str | Path) -> dict:
    """Read and check a curation file.

    :param path: a JSON file in the format of this module's docstring.
    :returns: the curation as a dict with the keys ``aliases``, ``merge``, ``types``, ``drop``.
    :raises InputError: when the file is missing, not JSON, or not in the format.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{path}: curation file not found") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e}); fix the file or pass --no-curation") from e
    return check_curation(data, where=str(path))


def check_curation(data: object, *, where: str = "curation") -> dict:
    """Check a curation object and return it with every key present.

    :param data: the parsed JSON.
    :param where: a label for error messages.
    :returns: the checked curation.
    :raises InputError: naming the first thing that is wrong.
    """
    if not isinstance(data, dict):
        raise InputError(f"{where}: a curation must be a JSON object with keys {', '.join(_KEYS)}")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(_KEYS)}")
    aliases = data.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) for a in v) for v in aliases.values()
    ):
        raise InputError(f'{where}: "aliases" must map a name to a list of names')
    merge = data.get("merge", [])
    if not isinstance(merge, list) or not all(
        isinstance(m, dict) and isinstance(m.get("into"), str) and isinstance(m.get("from"), list) for m in merge
    ):
        raise InputError(f'{where}: "merge" must be a list of {{"into": name, "from": [names]}}')
    types = data.get("types", {})
    if not isinstance(types, dict):
        raise InputError(f'{where}: "types" must map a name to a class name')
    for name, cls in types.items():
        if cls not in CLASSES:
            raise InputError(f"{where}: type of {name!r} is {cls!r}, not an ontology class; known: {', '.join(CLASSES)}")
    drop = data.get("drop", [])
    if not isinstance(drop, list) or not all(isinstance(n, str) for n in drop):
        raise InputError(f'{where}: "drop" must be a list of names')
    return {"aliases": aliases, "merge": merge, "types": types, "drop": drop}


def _new_id(entity: Entity, new_type: str, new_name: str) -> str:
    # Ids built as "<Type>/<name>" follow the change; any other id scheme is kept as it is.
    if entity.id == f"{entity.type}/{entity.name}":
        return f"{new_type}/{new_name}"
    return entity.id


def _retarget(facts: tuple[Fact, ...], moved: dict[str, str]) -> tuple[Fact, ...]:
    out = []
    for f in facts:
        obj = moved.get(f.object, f.object) if isinstance(f.object, str) else f.object
        out.append(replace(f, subject=moved.get(f.subject, f.subject), object=obj))
    return tuple(out)


def apply_curation(extraction: Extraction, curation: dict) -> Extraction:
    """Apply a curation to an extraction.

    :param extraction: what extraction produced.
    :param curation: a checked curation (see :func:`check_curation`).
    :returns: a new extraction; the input is unchanged.

    >>> from kg.model import Document, DocumentMeta, Entity, Extraction
    >>> doc = Document(id="d", meta=DocumentMeta(), text="", trad_text="")
    >>> ex = Extraction(document=doc, entities=(Entity(id="Village/南塘", type="Village", name="南塘"),))
    >>> apply_curation(ex, {"aliases": {}, "merge": [{"into": "南塘村", "from": ["南塘"]}], "types": {}, "drop": []}).entities[0].name
    '南塘村'
    """
    curation = check_curation(curation)
    entities = list(extraction.entities)
    facts = extraction.facts
    moved: dict[str, str] = {}

    for i, e in enumerate(entities):
        new_type = curation["types"].get(e.name)
        if new_type and new_type != e.type:
            entities[i] = replace(e, id=_new_id(e, new_type, e.name), type=new_type)
            moved[e.id] = entities[i].id
    facts = _retarget(facts, moved)

    for m in curation["merge"]:
        into_name, from_names = m["into"], set(m["from"])
        into_i = next((i for i, e in enumerate(entities) if e.name == into_name), None)
        victims = [i for i, e in enumerate(entities) if e.name in from_names and i != into_i]
        if not victims:
            continue
        if into_i is None:
            first = entities[victims[0]]
            renamed = replace(first, id=_new_id(first, first.type, into_name), name=into_name,
                              aliases=tuple(dict.fromkeys(first.aliases + (first.name,))))
            moved_now = {first.id: renamed.id}
            entities[victims[0]] = renamed
            into_i, victims = victims[0], victims[1:]
        else:
            moved_now = {}
        into = entities[into_i]
        extra: list[str] = []
        for i in victims:
            moved_now[entities[i].id] = into.id
            extra += [entities[i].name, *entities[i].aliases]
        entities[into_i] = replace(into, aliases=tuple(dict.fromkeys(into.aliases + tuple(extra))),
                                   provenance=into.provenance + tuple(p for i in victims for p in entities[i].provenance))
        entities = [e for i, e in enumerate(entities) if i not in set(victims)]
        facts = _retarget(facts, moved_now)

    for i, e in enumerate(entities):
        more = curation["aliases"].get(e.name)
        if more:
            entities[i] = replace(e, aliases=tuple(dict.fromkeys(e.aliases + tuple(more))))

    dropped = {e.id for e in entities if e.name in set(curation["drop"])}
    entities = [e for e in entities if e.id not in dropped]
    facts = tuple(f for f in facts if f.subject not in dropped and not (isinstance(f.object, str) and f.object in dropped))
    # Facts may be duplicated by a merge; keep the first of each.
    facts = tuple(dict.fromkeys(facts))
    return replace(extraction, entities=tuple(entities), facts=facts)
