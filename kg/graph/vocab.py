"""Namespaces and the local names of the ontology: the contract shared by extraction, RDF, queries,
shapes, the network legend and the tests. ``ontology/kg.ttl`` defines every name listed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Namespace

    #: The ontology (classes and properties).
    KG: Namespace
    #: SKOS concepts: statuses, industries, levels, measures, qualifiers, units — ``kgc:<scheme>-<code>``.
    KGC: Namespace

#: Default base IRI of the data (entities, documents, sentences); configurable per build.
DEFAULT_BASE = "https://w3id.org/kg-cn/id/"

PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/kg-cn/ontology#",
    "kgc": "https://w3id.org/kg-cn/concept/",
    "kgd": DEFAULT_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
}

#: Classes that are places (everything ``kg:containedIn`` relates).
PLACE_CLASSES: tuple[str, ...] = (
    "Country", "Province", "City", "District", "Town", "Village", "Community", "Area", "IndustrialPark",
)

#: Every class of the ontology, by local name: the places, then the rest.
CLASSES: tuple[str, ...] = (
    *PLACE_CLASSES,
    "Enterprise", "GovernmentBody", "PublicInstitution", "Person", "Project", "Programme", "Award",
    "AwardConferral", "Membership", "Event", "Product", "Observation", "PlanItem", "Document", "Sentence",
)

#: Object and datatype properties, by local name.  Domain → range in the comment.
PROPERTIES: tuple[str, ...] = (
    # places and location
    "containedIn",        # place → place (transitive)
    "location",           # project / park / enterprise / body / institution / event → place
    "areaServed",         # government body / public institution → the place it governs or serves
    "divisionCode",       # place → xsd:string, its 12-digit code of the NBS division codes (统计用区划代码)
    "grounded",           # place → xsd:boolean: false for a place not in the division codes
    # projects
    "phaseOf",            # project → project (a phase 一期/二期 of the whole)
    "phaseNumber",        # project → xsd:integer
    "status",             # project → kgc:status-*
    "progress",           # project → xsd:decimal, percent complete (87.01)
    "investment",         # project → xsd:decimal, CNY
    "plannedStart",       # project → xsd:date | xsd:gYearMonth | xsd:gYear
    "expectedCompletion", # project → xsd:date | xsd:gYearMonth | xsd:gYear
    "investor",           # project → enterprise / body / person / place that invests in or builds it
    "operator",           # project → enterprise / body that runs it
    "product",            # project / enterprise / place → product it makes, raises or is known for
    # organisations and people
    "industry",           # enterprise / park / project → kgc:industry-*
    "level",              # government body / award → kgc:level-*
    "parentBody",         # government body → the body it belongs to or answers to
    "role",               # person / membership → xsd:string (副镇长, 党总支部书记, 代表)
    "affiliation",        # person → organisation or place
    # honours
    "recipient",          # conferral → person / organisation / place
    "award",              # conferral → award
    "conferredBy",        # conferral → government body (one or more)
    "conferredOn",        # conferral → xsd:date | xsd:gYearMonth
    "recipientRole",      # conferral → xsd:string, the recipient's role at the time
    # memberships (seats gained by election)
    "member",             # membership → person
    "organization",       # membership → the body or assembly of the seat
    "term",               # membership → xsd:string (第十八届)
    "electedOn",          # membership → xsd:date | xsd:gYearMonth | xsd:gYear
    "electedAt",          # membership → the assembly that elected
    # programmes and plans
    "participatesIn",     # any entity → programme
    "leadBody",           # programme → the body that leads or organises it
    "covers",             # programme → a place it is carried out in
    "concerns",           # plan item → any entity
    "planYear",           # plan item → xsd:gYear
    # observations (figures)
    "measure",            # observation → kgc:measure-*
    "value",              # observation → xsd:decimal (scale resolved)
    "valueMax",           # observation → xsd:decimal (upper bound of a range)
    "unit",               # observation → kgc:unit-*
    "qualifier",          # observation → kgc:qualifier-*
    "periodStart",        # observation → xsd:date
    "periodEnd",          # observation → xsd:date
    "subject",            # observation → any entity
    "change",             # observation → xsd:decimal, signed (同比下降6.96% → -6.96)
    "changeUnit",         # observation → kgc:unit-percent | kgc:unit-percentage-point
    # provenance
    "mentionedIn",        # entity → sentence
    "inDocument",         # sentence → document
    "startOffset",        # sentence / statement → xsd:integer, into the document's normalized text
    "endOffset",          # sentence / statement → xsd:integer (half-open)
    "text",               # sentence / plan item / observation → xsd:string
    "tradText",           # sentence → xsd:string (Traditional form)
    "sectionPath",        # sentence → xsd:string ("一、 › (二) › 三是")
    "periodKind",         # sentence → "actual" | "plan"
    "periodYear",         # sentence → xsd:gYear
    "sentenceIndex",      # sentence → xsd:integer
    "rule",               # statement / observation → xsd:string, the extraction rule
    # documents
    "sourceFile",         # document → xsd:string
    "sourceEncoding",     # document → xsd:string
    "reportYear",         # document → xsd:gYear
)

#: SKOS concept schemes and their codes: ``kgc:<scheme>-<code>``.
CONCEPT_SCHEMES: dict[str, tuple[str, ...]] = {
    "status": ("planned", "preparing", "under-construction", "operational", "completed", "accepted"),
    "industry": ("ceramics", "logistics", "agriculture", "manufacturing", "building-materials", "chemicals",
                 "textiles", "food", "energy", "healthcare", "tourism", "retail", "technology"),
    "level": ("national", "provincial", "city", "district", "town", "village"),
    "qualifier": ("exact", "approximate", "at-least", "at-most", "range"),
    "unit": ("CNY", "percent", "percentage-point", "mu", "km", "person", "person-time", "item", "household",
             "tonne", "enterprise", "village", "square-metre", "case", "session"),
}


def concept(scheme: str, code: str):
    """IRI of a SKOS concept: ``concept("status", "operational")`` → ``kgc:status-operational``."""
    return __getattr__("KGC")[f"{scheme}-{code}"]


def __getattr__(name: str):
    # KG and KGC are rdflib namespaces, made on first use: the query path of the command line reads
    # PREFIXES without importing rdflib (a third of a second at start-up).
    if name in ("KG", "KGC"):
        value = globals().get(name)
        if value is None:
            from rdflib import Namespace

            value = globals()[name] = Namespace(PREFIXES[name.lower()])
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
