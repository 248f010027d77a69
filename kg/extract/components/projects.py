"""Projects and their phases, status, progress, investment, dates and location.

Names are found three ways: by suffix (``kg/data/project_suffixes.tsv``: …项目, …工程, …基地), as items of a
counted list whose head is a project noun (see :mod:`.coordination`), and as siblings of a suffixed project
in a list (甲乙二期项目完成84.01%和丙丁光伏109.09% → 丙丁光伏).  A phase (一期, (二期)) written before or after
the name makes a separate project named ``<base>（<phase>）`` linked to the whole by ``phaseOf``; a name that
starts with a phase (二期场地平整工程) is a phase of the last project named before it in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..admin import classes_above
from ..lexicon import alternation, mapping, words
from ...model import Concept, Document, Fact, Sentence, Value
from ..quantity import find_quantities
from .coordination import Coordination
from ..dates import DATE_EXPR, date_value
from ..findings import Findings, Found, found, key, prov
from ..names import is_name_char, scan_left
from .places import find_places
from ..quotes import find_quotes

_PHASE_WORD = r"第?[一二三四五六七八九十\d]{1,3}期"
_PHASE_AFTER = re.compile(rf"[(（]?(?P<phase>{_PHASE_WORD})[)）]?")
_PHASE_END = re.compile(rf"[(（]?(?P<phase>{_PHASE_WORD})[)）]?$")
_PHASE_START = re.compile(rf"(?P<phase>{_PHASE_WORD})")
_FUTURE = ("预计", "计划", "争取", "尽快", "早日", "确保", "力争")
_EXPECTED = re.compile(rf"(?:预计|力争|争取|计划|确保|将于|拟于)(?:于|在)?(?P<date>{DATE_EXPR})(?:前)?(?:全面|全部)?(?:完成|完工|投入使用|建成|竣工|交付使用|投产)")
_DONE_BY = re.compile(rf"(?P<date>{DATE_EXPR})(?:前)?(?:全面)?(?:竣工|完工|建成|投产|投入使用)")
_PLANNED = re.compile(rf"计划(?P<date>{DATE_EXPR})(?:前)?(?:动工|开工)")
_BRACKETS = "()（）·"
_CLAUSE = ",，;；。:："
_STOP = ";；。"


def phase_name(base: str, phase: str) -> str:
    """Canonical name of a phase, in the full-width brackets of normalized text:
    ``phase_name("中国南部物流枢纽", "二期")`` → ``"中国南部物流枢纽（二期）"``."""
    return f"{base}（{phase}）"


@dataclass(frozen=True, slots=True)
class _Proj:
    start: int  # sentence offsets of the mention
    end: int
    name: str  # canonical name of the project (the phase, when there is one)
    base: str | None  # the whole project, when this is a phase
    phase: str | None
    rule: str
    tail_from: int  # where the words about this project start (after its list, if any)
    head_from: int  # where the words before it start (start of its list, if any)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("project_suffixes.tsv"))))


def _is_generic(specific: str) -> bool:
    return len(specific) < 2 or specific in words("generic_projects.tsv")


#: A firm's name at the start of a project's: the name and its legal form.
_OWNER = re.compile(r"(?P<owner>[\u4e00-\u9fff]{2,14}?)(?P<form>(?:集团)?(?:股份)?有限(?:责任)?公司|集团公司|公司)")


def _core(name: str) -> str:
    """甲乙公司 → 甲乙: the owner's short name when a project is named after a company."""
    return name[:-2] if name.endswith("公司") and len(name) > 3 else name


def _opener_cut(stretch: str) -> int:
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


