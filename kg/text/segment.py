"""Segment: normalized text → ``Document`` with sections, items and sentences.

Structure recognised (full-width or ASCII forms alike):

- level 1 sections: a line starting ``一、`` … ``十二、``;
- level 2 subsections: a line starting ``(一)`` / ``（一）``;
- level 3 items: ``一是`` / ``二是`` … at a sentence start, and numbered lines ``1.`` / ``1、`` / ``1．``.

Sentences end at 。；！？ (and ``; ! ?``) or at a line break, but not inside matched quotes or brackets.
Each sentence gets a stable id ``<doc-id>#s<n>`` (n counts from 1 in reading order), half-open offsets into
the normalized text, the ids of its enclosing sections, and a ``Period``: whether its section reports results
(``actual``) or states plans (``plan``), and for which year — read from headings such as ``2023年工作亮点`` or
``2024年主要工作思路``. Headings without a year take the report year (results) or the year after (plans).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from pathlib import Path

from ..errors import InputError
from ..extract.dates import is_date_line, iso_year, year_in
from ..model import Document, DocumentMeta, Normalized, Origin, Period, Section, Sentence

_CN_NUM = "一二三四五六七八九十"
_SECTION = re.compile(rf"^[{_CN_NUM}]{{1,3}}、")
_SUBSECTION = re.compile(rf"^[(（][{_CN_NUM}]{{1,3}}[)）]")
_NUMBERED = re.compile(r"^[0-9]{1,2}[.．、](?![0-9])")
_ITEM = re.compile(rf"(?:^|(?<=[。；！？;!?:：]))([{_CN_NUM}]{{1,3}}是)")
_TERMINATORS = set("。；！？;!?")
_OPENERS = {"“": "”", "‘": "’", "(": ")", "（": "）", "《": "》", "「": "」", "『": "』", "【": "】", "[": "]"}
_CLOSERS = set(_OPENERS.values())

#: Heading cues for results vs plans. Checked in order; a heading that has both reads as the first found.
_PLAN_CUES = ("工作思路", "工作计划", "目标任务", "重点工作", "工作打算", "工作安排", "计划", "思路", "打算", "目标")
_ACTUAL_CUES = ("工作亮点", "完成情况", "开展情况", "进展情况", "工作情况", "工作总结", "工作成效", "主要成效", "工作回顾", "亮点", "成效", "成绩", "回顾", "荣誉")


#: Words in a plan heading that keep the plan in the report's year (a half-year report's 下半年工作计划).
_SAME_YEAR_CUES = ("下半年", "下半程", "三季度", "四季度")


def heading_period(title: str, report_year: int | None) -> Period:
    """Read a heading's period: ``2024年主要工作思路`` → ``Period("plan", 2024)``.

    >>> heading_period("2023年工作亮点、主要任务完成情况", 2023)
    Period(kind='actual', year=2023)
    >>> heading_period("下一步工作计划", 2023)
    Period(kind='plan', year=2024)
    >>> heading_period("下半年工作计划", 2024)
    Period(kind='plan', year=2024)
    """
    plan_at = min((title.find(c) for c in _PLAN_CUES if c in title), default=-1)
    actual_at = min((title.find(c) for c in _ACTUAL_CUES if c in title), default=-1)
    if plan_at < 0 and actual_at < 0:
        return Period(None, None)
    if actual_at >= 0 and (plan_at < 0 or actual_at < plan_at):
        kind = "actual"
    else:
        kind = "plan"
    year = year_in(title)
    if year is None and report_year is not None:
        # 下半年 (the second half) of a half-year report is the report's own year
        year = report_year + 1 if kind == "plan" and not any(c in title for c in _SAME_YEAR_CUES) else report_year
    return Period(kind, year)


def _match_brackets(line: str) -> dict[int, int]:
    """Positions of openers in ``line`` that have a matching closer on the same line → closer position."""
    matched: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(line):
        if ch in _OPENERS:
            if ch == "“" and stack and stack[-1][0] == "“":
                stack.pop()  # “ does not nest in Chinese text: the earlier one was never closed
            stack.append((ch, i))
        elif ch in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if _OPENERS[stack[depth][0]] == ch:
                    matched[stack[depth][1]] = i
                    del stack[depth:]
                    break
    return matched


def _split_line(line: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans of one line, as absolute offsets; whitespace at either end is left out."""
    spans: list[tuple[int, int]] = []
    matched = _match_brackets(line)
    close_at = -1
    start = 0
    for i, ch in enumerate(line):
        if i < close_at:
            continue
        if i in matched:
            close_at = matched[i]
            continue
        if i == close_at and i > 0 and line[i - 1] in _TERMINATORS and ch in "”’":
            spans.append((start, i + 1))  # a quoted sentence: “完成了。” ends after the quote
            start = i + 1
            continue
        if ch in _TERMINATORS:
            end = i + 1
            # keep a closing quote that directly follows the terminator with the sentence
            while end < len(line) and line[end] in "”’":
                end += 1
            spans.append((start, end))
            start = end
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        piece = line[s:e]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        out.append((base + s + lead, base + s + lead + len(stripped)))
    return out


