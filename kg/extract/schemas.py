"""The schema of every word list under ``kg/data``, in one place: its columns, what each cell must hold, and
whether its first column is a key.  :mod:`kg.extract.lexicon` checks every file against its schema on load.

A column that names an ontology class must name one of :data:`kg.graph.vocab.CLASSES`; a column of codes must
name a concept of the scheme :data:`kg.graph.vocab.CONCEPT_SCHEMES` declares (units, statuses, levels …) or a
measure of ``measures.tsv``.

>>> sorted(SCHEMAS["place_suffixes.tsv"].names)
['canonical_suffix', 'max_prefix', 'min_prefix', 'suffix', 'type']
>>> ontology_class()("Vilage")
Traceback (most recent call last):
...
ValueError: 'Vilage' is not an ontology class; see kg/graph/vocab.py
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .lexicon import Column, Reader, Schema


def integer(cell: str) -> int:
    """A whole number, 0 or more."""
    if not cell.isdigit():
        raise ValueError(f"'{cell}' is not a whole number")
    return int(cell)


def one_of(*values: str) -> Reader:
    """A reader that takes one of ``values``."""
    def read(cell: str) -> str:
        if cell not in values:
            raise ValueError(f"'{cell}' is not one of {', '.join(values)}")
        return cell
    return read


@lru_cache(maxsize=1)
def _classes() -> frozenset[str]:
    from ..graph.vocab import CLASSES

    return frozenset(CLASSES)


def ontology_class(*only: str) -> Reader:
    """A reader of an ontology class's local name (one of ``only``, when given)."""
    def read(cell: str) -> str:
        if cell not in _classes():
            raise ValueError(f"'{cell}' is not an ontology class; see kg/graph/vocab.py")
        if only and cell not in only:
            raise ValueError(f"'{cell}' is not one of {', '.join(only)}")
        return cell
    return read


def concept(scheme: str) -> Reader:
    """A reader of a code of a SKOS concept scheme of the ontology (``kgc:<scheme>-<code>``)."""
    def read(cell: str) -> str:
        from ..graph.vocab import CONCEPT_SCHEMES

        if cell not in CONCEPT_SCHEMES[scheme]:
            raise ValueError(f"'{cell}' is not a {scheme} code; known: {', '.join(CONCEPT_SCHEMES[scheme])}")
        return cell
    return read


@lru_cache(maxsize=1)
def _measure_codes() -> frozenset[str]:
    from ..graph.ontology import measures

    return frozenset(m.code for m in measures())


def measure(cell: str) -> str:
    """A measure code of ``kg/data/measures.tsv``."""
    if cell not in _measure_codes():
        raise ValueError(f"'{cell}' is not a measure of kg/data/measures.tsv")
    return cell


def listed(read: Reader, sep: str) -> Reader:
    """A reader of ``sep``-separated items, each read by ``read``; empty items are left out."""
    def read_all(cell: str) -> tuple[Any, ...]:
        return tuple(read(item.strip()) for item in cell.split(sep) if item.strip())
    return read_all


def _place_or_none(cell: str) -> str:
    """A place class of the ontology, or ``-`` for a grouping of divisions that is no place."""
    return cell if cell == "-" else ontology_class(*_PLACES)(cell)


def _or_none(read: Reader) -> Reader:
    """``read``, or ``-`` for none."""
    return lambda cell: cell if cell == "-" else read(cell)


def _admin_row(row: Any) -> str | None:
    text = {"text", "metadata"} & set(row.reads)
    if text and (row.type not in _ADMIN or row.level == "-"):
        return f"a row read in text or metadata needs an administrative class and a level, not {row.type!r}"
    if "codes" in row.reads and (row.division == "-" or not row.short):
        return "a row read in the codes needs its division level and a short column (yes or no)"
    if "codes" not in row.reads and row.division != "-":
        return "a row not read in the codes names no division level ('-')"
    return None


def _one_to_one(row: Any) -> str | None:
    if len(row.variant) != 1 or len(row.standard) != 1 or row.variant == row.standard:
        return f"give one character and its standard form, not {row.variant!r} → {row.standard!r}"
    return None


def _same_length(row: Any) -> str | None:
    if len(row.wrong) != len(row.right):
        return f"'{row.wrong}' and '{row.right}' differ in length; a fix must keep every offset"
    return None


def _words(first: str, *rest: Column, key: bool = True, check: Callable[[Any], str | None] | None = None) -> Schema:
    return Schema((Column(first), *rest), key=key, check=check)


_WHY = Column("why", optional=True)
_MAX = Column("max_prefix", integer)
_ADMIN = ("Province", "City", "District", "Town", "Village", "Community")
_PLACES = (*_ADMIN, "Area", "IndustrialPark")