def _suffix_start(text: str, m: re.Match[str], limit: int) -> int | None:
    start = scan_left(text, m.start(), max_len=limit, min_len=0, scope="org", extra=_BRACKETS + "0123456789.",
                      ignore=("及", "与"), also=("和",))
    if start is None:
        return None
    if start > 0 and text[start - 1] == "、" and m.start() - start >= 2:
        # 东岭圩道路黑底化、管线改造、外立面美化建设项目: unsuffixed parts before share the suffix
        cs = max((text.rfind(c, 0, start) + 1 for c in _CLAUSE), default=0)
        cs += _opener_cut(text[cs:start - 1])
        parts = text[cs:start - 1].split("、")
        products = words("product_suffixes.tsv")
        if all(parts) and not any(_pattern().search(p) or not all(is_name_char(ch) for ch in p)
                                  or p.endswith(products) or _PHASE_END.search(p) for p in parts):
            start = cs
    if start > 1 and text[start - 1] == "年" and text[start] == "产":  # 瑞丰新材料年产5万吨…项目: 年 inside a name
        again = scan_left(text, start - 1, max_len=limit, min_len=0, scope="org", extra=_BRACKETS + "0123456789.",
                          ignore=("及", "与"), also=("和",))
        if again is not None:
            start = again
    start += _opener_cut(text[start:m.start()])
    if re.match(r"[路街巷道里]\d+号[院楼]?", text[start:m.start()]):
        # 丰年路3号院…项目: the scan stopped inside the street's name (年 is a boundary word); an address
        # is part of the name, the street's name with it
        road = scan_left(text, start, max_len=4, min_len=1, scope="place")
        if road is not None:
            start = road
    if (start > 0 and text[start - 1].isdigit()) or (start < m.start() and text[start].isdigit()):
        return None  # 7个工业技改项目, 9条村道提升工程: a counted category, not a name (digits inside one are
        # fine: 柘溪港区3号泊位工程)
    if re.search(r"村的$", text[max(0, start - 6):start]):
        return None  # 3个村的村道硬底化工程: works in some villages, not a named project
    if start < m.start() and text[start] in "(（":
        return None  # a heading marker such as (一)
    if start > 0 and text[start - 1] in "”’":
        return None  # “银发先锋”志愿服务项目: the quoted name is the thing named; the rest describes it
    if text[start:m.start()].startswith(words("category_leads.tsv")):
        return None  # 全市优秀志愿服务项目, 省级示范项目: a category, not a name
    return start


