"""Resolution: mentions → entities with stable ids, canonical names and aliases; facts rewritten to them.

- A named entity's id is ``<type>/<canonical Simplified name>``: the same village in two reports gets the
  same id.  Places follow their own identity rule (:mod:`kg.extract.ground.identity`): a place of the division
  codes is ``<type>/<code>`` under its official name, another one ``<type>/<name>@<id of its parent>``.
  Observations, conferrals and plan items keep the ids their extractors gave them
  (``<type>/<sentence id>@<start>``).
- Aliases: every other surface form of the entity's mentions (南塘 for 南塘村), its Traditional form taken
  from ``doc.trad_text`` at the mention's offsets, and its pinyin (tone marks).
- Within a document, a project named ``X项目`` is the project ``X`` when both are named.
- Curation (hand corrections, optional data) is applied afterwards by :mod:`kg.extract.curation`.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from functools import lru_cache

from .findings import Findings, Found
from .admin import class_of_suffix, classes_above, hierarchy, stem, suffixes
from .lexicon import rows, words
from ..model import Document, Entity, Extraction, Fact, Provenance


def pinyin_of(name: str) -> str:
    """Pinyin with tone marks, syllables separated by spaces: ``pinyin_of("东岭镇")`` → ``"yuán tán zhèn"``."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(s for s in lazy_pinyin(name, style=Style.TONE, errors="ignore") if s.strip())


@lru_cache(maxsize=1)
def _s2t():  # building a converter takes tens of milliseconds: build it once
    import opencc

    return opencc.OpenCC("s2t")


def traditional(name: str) -> str:
    """The Traditional form of a Simplified name, by OpenCC's ``s2t``.

    >>> traditional("王建国"), traditional("石门村")
    ('王建國', '石門村')
    """
    return _s2t().convert(name)


def written_in_traditional(doc: Document) -> bool:
    """Whether the report was written in Traditional characters: its Traditional text (the source, aligned) is not
    its Simplified text.  A Simplified report's Traditional text is a copy of the Simplified one."""
    return doc.trad_text != doc.text


def _trad(doc: Document, mentions: list[Found], name: str) -> str:
    """The Traditional label of a name: as the report writes it, when the report is Traditional; converted from
    the Simplified name (OpenCC ``s2t``) when the report is Simplified."""
    if written_in_traditional(doc):
        for f in mentions:
            if f.mention.text == name:
                return doc.trad_text[f.mention.start:f.mention.end]
    return traditional(name)


def place_prefixes(doc: Document) -> tuple[str, ...]:
    """Place names a firm's name may open with: the document's places (广东省 and 广东, 南江市 and 南江) and the
    well-known names of ``kg/data/known_names.tsv``; longest first."""
    out: set[str] = set()
    for cls, place in hierarchy(doc.meta):
        out.add(place)
        if cls in classes_above("Town") and (s := stem(place)) is not None:
            out.add(s)
    for row in rows("known_names.tsv"):
        if row.type in ("Province", "City"):
            out.update((row.name, row.canonical))
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


def shortened(name: str, places: tuple[str, ...], *, formless: bool = False) -> str:
    """A firm's (or a firm's project's) name without the place in front and the legal form (有限公司, 集团 …).

    :param name: the full name.
    :param places: place names that may open it, longest first.
    :param formless: leave out the place in front even when no legal form follows (a town's project:
        石门镇污水处理厂 → 污水处理厂).
    :returns: the short form (``name`` itself if nothing is left out).

    >>> shortened("广东云帆科技有限公司", ("广东",))
    '云帆科技'
    >>> shortened("广东云帆科技有限公司总部项目", ("广东",))
    '云帆科技总部项目'
    """
    forms = tuple(sorted(words("company_forms.tsv"), key=lambda w: (-len(w), w)))
    form = min(((name.find(f), -len(f), f) for f in forms if f in name), default=None)
    if form is None and not formless:
        return name
    at, _, f = form if form is not None else (len(name), 0, "")
    head, tail = name[:at], name[at + len(f):]
    for p in places:
        if head.startswith(p) and len(head) - len(p) >= 2:
            head = head[len(p):]
            break
    return head + tail if len(head) >= 2 else name


