"""Finding project names and their phases (the project step of :mod:`.projects` reads them).

Names are found four ways: by suffix (``kg/data/project_suffixes.tsv``: …项目, …工程, …基地), as items of a
counted list whose head is a project noun (see :mod:`.coordination`), as built facilities the sentence treats as
projects (``facility_projects.tsv``), and as siblings of a suffixed project in a list (甲乙二期项目完成80.5%和
丙丁光伏101.2% → 丙丁光伏).  A phase (一期, (二期)) written before or after the name makes a separate project
named ``<base>（<phase>）``; a name that starts with a phase (二期场地平整工程) is a phase of the last project
named before it in the sentence.  Every candidate refused is recorded with its rule (:data:`RULES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..admin import place_suffixes
from ..dates import DATE_EXPR
from ..findings import Ballot, Found
from ..framework import Context
from ..lexicon import alternation, mapping, rows, words
from ..names import is_name_char, scan_left
from ..recognize.words import PROPER_TAGS, Words, common_word, tokenize

_PHASE_WORD = r"第?[一二三四五六七八九十\d]{1,3}期"
_PHASE_AFTER = re.compile(rf"[(（]?(?P<phase>{_PHASE_WORD})[)）]?")
_PHASE_END = re.compile(rf"[(（]?(?P<phase>{_PHASE_WORD})[)）]?$")
_PHASE_START = re.compile(rf"(?P<phase>{_PHASE_WORD})")
_BRACKETS = "()（）·"
CLAUSE = ",，;；。:："
STOP = ";；。"

RULES = {
    "overlaps-project": "the candidate overlaps a project found already",
    "inside-list": "the suffix stands inside a counted list or its head: the list names the projects",
    "inside-quote": "the suffix stands inside a quote",
    "count-or-total": "a count or a total of a category follows (流转项目14宗, 交易项目总金额)",
    "no-name-before-suffix": "no name stands before the suffix",
    "counted-kind": "a number counts the projects or facilities (7个工业技改项目): a kind, no name",
    "verb-takes-suffix": "a one-character verb stands right before the suffix (抓项目, 上项目, 建工程): the suffix is "
                         "the verb's object, no name",
    "works-in-villages": "works in some villages (3个村的村道硬底化工程), no named project",
    "heading-marker": "the name would start with a heading marker such as (一), and is no item's title (（一）X项目：)",
    "describes-quoted-name": "the words describe the quoted name before them (“银发先锋”志愿服务项目)",
    "category-not-name": "the name opens with a category word (全市优秀志愿服务项目, 省级示范项目)",
    "bare-phase-of-works": "a phase of works with no name of its own (完成第一期工程)",
    "phase-without-project": "a name that opens with a phase, and no project before it to be a phase of",
    "generic-project": "the part before the suffix is generic or empty (重点项目: kg/data/generic_projects.tsv), or "
                       "common words only that end in a kind (农业产业重点项目, 基础设施项目: category_heads.tsv), or "
                       "holds a superlative (东部最大育苗基地)",
    "part-of-works": "a part of the works of the project named before it (…项目主体工程: project_parts.tsv)",
    "bracketed-project-named": "the project named in brackets before the suffix is the one named",
    "part-of-longer-name": "the facility word is part of a longer name (污水处理厂扩建工程)",
    "kind-of-facility": "a kind of facility any village has (村卫生站)",
    "no-investment-or-status": "a facility is a project only with an investment before it or a status after it",
    "institution-at-work": "an organisation of the same name at work (党群服务中心已投入使用), no project",
    "bare-phase": "a bare phase of the project in the list (X项目一期9月投产、二期年底完工), no sibling",
    "no-whole-project": "a bare phase word with no whole project before it in the sentence",
    "other-sentence-part": "a bare phase word in a later part of the sentence than the project",
    "inside-longer-project": "the name stands inside a longer project's name: the same project",
    "brand-of-longer-name": "a quoted facility name opens a longer name ending in a facility or organisation word "
                            "(“桃溪桥”调解工作站): the brand of that name, no project",
    "owner-name-too-long": "a name before 公司 of more than 8 characters is no firm's short name",
}


def phase_name(base: str, phase: str) -> str:
    """Canonical name of a phase, in the full-width brackets of normalized text:
    ``phase_name("华东冷链物流枢纽", "二期")`` → ``"华东冷链物流枢纽（二期）"``."""
    return f"{base}（{phase}）"


@dataclass(frozen=True, slots=True)
class Proj:
    """A project found in a sentence (sentence offsets), before it becomes a mention."""

    start: int
    end: int
    name: str  # canonical name of the project (the phase, when there is one)
    base: str | None  # the whole project, when this is a phase
    phase: str | None
    rule: str
    tail_from: int  # where the words about this project start (after its list, if any)
    head_from: int  # where the words before it start (start of its list, if any)


def _refuse(ballot: Ballot, start: int, end: int, rule: str, proposer: str, name: str = "",
            cause: Found | None = None) -> None:
    ballot.drop_span(start, end, "Project", rule, proposer, name=name, cause=cause)


def _refuse_proj(ballot: Ballot, p: Proj, rule: str, over: Proj | None = None) -> None:
    cause = None
    if over is not None:
        s = ballot.sent.start
        from ..findings import found

        cause = found(ballot.doc, ballot.sent, s + over.start, s + over.end, "Project", over.name, over.rule)
    _refuse(ballot, p.start, p.end, rule, p.rule, p.name, cause)


#: A side after a direction (某某河南侧项目): a place inside the name, no verb before the suffix.
_SIDE = re.compile(r"[东南西北][侧边]$")
#: A span of months (1-12月份, 1至9月): a date after a name, no count.
_MONTHS = r"\d{1,2}[-—~至到]\d{1,2}月"
#: A count inside the words before a project's suffix (共招引16个重点项目, 新建两条…): the words count projects.
#: A count inside a name: 7个…, 九条…, 三大… (三大基地: the number of kinds, no name).
_COUNT_INSIDE = re.compile(r"(?:\d+|[一二两三四五六七八九十百千几]+)[个项批座条处]|[一二两三四五六七八九十]大")


@lru_cache(maxsize=1)

def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("project_suffixes.tsv"))))


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    return tuple(r.suffix for r in rows("org_suffixes.tsv"))


def _is_generic(specific: str, suffix: str = "") -> bool:
    return len(specific) < 2 or specific in words("generic_projects.tsv") or _names_a_kind(specific, suffix)


#: What makes words before a suffix a name: a digit or Latin letter, a quote, or a word the dictionary marks as
#: a name or lacks (a place, a firm, a person, a coined name).
_ANCHOR = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ“”\"'‘’「」《》]")


def _names_a_kind(specific: str, suffix: str = "") -> bool:
    """True when ``specific`` is common words only (no anchor: see :data:`_ANCHOR` and ``PROPER_TAGS``) that end
    in a kind of project (``category_heads.tsv``): 产业化, 农业产业重点, 乡村振兴衔接 name kinds; 输水管网,
    高标准大棚园区 (ending in a thing built) and 启衡智能总部 (a coined word) do not.  Before 项目 also words that
    end in a verb taking 项目 as its object (解决项目, 适时启动项目) or hold a conjunction (包抓及项目); works
    (…扩建工程) are named by their verb.
    """
    if _ANCHOR.search(specific):
        return False
    toks = tokenize(specific)
    if not toks or any(t.tag in PROPER_TAGS or t.tag == "m" for t in toks):
        return False
    if specific.endswith(words("category_heads.tsv")) or all(t.tag == "t" for t in toks):
        return True  # a kind (…重点项目), or a time alone (目前项目)
    return suffix == "项目" and ((toks[-1].tag in ("v", "vn") and len(toks[-1].text) > 1)
                                or any(t.tag in ("c", "p") for t in toks))


def _core(name: str) -> str:
    """甲乙公司 → 甲乙: the owner's short name when a project is named after a company."""
    return name[:-2] if name.endswith("公司") and len(name) > 3 else name