def _names(doc: Document, sent: Sentence, lists: tuple[Coordination, ...]) -> list[_Proj]:
    text = sent.text
    out: list[_Proj] = []
    item_spans: list[tuple[int, int]] = []
    for c in lists:
        for f in c.items:
            s, e = f.mention.start - sent.start, f.mention.end - sent.start
            item_spans.append((s, e))
            if f.mention.type != "Project":
                continue
            name = f.mention.text
            pm = re.search(rf"[(（](?P<phase>{_PHASE_WORD})[)）]$", name)
            if pm:
                base = name[:pm.start()]
                out.append(_Proj(s, e, phase_name(base, pm.group("phase")), base, pm.group("phase"),
                                 f"coordination:{c.head}", c.end, c.start))
            else:
                out.append(_Proj(s, e, _strip_place_bracket(name), None, None, f"coordination:{c.head}", c.end,
                                 c.start))
    for pl in find_places(doc, sent).found:
        if pl.mention.type != "IndustrialPark":
            continue
        ps, pe = pl.mention.start - sent.start, pl.mention.end - sent.start
        after = _PHASE_AFTER.match(text, pe)
        if after and not any(p.start <= ps < p.end for p in out):  # 南湖科创园一期: a phase of the park
            out.append(_Proj(ps, after.end(), phase_name(pl.name, after.group("phase")), pl.name,
                             after.group("phase"), "park-phase", after.end(), ps))
    max_by_suffix = mapping("project_suffixes.tsv", "max_prefix")
    quoted = [(q.start - 1, q.end + 1) for q in find_quotes(text)]
    heads = [(c.start, c.end) for c in lists]
    for m in _pattern().finditer(text):
        if any(s <= m.start() < e for s, e in (*item_spans, *quoted, *heads)):
            continue
        if re.match(r"\d|总", text[m.end():m.end() + 1]) and not text.startswith("总投资", m.end()) \
                and not re.match(rf"{DATE_EXPR}", text[m.end():]):
            continue  # 流转项目14宗, 交易项目总金额: a count or a total of a category (…项目总投资 is a name's;
            # …项目4月开工: a date follows the name)
        start = _suffix_start(text, m, max_by_suffix[m.group(0)])
        if start is None:
            continue
        specific = text[start:m.start()]
        rule = f"project-suffix:{m.group(0)}"
        end = m.end()
        lead = _PHASE_START.match(specific)
        if lead and lead.end() == len(specific):
            continue  # 完成第一期工程: the first phase of works, no name of its own
        if lead:  # 二期场地平整工程: a phase of the project named before it
            prior = [p for p in out if p.end <= start]
            if prior:
                base = prior[-1].base or prior[-1].name
                rule_ = "park-phase" if prior[-1].rule == "park-phase" else "project-phase-lead"
                out.append(_Proj(start, start + lead.end(), phase_name(base, lead.group("phase")), base,
                                 lead.group("phase"), rule_, end, start))
            continue
        pe = _PHASE_END.search(specific)
        if pe:  # 甲乙二期项目
            core = _core(specific[:pe.start()])
            if _is_generic(core):
                continue
            base = _base(core + (m.group(0) if m.group(0) == "项目" else ""))
            out.append(_Proj(start, end, phase_name(base, pe.group("phase")), base, pe.group("phase"), rule,
                             end, start))
            continue
        if _is_generic(specific) or "“" in specific or "”" in specific:
            continue
        if m.group(0) == "工程" and specific.endswith(tuple("项目" + w for w in words("project_parts.tsv"))):
            continue  # 云帆总部项目主体工程: a part of the works of the project named before it
        inner = re.search(r"[(（](?P<inner>[^()（）]{4,}(?:项目|工程))[)）]$", specific)
        if inner:
            continue  # 产业园（马岗鹅…示范建设项目）项目: the bracketed project is the one named
        name = text[start:end]
        after = _PHASE_AFTER.match(text, end)
        if after:  # 中国南部物流枢纽项目二期, 北城区粮食储备库新库项目(一期)
            base = _base(name)
            out.append(_Proj(start, after.end(), phase_name(base, after.group("phase")), base,
                             after.group("phase"), rule, after.end(), start))
            continue
        out.append(_Proj(start, end, name, None, None, rule, end, start))
    out += _facilities(doc, sent, out)
    for q in find_quotes(text):
        content = text[q.start:q.end]
        if q.closed and any(content.endswith(w) for w in words("facility_suffixes.tsv")) and len(content) >= 2:
            out.append(_Proj(q.start, q.end, content, None, None, "project-quoted-facility", q.end + 1, q.start - 1))
    out = _with_siblings(text, out)
    out = _with_bare_phases(text, out)
    # a name inside a longer one (…总部基地 inside …总部基地(南江)项目) is the same project
    return [p for p in out if not any(q is not p and q.start <= p.start and p.end <= q.end
                                      and q.end - q.start > p.end - p.start for q in out)]


@lru_cache(maxsize=1)
def _facility_pattern() -> re.Pattern[str]:
    return re.compile(alternation(list(words("facility_projects.tsv"))))


@lru_cache(maxsize=1)
def _status_after() -> re.Pattern[str]:
    return re.compile(rf"(?:已|已经|正式)?(?:{alternation(words('status_cues.tsv'))})")


#: What makes a facility a project: an investment right before it, a status right after it.
_FACILITY_BEFORE = re.compile(r"(?:投资|投入)[\d.]+[万亿]*元的$")


