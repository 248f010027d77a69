"""A report's heading: the lines before its body (page chrome, the title, a subtitle with the session and date,
the speaker), its title line, and the year the heading says the report is about.

A report without a sidecar still has a title and a year this way; the places of the heading are read by
:mod:`kg.extract.ground.scope`.  The body starts at the first section marker (``一、``, ``（一）``), at the first
line that ends a sentence (``。``) or at the first long line; the heading is at most the first 20 lines that are
not empty.  The title is the first line (or table cell: ``| 标题:… |``) that names a kind of report and a year, else
the first that names a kind of report, else the first heading line of six characters or more.

>>> h = read_heading("东岭镇2023年工作总结\\n2023年以来，全镇上下……。\\n一、主要成效")
>>> h.title, h.year, h.end
('东岭镇2023年工作总结', 2023, 12)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.dates import reported_year

#: Words of a title line: the kind of report it is.
_TITLE_WORDS = ("报告", "总结", "计划", "思路", "打算", "要点", "规划", "工作")
_BODY_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LABEL = re.compile(r"^[\u3400-\u9fff]{1,4}[:：]\s*")  # 标题：, 发文机关：
_YEAR = re.compile(r"(?:19|20)[0-9]{2}年")
_DATE = re.compile(r"((?:19|20)[0-9]{2})(?:-[01]?[0-9]-[0-3]?[0-9]|年[01]?[0-9]月[0-3]?[0-9]日)")
_OPENING = re.compile(r"\s*((?:19|20)[0-9]{2})年(?:以来|[，,]|是|全年)")
_LONG = 60
_MAX_LINES = 20


@dataclass(frozen=True, slots=True)
class Heading:
    """The heading of a text: its lines end at ``end`` (an offset into the text; 0 when the body starts at
    once), its title line (``""`` when none is found) at ``[title_start, title_end)``, the year it names (the
    year reported on, else the year of a date in it), and the year the body opens with (``2023年以来，…``)."""

    end: int
    title: str = ""
    title_start: int = 0
    title_end: int = 0
    year: int | None = None
    opening_year: int | None = None


def read_heading(text: str) -> Heading:
    """The heading of a normalized text (see the module docstring).

    :param text: the normalized text of a report.
    :returns: the heading; a text whose first line is already body text has an empty heading.
    """
    pos, end, lines = 0, 0, []
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        body = line.strip()
        if not body:
            continue
        if len(lines) >= _MAX_LINES or _BODY_MARKER.match(body) or len(body) > _LONG or body.endswith(("。", "；")):
            break
        lines.append((start + line.find(body), body))
        end = start + len(line)
    cells = [c for at, body in lines for c in _cells(at, body)]
    ranked = sorted(((not any(w in c.replace(" ", "") for w in _TITLE_WORDS), not _YEAR.search(c), n, at, c)
                     for n, (at, c) in enumerate(cells) if len(_HAN.findall(c)) >= 4), key=lambda r: r[:3])
    named = [r for r in ranked if not r[0] or len(_HAN.findall(r[4])) >= 6]
    title_start, title = (named[0][3], named[0][4]) if named else (0, "")
    joined = "".join(b for _, b in lines)
    year = reported_year(joined) if joined else None
    if year is None and (date := _DATE.search(joined)):
        year = int(date.group(1))  # a news page's date
    opening = _OPENING.match(text, end + 1 if end else 0)
    return Heading(end, title, title_start, title_start + len(title) if title else 0, year,
                   int(opening.group(1)) if opening else None)


def _cells(at: int, line: str) -> list[tuple[int, str]]:
    """The cells of a line (a table row ``| 标题:… | |`` has several), each without a short label, with its
    offset."""
    out = []
    pos = 0
    for part in line.split("|"):
        start, pos = pos, pos + len(part) + 1
        body = part.strip()
        if not body:
            continue
        label = _LABEL.match(body) if "|" in line else None
        body = body[label.end():] if label else body
        if body:
            out.append((at + start + part.find(body), body))
    return out