def opener_cut(stretch: str) -> int:
    """Offset in ``stretch`` right after its last opener verb outside brackets (0 if none)."""
    depth = 0
    outside = []
    for ch in stretch:
        depth += ch in "(（"
        outside.append(depth == 0)
        depth -= ch in ")）" and depth > 0
    best = 0
    for w in words("project_openers.tsv"):
        at = stretch.rfind(w)
        while at >= 0 and not all(outside[at:at + len(w)]):
            at = stretch.rfind(w, 0, at)
        if at >= 0:
            best = max(best, at + len(w))
    return best


#: Latin letters a project's name may hold (50MW, 5G).
_LATIN = "".join(map(chr, range(ord("A"), ord("Z") + 1))) + "".join(map(chr, range(ord("a"), ord("z") + 1)))
#: A superlative inside a project's stretch (东部最大育苗基地): a description of rank, no name.
_SUPERLATIVE = re.compile(r"最[大长高早优先]")
#: An approximate size inside a project's stretch (约10000平米): a description, the name starts after it.
_ABOUT_MEASURE = re.compile(r"约\d+(?:\.\d+)?[万]?(?:平米|平方米|米|公里|亩|吨)")
#: What a yearly capacity inside a project's name opens with (年产, 年加工, 年出栏 …).
_CAPACITY_VERBS = ("产", "加工", "处理", "生产", "出栏", "存栏", "屠宰", "吞吐")


