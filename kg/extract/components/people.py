"""People: a two- or three-character name that starts with a common family name (``kg/data/surnames.tsv``)
and stands right after a role title (``kg/data/roles.tsv``: 副镇长张三), after an organisation or place
(…有限公司雷万兵), or alone before a verb of honour (唐晓婷被…评为)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import alternation, words
from ...model import Document, Sentence
from ..findings import Found, found

#: What may follow a person's name: verbs of honour and election, particles, punctuation or the end.
_AFTER_NAME = (r"(?=被|荣获|获|在|当选|等|同志|的|参加|出席|带|率|陪同|一行|主持|指出|表示|担任|任|作|是|为|和|与|及|"
               r"[,，、。；;:：]|$)")


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person found in a sentence: the name mention, and the role title before it (offsets into the
    sentence text), if any."""

    person: Found
    role: str = ""
    role_start: int = -1


#: A name of another naming tradition (岩温罕, 玉香, 扎西多吉): any 2–4 ideographs between a role title and a verb
#: of honour (被…评为, 荣获), without a family name of ``surnames.tsv``; only when the role follows the name of
#: its place or body (南岭村党总支书记岩保被…), so that a role used as a noun (书记带领群众…) names nobody.
_OTHER_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}?(?=被[^,，;；。]{0,24}?(?:评|授予|表彰|命名|认定)|荣获|获评)")


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    surnames = alternation(list(words("surnames.tsv")))
    return re.compile(rf"(?:{surnames})[\u4e00-\u9fff]{{1,2}}?{_AFTER_NAME}")


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    return re.compile(rf"“?(?:两委)?”?(?:{alternation(list(words('roles.tsv')))})")


def find_people(doc: Document, sent: Sentence, *, anchors: tuple[int, ...] = (),
                taken_spans: tuple[tuple[int, int], ...] = ()) -> tuple[PersonMention, ...]:
    """People named in one sentence.

    :param doc: the document.
    :param sent: the sentence.
    :param anchors: sentence offsets where an organisation or place mention ends; a name may start there.
    :param taken_spans: sentence spans of places and organisations: a name never overlaps one (黄坑村被…).
    :returns: one :class:`PersonMention` per name.
    """
    text = sent.text
    out: list[PersonMention] = []
    taken: set[int] = set()
    for rm in _role_pattern().finditer(text):
        at = rm.end() + len(re.match(r"[ \u3000]*", text[rm.end():]).group(0))  # 县长　王某: a signature line
        nm = _name_pattern().match(text, at) or (
            _OTHER_NAME.match(text, rm.end()) if rm.start() in anchors else None)
        if nm and any(a < nm.end() and nm.start() < b for a, b in taken_spans):
            continue
        if nm and nm.start() not in taken:
            taken.add(nm.start())
            role = rm.group(0).replace("“", "").replace("”", "")
            out.append(PersonMention(found(doc, sent, sent.start + nm.start(), sent.start + nm.end(), "Person",
                                           nm.group(0), "person-after-role"), role, rm.start()))
    starts = {0, *anchors}
    starts |= {i + 1 for i, ch in enumerate(text) if ch in ",，、;；:："}
    for s in sorted(starts):
        nm = _name_pattern().match(text, s)
        if nm and any(a < nm.end() and nm.start() < b for a, b in taken_spans):
            continue
        if nm and nm.start() not in taken and re.match(r"被|荣获|获|在|当选", text[nm.end():nm.end() + 2]):
            taken.add(nm.start())
            out.append(PersonMention(found(doc, sent, sent.start + nm.start(), sent.start + nm.end(), "Person",
                                           nm.group(0), "person-before-verb")))
    return tuple(sorted(out, key=lambda p: p.person.mention.start))
