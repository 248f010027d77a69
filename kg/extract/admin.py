"""Administrative levels: which word ends the name of a place of which class, and which level that class is
(``kg/data/admin_levels.tsv``); and the document's own places, read from its metadata with that table.

Every rule that needs to know that 镇 ends a town's name, that a town is at level ``town``, or that 全省 speaks
of the provincial level asks this module.

>>> class_of_suffix("东岭镇"), level_of_class("Community")
('Town', 'village')
>>> hierarchy(DocumentMeta(place="广东省南江市北城区东岭镇"))
(('Province', '广东省'), ('City', '南江市'), ('District', '北城区'), ('Town', '东岭镇'))
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model import DocumentMeta
from .lexicon import rows


@lru_cache(maxsize=1)
def _rows() -> tuple[Any, ...]:
    """The rows of ``admin_levels.tsv`` read in running text or in metadata, in file order."""
    return tuple(r for r in rows("admin_levels.tsv") if {"text", "metadata"} & set(r.reads))


@lru_cache(maxsize=1)
def classes() -> tuple[str, ...]:
    """The administrative classes, the highest first (``Province`` … ``Community``)."""
    return tuple(dict.fromkeys(r.type for r in _rows()))


def rank(cls: str) -> int:
    """A class's place in :func:`classes` (0 for the highest); classes that are no level rank after all."""
    order = classes()
    return order.index(cls) if cls in order else len(order)


def classes_above(cls: str) -> tuple[str, ...]:
    """The administrative classes higher than ``cls`` (``classes_above("Village")`` → Province … Town)."""
    return classes()[:rank(cls)]


@lru_cache(maxsize=None)
def level_of_class(cls: str) -> str | None:
    """The ``kgc:level-*`` code of an administrative class (``Town`` → ``town``), or ``None``."""
    return next((r.level for r in _rows() if r.type == cls), None)


@lru_cache(maxsize=None)
def suffixes(*, text: bool) -> tuple[tuple[str, str], ...]:
    """``(suffix, class)`` pairs, longest suffix first (a suffix of two classes: the higher first); with ``text``
    only those that end place names in running text."""
    pairs = [(r.suffix, r.type) for r in _rows() if "text" in r.reads or not text]
    return tuple(sorted(dict.fromkeys(pairs), key=lambda p: -len(p[0])))


def class_of_suffix(name: str) -> str | None:
    """The class of the longest text suffix ``name`` ends with (``民族乡`` → ``Town``), or ``None``."""
    return next((cls for suffix, cls in suffixes(text=True) if name.endswith(suffix)), None)


@lru_cache(maxsize=1)
def level_chars() -> frozenset[str]:
    """The one-character level words of running text (省 市 区 县 镇 乡 村): a name's prefix never ends with one,
    and written alone they mean a level (全镇, 市级, 区委)."""
    return frozenset(s for s, _ in suffixes(text=True) if len(s) == 1)


@lru_cache(maxsize=1)
def place_suffixes() -> tuple[Any, ...]:
    """The rows of ``kg/data/place_suffixes.tsv``, each with its class: an administrative suffix takes the class
    of :func:`class_of_suffix` of its canonical suffix."""
    from ..errors import InputError

    out = []
    for r in rows("place_suffixes.tsv"):
        cls = r.type or class_of_suffix(r.canonical_suffix)
        if cls is None:
            raise InputError(f"kg/data/place_suffixes.tsv: {r.suffix} has no type and its canonical suffix "
                             f"{r.canonical_suffix} ends in no word of admin_levels.tsv; give its type")
        out.append(r._replace(type=cls))
    return tuple(out)


def hierarchy(meta: DocumentMeta) -> tuple[tuple[str, str], ...]:
    """The document's own places, outermost first: those recorded in ``meta.origin`` when extraction found them
    (:mod:`kg.extract.ground.scope`), else read from its ``place`` metadata.

    Classes are read in order, each with its suffixes in file order (the shortest name that ends in one); a
    suffix of an earlier class too (市) is read at the later class only after a place of the earlier class.

    :param meta: document metadata; ``place`` like ``"广东省南江市北城区东岭镇"``.
    :returns: ``(class, name)`` pairs.

    >>> hierarchy(DocumentMeta(place="桐溪县檀溪镇"))
    (('District', '桐溪县'), ('Town', '檀溪镇'))
    >>> hierarchy(DocumentMeta(place="西盟县"))
    (('District', '西盟县'),)
    >>> hierarchy(DocumentMeta(place="广西南江市桐溪县"))
    (('Province', '广西壮族自治区'), ('City', '南江市'), ('District', '桐溪县'))
    """
    found = tuple((o.field, o.value) for o in meta.origin if o.field in classes())
    if found:
        return found
    rest = meta.place.strip()
    out: list[tuple[str, str]] = []
    table = _rows()
    for r in rows("known_names.tsv"):  # 广西柳州市…: a province by its short name, then the rest
        if r.type == "Province" and rest.startswith(r.name) and not rest.startswith(r.canonical) \
                and len(rest) > len(r.name) and rest[len(r.name)] not in level_chars():
            out.append(("Province", r.canonical))
            rest = rest[len(r.name):]
            break
    for cls in classes():
        m = None
        for r in (r for r in table if r.type == cls):
            earlier = {s.type for s in table if s.suffix == r.suffix and rank(s.type) < rank(cls)}
            if earlier and not any(c in earlier for c, _ in out):
                continue
            m = re.match(rf"(.+?{re.escape(r.suffix)})", rest)
            if m and len(m.group(1)) >= 2 and rest[m.end():m.end() + 1] not in level_chars():
                break  # (西盟|县: 盟 is no suffix when a level word follows it)
            m = None
        if m:
            out.append((cls, m.group(1)))
            rest = rest[m.end():]
    return tuple(out)


def stem(place: str) -> str | None:
    """A place's name without its level word, if two characters or more are left.

    >>> stem("北城区"), stem("南江市"), stem("东岭瑶族乡"), stem("市")
    ('北城', '南江', '东岭瑶族', None)
    """
    suffix = next((s for s, _ in suffixes(text=False) if place.endswith(s) and len(place) - len(s) >= 2), None)
    return place[:-len(suffix)] if suffix else None


@lru_cache(maxsize=1)
def level_words() -> tuple[tuple[str, str], ...]:
    """Words that name a level inside a name (全国 …, 全省, 省级, 全县 …), the highest level first: the
    national words of ``kg/data/national_cues.tsv`` and 全X / X级 for each one-character level word X."""
    out = [(r.word, "national") for r in rows("national_cues.tsv")]
    for suffix, cls in suffixes(text=True):
        if len(suffix) == 1:
            out += [(f"全{suffix}", level_of_class(cls) or ""), (f"{suffix}级", level_of_class(cls) or "")]
        elif cls == "Province" and suffix == "自治区":  # 自治区级, and 自治区… opening a title (a region's own)
            out += [(f"{suffix}级", level_of_class(cls) or ""), (suffix, level_of_class(cls) or "")]
    return tuple(sorted(out, key=lambda w: level_order().index(w[1])))


def level_order() -> tuple[str, ...]:
    """The ``kgc:level-*`` codes, the highest first (``national``, ``provincial`` … ``village``)."""
    from ..graph.vocab import CONCEPT_SCHEMES

    return CONCEPT_SCHEMES["level"]