def _keys(type_: str, name: str, places: tuple[str, ...]) -> tuple[str, ...]:
    """The forms one entity may be written in, for matching a full name with its short form: the shortened
    name, the same without the industry word that ends the firm's own name (汇通精密机械有限公司 → 汇通精密),
    and for a project each of these without a trailing 项目.  A stem of two characters left by the industry word
    is too weak to name a firm and makes no key."""
    out = [shortened(name, places, formless=type_ == "Project")]
    forms = tuple(sorted(words("company_forms.tsv"), key=lambda w: (-len(w), w)))
    form = min(((name.find(f), -len(f), f) for f in forms if f in name), default=None)
    if form is not None:
        at, _, f = form
        firm = shortened(name[:at + len(f)], places)  # the firm's own short name
        rest = name[at + len(f):]
        for cue in words("industry_cues.tsv"):
            if firm != name[:at + len(f)] and firm.endswith(cue) and len(firm) - len(cue) >= 3:
                out.append(firm[:-len(cue)] + rest)
                break
    if type_ == "Project":
        for k in list(out):
            for tail in ("建设项目", "项目"):
                if k.endswith(tail) and len(k) > len(tail) + 1:
                    out.append(k[:-len(tail)])
                    break
    return tuple(dict.fromkeys(out))


def _short_forms(doc: Document, found: Sequence[Found]) -> dict[str, str]:
    """Short forms within a document, key → key of the entity they name:

    - a project name that is another one plus 项目 (新材料产业园项目 of 新材料产业园);
    - a project name that is another one without the village or town in front, when only one such project is
      named (茶园项目 of 甲村茶园项目);
    - a firm's short form (恒通新材料 of 广东恒通新材料有限公司) and a project or phase named after the firm in
      either form: names of one type that shorten alike are one entity, named by the longest full form;
    - a bare level government (市政府) is its place's 人民政府 when the document names that too.
    """
    out: dict[str, str] = {}
    projects = {f.name for f in found if f.mention.type == "Project"}
    for name in sorted(projects):
        for tail in ("建设项目", "项目"):
            core = name[:-len(tail)] if name.endswith(tail) else ""
            if core and core in projects:  # 新材料产业园项目 and 新材料产业园 (the whole of its phases)
                out[f"Project/{name}"] = f"Project/{core}"
                break
    local = {f.name for f in found if f.mention.type in ("Town", "Village", "Community")}
    chain = re.compile(f"(?:{'|'.join(map(re.escape, sorted(local, key=len, reverse=True)))})+") if local else None
    for name in sorted(projects):  # 甲村茶园项目 and later 茶园项目: the short form of the one local project
        longer = [p for p in projects if p.endswith(name) and len(p) > len(name) and chain is not None
                  and chain.fullmatch(p[:-len(name)])]  # (甲乡乙村茶园: the town and the village)
        if len(longer) == 1 and f"Project/{name}" not in out:
            out[f"Project/{name}"] = f"Project/{longer[0]}"
    places = place_prefixes(doc)
    # names of one type that share a key are one entity (union-find over the keys)
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    names_by_key: dict[str, str] = {}
    for f in sorted({out.get(f.key, f.key) for f in found if f.mention.type in ("Enterprise", "Project")}):
        type_, name = f.split("/", 1)
        for k in _keys(type_, name, places):
            kk = f"{type_}/{k}"
            if kk in names_by_key:
                a, b = root(names_by_key[kk]), root(f)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                names_by_key[kk] = f
    groups: dict[str, list[str]] = {}
    for f in sorted({v for v in names_by_key.values()} | set(parent)):
        groups.setdefault(root(f), []).append(f)
    for members in groups.values():
        members = sorted(set(members))
        if len(members) < 2:
            continue
        fulls = [m for m in members if _keys(*m.split("/", 1), places)[0] != m.split("/", 1)[1]]
        if not fulls:
            continue  # no member carries a place or a legal form: nothing says which is the full name
        full = sorted(fulls, key=lambda m: (len(m), m))[0]
        for m in members:
            if m != full:
                out[m] = full
        for k, v in list(out.items()):  # 恒通新材料特种钢管项目 → 恒通新材料特种钢管 → the full name
            if v in members and v != full:
                out[k] = full
    out = {k: v for k, v in out.items() if k != v}
    bodies = {f.name for f in found if f.mention.type == "GovernmentBody"}
    own = dict(hierarchy(doc.meta))
    for row in rows("gov_abbreviations.tsv"):
        if row.word in bodies and (full := own_body(row.word, own.get(row.place, ""))):
            out[f"GovernmentBody/{row.word}"] = f"GovernmentBody/{full}"  # 区委 of 北城区 is 北城区委
    for name in sorted(bodies):
        head = name[:-len("政府")]
        if name.endswith("政府") and not name.endswith("人民政府") and len(head) >= 2 and class_of_suffix(head):
            out.setdefault(f"GovernmentBody/{name}", f"GovernmentBody/{head}人民政府")  # 北城区政府
    town = own.get("Town", "")
    short_town = ethnic_short_form(town)
    if short_town and short_town != town:  # 东岭瑶族乡 is also written 东岭乡
        out[f"Town/{short_town}"] = f"Town/{town}"
    return out