def _section_title(line: str, marker_len: int) -> str:
    rest = line[marker_len:]
    cut = min((rest.find(c) for c in "。；;:：" if c in rest), default=len(rest))
    return rest[:cut].strip(" :：")


def segment(norm: Normalized, *, doc_id: str, meta: DocumentMeta | None = None) -> Document:
    """Split normalized text into sections, items and sentences.

    Parameters: ``norm`` the output of ``normalize``; ``doc_id`` the document's stable id (used in every
    sentence id); ``meta`` its metadata (``meta.year`` resolves headings without a year).
    Returns a ``Document`` whose sentences satisfy ``doc.text[s.start:s.end] == s.text``.
    Raises ``InputError`` if the text holds no sentence at all.
    """
    meta = meta or DocumentMeta()
    text = norm.text
    if not doc_id or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", doc_id):
        raise InputError(f"document id {doc_id!r} must be ASCII letters, digits, '.', '_' or '-'")

    # ---- lines and their structural role
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw_line in text.split("\n"):
        lines.append((pos, raw_line))
        pos += len(raw_line) + 1

    # closing block: trailing lines that are the issuer's name or a date
    closing_from = len(text)
    for start, line in reversed(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if is_date_line(stripped) or (meta.issuer and stripped == meta.issuer):
            closing_from = start
            continue
        break

    sections: list[dict] = []  # mutable while building: id, level, marker, title, start, end, period
    open_by_level: dict[int, dict] = {}
    counters = [0, 0, 0]

    def close_from(level: int, at: int) -> None:
        for lvl in (3, 2, 1):
            if lvl >= level and lvl in open_by_level:
                open_by_level.pop(lvl)["end"] = at

    def open_section(level: int, marker: str, title: str, start: int, period: Period) -> None:
        close_from(level, start)
        counters[level - 1] += 1
        for lvl in range(level, 3):
            counters[lvl] = 0
        parent = open_by_level.get(level - 1)
        sec_id = f"{parent['id']}.{counters[level - 1]}" if parent else f"{doc_id}#{counters[level - 1]}"
        if level > 1 and parent is None:
            sec_id = f"{doc_id}#0.{counters[level - 1]}"
        rec = {"id": sec_id, "level": level, "marker": marker, "title": title, "start": start,
               "end": len(text), "period": period}
        sections.append(rec)
        open_by_level[level] = rec

    sentence_spans: list[tuple[int, int]] = []
    for start, line in lines:
        if start >= closing_from:
            close_from(1, start)
            sentence_spans.extend(_split_line(line, start))
            continue
        lead = len(line) - len(line.lstrip())
        body = line[lead:]
        at = start + lead
        if m := _SECTION.match(body):
            title = _section_title(body, m.end())
            open_section(1, m.group(0), title, at, heading_period(title, meta.year))
        elif m := _SUBSECTION.match(body):
            parent = open_by_level.get(1)
            open_section(2, m.group(0), _section_title(body, m.end()), at,
                         parent["period"] if parent else Period(None, None))
        elif m := _NUMBERED.match(body):
            parent = open_by_level.get(2) or open_by_level.get(1)
            close_from(3, at)
            if parent is not None and parent["level"] == 1:
                open_by_level.pop(2, None)
            open_section(3, m.group(0), _section_title(body, m.end()), at,
                         parent["period"] if parent else Period(None, None))
        spans = _split_line(line, start)
        for s, e in spans:
            piece = text[s:e]
            if im := _ITEM.match(piece):
                parent = open_by_level.get(2) or open_by_level.get(1)
                open_section(3, im.group(1), _section_title(piece, im.end()), s,
                             parent["period"] if parent else Period(None, None))
            sentence_spans.append((s, e))
    close_from(1, min(closing_from, len(text)))

    frozen_sections = tuple(
        Section(id=r["id"], level=r["level"], marker=r["marker"], title=r["title"], start=r["start"],
                end=_rstrip_end(text, r["start"], r["end"]), period=r["period"])
        for r in sections
    )
    sentences = []
    for n, (s, e) in enumerate(sentence_spans, start=1):
        path = tuple(sec.id for sec in frozen_sections if sec.start <= s < sec.end)
        innermost = next((sec for sec in reversed(frozen_sections) if sec.id in path), None)
        period = innermost.period if innermost else Period(None, None)
        sentences.append(Sentence(id=f"{doc_id}#s{n}", start=s, end=e, text=text[s:e], section_path=path,
                                  period=period))
    if not sentences:
        raise InputError(f"document {doc_id}: the text holds no sentence")
    return Document(id=doc_id, meta=meta, text=text, trad_text=norm.trad_text, sections=frozen_sections,
                    sentences=tuple(sentences), normalize_report=norm.report)


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# ------------------------------------------------------------------------------ files and metadata
def sidecar_path(report: Path) -> Path:
    """``data/raw/x.txt`` → ``data/raw/x.meta.json``."""
    return report.with_name(report.stem + ".meta.json")


def read_meta(report: str | Path, *, encoding: str = "") -> tuple[str, DocumentMeta]:
    """Read a report's metadata sidecar; returns ``(doc_id, meta)``. Without a sidecar, the id is the
    file stem (made ASCII-safe) and the metadata is empty but for the source and encoding."""
    report = Path(report)
    side = sidecar_path(report)
    data: dict = {}
    if side.exists():
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"{side}: not valid JSON metadata ({e})") from e
        if not isinstance(data, dict):
            raise InputError(f"{side}: metadata must be a JSON object")
    doc_id = str(data.get("id") or re.sub(r"[^A-Za-z0-9._-]+", "-", report.stem).strip("-") or "doc")
    year = data.get("year")
    if year is None and isinstance(data.get("date"), str):
        year = iso_year(data["date"])
    origin = tuple(Origin(f, str(v), "sidecar") for f, v in (("title", data.get("title")), ("year", year)) if v)
    meta = DocumentMeta(
        title=str(data.get("title", "")), issuer=str(data.get("issuer", "")), place=str(data.get("place", "")),
        date=str(data.get("date", "")), source=report.name, encoding=encoding or str(data.get("encoding", "")),
        script=str(data.get("script", "")), year=int(year) if year is not None else None, origin=origin,
    )
    return doc_id, meta