def _suffix_start(text: str, m: re.Match[str], limit: int, bounds: Words | None = None) -> int | str:
    """Where the project name ending in the suffix ``m`` starts, or the rule that refuses it."""
    start = scan_left(text, m.start(), max_len=limit, min_len=0, scope="org", extra=_BRACKETS + "0123456789." + _LATIN,
                      ignore=("及", "与"), also=("和",), bounds=bounds)  # (甲乙公司50MW光伏发电项目)
    if start is None:
        return "no-name-before-suffix"
    if bounds and start >= 3 and text[start - 1] == "、" and (one := bounds.at(start - 2)) is not None \
            and one.start == start - 2 and is_name_char(text[start - 3]) and (nxt := bounds.at(start)) is not None \
            and nxt.start == start and len(nxt.text) > 1 and common_word(one.text + nxt.text[-1]) \
            and (again := scan_left(text, start - 1, max_len=limit, min_len=0, scope="org", extra=_BRACKETS,
                                    bounds=bounds)) is not None:
        start = again  # 西区雨、污水管线工程: one character before 、 shares the words after it (雨水、污水)
    if start > 0 and text[start - 1] == "、" and m.start() - start >= 2:
        # 东岭圩道路黑底化、管线改造、外立面美化建设项目: unsuffixed parts before share the suffix
        cs = max((text.rfind(c, 0, start) + 1 for c in CLAUSE), default=0)
        cs += opener_cut(text[cs:start - 1])
        parts = text[cs:start - 1].split("、")
        products = words("product_suffixes.tsv")
        if all(parts) and not any(_pattern().search(p) or not all(is_name_char(ch) for ch in p)
                                  or p.endswith(products) or _PHASE_END.search(p) or _works_name(p)
                                  for p in parts):
            start = cs
    if start > 1 and text[start - 1] == "年" and text.startswith(_CAPACITY_VERBS, start):
        # 瑞丰新材料年产5万吨…项目, 甲乙年加工2000吨…项目: 年 inside a name
        again = scan_left(text, start - 1, max_len=limit, min_len=0, scope="org", extra=_BRACKETS + "0123456789.",
                          ignore=("及", "与"), also=("和",))
        if again is not None:
            start = again
    start += opener_cut(text[start:m.start()])
    if about := list(_ABOUT_MEASURE.finditer(text, start, m.start())):
        start = about[-1].end()  # 北台路约10000平米道路维修工程: an approximate size describes the works
    if re.match(r"[路街巷道里]\d+号[院楼]?", text[start:m.start()]):
        # 丰年路3号院…项目: the scan stopped inside the street's name (年 is a boundary word); an address
        # is part of the name, the street's name with it
        road = scan_left(text, start, max_len=4, min_len=1, scope="place")
        if road is not None:
            start = road
    if (start > 0 and text[start - 1].isdigit()) or (start < m.start() and text[start].isdigit()) \
            or _COUNT_INSIDE.search(text, start, m.start()):
        # 7个工业技改项目, 9条村道提升工程, 共招引16个重点项目 (digits inside a name are fine: 港区3号泊位工程)
        return "counted-kind"
    if re.search(r"村的$", text[max(0, start - 6):start]):
        return "works-in-villages"
    if start < m.start() and text[start] in "(（":
        marker = re.match(r"[(（][一二三四五六七八九十\d]{1,3}[)）]", text[start:m.start()])
        if marker is None or start + marker.end() >= m.start() - 1 or text[m.end():m.end() + 1] not in ("：", ":"):
            return "heading-marker"
        start += marker.end()  # （一）某某产业园项目：an item titled by the project's name
    if bounds and (t := bounds.at(m.start() - 1)) is not None and t.end == m.start() and len(t.text) == 1 \
            and t.tag in ("v", "f") and start < m.start() and not _SIDE.search(text, 0, m.start()) \
            and not (t.text == "改" and m.start() - start >= 2 and is_name_char(text[m.start() - 2])):
        return "verb-takes-suffix"  # 全力上项目, 扎实抓项目 (棚改项目, 旧改项目: 改 short for 改造 closes a noun)
    if bounds and m.start() - start == 2 and text[m.start() - 1] in "大好新" \
            and (t := bounds.at(start)) is not None and t.start == start and t.end == start + 1 and t.tag == "v":
        return "verb-takes-suffix"  # 抓大项目, 上好项目: a verb and its object's size
    if start > 0 and text[start - 1] in "”’":
        return "describes-quoted-name"
    if text[start:m.start()].startswith(words("category_leads.tsv")):
        return "category-not-name"
    return start