def own_body(word: str, place: str) -> str | None:
    """The body a bare level word names in a report of ``place``: the place's own (区委 of 北城区 is 北城区委,
    区政府 is 北城区人民政府); ``None`` when the word's level word is not the place's (县委 in a 区).

    :param word: a body named by its level (``gov_abbreviations.tsv``): a level word and the body.
    :param place: the report's own place of that word's class, or ``""``.

    >>> own_body("区委", "北城区"), own_body("区政府", "北城区"), own_body("镇党委", "东岭镇"), own_body("县委", "北城区")
    ('北城区委', '北城区人民政府', '东岭镇党委', None)
    """
    level = next((s for s, _ in suffixes(text=True) if word.startswith(s) and len(word) > len(s)), None)
    if not place or level is None or not place.endswith(level) or len(place) <= len(level):
        return None
    body = word[len(level):]
    return place + ("人民政府" if body == "政府" else body)


def ethnic_short_form(name: str) -> str:
    """The short form of an ethnic township's name: the ethnic groups and 族 dropped (东岭瑶族乡 → 东岭乡,
    东岭民族乡 → 东岭乡, 东岭苗族侗族乡 → 东岭乡); other names are returned as they are.

    :param name: a town's name.
    :returns: the short form, or ``name``.

    >>> ethnic_short_form("东岭瑶族乡"), ethnic_short_form("东岭镇")
    ('东岭乡', '东岭镇')
    """
    if not name.endswith("族乡"):
        return name
    core = name[:-1]
    groups = words("gazetteer/ethnic_names.tsv") + ("民",)
    while core.endswith("族"):
        group = next((g for g in groups if core[:-1].endswith(g) and len(core) - 1 - len(g) >= 2), None)
        if group is None:
            return name
        core = core[:-1 - len(group)]
    return core + "乡"