def _facilities(doc: Document, sent: Sentence, found_: list[_Proj]) -> list[_Proj]:
    """Built facilities treated as projects (投资860万元的集镇污水处理厂已投入运行): a name ending in a facility word
    (``kg/data/facility_projects.tsv``) with an investment right before it or a status cue right after it; not a
    kind of facility (村卫生站: any village's) and not an organisation's name (党群服务中心 with a status only)."""
    from .organisations import find_organisations

    text = sent.text
    limits = mapping("facility_projects.tsv", "max_prefix")
    after = _status_after()
    out: list[_Proj] = []
    for m in _facility_pattern().finditer(text):
        if any(p.start <= m.start() < p.end for p in (*found_, *out)):
            continue
        if text[m.end():m.end() + 1] and is_name_char(text[m.end()]) and not after.match(text, m.end()):
            continue  # 污水处理厂扩建工程: the facility is part of a longer name
        start = scan_left(text, m.start(), max_len=limits[m.group(0)], min_len=2, scope="org")
        if start is None:
            continue
        start += _opener_cut(text[start:m.start()])
        if text[start] in "个家所座处" and start > 0 and text[start - 1].isdigit():
            start += 1
        if m.start() - start < 2 or _is_generic(text[start:m.start()]):
            continue
        if (start > 0 and text[start - 1].isdigit()) or text[start:].startswith(words("category_leads.tsv")):
            continue  # 1个镇级养老综合服务中心正在建设: a counted kind of facility
        if text[start] == "村":
            continue  # 村卫生站: a kind of facility
        invested = _FACILITY_BEFORE.search(text[:start])
        if not (invested or after.match(text, m.end())):
            continue
        if not invested and any(f.mention.start - sent.start == start and f.mention.end - sent.start == m.end()
                                for f in find_organisations(doc, sent).found):
            continue  # 党群服务中心已投入使用: an institution at work, not a project
        out.append(_Proj(start, m.end(), text[start:m.end()], None, None, f"project-facility:{m.group(0)}",
                         m.end(), start))
    return out


#: A bare phase word opening a clause (…，一期已于9月竣工，二期…): a phase of the project named before it.
_BARE_PHASE = re.compile(rf"(?:(?<=[,，;；])|(?<=[,，;；]其中))(?P<phase>{_PHASE_WORD})(?![\d一二三四五六七八九十个项])")


def _with_bare_phases(text: str, found_: list[_Proj]) -> list[_Proj]:
    """Phases written without their project's name in the clauses after it (X项目总投资15亿元，分两期建设，一期…，
    二期…): each is a phase of the last whole project named before it in the sentence."""
    out = list(found_)
    for m in _BARE_PHASE.finditer(text):
        if any(p.start <= m.start() < p.end for p in out):
            continue
        prior = [p for p in found_ if p.end <= m.start() and p.base is None and p.rule.startswith("project-")]
        if not prior:
            continue
        whole = max(prior, key=lambda p: p.end)
        if any(ch in _STOP for ch in text[whole.end:m.start()]):
            continue  # a phase in a later sentence part belongs to something else
        out.append(_Proj(m.start(), m.end(), phase_name(_base(whole.name), m.group("phase")), whole.name,
                         m.group("phase"),
                         "project-phase-bare", m.end(), m.start()))
    return sorted(out, key=lambda q: q.start)


def _base(name: str) -> str:
    """The whole project a phase belongs to: 中国南部物流枢纽项目 → 中国南部物流枢纽; a short core keeps its
    head noun (甲乙项目)."""
    if name.endswith("项目") and len(name) - 2 >= 4:
        return name[:-2]
    return name


def _strip_place_bracket(name: str) -> str:
    """广清…建设项目(鼎田片区) → 广清…建设项目: a bracket naming a place is the location, not the name."""
    m = re.search(r"[(（]([^()（）]+)[)）]$", name)
    if m and re.search(r"(片区|社区|村|镇|区|园|圩)$", m.group(1)):
        return name[:m.start()]
    return name


def _named_after(place: Found, p: _Proj, text: str, base: int) -> bool:
    """X产业园项目: the park's name followed only by 项目 is the project's own name, not where it lies."""
    ps, pe = place.mention.start - base, place.mention.end - base
    return place.mention.type == "IndustrialPark" and ps == p.start and text[pe:p.end] in ("项目", "建设项目")


