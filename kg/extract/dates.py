"""Dates and periods written in report Chinese, resolved against the report year:
``2024年4月`` → ``2024-04``; ``年底`` → ``<year>-12``; ``2023年12月前`` → ``2023-12``; ``年内`` → ``<year>``;
``2025年`` → ``2025``; ``截至10月底`` → the period ``<year>-01-01 .. <year>-10-31``."""

from __future__ import annotations

import calendar
import re

from ..model import Value

DATE_EXPR = r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:底|前|份|中旬|上旬|下旬)?|(?P<end>年底|年末)|(?P<within>年内)|(?<=\d年)(?![度初]))"
_DATE = re.compile(DATE_EXPR)
_UNTIL = re.compile(r"截至(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:底|末)?")


def date_value(m: re.Match[str], year: int | None) -> Value | None:
    """The value of a :data:`DATE_EXPR` match: ``date``, ``gYearMonth`` or ``gYear``; ``None`` without a year."""
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    if m.group("end"):
        return Value(f"{y:04d}-12", "gYearMonth")
    if m.group("within"):
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