def resolve(doc: Document, findings: Findings) -> Extraction:
    """Merge the mentions of one document into entities and rewrite the facts to their ids.

    :param doc: the document the findings come from (its texts give the Traditional forms).
    :param findings: what the extractors found.
    :returns: the document's extraction: entities sorted by id, facts in a stable order, warnings.
    """
    from .ground.identity import PARENT_RULE, place_identity

    short = _short_forms(doc, findings.found)
    places = place_identity(doc, findings, short)

    def final(k: str) -> str:
        k = short.get(k, k)
        return places.ids.get(k, k)

    groups: dict[str, list[Found]] = {}
    for f in findings.found:
        groups.setdefault(final(f.key), []).append(f)
    entities: list[Entity] = []
    for eid in sorted(groups):
        mentions = sorted(groups[eid], key=lambda f: (f.mention.start, f.mention.end))
        type_, name = places.names.get(eid) or eid.split("/", 1)
        trad = _trad(doc, mentions, name)
        aliases: list[str] = []
        for f in mentions:
            if f.mention.rule == "project-phase-lead" or (f.mention.rule.endswith(":whole")
                                                            and not f.mention.text.startswith(name)):
                continue  # the surface names a part or is a bare phase word: not another name of this entity
            for a in (f.mention.text, doc.trad_text[f.mention.start:f.mention.end]):
                if a != name and a not in aliases:
                    aliases.append(a)
        if type_ == "Project" and not name.endswith(("项目", "工程")):
            # the whole written with its head noun (瑞丰…涂料项目一期 names 瑞丰…涂料项目)
            if any(f.mention.text.startswith(name + "项目") for f in mentions) and name + "项目" not in aliases:
                aliases.append(name + "项目")
        if trad != name and trad not in aliases:
            aliases.append(trad)
        py = pinyin_of(name)
        if py and py not in aliases:
            aliases.append(py)
        provs: list[Provenance] = []
        for f in mentions:
            m = f.mention
            p = Provenance(doc.id, m.sentence_id, m.start, m.end, m.text, m.rule)
            if p not in provs:
                provs.append(p)
        entities.append(Entity(eid, type_, name, trad, tuple(aliases), tuple(provs)))
    known = {e.id for e in entities}
    for e in (*findings.entities, *places.entities):
        eid = final(e.id)
        if eid in known:
            continue
        if eid != e.id:  # an own place the text does not name, grounded or told apart by its parent
            type_, name = places.names[eid]
            e = Entity(eid, type_, name, e.trad_name, e.aliases, e.provenance)
        entities.append(e)
        known.add(eid)
    facts: list[Fact] = []
    index: dict[tuple, int] = {}
    for fct in (*findings.facts, *places.facts):
        subj = final(fct.subject)
        obj = final(fct.object) if isinstance(fct.object, str) else fct.object
        if subj not in known or (isinstance(obj, str) and obj not in known) or subj == obj:
            continue
        if fct.predicate == "containedIn" and (subj, obj) in places.superseded and not any(
                p.rule == PARENT_RULE for p in fct.provenance):
            continue  # between two places of the codes, the codes say which holds which
        k = (subj, fct.predicate, obj)
        if k in index:
            old = facts[index[k]]
            merged = old.provenance + tuple(p for p in fct.provenance if p not in old.provenance)
            facts[index[k]] = Fact(subj, fct.predicate, obj, merged)
        else:
            index[k] = len(facts)
            facts.append(Fact(subj, fct.predicate, obj, fct.provenance))
    entities.sort(key=lambda e: e.id)
    return Extraction(document=doc, entities=tuple(entities), facts=tuple(facts),
                      warnings=findings.warnings + places.warnings)


def merge_entities(extractions: Sequence[Extraction]) -> tuple[Entity, ...]:
    """The entities of several documents, one per node (the same id and identity, so the same IRI):
    aliases and provenance united (same village in two reports = one entity; 垃圾转运站项目 of two towns =
    two entities).

    :param extractions: per-document extractions.
    :returns: entities sorted by id, then identity.
    """
    by_node: dict[tuple[str, str], Entity] = {}
    for ex in extractions:
        for e in ex.entities:
            node = (e.id, e.identity)
            old = by_node.get(node)
            if old is None:
                by_node[node] = e
                continue
            aliases = old.aliases + tuple(a for a in e.aliases if a not in old.aliases)
            provs = old.provenance + tuple(p for p in e.provenance if p not in old.provenance)
            by_node[node] = Entity(e.id, e.type, e.name, old.trad_name or e.trad_name, aliases, provs, e.identity)
    return tuple(by_node[k] for k in sorted(by_node))