def find_names(ctx: Context, ballot: Ballot) -> list[Proj]:
    """The projects of a sentence: reads ``sent``, ``lists``, ``places``, ``quotes`` and ``organisations`` of the
    context; records every candidate refused in ``ballot``."""
    text = ctx.sent.text
    S = ctx.sent.start
    out: list[Proj] = []
    item_spans: list[tuple[int, int]] = []
    for c in ctx.lists:
        for f in c.items:
            s, e = f.mention.start - S, f.mention.end - S
            item_spans.append((s, e))
            if f.mention.type != "Project":
                continue
            name = f.mention.text
            pm = re.search(rf"[(（](?P<phase>{_PHASE_WORD})[)）]$", name)
            if pm:
                base = name[:pm.start()]
                out.append(Proj(s, e, phase_name(base, pm.group("phase")), base, pm.group("phase"),
                                f"coordination:{c.head}", c.end, c.start))
            else:
                out.append(Proj(s, e, _strip_place_bracket(name), None, None, f"coordination:{c.head}", c.end,
                                c.start))
    for pl in ctx.places:
        if pl.mention.type != "IndustrialPark":
            continue
        ps, pe = pl.mention.start - S, pl.mention.end - S
        after = _PHASE_AFTER.match(text, pe)
        if after:  # 南湖科创园一期: a phase of the park
            p = Proj(ps, after.end(), phase_name(pl.name, after.group("phase")), pl.name, after.group("phase"),
                     "park-phase", after.end(), ps)
            if over := next((q for q in out if q.start <= ps < q.end), None):
                _refuse_proj(ballot, p, "overlaps-project", over)
            else:
                out.append(p)
    _suffixed(ctx, ballot, out, item_spans)
    out += _facilities(ctx, ballot, out)
    for q in ctx.quotes:
        content = text[q.start:q.end]
        if q.closed and any(content.endswith(w) for w in words("facility_suffixes.tsv")) and len(content) >= 2:
            run = re.match(r"[^\s,，;；。:：、“”()（）]*", text[q.end + 1:]).group(0)
            if len(run) >= 2 and run.endswith((*words("facility_projects.tsv"), *_org_suffixes())):
                # “红枫桥”人民调解工作站: the quote is the brand of the longer name after it
                _refuse(ballot, q.start, q.end, "brand-of-longer-name", "project-quoted-facility")
                continue
            if re.search(r"(?:\d+|[一二两三四五六七八九十百几多]+)[个条座处]$", text[:q.start - 1]):
                _refuse(ballot, q.start, q.end, "counted-kind", "project-quoted-facility")  # 5个“断头路”: a kind
                continue
            out.append(Proj(q.start, q.end, content, None, None, "project-quoted-facility", q.end + 1, q.start - 1))
    out = _with_siblings(text, out, ballot)
    out = _with_bare_phases(text, out, ballot)
    # a name inside a longer one (…总部基地 inside …总部基地(南江)项目) is the same project
    kept = []
    for p in out:
        longer = next((q for q in out if q is not p and q.start <= p.start and p.end <= q.end
                       and q.end - q.start > p.end - p.start), None)
        if longer is None or (p.name.endswith("项目") and longer.start == p.start and p.base is None
                              and not _PHASE_AFTER.match(text, p.end) and is_name_char(text[p.end:p.end + 1] or "。")):
            kept.append(p)  # (甲乙项目东区丙丁工程: the project, and a work of it named after it)
        else:
            _refuse_proj(ballot, p, "inside-longer-project", longer)
    return kept


