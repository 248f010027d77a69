"""Dates and periods written in report Chinese — the one reader of 年, 月 and 日 — resolved against the report
year: ``2024年4月`` → ``2024-04``; ``年底`` → ``<year>-12``; ``2023年12月前`` → ``2023-12``; ``年内`` → ``<year>``;
``2025年`` → ``2025``; ``截至10月底`` → the period ``<year>-01-01 .. <year>-10-31``; ``2023年3月15日`` alone on a
line closes a report; ``2024年工作计划`` is a heading of the year 2024."""

from __future__ import annotations

import calendar
import re

from ..model import Value

DATE_EXPR = r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:底|前|份|中旬|上旬|下旬)?|(?P<end>年底|年末)|(?P<within>年内)|(?<=\d年)(?![度初]))"
_DATE = re.compile(DATE_EXPR)
_UNTIL = re.compile(r"截至(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:底|末)?")
#: A month, with its year and day when written (an event's days 5日至7日 are one date, the first).
_MONTH = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:至\d{1,2}日)?")
#: The year of a heading or title (``2024年主要工作思路``).
_YEAR = re.compile(r"(20[0-9]{2}|19[0-9]{2})年")
#: A line that is only a date (the closing line of a report).
_DATE_LINE = re.compile(r"^\s*(19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日\s*$")
#: What follows a number that counts years, months or days (2023年, 10月, 5日, 3号, 2022—2023年): a date.
_DATE_UNIT = re.compile(r"(?:[-—~至到]\d+)?(?:年|月|日|号)")
#: A year or years and part of a year, alone (``2023年度``, ``2022-2023年``, ``2023年上半年``).
_YEAR_PHRASE = re.compile(r"(?:\d{4}(?:-\d{4})?年(?:度|上半年|下半年)?)?")
_FOUR_DIGITS = re.compile(r"\d{4}")
#: A year the heading says the report is about: a year, then within a few words a report word
#: (``2023年工作总结``, ``2024年产业工作总结会``, ``2023年上半年国民经济和社会发展计划执行情况``).
_REPORT_YEAR = re.compile(r"((?:19|20)[0-9]{2})年(?:度)?[^，。,;；\d]{0,8}?(?:工作|总结|计划|规划|思路|打算|国民经济|财政|预算)")
#: A congress or meeting the heading names, with its year and maybe its month (``2024年1月10日在…会议上``).
_SESSION = re.compile(r"((?:19|20)[0-9]{2})年(?:(\d{1,2})月(?:\d{1,2}日)?)?[^，。\n]{0,40}?(?:会议|大会)")


def date_value(m: re.Match[str], year: int | None) -> Value | None:
    """The value of a :data:`DATE_EXPR` match: ``date``, ``gYearMonth`` or ``gYear``; ``None`` without a year."""
    groups = m.groupdict()
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    if groups.get("end"):
        return Value(f"{y:04d}-12", "gYearMonth")
    if groups.get("within"):
        return Value(f"{y:04d}", "gYear")
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
        if m.group("d"):
            return Value(f"{y:04d}-{month:02d}-{int(m.group('d')):02d}", "date")
        return Value(f"{y:04d}-{month:02d}", "gYearMonth")
    if m.group("y"):
        return Value(f"{y:04d}", "gYear")
    return None


def parse_date(text: str, year: int | None) -> Value | None:
    """The first date expression at the start of ``text``.

    >>> parse_date("2024年4月完工", 2023)
    Value(lexical='2024-04', datatype='gYearMonth', lang=None)
    >>> parse_date("年底投入使用", 2023)
    Value(lexical='2023-12', datatype='gYearMonth', lang=None)
    """
    m = _DATE.match(text)
    return date_value(m, year) if m and m.group(0) else None


