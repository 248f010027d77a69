"""Figures in report Chinese: ``102.79亿元``, ``超6500名``, ``约2.5万亩``, ``3.5%-5.2%``, ``同比下降6.96%``.

A quantity is a number (Arabic digits, or a Chinese numeral before a counting word), an optional scale word
(万, 亿 …), a unit word, and the words around it that say how exact it is.  Values are ``Decimal`` with the
scale resolved (2476万元 → 24760000); arithmetic never goes through ``float``.  The unit, scale, qualifier and
change words are tables under ``kg/data`` (``units.tsv``, ``scales.tsv``, ``qualifiers.tsv``, ``changes.tsv``).

A change expression (``同比下降6.96%``) that directly follows a figure is attached to it as its
:class:`~kg.model.Change`; on its own it is a quantity whose value is the signed change and whose ``change``
is set to the same value.

What is *not* a quantity here: a number without a unit word (years, months, days, ordinals such as 第十八次),
a number preceded by 第, and a Chinese numeral other than before one of the counting words listed in
``_CN_UNITS`` (so 一轴两翼, 一期, 三大 stay names).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..errors import InputError
from .lexicon import alternation, mapping, rows, words
from ..model import Change, Quantity

#: Counting words after which a Chinese numeral is read as a number (两个, 三项, 五家, 十名).
_CN_UNITS = ("个", "项", "家", "名", "条", "宗", "件", "户", "位", "座", "所")
_CN_DIGITS = "零一二两三四五六七八九十百千万亿"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_YOY = {"同比": "yoy", "比上年": "yoy", "较上年": "yoy", "比去年": "yoy", "较去年": "yoy", "环比": "mom"}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    units = alternation(words("units.tsv"))
    scales = alternation(words("scales.tsv"))
    before = alternation([r.surface for r in rows("qualifiers.tsv") if r.position == "before"])
    after = alternation([r.surface for r in rows("qualifiers.tsv") if r.position == "after"])
    num = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
    arabic = re.compile(
        rf"(?P<pre>{before})?(?<![\d.])(?P<num>{num})(?P<unit1>[%％])?"
        rf"(?:(?P<sep>[-~～—–至到])(?P<num2>{num}))?"
        rf"(?P<after1>{after})?(?P<scale>{scales})?(?P<after2>{after})?(?P<unit>{units})"
        rf"(?P<paren>[(（](?:{units})[)）])?(?P<after3>{after})?"
    )
    cn_units = alternation(list(_CN_UNITS))
    chinese = re.compile(
        rf"(?<![第{_CN_DIGITS}])(?P<pre>{before})?(?P<cn>[{_CN_DIGITS}]+)(?P<after1>{after})?(?P<unit>{cn_units})"
    )
    verbs = alternation(words("changes.tsv"))
    change = re.compile(rf"(?P<basis>{alternation(list(_YOY))})?(?P<verb>{verbs})了?$")
    return arabic, chinese, change


def _tidy(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (1.0279E+10 → 10279000000)."""
    d = d.normalize()
    if d.as_tuple().exponent > 0:  # type: ignore[operator]
        d = d.quantize(Decimal(1))
    return d


def _decimal(s: str) -> Decimal:
    return Decimal(s.translate(_FULLWIDTH).replace(",", ""))


def _qualifier(pre: str | None, *afters: str | None) -> str:
    q = mapping("qualifiers.tsv", "qualifier")
    for word in (pre, *afters):
        if word:
            return q[word]
    return "exact"


def _from_arabic(m: re.Match[str], text: str, offset: int) -> Quantity | None:
    scale_word = m.group("scale")
    scale = mapping("scales.tsv", "multiplier")[scale_word] if scale_word else 1
    unit = mapping("units.tsv", "unit")[m.group("unit")]
    if m.group("unit1") and unit != "percent":
        return None  # "5%-8个" is not one quantity
    try:
        value = _tidy(_decimal(m.group("num")) * scale)
        value_max = _tidy(_decimal(m.group("num2")) * scale) if m.group("num2") else None
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    qualifier = "range" if value_max is not None else _qualifier(
        m.group("pre"), m.group("after1"), m.group("after2"), m.group("after3"))
    return Quantity(value=value, unit=unit, text=m.group(0), start=offset + m.start(), end=offset + m.end(),
                    scale=scale, qualifier=qualifier, value_max=value_max)


def _from_chinese(m: re.Match[str], offset: int) -> Quantity | None:
    import cn2an  # only on a span already known to be a numeral

    try:
        value = Decimal(str(cn2an.cn2an(m.group("cn"), "normal")))
    except (ValueError, KeyError):
        return None
    unit = mapping("units.tsv", "unit")[m.group("unit")]
    return Quantity(value=_tidy(value), unit=unit, text=m.group(0), start=offset + m.start(), end=offset + m.end(),
                    qualifier=_qualifier(m.group("pre"), m.group("after1")))


def _with_change(q: Quantity, text: str) -> Quantity:
    """Turn a percentage preceded by a change verb (同比增长32.7%) into a change quantity."""
    if q.unit not in ("percent", "percentage-point") or q.value_max is not None:
        return q
    _, _, change = _patterns()
    m = change.search(text[max(0, q.start - 8):q.start])
    if not m:
        return q
    sign = mapping("changes.tsv", "sign")[m.group("verb")]
    value = -q.value if sign == "-" else q.value
    basis = _YOY.get(m.group("basis") or "", "unspecified")
    start = q.start - (len(m.group(0)))
    return Quantity(value=value, unit=q.unit, text=text[start:q.end], start=start, end=q.end, scale=q.scale,
                    qualifier=q.qualifier, change=Change(value=value, unit=q.unit, basis=basis))