def _suffixed(ctx: Context, ballot: Ballot, out: list[Proj], item_spans: list[tuple[int, int]]) -> None:
    """Projects named by their suffix (and their phases), appended to ``out``."""
    text = ctx.sent.text
    max_by_suffix = mapping("project_suffixes.tsv", "max_prefix")
    quoted = [(q.start - 1, q.end + 1) for q in ctx.quotes]
    heads = [(c.start, c.end) for c in ctx.lists]
    for m in _pattern().finditer(text):
        rule = f"project-suffix:{m.group(0)}"
        if any(s <= m.start() < e for s, e in (*item_spans, *heads)):
            _refuse(ballot, m.start(), m.end(), "inside-list", rule)
            continue
        if any(s <= m.start() < e for s, e in quoted):
            _refuse(ballot, m.start(), m.end(), "inside-quote", rule)
            continue
        if re.match(r"\d|总", text[m.end():m.end() + 1]) and not text.startswith("总投资", m.end()) \
                and not re.match(rf"{DATE_EXPR}|{_MONTHS}", text[m.end():]):
            # 流转项目14宗, 交易项目总金额 (…项目总投资 is a name's; …项目4月开工, …项目1-12月份累计完成投资: a
            # date or a span of months follows the name)
            _refuse(ballot, m.start(), m.end(), "count-or-total", rule)
            continue
        start = _suffix_start(text, m, max_by_suffix[m.group(0)], Words.of(ctx.tokens))
        if isinstance(start, str):
            _refuse(ballot, m.start(), m.end(), start, rule)
            continue
        inner = text.rfind("项目", start, m.start())
        if m.group(0).endswith("项目") and 0 <= inner and inner + 2 < m.start() \
                and not any(ch in "()（）" for ch in text[inner:m.start()]):
            start = inner + 2  # 重点项目甲乙建设项目: the category before it ends with a project word of its own
        specific = text[start:m.start()]
        end = m.end()
        lead = _PHASE_START.match(specific)
        if lead and lead.end() == len(specific):
            _refuse(ballot, start, end, "bare-phase-of-works", rule)  # 完成第一期工程
            continue
        if lead:  # 二期场地平整工程: a phase of the project named before it
            prior = [p for p in out if p.end <= start]
            if not prior:
                _refuse(ballot, start, end, "phase-without-project", rule)
                continue
            base = prior[-1].base or prior[-1].name
            rule_ = "park-phase" if prior[-1].rule == "park-phase" else "project-phase-lead"
            out.append(Proj(start, start + lead.end(), phase_name(base, lead.group("phase")), base,
                            lead.group("phase"), rule_, end, start))
            continue
        pe = _PHASE_END.search(specific)
        if pe:  # 甲乙二期项目
            core = _core(specific[:pe.start()])
            if _is_generic(core):
                _refuse(ballot, start, end, "generic-project", rule)
                continue
            base = _base(core + (m.group(0) if m.group(0) == "项目" else ""))
            out.append(Proj(start, end, phase_name(base, pe.group("phase")), base, pe.group("phase"), rule,
                            end, start))
            continue
        if _is_generic(specific, m.group(0)) or "“" in specific or "”" in specific or _SUPERLATIVE.search(specific):
            _refuse(ballot, start, end, "generic-project", rule)
        elif m.group(0) == "工程" and specific.endswith(tuple("项目" + w for w in words("project_parts.tsv"))):
            _refuse(ballot, start, end, "part-of-works", rule)  # 云帆总部项目主体工程
        elif re.search(r"[(（](?P<inner>[^()（）]{4,}(?:项目|工程))[)）]$", specific):
            _refuse(ballot, start, end, "bracketed-project-named", rule)  # 产业园（石岗鹅…示范建设项目）项目
        elif after := _PHASE_AFTER.match(text, end):  # 华东冷链物流枢纽项目二期, 北城区粮食储备库新库项目(一期)
            base = _base(text[start:end])
            out.append(Proj(start, after.end(), phase_name(base, after.group("phase")), base,
                            after.group("phase"), rule, after.end(), start))
        else:
            out.append(Proj(start, end, text[start:end], None, None, rule, end, start))