def _with_siblings(text: str, found_: list[_Proj]) -> list[_Proj]:
    """Names listed with a suffixed project (separated by 、 or 和) are projects too, when the suffixed one is
    not the last of the list (甲乙公司二期项目和天然气环线工程; 甲乙二期项目完成84.01%和丙丁光伏109.09%)."""
    out = list(found_)
    for p in found_:
        if not p.rule.startswith("project-suffix"):
            continue
        cs = max((text.rfind(c, 0, p.start) + 1 for c in _CLAUSE), default=0)
        ce = min((i for i in (text.find(c, p.end) for c in _CLAUSE) if i >= 0), default=len(text))
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^、和]+", text[cs:ce])]
        parts = [(cs + a, cs + b) for a, b in parts]
        mine = next((i for i, (a, b) in enumerate(parts) if a <= p.start < b), None)
        if mine is None or mine == len(parts) - 1 or len(parts) < 2:
            continue
        for i, (a, b) in enumerate(parts):
            if i == mine or any(q.start < b and a < q.end for q in out):
                continue
            if _PHASE_START.match(text, a):
                continue  # X项目一期9月投产、二期年底完工: a bare phase of the project, no sibling
            digit = next((k for k in range(a, b) if text[k].isdigit()), b)
            s = scan_left(text, digit, max_len=digit - a, min_len=2, scope="org", extra=_BRACKETS, floor=a)
            if s is None:
                continue
            s += _opener_cut(text[s:digit])
            name = text[s:digit]
            trailer = next((w for w in words("project_trailers.tsv") if name.endswith(w) and len(name) > len(w) + 1), "")
            if trailer:  # 南峡生态旅游圈前期设计 → 南峡生态旅游圈
                name = name[:-len(trailer)]
                digit -= len(trailer)
            if len(name) < 2 or _is_generic(name):
                continue
            pm = re.search(rf"[(（](?P<phase>{_PHASE_WORD})[)）]$", name)
            if pm:
                base = name[:pm.start()]
                out.append(_Proj(s, digit, phase_name(base, pm.group("phase")), base, pm.group("phase"),
                                 "project-sibling", digit, s))
            else:
                out.append(_Proj(s, digit, name, None, None, "project-sibling", digit, s))
    return sorted(out, key=lambda q: q.start)


def _status(text: str, p: _Proj, nxt: int) -> tuple[str, int, int] | None:
    """Status cue in the words right after the project (to the next project or clause end) or, failing that,
    right before it."""
    cues = mapping("status_cues.tsv", "status")
    pattern = re.compile(alternation(list(cues)))
    end = min([i for i in (text.find(c, p.tail_from) for c in _STOP) if i >= 0] + [nxt, len(text)])
    cs = max((text.rfind(c, 0, p.head_from) + 1 for c in _CLAUSE), default=0)
    for region in ((p.tail_from, end), (cs, p.head_from)):
        for m in pattern.finditer(text, *region):
            before = text[max(region[0], m.start() - 12):m.start()]
            if any(f in before for f in _FUTURE) and m.group(0) not in ("动工", "开工"):
                continue
            if m.group(0) in ("动工", "开工") and "计划" not in before:
                # 已于11月开工建设, X项目于5月开工 (a result): building now
                if re.search(r"已(?:于[^,，;；]{0,8})?$", before) or (
                        m.start() - region[0] == len(before) and re.fullmatch(r"于[^,，;；]{1,8}", before)):
                    return "under-construction", m.start(), m.end()
                continue
            if re.match(r"\d", text[m.end():m.end() + 1]):
                continue  # 完成87.01%: progress, not a status
            return cues[m.group(0)], m.start(), m.end()
    return None