def last_month(text: str, year: int | None, *, end: int | None = None) -> tuple[Value | None, int]:
    """The last month (with its day, when written) before ``end`` in ``text``, and where it ends.

    :param text: the text.
    :param year: the year of a month written without one.
    :param end: read only before this offset (default: all the text).
    :returns: the ``gYearMonth`` or ``date`` value (``None`` when there is none, or no year is known) and the
        offset after it (0 when there is none).

    >>> last_month("2023年3月获评，6月5日至7日表彰", 2022)
    (Value(lexical='2022-06-05', datatype='date', lang=None), 17)
    """
    best = None
    for m in _MONTH.finditer(text, 0, len(text) if end is None else end):
        best = m
    if best is None or (year is None and not best.group("y")):
        return None, 0
    return date_value(best, year), best.end()


def month_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the first month written in ``text[start:end]``, if any (a date inside a note)."""
    m = _MONTH.search(text, start, end)
    return (m.start(), m.end()) if m else None


def until_period(text: str, year: int | None) -> tuple[str, str, int, int] | None:
    """A ``截至N月底`` period in ``text``: ISO start and end dates and the span of the cue.

    >>> until_period("截至10月底,全镇", 2023)[:2]
    ('2023-01-01', '2023-10-31')
    """
    m = _UNTIL.search(text)
    if not m:
        return None
    y = int(m.group("y")) if m.group("y") else year
    month = int(m.group("m"))
    if y is None or not 1 <= month <= 12:
        return None
    day = int(m.group("d")) if m.group("d") else calendar.monthrange(y, month)[1]
    return f"{y:04d}-01-01", f"{y:04d}-{month:02d}-{day:02d}", m.start(), m.end()


def reported_year(heading: str) -> int | None:
    """The year a report's heading says it reports on: the year of ``2023年工作总结`` (or of a plan, a budget, a
    plan-execution report); else, for a speech to a congress early in a year (``2024年1月10日在…代表大会…会议上``,
    or a year's congress report with no month), the year before, which it reviews.

    >>> reported_year("白杨街道2022年工作总结及2023年工作思路"), reported_year("南漳镇人民政府2023年工作计划")
    (2022, 2023)
    >>> reported_year("政府工作报告——2024年1月22日在某县第十六届人民代表大会第四次会议上")
    2023
    >>> reported_year("2024年长寿路街道社区代表会议报告"), reported_year("通知")
    (2023, None)
    """
    if m := _REPORT_YEAR.search(heading):
        return int(m.group(1))
    if (m := _SESSION.search(heading)) and (not m.group(2) or int(m.group(2)) <= 3):
        return int(m.group(1)) - 1
    if m:
        return int(m.group(1))
    return None


def year_in(text: str) -> int | None:
    """The first year written in a heading or title (``2024年主要工作思路`` → 2024).

    >>> year_in("2024年主要工作思路"), year_in("下一步工作计划")
    (2024, None)
    """
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def iso_year(date: str) -> int | None:
    """The year of an ISO date (``2023-11-14`` → 2023)."""
    m = re.match(r"(\d{4})", date)
    return int(m.group(1)) if m else None


def is_date_line(line: str) -> bool:
    """True for a line that is a full date alone (``2023年11月14日``): the closing line of a report."""
    return _DATE_LINE.match(line) is not None


def counts_time(after: str) -> bool:
    """True when the words after a number make it a year, month or day (``年``, ``月``, ``日``, ``号``, or a
    range to one: ``—2023年``)."""
    return _DATE_UNIT.match(after) is not None


def is_year_phrase(text: str) -> bool:
    """True for an empty text or one that is only a year, years, or part of a year (``2023年度``).

    >>> is_year_phrase("2023年上半年"), is_year_phrase("某某市")
    (True, False)
    """
    return _YEAR_PHRASE.fullmatch(text) is not None


def has_year_number(text: str) -> bool:
    """True when the text holds a four-digit number (a year: 2023年全国…大会)."""
    return _FOUR_DIGITS.search(text) is not None