@lru_cache(maxsize=1)
def _facility_pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("facility_projects.tsv"))))


@lru_cache(maxsize=1)
def _status_after() -> re.Pattern[str]:
    return re.compile(rf"(?:已|已经|正式|即将|成功|顺利|全面)?(?:建设|建成)?(?:{alternation(words('status_cues.tsv'))})")


#: What makes a facility a project: an investment right before it, a status right after it.
_FACILITY_BEFORE = re.compile(r"(?:投资|投入)[\d.]+[万亿]*元的$")


def _facilities(ctx: Context, ballot: Ballot, found_: list[Proj]) -> list[Proj]:
    """Built facilities treated as projects (投资860万元的集镇污水处理厂已投入运行): a name ending in a facility word
    (``kg/data/facility_projects.tsv``) with an investment right before it or a status cue right after it; not a
    kind of facility (村卫生站: any village's) and not an organisation's name (党群服务中心 with a status only)."""
    text = ctx.sent.text
    S = ctx.sent.start
    limits = mapping("facility_projects.tsv", "max_prefix")
    after = _status_after()
    out: list[Proj] = []
    for m in _facility_pattern().finditer(text):
        rule = f"project-facility:{m.group(0)}"
        if over := next((p for p in (*found_, *out) if p.start <= m.start() < p.end), None):
            _refuse_proj(ballot, Proj(m.start(), m.end(), m.group(0), None, None, rule, 0, 0), "overlaps-project",
                         over)
            continue
        if text[m.end():m.end() + 1] and is_name_char(text[m.end()]) and not after.match(text, m.end()):
            _refuse(ballot, m.start(), m.end() + 1, "part-of-longer-name", rule)  # 污水处理厂扩建工程
            continue
        start = scan_left(text, m.start(), max_len=limits[m.group(0)], min_len=2, scope="org",
                          bounds=Words.of(ctx.tokens), lead_verbs=False)
        if start is None:
            _refuse(ballot, m.start(), m.end(), "no-name-before-suffix", rule)
            continue
        start += opener_cut(text[start:m.start()])
        if text[start] in "个家所座处" and start > 0 and text[start - 1].isdigit():
            start += 1
        start = _brand_and_capacity(text, start, Words.of(ctx.tokens))
        invested = _FACILITY_BEFORE.search(text[:start])
        org = next((f for f in ctx.organisations if f.mention.start - S == start and f.mention.end - S == m.end()),
                   None)
        if m.start() - start < 2 or _is_generic(text[start:m.start()]):
            _refuse(ballot, start, m.end(), "generic-project", rule)
        elif start > 0 and text[start - 1].isdigit():
            _refuse(ballot, start, m.end(), "counted-kind", rule)  # 1个镇级养老综合服务中心正在建设
        elif text[start:].startswith(words("category_leads.tsv")):
            _refuse(ballot, start, m.end(), "category-not-name", rule)
        elif text[start] == "村":
            _refuse(ballot, start, m.end(), "kind-of-facility", rule)  # 村卫生站
        elif not (invested or after.match(text, m.end())):
            _refuse(ballot, start, m.end(), "no-investment-or-status", rule)
        elif not invested and org is not None:
            _refuse(ballot, start, m.end(), "institution-at-work", rule, cause=org)  # 党群服务中心已投入使用
        else:
            out.append(Proj(start, m.end(), text[start:m.end()], None, None, rule, m.end(), start))
    return out