def find_projects(doc: Document, sent: Sentence, lists: tuple[Coordination, ...]) -> Findings:
    """Projects in one sentence, with facts about them.

    :param doc: the document.
    :param sent: the sentence.
    :param lists: the counted lists of the sentence.
    :returns: ``Project`` (and owning ``Enterprise``) mentions; facts ``phaseOf``, ``status``, ``progress``,
        ``investment``, ``plannedStart``, ``expectedCompletion``, ``location``.
    """
    text = sent.text
    year = sent.period.year or doc.meta.year
    projs = _names(doc, sent, lists)
    places = find_places(doc, sent).found
    out: list[Found] = []
    facts: list[Fact] = []
    S = sent.start
    for i, p in enumerate(projs):
        f = found(doc, sent, S + p.start, S + p.end, "Project", p.name, p.rule)
        out.append(f)
        me = f.key

        def fact(pred: str, obj, s: int, e: int, rule: str) -> None:
            facts.append(Fact(me, pred, obj, (prov(doc, sent, S + s, S + e, rule),)))

        if p.base is not None and p.rule not in ("project-phase-lead", "park-phase", "project-phase-bare"):
            base_end = p.start + len(p.base) if text.startswith(p.base, p.start) else p.end
            if text.startswith(p.base + "项目", p.start):
                base_end += 2
            out.append(found(doc, sent, S + p.start, S + base_end, "Project", p.base, p.rule + ":whole"))
        if p.base is not None:
            whole = key("IndustrialPark" if p.rule == "park-phase" else "Project", p.base)
            fact("phaseOf", whole, p.start, p.end, "project-phase")
        owner = _OWNER.match(text[p.start:p.end])
        if owner and (owner.group("form") != "公司" or len(owner.group("owner")) <= 8):
            # 甲乙公司二期项目 → 甲乙; 金禾纺织有限公司改造项目 → the firm's full name
            name_ = owner.group("owner") if owner.group("form") == "公司" else owner.group(0)
            out.append(found(doc, sent, S + p.start, S + p.start + owner.end(), "Enterprise", name_, "project-owner"))
        # the words about a project stop where the next project named after them starts
        nxt = min([q.start for q in projs[i + 1:] if q.start >= p.tail_from] + [len(text)])
        planned = sent.period.kind == "plan"
        st = None if planned else _status(text, p, nxt)
        if st:
            fact("status", Concept("status", st[0]), min(p.start, st[1]), max(p.end, st[2]), "project-status")
        seg_end = min([k for k in (text.find(c, p.tail_from) for c in _STOP) if k >= 0] + [nxt, len(text)])
        for q in find_quantities(text[p.tail_from:seg_end], offset=p.tail_from):
            if q.unit != "percent" or q.change is not None:
                continue
            clause = text[max([p.tail_from] + [text.rfind(c, 0, q.start) + 1 for c in ",，"]):q.start]
            if not planned and (clause == text[p.tail_from:q.start] and re.fullmatch(
                    r"[\u4e00-\u9fff]{0,6}?(?:建设)?(?:进度)?(?:完成|达)?", clause) or re.search(r"进度|完成", clause)):
                fact("progress", Value(str(q.value), "decimal"), p.start, q.end, "project-progress")
            break
        stop = min([k for k in (text.find(c, p.tail_from) for c in _STOP) if k >= 0] + [nxt, len(text)])
        for rx, pred in ((_EXPECTED, "expectedCompletion"), (_DONE_BY, "expectedCompletion"),
                         (_PLANNED, "plannedStart")):
            if pred == "expectedCompletion" and any(f.subject == me and f.predicate == pred for f in facts):
                continue
            dm = rx.search(text, p.tail_from, stop)
            if dm and rx is _DONE_BY and text[max(0, dm.start() - 2):dm.start()].endswith(("于", "已")):
                continue  # 已于8月竣工投产: done, not expected
            if dm:
                inner = re.match(DATE_EXPR, dm.group("date"))
                v = date_value(inner, year) if inner else None
                if v is not None:
                    fact(pred, v, p.start, dm.end(), f"project-{pred}")
        cs = max((text.rfind(c, 0, p.head_from) + 1 for c in _CLAUSE), default=0)
        inv = re.search(r"(?:投资|投入)(?P<q>[^,，;；。]{1,14}?)(?:的|完成|建设|用于)$", text[cs:p.head_from])
        if inv:
            qs = find_quantities(inv.group("q"))
            if len(qs) == 1 and qs[0].unit == "CNY":
                fact("investment", Value(str(qs[0].value), "decimal"), cs + inv.start(), p.end,
                     "project-investment")
        total = re.match(r"(?:计划)?总?投资(?:约|达|为)?(?P<q>[\d.]+[万亿]*元)", text[p.tail_from:])
        if total and not inv:  # X项目总投资15亿元: the whole's investment, written after its name
            qs = find_quantities(total.group("q"))
            if len(qs) == 1 and qs[0].unit == "CNY":
                fact("investment", Value(str(qs[0].value), "decimal"), p.start, p.tail_from + total.end(),
                     "project-investment-after")
        for pl in places:
            ps, pe = pl.mention.start - S, pl.mention.end - S
            if p.start <= ps and pe <= p.end and pl.mention.type not in classes_above("Village") \
                    and not (p.rule == "park-phase" and pl.name == p.base) and not _named_after(pl, p, text, S):
                fact("location", pl.key, p.start, max(p.end, pe), "project-location")
    return Findings(found=tuple(out), facts=tuple(facts))
