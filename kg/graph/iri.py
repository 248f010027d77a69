"""Stable, readable IRIs for documents, sentences, entities, statements and concepts.

An entity IRI is ``<base><class-lowercase>/<slug>``: the slug is the tone-less pinyin of the canonical
Simplified name, lowercase, hyphen-separated, ASCII only, followed by ``-`` and a short hash of the entity's
identity key, so two names that read alike still get different IRIs.  The identity key is the name alone
when the name identifies the thing across reports (a firm's registered name, a national programme): then the
hash is the first six hex digits of the SHA-1 of the name.  Otherwise it is the name plus what tells this
thing from others of its name (``垃圾转运站项目@in:南江市/北城区/东岭镇``: see
:mod:`kg.extract.identity`), and the hash has eight hex digits, since one generic name may stand for
thousands of local things.  Observations, award conferrals and plan items are keyed by their sentence and
offset instead of a name (``Observation/yuantan-2023#s12@40`` → ``<base>observation/yuantan-2023-s12-40``).

Places follow the identity rule of :mod:`kg.extract.ground.identity`: a place of the division codes is
``<Class>/<12-digit code>`` → ``<base>division/<code>``, whatever the class a report gives it; a place
outside the codes is ``<Class>/<name>@<id of its parent>`` → the slug of the name, with the six hex digits
taken from the whole key, so that two villages of one name in two towns get two IRIs.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import URIRef

from ..model import Entity
from .vocab import DEFAULT_BASE, PLACE_CLASSES, concept

#: Classes whose instances are keyed by sentence and offset rather than by a name.
NARY_CLASSES: tuple[str, ...] = ("Observation", "AwardConferral", "Membership", "PlanItem")

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_ASCII_KEY = re.compile(r"^[\x21-\x7e]+$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CODE = re.compile(r"^[0-9]{12}$")


def _syllables(name: str, *, tones: bool) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    style = Style.TONE if tones else Style.NORMAL
    return lazy_pinyin(unicodedata.normalize("NFKC", name), style=style)


def pinyin_words(name: str) -> str:
    """Tone-less ASCII pinyin of ``name``: lowercase syllables joined by hyphens.

    >>> pinyin_words("南塘村")
    'nan-tang-cun'
    """
    joined = "-".join(_syllables(name, tones=False)).lower()
    return _NON_SLUG.sub("-", joined).strip("-")


@functools.lru_cache(maxsize=1 << 16)
def pinyin_label(name: str) -> str:
    """Pinyin with tone marks, one syllable per word, for ``rdfs:label "…"@zh-Latn-pinyin``.

    >>> pinyin_label("张三")
    'zhāng sān'
    """
    words = [w.strip() for w in _syllables(name, tones=True)]
    return " ".join(w for w in words if w and any(ch.isalnum() for ch in w))


def search_key(text: str) -> str:
    """A key that matches a name however it is typed in pinyin: tone-less, lowercase, no separators.

    Chinese characters are turned into pinyin first, so ``南塘村``, ``Sōngtáng Cūn`` and
    ``song-tang-cun`` share one key.

    >>> search_key("Nán táng-cūn") == search_key("南塘村") == "nantangcun"
    True
    """
    if _HAN.search(text):
        text = "".join(_syllables(text, tones=False))
    decomposed = unicodedata.normalize("NFKD", text.lower()).replace("u\u0308", "v")  # ü, ǚ … → v
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", plain)


@functools.lru_cache(maxsize=1 << 16)
def slug(name: str, identity: str = "") -> str:
    """The IRI slug of a canonical name: its pinyin words plus a short SHA-1 of its identity key (the name,
    six hex digits; or ``name@identity``, eight hex digits).

    >>> slug("南塘村")[:12]
    'nan-tang-cun'
    >>> len(slug("南塘村").rsplit("-", 1)[1]), len(slug("先进个人", "doc:t-2023").rsplit("-", 1)[1])
    (6, 8)
    >>> slug("先进个人", "in:南江市") == slug("先进个人", "in:北江市")
    False

    :param name: canonical Simplified name, non-empty.
    :param identity: what besides the name identifies the thing (``kg.model.Entity.identity``).
    :returns: an ASCII slug.
    :raises ValueError: if the name is empty.
    """
    if not name.strip():
        raise ValueError("cannot make an IRI slug from an empty name")
    key = f"{name}@{identity}" if identity else name
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8 if identity else 6]
    words = pinyin_words(name)
    return f"{words}-{digest}" if words else digest


def _key_slug(key: str) -> str:
    return _NON_SLUG.sub("-", key.lower()).strip("-")


def entity_iri(entity_id: str, *, base: str = DEFAULT_BASE, identity: str = "") -> URIRef:
    """IRI of an entity from its id ``"<Class>/<canonical name or key>"`` and its identity.

    >>> str(entity_iri("Observation/yuantan-2023#s12@40"))
    'https://w3id.org/kg-cn/id/observation/yuantan-2023-s12-40'
    >>> str(entity_iri("Village/南塘村")).startswith("https://w3id.org/kg-cn/id/village/nan-tang-cun-")
    True
    >>> entity_iri("Person/张伟", identity="in:南江市/北城区/东岭镇") != entity_iri("Person/张伟")
    True
    >>> str(entity_iri("Village/130623105201"))
    'https://w3id.org/kg-cn/id/division/130623105201'
    >>> entity_iri("Village/南塘村@Town/东岭镇") != entity_iri("Village/南塘村@Town/西岭镇")
    True

    :param identity: what besides class and name identifies the entity (``kg.model.Entity.identity``).
    :raises ValueError: if the id has no ``Class/`` prefix or no name.
    """
    cls, sep, name = entity_id.partition("/")
    if not sep or not cls or not name:
        raise ValueError(f"entity id {entity_id!r} is not of the form 'Class/name'")
    if cls in NARY_CLASSES and _ASCII_KEY.match(name):
        local = _key_slug(name)
    elif cls in PLACE_CLASSES and _CODE.match(name):
        return URIRef(f"{base}division/{name}")
    elif identity:
        local = slug(name, identity)
    elif "@" in name and cls not in NARY_CLASSES:
        own, _, _ = name.partition("@")
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
        words = pinyin_words(own)
        local = f"{words}-{digest}" if words else digest
    else:
        local = slug(name)
    return URIRef(f"{base}{cls.lower()}/{local}")


def node_iri(entity: Entity, *, base: str = DEFAULT_BASE) -> URIRef:
    """IRI of an extracted entity: from its class, name and identity (an entity the name alone identifies,
    and an observation, conferral or plan item, from its id).

    >>> award = Entity("Award/先进个人@by:X", "Award", "先进个人", identity="doc:t-2023")
    >>> node_iri(award) == entity_iri("Award/先进个人", identity="doc:t-2023")
    True

    :raises ValueError: if the id is malformed (see :func:`entity_iri`).
    """
    if entity.identity and entity.type not in NARY_CLASSES and entity.name.strip():
        return entity_iri(f"{entity.type}/{entity.name}", base=base, identity=entity.identity)
    return entity_iri(entity.id, base=base)


def doc_iri(doc_id: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """IRI of a document, also the name of its graph: ``<base>doc/<doc-id>``."""
    return URIRef(f"{base}doc/{doc_id}")


def sentence_iri(sentence_id: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """IRI of a sentence ``"<doc-id>#s<n>"``: the document IRI with the fragment ``#s<n>``.

    >>> str(sentence_iri("yuantan-2023#s12"))
    'https://w3id.org/kg-cn/id/doc/yuantan-2023#s12'
    """
    doc_id, sep, frag = sentence_id.partition("#")
    if not sep or not doc_id or not frag:
        raise ValueError(f"sentence id {sentence_id!r} is not of the form '<doc-id>#s<n>'")
    return URIRef(f"{base}doc/{doc_id}#{frag}")


def statement_iri(*parts: str, base: str = DEFAULT_BASE) -> URIRef:
    """Deterministic IRI of an ``rdf:Statement`` from a hash of its parts.

    The parts are the subject, predicate and object in N-Triples form, followed by what tells one
    derivation of the triple from another (sentence id and offsets), so each derivation of a triple
    keeps its own offsets even when several reports state it.
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{base}statement/{digest}")


def concept_iri(scheme: str, code: str) -> URIRef:
    """IRI of a SKOS concept ``kgc:<scheme>-<code>``."""
    return URIRef(concept(scheme, code))