#: A capacity right before a facility's words (甲乙|20万吨|粮食储备库, 甲乙|20万千瓦|风电): a number and a unit of
#: output or size.
_CAPACITY = re.compile(r"\d+(?:\.\d+)?[万亿]?(?:吨|千瓦|兆瓦|千伏|头|只|羽|立方米|平方米|床)")


def _brand_and_capacity(text: str, start: int, bounds: Words) -> int:
    """Where a facility named by a brand and its capacity (甲乙20万吨粮食储备库) starts: at the brand before the
    capacity, when one stands there; ``start`` otherwise (the scan may have stopped at the number or inside its
    unit)."""
    digits = re.search(r"\d+(?:\.\d+)?$", text[:start]) or re.search(r"\d+(?:\.\d+)?[万亿]?$", text[:start + 1])
    if digits is None or (cap := _CAPACITY.match(text, digits.start())) is None or cap.end() < start:
        return start
    brand = scan_left(text, digits.start(), max_len=6, min_len=2, scope="org", bounds=bounds)
    return start if brand is None else brand


#: A bare phase word opening a clause (…，一期已于9月竣工，二期…): a phase of the project named before it.
_BARE_PHASE = re.compile(rf"(?:(?<=[,，;；])|(?<=[,，;；]其中))(?P<phase>{_PHASE_WORD})(?![\d一二三四五六七八九十个项])")


def _with_bare_phases(text: str, found_: list[Proj], ballot: Ballot) -> list[Proj]:
    """Phases written without their project's name in the clauses after it (X项目总投资15亿元，分两期建设，一期…，
    二期…): each is a phase of the last whole project named before it in the sentence."""
    out = list(found_)
    for m in _BARE_PHASE.finditer(text):
        if over := next((p for p in out if p.start <= m.start() < p.end), None):
            _refuse_proj(ballot, Proj(m.start(), m.end(), m.group(0), None, None, "project-phase-bare", 0, 0),
                         "overlaps-project", over)
            continue
        prior = [p for p in found_ if p.end <= m.start() and p.base is None and p.rule.startswith("project-")]
        if not prior:
            _refuse(ballot, m.start(), m.end(), "no-whole-project", "project-phase-bare")
            continue
        whole = max(prior, key=lambda p: p.end)
        if any(ch in STOP for ch in text[whole.end:m.start()]):
            _refuse(ballot, m.start(), m.end(), "other-sentence-part", "project-phase-bare")
            continue
        out.append(Proj(m.start(), m.end(), phase_name(_base(whole.name), m.group("phase")), whole.name,
                        m.group("phase"), "project-phase-bare", m.end(), m.start()))
    return sorted(out, key=lambda q: q.start)


def _base(name: str) -> str:
    """The whole project a phase belongs to: 华东冷链物流枢纽项目 → 华东冷链物流枢纽; a short core keeps its
    head noun (甲乙项目)."""
    if name.endswith("项目") and len(name) - 2 >= 4:
        return name[:-2]
    return name