def _attach(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Attach a change that directly follows a figure (102.79亿元,同比下降6.96%) to that figure."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (q.change is not None and prev is not None and prev.change is None
                and text[prev.end:q.start].strip(" ,，") == ""):
            out[-1] = Quantity(value=prev.value, unit=prev.unit, text=text[prev.start:q.end], start=prev.start,
                               end=q.end, scale=prev.scale, qualifier=prev.qualifier, value_max=prev.value_max,
                               change=q.change)
        else:
            out.append(q)
    return out


def _shared_points(quantities: list[Quantity], text: str) -> list[Quantity]:
    """提高1.8个和2.2个百分点: a bare count joined by 和 or 、 to a number of percentage points shares that unit."""
    out = list(quantities)
    for i in range(len(out) - 1, -1, -1):
        q, nxt = out[i], out[i + 1] if i + 1 < len(out) else None
        if (nxt is not None and nxt.unit == "percentage-point" and q.unit == "item" and q.text.endswith("个")
                and text[q.end:nxt.start] in ("和", "、", "及")):
            out[i] = Quantity(value=q.value, unit="percentage-point", text=q.text, start=q.start, end=q.end,
                              scale=q.scale, qualifier=q.qualifier, value_max=q.value_max, change=q.change)
    return out


def _respective_points(quantities: list[Quantity], text: str) -> list[Quantity]:
    """解决率94.3%、满意率95.1%，分别提高1.8个和2.2个百分点: changes in percentage points given 分别 right after as
    many rates are the changes of those rates, in order, not figures of their own."""
    out = list(quantities)
    i = 0
    while i < len(out):
        q = out[i]
        if not (q.change is not None and q.unit == "percentage-point" and q.value == q.change.value
                and text[max(0, q.start - 2):q.start] == "分别"):
            i += 1
            continue
        run = [i]
        while (run[-1] + 1 < len(out) and out[run[-1] + 1].unit == "percentage-point"
               and text[out[run[-1]].end:out[run[-1] + 1].start] in ("和", "、", "及")):
            run.append(run[-1] + 1)
        rates = list(range(i - len(run), i))
        if (len(run) < 2 or rates[0] < 0 or any(out[r].unit != "percent" or out[r].change is not None for r in rates)
                or len(text[out[rates[-1]].end:q.start - 2].strip(" ,，")) > 0):
            i += 1
            continue
        sign = -1 if q.change.value < 0 else 1
        for r, c in zip(rates, run):
            value = out[c].value if out[c].change is not None else sign * out[c].value
            rate = out[r]
            out[r] = Quantity(value=rate.value, unit=rate.unit, text=rate.text, start=rate.start, end=rate.end,
                              scale=rate.scale, qualifier=rate.qualifier, value_max=rate.value_max,
                              change=Change(value=value, unit="percentage-point", basis=q.change.basis))
        del out[i:i + len(run)]
    return out


def find_quantities(text: str, *, offset: int = 0) -> tuple[Quantity, ...]:
    """Every quantity in a text, in order, with offsets into that text (plus ``offset``).

    :param text: any text.
    :param offset: added to every start and end (pass a sentence's start to get document offsets).
    :returns: the quantities; ``text[q.start - offset:q.end - offset] == q.text`` for each.

    >>> [(str(q.value), q.unit) for q in find_quantities("总产值102.79亿元,同比下降6.96%")]
    [('10279000000', 'CNY')]
    """
    arabic, chinese, _ = _patterns()
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in arabic.finditer(text):
        if m.start("num") > 0 and text[m.start("num") - 1] in "第.":
            continue
        q = _from_arabic(m, text, 0)
        if q is not None:
            found.append(q)
            taken.append((q.start, q.end))
    for m in chinese.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        q = _from_chinese(m, 0)
        if q is not None:
            found.append(q)
    found.sort(key=lambda q: q.start)
    found = _shared_points(found, text)
    found = _attach([_with_change(q, text) for q in found], text)
    found = _respective_points(found, text)
    if offset:
        found = [Quantity(value=q.value, unit=q.unit, text=q.text, start=q.start + offset, end=q.end + offset,
                          scale=q.scale, qualifier=q.qualifier, value_max=q.value_max, change=q.change)
                 for q in found]
    return tuple(found)


def parse_quantity(text: str) -> Quantity:
    """Read a text that is exactly one quantity.

    :param text: e.g. ``"约2.5万亩"``, ``"3.5%-5.2%"``, ``"同比下降6.96%"``.
    :returns: the quantity, with offsets into ``text``.
    :raises InputError: if the text is not exactly one quantity.

    >>> q = parse_quantity("763万余元")
    >>> (q.value, q.unit, q.qualifier)
    (Decimal('7630000'), 'CNY', 'at-least')
    """
    stripped = text.strip()
    found = find_quantities(stripped)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        raise InputError(f'cannot read "{text}" as one quantity: write a number, an optional scale word '
                         f"(万, 亿) and a unit word listed in kg/data/units.tsv")
    return found[0]
