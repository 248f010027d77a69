"""What a sentence is about: the thing that opens a clause, the thing an item's heading names, and the words
that point back to a thing named before (该项目, 该村 …, ``kg/data/anaphors.tsv``).

The step ``topics`` keeps, from sentence to sentence of one item (the innermost section), the last thing of each
class the item named and the thing its heading names (``（一）某某产业园项目：…``); it reads each anaphor of the
sentence as a mention of the thing it points back to (``anaphors``), so that the figures and facts written
after ``该项目`` belong to that project.  The clause helpers here are shared by the steps that attribute
figures and facts to their subject.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..findings import Found, found
from ..framework import Context, component
from ..lexicon import alternation, rows, words
from ...model import Document, Sentence

CLAUSE = ",，;；:：。"
PART = ";；。"
#: An item marker that opens a sentence: （一）, 一是, 1., 1、
ITEM_MARKER = re.compile(r"(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+是|\d{1,2}[.、．])")


def clause_start(text: str, at: int) -> int:
    """Where the clause holding sentence offset ``at`` starts (after the last clause mark before it)."""
    return max((text.rfind(c, 0, at) + 1 for c in CLAUSE), default=0)


def part_start(text: str, at: int) -> int:
    """Where the part of the sentence holding ``at`` starts (after the last ``；`` or ``。`` before it)."""
    return max((text.rfind(c, 0, at) + 1 for c in PART), default=0)


def opens_clause(text: str, at: int) -> bool:
    """Whether the words from the start of the clause to sentence offset ``at`` are only an item marker or a lead
    word (``kg/data/subject_leads.tsv``: 其中, 累计, 目前 …): what starts at ``at`` opens its clause."""
    head = text[clause_start(text, at):at].strip()
    if not head:
        return True
    m = ITEM_MARKER.match(head)
    if m:
        head = head[m.end():]
    return not head or head in words("subject_leads.tsv")


@lru_cache(maxsize=1)
def _anaphors() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    table = {r.word: r.classes for r in rows("anaphors.tsv")}
    return re.compile(alternation(list(table))), table


def _innermost(doc: Document, sent: Sentence) -> str:
    return sent.section_path[-1] if sent.section_path else ""


def _heading_of(doc: Document, f: Found) -> str | None:
    """The id of the section whose heading ``f`` is: the heading's title is the name, maybe with 项目 or 工程 after
    it, or a colon (（一）某某产业园项目：)."""
    for sec in doc.sections:
        if sec.level < 2 or not sec.start <= f.mention.start < sec.end:
            continue
        title = sec.title.rstrip("：:。 ")
        at = doc.text.find(title, sec.start, sec.end) if title else -1
        if at == f.mention.start and title.startswith(f.mention.text) \
                and title[len(f.mention.text):] in ("", "项目", "工程", "建设项目"):
            return sec.id
    return None


_TOPIC_TYPES = ("Village", "Community", "Town", "District", "Area", "IndustrialPark", "Project", "Enterprise",
                "PublicInstitution", "GovernmentBody", "Programme", "Person")


@component("topics", reads=("doc", "sent", "mentions", "topics"), adds=("topics", "anaphors"))
def topics(ctx: Context) -> dict[str, Any]:
    """What the item speaks of: reads ``mentions`` and ``topics`` (the item's things so far); adds ``topics`` (by
    class, the last thing of the class named in the item; ``heading:<section>``, the thing a heading names) and
    ``anaphors`` (each 该项目, 该村 … of the sentence as a mention of the thing it stands for, rule ``anaphor``)."""
    doc, sent = ctx.doc, ctx.sent
    section = _innermost(doc, sent)
    keep = {f"heading:{s}" for s in sent.section_path}
    state = {k: v for k, v in ctx.topics.items() if k in keep or k.endswith(f"@{section}")}
    pattern, table = _anaphors()
    events: list[tuple[int, int, Any]] = [(f.mention.start, 0, f) for f in ctx.mentions
                                          if f.mention.type in _TOPIC_TYPES]
    events += [(sent.start + m.start(), 1, m) for m in pattern.finditer(sent.text)]
    out: list[Found] = []
    for at, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0:
            f: Found = item
            if any(a.mention.start <= f.mention.start < a.mention.end for a in out):
                continue
            state[f"{f.mention.type}@{section}"] = f
            if (sec := _heading_of(doc, f)) is not None:
                state[f"heading:{sec}"] = f
            continue
        m: re.Match[str] = item
        classes = table[m.group(0)]
        target = next((state[k] for c in classes if (k := f"{c}@{section}") in state), None)
        if target is None:
            target = next((state[k] for s in reversed(sent.section_path) if (k := f"heading:{s}") in state), None)
        if target is None:
            continue
        a = found(doc, sent, at, at + len(m.group(0)), target.mention.type, target.name, "anaphor")
        out.append(a)
    return {"topics": state, "anaphors": tuple(out)}