def _strip_place_bracket(name: str) -> str:
    """东岭…建设项目(新城片区) → 东岭…建设项目: a bracket naming a place (a place suffix, or 园) is the location,
    not the name."""
    m = re.search(r"[(（]([^()（）]+)[)）]$", name)
    if m and m.group(1).endswith((*(r.suffix for r in place_suffixes()), "园")):
        return name[:m.start()]
    return name


def _works_name(part: str) -> str:
    """``part`` when it names a built work (甲乙管道, 丙丁110KV线路): a name of three or more characters ending in a
    facility word (``facility_projects.tsv``), of name characters, ASCII letters and digits; else ``""``."""
    ok = all(is_name_char(ch) or ch.isascii() and ch.isalnum() for ch in part)
    if ok and len(part) >= 3 and part.endswith(tuple(words("facility_projects.tsv"))) and not part[0].isdigit() \
            and not _is_generic(part) and not part.startswith(words("category_leads.tsv")) and part[0] != "村":
        return part
    return ""


def _with_siblings(text: str, found_: list[Proj], ballot: Ballot) -> list[Proj]:
    """Names listed with a suffixed project (separated by 、 or 和) are projects too, when the suffixed one is
    not the last of the list (甲乙公司二期项目和供水环线工程; 甲乙二期项目完成80.5%和丙丁光伏101.2%)."""
    out = list(found_)
    for p in found_:
        if not p.rule.startswith("project-suffix"):
            continue
        cs = max((text.rfind(c, 0, p.start) + 1 for c in CLAUSE), default=0)
        # a bracket after the project holds its details (…工程（沿甲道、乙道敷设…）), no siblings
        ce = min((i for i in (text.find(c, p.end) for c in CLAUSE + "(（等") if i >= 0), default=len(text))
        parts = [(cs + m.start(), cs + m.end()) for m in re.finditer(r"[^、和]+", text[cs:ce])]
        mine = next((i for i, (a, b) in enumerate(parts) if a <= p.start < b), None)
        if mine is None or len(parts) < 2:
            continue
        last = mine == len(parts) - 1
        for i, (a, b) in enumerate(parts):
            if i == mine or any(q.start < b and a < q.end for q in out):
                continue  # the part names a project found already
            if last:
                # 甲乙管道、丙丁连接线工程: a part before the last that ends in a built work's word names that work
                # (other parts share the last one's suffix: 道路黑底化、管线改造工程)
                if i < mine and (w := _works_name(text[a + opener_cut(text[a:b]):b])):
                    out.append(Proj(b - len(w), b, w, None, None, "project-sibling", b, b - len(w)))
                continue
            if _PHASE_START.match(text, a):
                _refuse(ballot, a, b, "bare-phase", "project-sibling")  # X项目一期9月投产、二期年底完工
                continue
            digit = next((k for k in range(a, b) if text[k].isdigit()), b)
            s = scan_left(text, digit, max_len=digit - a, min_len=2, scope="org", extra=_BRACKETS, floor=a)
            if s is None:
                _refuse(ballot, a, b, "no-name-before-suffix", "project-sibling")
                continue
            s += opener_cut(text[s:digit])
            name = text[s:digit]
            trailer = next((w for w in words("project_trailers.tsv") if name.endswith(w) and len(name) > len(w) + 1),
                           "")
            if trailer:  # 北溪生态旅游圈前期设计 → 北溪生态旅游圈
                name = name[:-len(trailer)]
                digit -= len(trailer)
            if len(name) < 2 or _is_generic(name):
                _refuse(ballot, s, max(digit, s), "generic-project", "project-sibling")
                continue
            pm = re.search(rf"[(（](?P<phase>{_PHASE_WORD})[)）]$", name)
            if pm:
                base = name[:pm.start()]
                out.append(Proj(s, digit, phase_name(base, pm.group("phase")), base, pm.group("phase"),
                                "project-sibling", digit, s))
            else:
                out.append(Proj(s, digit, name, None, None, "project-sibling", digit, s))
    return sorted(out, key=lambda q: q.start)
