"""Normalize: raw report text → clean Simplified text, its Traditional twin, and the way back.

Steps, each keeping a map from every output character to its raw offset:

1. Runs garbled by a misaligned GBK decode are repaired where the evidence is sufficient, and
   otherwise reported, with ``〓`` for each character that cannot be recovered (``kg.text.repair``).
2. Pinyin annotations (``鎮(zhèn)``) are removed (``kg.text.annotation``); parentheses that hold
   anything else (``(一期)``, ``(2020-2022年)``, ``(GDP)``) stay.
3. ASCII marks become the usual full-width ones, one character for one: ``, ; : ! ?`` next to a
   CJK character or mark (looking past a number: ``32.7%;11家``) become ``，；：！？``, and a
   ``( )`` pair on one line that holds CJK text becomes ``（ ）``. Other ASCII (``1,000``,
   ``10:30``, ``3.5``, ``(GDP)``) is left alone. Text already written with full-width marks is
   unchanged. Corner quotes (``「」``, and ``『』`` inside them), the quote marks of much Traditional text,
   become ``“”`` and ``‘’``. The segmenter and the extractors then see one consistent set of marks.
4. Traditional → Simplified with OpenCC, character for character, and the fix rules of
   ``kg/data/t2s_fixes.tsv`` (``kg.text.t2s``).
"""

from __future__ import annotations

from pathlib import Path

from . import annotation, repair
from ..model import NormalizeReport, Normalized, Repair, UnrepairedSpan
from .read import read_file
from .t2s import to_simplified

_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_NUMBER = frozenset("0123456789.%")
_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
_CJK_MARKS = frozenset("。，、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』〓")


def _cjk_side(ch: str) -> bool:
    return annotation.is_cjk(ch) or ch in _CJK_MARKS


def _strip(raw: str, runs: list[repair.RunResult]) -> tuple[list[str], list[int], int]:
    """Characters and their raw offsets after repairs and with annotations removed."""
    chars: list[str] = []
    offsets: list[int] = []
    stripped = 0
    cuts = {r.start: r for r in runs}
    i, n = 0, len(raw)
    while i < n:
        run = cuts.get(i)
        if run is not None:
            chars.extend(run.after)
            offsets.extend([i] * len(run.after))
            i = run.end
            continue
        ch = raw[i]
        chars.append(ch)
        offsets.append(i)
        i += 1
        if i < n and raw[i] == "(" and annotation.is_cjk(ch):
            syllable = annotation.annotation_at(raw, i)
            if syllable is not None and annotation.is_annotation(ch, syllable):
                i = raw.index(")", i) + 1
                stripped += 1
    return chars, offsets, stripped


def _full_width(chars: list[str]) -> None:
    """Turn ASCII marks in CJK context into full-width ones and corner quotes into curly ones, in place (one
    for one)."""
    n = len(chars)

    def neighbour(k: int, step: int) -> str:
        # The nearest character that is not part of a number (``32.7%;11家`` is Chinese context).
        k += step
        while 0 <= k < n and (chars[k] in _NUMBER):
            k += step
        return chars[k] if 0 <= k < n else ""

    for k, ch in enumerate(chars):
        if ch in _QUOTES:
            chars[k] = _QUOTES[ch]
            continue
        if ch in _FULL_WIDTH:
            before = chars[k - 1] if k else ""
            after = chars[k + 1] if k + 1 < n else ""
            if before.isdigit() and after.isdigit():
                continue  # 1,000 and 10:30 stay as they are
            left, right = neighbour(k, -1), neighbour(k, 1)
            if (left and _cjk_side(left)) or (right and _cjk_side(right)):
                chars[k] = _FULL_WIDTH[ch]
    open_at: int | None = None
    for k, ch in enumerate(chars):
        if ch == "\n":
            open_at = None
        elif ch == "(":
            open_at = k
        elif ch == ")" and open_at is not None:
            if any(annotation.is_cjk(c) for c in chars[open_at + 1 : k]):
                chars[open_at], chars[k] = "（", "）"
            open_at = None


def normalize(raw: str) -> Normalized:
    """Normalize raw report text (see the module docstring). Pure: no I/O.

    Parameters: ``raw`` the decoded text of a report.
    Returns ``Normalized``: ``text`` (Simplified), ``trad_text`` (same length, aligned),
    ``offset_map`` (raw offset of each character of ``text``, then ``len(raw)``) and the report.

    >>> n = normalize("某某鎮(zhèn)華(huá)東(dōng)冷鏈物流樞(shū)紐(niǔ)(一期),著(zhuó)力推進(jìn)")
    >>> n.text
    '某某镇华东冷链物流枢纽（一期），着力推进'
    >>> n.trad_text
    '某某鎮華東冷鏈物流樞紐（一期），著力推進'
    >>> n.report.annotations_stripped, n.report.rule_fixes
    (7, 1)
    """
    runs = repair.repair_all(raw)
    chars, offsets, stripped = _strip(raw, runs)
    _full_width(chars)
    trad = "".join(chars)
    converted = to_simplified(trad)
    report = NormalizeReport(
        annotations_stripped=stripped,
        repairs=tuple(
            Repair(r.start, r.end, r.before, to_simplified(r.after).text, r.evidence)
            for r in runs
            if r.repaired
        ),
        unrepaired=tuple(
            UnrepairedSpan(r.start, r.end, r.before, to_simplified(r.after).text, r.evidence)
            for r in runs
            if not r.repaired
        ),
        rule_fixes=converted.rule_fixes,
    )
    return Normalized(converted.text, trad, tuple(offsets) + (len(raw),), report)


def normalize_file(path: str | Path) -> Normalized:
    """Read a report file (any supported encoding) and normalize it.

    Raises ``InputError`` if the file is missing, empty, binary or undecodable.
    """
    return normalize(read_file(path).text)


def report_dict(norm: Normalized) -> dict:
    """The normalize report as JSON-ready data (for ``kg normalize --report``)."""
    rep = norm.report
    return {
        "characters": len(norm.text),
        "annotations_stripped": rep.annotations_stripped,
        "rule_fixes": rep.rule_fixes,
        "repairs": [
            {
                "raw_start": r.raw_start,
                "raw_end": r.raw_end,
                "before": r.before,
                "after": r.after,
                "evidence": r.evidence,
            }
            for r in rep.repairs
        ],
        "unrepaired": [
            {
                "raw_start": u.raw_start,
                "raw_end": u.raw_end,
                "before": u.before,
                "after": u.after,
                "reason": u.reason,
            }
            for u in rep.unrepaired
        ],
    }