#: file name under ``kg/data`` → its schema.
SCHEMAS: dict[str, Schema] = {
    "anaphors.tsv": _words("word", Column("classes", listed(ontology_class(), "|")), _WHY),
    "admin_levels.tsv": _words("suffix", Column("type", _place_or_none), Column("level", _or_none(concept("level"))),
                               Column("division", one_of("province", "city", "county", "town", "village", "-")),
                               Column("reads", listed(one_of("text", "metadata", "codes"), ",")),
                               Column("usual", optional=True), Column("short", one_of("yes", "no"), optional=True),
                               key=False, check=_admin_row),
    "award_cues.tsv": _words("word", Column("position", one_of("before", "after")), _WHY),
    "title_cues.tsv": _words("word", Column("role", one_of("verb", "weak", "lead", "tail")), _WHY),
    "institution_heads.tsv": _words("word", _WHY),
    "firm_acts.tsv": _words("word", _WHY),
    "firm_tails.tsv": _words("word", _WHY),
    "boundary_words.tsv": _words("word", Column("scope", one_of("all", "place")), _WHY),
    "capacity_cues.tsv": _words("cue", _WHY),
    "category_heads.tsv": _words("word", _WHY),
    "quote_kind_heads.tsv": _words("word", _WHY),
    "quote_target_verbs.tsv": _words("word", _WHY),
    "category_leads.tsv": _words("word", Column("places", one_of("yes", "no")), _WHY),
    "changes.tsv": _words("surface", Column("sign", one_of("+", "-"))),
    "company_forms.tsv": _words("form", _WHY),
    "coordination_heads.tsv": _words("head", Column("type", ontology_class()), Column("item_suffix", optional=True)),
    "en-labels.tsv": _words("name", Column("label")),
    "election_cues.tsv": _words("cue", _WHY),
    "event_suffixes.tsv": _words("suffix", _MAX),
    "facility_projects.tsv": _words("suffix", _MAX),
    "facility_suffixes.tsv": _words("suffix", _WHY),
    "gazetteer/ethnic_names.tsv": _words("name", Column("note")),
    "gazetteer/guard.tsv": _words("word", _WHY),
    "gazetteer/variants.tsv": _words("variant", Column("standard"), _WHY, check=_one_to_one),
    "generic_names.tsv": _words("name", _WHY),
    "generic_orgs.tsv": _words("name", _WHY),
    "generic_projects.tsv": _words("specific", _WHY),
    "grain_words.tsv": _words("word", _WHY),
    "gov_abbreviations.tsv": _words("word", Column("level", concept("level")), Column("place", ontology_class(*_ADMIN))),
    "industry_cues.tsv": _words("cue", Column("industry", concept("industry"))),
    "known_names.tsv": _words("name", Column("type", ontology_class()), Column("canonical")),
    "measure_cues.tsv": _words("keyword", Column("measure", measure)),
    "measure_fallbacks.tsv": _words("unit", Column("measure", measure)),
    "measure_units.tsv": _words("measure", Column("units", listed(concept("unit"), ","))),
    "measures.tsv": _words("code", Column("zh"), Column("en"), Column("keywords", listed(str, "|"), optional=True, empty=())),
    "national_cues.tsv": _words("word", _WHY),
    "national_bodies.tsv": _words("name", Column("level", concept("level"))),
    "national_programmes.tsv": _words("name", Column("level", concept("level")), _WHY),
    "org_suffixes.tsv": _words("suffix", Column("type", ontology_class("GovernmentBody", "PublicInstitution",
                                                                       "Enterprise")),
                               _MAX, Column("level", concept("level"), optional=True)),
    # an empty type: an administrative place, of the class admin_levels.tsv gives its canonical suffix
    "own_place_words.tsv": _words("word", _WHY),
    "place_suffixes.tsv": _words("suffix", Column("type", ontology_class(*_PLACES), optional=True),
                                 Column("min_prefix", integer), _MAX, Column("canonical_suffix")),
    "posts.tsv": _words("post", _WHY),
    "honorifics.tsv": _words("word", _WHY),
    "product_suffixes.tsv": _words("suffix", _MAX),
    "programme_openers.tsv": _words("word", _WHY),
    "programme_suffixes.tsv": _words("suffix", _MAX),
    "project_openers.tsv": _words("word", _WHY),
    "project_parts.tsv": _words("word", _WHY),
    "project_suffixes.tsv": _words("suffix", _MAX),
    "project_trailers.tsv": _words("word", _WHY),
    "qualifiers.tsv": _words("surface", Column("position", one_of("before", "after")),
                             Column("qualifier", concept("qualifier"))),
    "quoted_phrases.tsv": _words("phrase", _WHY),
    "quoted_products.tsv": _words("noun", _WHY),
    "roles.tsv": _words("title", Column("kind"), Column("place", ontology_class(*_ADMIN), optional=True)),
    "scales.tsv": _words("surface", Column("multiplier", integer)),
    "speech_verbs.tsv": _words("verb", _WHY),
    "spending_cues.tsv": _words("cue", _WHY),
    "status_cues.tsv": _words("cue", Column("status", concept("status"))),
    "subject_leads.tsv": _words("word", _WHY),
    "suffix_followers.tsv": _words("suffix", Column("followers")),
    "document_heads.tsv": _words("word", _WHY),
    "honour_heads.tsv": _words("word", Column("role", one_of("head", "lead")), _WHY),
    "surnames.tsv": _words("surname", Column("reach", one_of("anywhere", "after-role"))),
    "t2s_fixes.tsv": _words("wrong", Column("right"), key=False, check=_same_length),
    "unit_refinements.tsv": _words("unit", Column("cue"), Column("position", one_of("after", "before")),
                                   Column("refined", concept("unit")), key=False),
    "units.tsv": _words("surface", Column("unit", concept("unit")), Column("notes", optional=True)),
    "unsplit_words.tsv": _words("word", _WHY),
}