def with_heading(meta: DocumentMeta, text: str) -> DocumentMeta:
    """The metadata with the title and year a sidecar left out read from the text's heading
    (:func:`kg.text.heading.read_heading`), or the year from the words the body opens with; each recorded in
    ``meta.origin`` with its source (``heading`` or ``text``).

    >>> with_heading(DocumentMeta(), "东岭镇2023年工作总结\\n…").origin
    (Origin(field='title', value='东岭镇2023年工作总结', source='heading', code=''), \
Origin(field='year', value='2023', source='heading', code=''))
    """
    from .heading import read_heading

    if meta.title and meta.year is not None:
        return meta
    heading = read_heading(text)
    title, year, origin = meta.title, meta.year, list(meta.origin)
    if not title and heading.title:
        title = heading.title
        origin.append(Origin("title", title, "heading"))
    if year is None and (found := heading.year or heading.opening_year) is not None:
        year = found
        origin.append(Origin("year", str(year), "heading" if heading.year else "text"))
    return replace(meta, title=title, year=year, origin=tuple(origin))


def load_document(path: str | Path) -> Document:
    """Read, normalize and segment one report file (with its ``.meta.json`` sidecar if present)."""
    from .normalize import normalize
    from .read import read_file

    decoded = read_file(path)
    doc_id, meta = read_meta(path, encoding=decoded.encoding)
    norm = normalize(decoded.text)
    meta = with_heading(replace(meta, encoding=decoded.encoding), norm.text)
    return segment(norm, doc_id=doc_id, meta=meta)


# ------------------------------------------------------------------------------ views for the CLI
def document_dict(doc: Document) -> dict:
    """A JSON-able view of a document's structure (without the full text)."""
    return {
        "id": doc.id,
        "meta": asdict(doc.meta),
        "chars": len(doc.text),
        "sections": [asdict(s) for s in doc.sections],
        "sentences": [asdict(s) for s in doc.sentences],
    }


def summary_lines(doc: Document) -> list[str]:
    """A short human summary: counts, then the section outline with periods and sentence counts."""
    rep = doc.normalize_report
    lines = [
        f"{doc.id}: {len(doc.text):,} characters, {len(doc.sentences)} sentences, "
        f"{sum(1 for s in doc.sections if s.level == 1)} sections, "
        f"{sum(1 for s in doc.sections if s.level == 2)} subsections, "
        f"{sum(1 for s in doc.sections if s.level == 3)} items",
        f"normalize: {rep.annotations_stripped} pinyin annotations stripped, {len(rep.repairs)} garbled runs "
        f"repaired, {len(rep.unrepaired)} left unrepaired, {rep.rule_fixes} conversion fixes",
    ]
    for sec in doc.sections:
        n = sum(1 for s in doc.sentences if sec.id in s.section_path)
        period = f"{sec.period.kind} {sec.period.year}" if sec.period.kind else "-"
        lines.append(f"{'  ' * (sec.level - 1)}{sec.marker}{sec.title[:30]}  [{period}; {n} sentences]")
    return lines
