"""The identity rule of each class: what, besides its class and name, tells one thing from another thing of the
same name in another report.  The answer is a short string, ``Entity.identity``:

- ``""`` — the name alone: a firm's full registered name (it holds a legal form of ``company_forms.tsv``) and a
  project named after one, a programme of ``national_programmes.tsv``, a body of ``national_bodies.tsv``, and
  a name that opens with a national word (全国…, 国家…, 中国…: ``national_cues.tsv``);
- ``in:<place>`` — the name plus a place, written alike in every report: a province or city by its name
  (``in:湖南省``), a place below by its division code and the names below the code (``in:441802103000``,
  ``in:441802103000/南塘村``), or without a code by its chain of names from the city down
  (``in:南江市/北城区/东岭镇``).  The place is the one the name opens with (北城区中医院 → 北城区; a town a
  district's report names; a province or well-known city anywhere), or else the document's own place.  People
  always take the document's own place: a name is never enough for a person;
- ``by:<conferrers>`` — an award: its title plus the identity keys of its conferring bodies, plus the year
  (``;2023``) when the title carries none;
- ``doc:<document id>`` — the document alone: a thing whose place is unknown (a report without a place), and
  an award with a generic title (先进个人, 2021年度示范单位) and no known conferrer.

Places (Country … IndustrialPark) follow the place rule of :mod:`kg.extract.ground.identity` (their ids hold it);
observations, conferrals and plan items are keyed by their sentence and offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ...model import Document
from ..admin import classes_above, hierarchy, level_of_class, level_order, stem
from ..lexicon import rows, words

#: Classes whose identity is the place rule's (the gazetteer's), not these rules'.
PLACE_CLASSES = ("Country", "Province", "City", "District", "Town", "Village", "Community", "Area",
                 "IndustrialPark")

#: Classes that are not things with a name: keyed by document, sentence and offset.
KEYED_CLASSES = ("Observation", "AwardConferral", "PlanItem", "Document", "Sentence")

_YEAR = re.compile(r"(?:19|20)\d\d")

#: A name may open with the party's prefix before its place (中共南江市委组织部 is 南江市's).
_PARTY = "中共"


#: Levels whose place names are unique in the country: a place of these is named alone in an identity.
_UNIQUE_NAMES = ("Province", "City")


@dataclass(frozen=True, slots=True)
class Setting:
    """Where a document stands: its id, its own places ``(class, name)`` outermost first with their division
    codes (``""`` where a place has none), and the places one level below its own that it names (the towns a
    district's report names), ``(name, code or "")``, which a name may open with."""

    doc_id: str
    places: tuple[tuple[str, str], ...] = ()
    codes: tuple[str, ...] = ()
    below: tuple[tuple[str, str], ...] = ()

    @property
    def own(self) -> str:
        """The identity of a thing of the document's own place: ``in:`` and that place, or the document."""
        return self.down_to(len(self.places) - 1) if self.places else f"doc:{self.doc_id}"

    def down_to(self, index: int) -> str:
        """``in:`` and the document's place ``places[index]``, written so that every report names it alike: a
        province or city by its name (unique in the country); a place below by the division code of the lowest
        place of the codes at or above it and the names below that one, or, with no code, by the chain of
        names from the city down (``in:南江市/北城区/东岭镇``)."""
        cls, name = self.places[index]
        if cls in _UNIQUE_NAMES:
            return f"in:{name}"
        codes = [j for j in range(index + 1) if j < len(self.codes) and self.codes[j]
                 and self.places[j][0] not in _UNIQUE_NAMES]
        if codes:
            return "in:" + "/".join((self.codes[codes[-1]], *(n for _, n in self.places[codes[-1] + 1:index + 1])))
        top = max((j for j in range(index + 1) if self.places[j][0] == "City"), default=0)
        return "in:" + "/".join(n for _, n in self.places[top:index + 1])

    @property
    def local(self) -> str:
        """The identity of a thing that belongs to this document alone."""
        return f"doc:{self.doc_id}"


_CODE = re.compile(r"^\d{12}$")


def setting(doc: Document, named: Iterable[tuple[str, str, str]] = ()) -> Setting:
    """The setting of a document: its own places from its metadata (``kg.extract.admin.hierarchy``, with the
    codes ``meta.origin`` gives them), and of the places it names, ``(class, name, entity id)``, those one level
    below its own (with the code their id holds, for a place of the codes: ``Town/441802103000``).

    >>> from kg.model import DocumentMeta
    >>> setting(Document("t-2023", DocumentMeta(place="南江市北城区东岭镇"), "", "")).own
    'in:南江市/北城区/东岭镇'
    >>> setting(Document("t-2023", DocumentMeta(), "", "")).own
    'doc:t-2023'
    >>> setting(Document("t-2023", DocumentMeta(place="南江市北城区"), "", ""), [("Town", "东岭镇", "Town/东岭镇")]).below
    (('东岭镇', ''),)
    """
    places = hierarchy(doc.meta)
    if not places:
        return Setting(doc.id)
    known = {(o.field, o.value): o.code for o in doc.meta.origin}
    codes = tuple(known.get(p, "") for p in places)
    levels = level_order()
    own_level = level_of_class(places[-1][0])
    next_level = levels[levels.index(own_level) + 1] if own_level in levels[:-1] else None
    below = {}
    for cls, name, eid in named:
        if next_level and level_of_class(cls) == next_level:
            code = eid.partition("/")[2]
            below[name] = code if _CODE.match(code) else below.get(name, "")
    return Setting(doc.id, places, codes, tuple(sorted(below.items())))


def key_of(type_: str, name: str, identity: str) -> str:
    """The identity key of a thing, as one string: ``<class>/<name>`` and ``@<identity>`` when there is one.

    >>> key_of("GovernmentBody", "南江市统计局", "in:南江市")
    'GovernmentBody/南江市统计局@in:南江市'
    """
    return f"{type_}/{name}@{identity}" if identity else f"{type_}/{name}"


@lru_cache(maxsize=1)
def _forms() -> tuple[str, ...]:
    return words("company_forms.tsv")


def registered(name: str) -> bool:
    """Does the name hold a firm's legal form (有限公司, 集团 …), i.e. is it (or is it named after) a firm's
    full registered name?

    >>> registered("南江云帆科技有限公司"), registered("云帆科技")
    (True, False)
    """
    return any(f in name for f in _forms())


@lru_cache(maxsize=1)
def _known_places() -> tuple[tuple[str, str], ...]:
    """Provinces and well-known cities by every name they go by (广东 and 广东省 → 广东省), longest first."""
    out = {}
    for r in rows("known_names.tsv"):
        if r.type in ("Province", "City"):
            out[r.name] = r.canonical
            out[r.canonical] = r.canonical
    return tuple(sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _openers(st: Setting) -> tuple[tuple[str, int], ...]:
    """The document's own places a name may open with, and their index in the chain, longest first: each
    place, and the stem of a district or higher (南江 of 南江市)."""
    out: dict[str, int] = {}
    for i, (cls, place) in enumerate(st.places):
        out.setdefault(place, i)
        if cls in classes_above("Town") and (s := stem(place)) is not None:
            out.setdefault(s, i)
    return tuple(sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def national(name: str) -> bool:
    """Does the name open with a national word (全国, 国家, 中共中央 … of ``national_cues.tsv``)?"""
    return name.startswith(words("national_cues.tsv"))


def opening_place(name: str, st: Setting) -> str | None:
    """The identity given by the place a name opens with (after 中共): ``in:`` and the chain of the document's
    places down to it; a place one level below the document's own that the document names, the chain and that
    place (so a town's project named in its district's report is the one the town's report names); a province
    or well-known city outside the chain alone (``in:湖南省``); ``None`` when the name opens with no place.

    >>> st = Setting("t-2023", (("City", "南江市"), ("District", "北城区"), ("Town", "东岭镇")))
    >>> opening_place("北城区中医院", st), opening_place("中共南江市委组织部", st), opening_place("镇卫生院", st)
    ('in:南江市/北城区', 'in:南江市', None)
    >>> opening_place("湖南省统计局", st)
    'in:湖南省'
    >>> opening_place("东岭镇污水处理厂", Setting("t-2023", st.places[:2], below=(("东岭镇", ""),)))
    'in:南江市/北城区/东岭镇'
    """
    body = name[len(_PARTY):] if name.startswith(_PARTY) and len(name) > len(_PARTY) + 2 else name
    for opener, index in _openers(st):
        if body.startswith(opener) and len(body) > len(opener):
            return st.down_to(index)
    for place, code in sorted(st.below, key=lambda p: (-len(p[0]), p)):  # 东岭镇污水处理厂 in 北城区's report
        if body.startswith(place) and len(body) > len(place):
            return f"in:{code}" if code else f"{st.own}/{place}"
    for opener, canonical in _known_places():
        if body.startswith(opener) and len(body) > len(opener):
            return f"in:{canonical}"
    return None


def named_place(title: str, st: Setting) -> str | None:
    """The identity given by a place written anywhere in an award's title (2023年上半年南江市…优秀调查员):
    like :func:`opening_place`, but only full place names count inside a title."""
    for place, index in sorted(((p, i) for i, (_, p) in enumerate(st.places)), key=lambda kv: -len(kv[0])):
        if place in title:
            return st.down_to(index)
    for opener, canonical in _known_places():
        if opener == canonical and opener in title:
            return f"in:{canonical}"
    return None


def identity_of(type_: str, name: str, st: Setting) -> str:
    """The identity of a thing of any class but ``Award`` (see :func:`award_identity`), by the rules of this
    module's docstring.

    >>> st = Setting("t-2023", (("City", "南江市"), ("District", "北城区"), ("Town", "东岭镇")))
    >>> identity_of("Project", "垃圾转运站项目", st)
    'in:南江市/北城区/东岭镇'
    >>> identity_of("Person", "张伟", st), identity_of("Enterprise", "南江云帆科技有限公司", st)
    ('in:南江市/北城区/东岭镇', '')
    >>> identity_of("Programme", "百千万工程", st), identity_of("Village", "南塘村", st)
    ('', '')
    """
    if type_ in PLACE_CLASSES or type_ in KEYED_CLASSES:
        return ""
    if type_ == "Person":
        return st.own
    if type_ in ("Enterprise", "Project") and registered(name):
        return ""
    if type_ == "Programme" and name in words("national_programmes.tsv"):
        return ""
    if type_ == "GovernmentBody" and name in words("national_bodies.tsv"):
        return ""
    if national(name):
        return ""
    found = opening_place(name, st)
    return found if found is not None else st.own


def award_identity(title: str, conferrers: tuple[str, ...], year: int | None, st: Setting) -> str:
    """The identity of an award: its conferring bodies (their identity keys, :func:`key_of`) and the year when
    the title carries none; without a conferrer, a title that names the nation or a place is that nation's or
    place's (plus the year), and a generic one belongs to its document.

    >>> st = Setting("t-2023", (("City", "南江市"), ("District", "北城区"), ("Town", "东岭镇")))
    >>> award_identity("先进个人", ("GovernmentBody/南江市统计局@in:南江市",), 2023, st)
    'by:GovernmentBody/南江市统计局@in:南江市;2023'
    >>> award_identity("2021年度先进个人", (), 2021, st)
    'doc:t-2023'
    >>> award_identity("全国文明村镇", (), 2023, st), award_identity("2023年全国文明村镇", (), 2023, st)
    ('2023', '')
    """
    dated = () if _YEAR.search(title) or year is None else (str(year),)
    if conferrers:
        return ";".join(("by:" + "+".join(sorted(set(conferrers))), *dated))
    if any(cue in title for cue in words("national_cues.tsv")):
        return ";".join(dated)
    place = named_place(title, st)
    if place is not None:
        return ";".join((place, *dated))
    return st.local
