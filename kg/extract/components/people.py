"""People: a two- or three-character name that starts with a common family name (``kg/data/surnames.tsv``)
and stands right after a role title (``kg/data/roles.tsv``: 副镇长张三), after an organisation or place
(…有限公司陈建明), or alone before a verb of honour (周晓敏被…评为)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..findings import Ballot, Found, PersonMention, found
from ..framework import Context, component
from ..lexicon import alternation, words
from ..names import family_names
from ..recognize.words import FUNCTION_TAGS, Words, common_word

#: What may follow a person's name: verbs of honour and election, particles, punctuation or the end.
_AFTER_NAME = (r"(?=被|荣获|获|在|当选|等|同志|的|参加|出席|带|率|陪同|一行|主持|指出|表示|担任|任|作|是|为|和|与|及|"
               r"[,，、。；;:：]|$)")


__all__ = ["PersonMention", "people"]

_RULES = {
    "overlaps-name": "the name would overlap a place or organisation found already (黄坑村被…)",
    "common-word-name": "a preposition or another function word of its own before a common word (由村民向|市民): "
                        "the words of the sentence, no name",
    "no-verb-after-name": "a name at a clause start is a person only before a verb of honour (被, 荣获, 获, 在, 当选) "
                          "or of speech (说, 表示: speech_verbs.tsv)",
}


#: A name of another naming tradition (岩温罕, 玉香, 扎西多吉): any 2–4 ideographs between a role title and a verb
#: of honour (被…评为, 荣获) or of speech closing the clause (…主任岩保说。), without a family name of
#: ``surnames.tsv``; only when the role follows the name of its place or body (南岭村党总支书记岩保被…), or another
#: role of the same person (…书记、主任岩保说), so that a role used as a noun (书记带领群众…) names nobody.
_OTHER_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}?(?=被[^,，;；。]{0,24}?(?:评|授予|表彰|命名|认定)|荣获|获评"
                         r"|(?:说|表示|介绍)[，,。:：]|说$)")


@lru_cache(maxsize=2)
def _name_pattern(after_role: bool = False) -> re.Pattern[str]:
    """A family name and one or two characters, followed by what may follow a name: :data:`_AFTER_NAME` or a
    verb of speech (``kg/data/speech_verbs.tsv``: 党委书记张三说，… names 张三, not 张三说).  Right after a role
    title every family name of ``surnames.tsv`` is read; elsewhere only those of reach ``anywhere``."""
    surnames = alternation(list(family_names(anywhere=not after_role)))
    after = _AFTER_NAME.replace("(?=", f"(?={alternation(list(words('speech_verbs.tsv')))}|", 1)
    return re.compile(rf"(?:{surnames})[\u4e00-\u9fff]{{1,2}}?{after}")


def _after_role(text: str, at: int) -> bool:
    """A role title ends right before ``at``, then 、 or 兼 (党总支书记、主任…): both roles are one person's."""
    return text[at - 1:at] in ("、", "兼") and text[:at - 1].endswith(tuple(words("roles.tsv")))


#: A credit line: a reporter's or editor's title, then names apart by blanks or 、 (通讯员 甲乙 丙丁 戊己).
_BYLINE = re.compile(r"(?P<role>本报记者|特约记者|通讯员|记者|责任编辑|责编|编辑|作者|撰稿)[:：\s]*"
                     r"(?P<names>[\u4e00-\u9fff]{2,3}(?:[ \u3000、]+[\u4e00-\u9fff]{2,3}){0,5})(?=$|[\s）)】\]])")
_AT = re.compile(r"[\u4e00-\u9fff]+")
#: A photographer's credit closing a caption: 2–3 ideographs and 摄 at the end of the text or before a mark.
_PHOTO_CREDIT = re.compile(r"(?<=[。.\s-])[\u4e00-\u9fff]{2,3}(?=摄(?:$|[\s。)）]))")
#: A line of two to five names of 2–3 ideographs apart by blanks, and nothing else.
_NAMES_LINE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:[ \u3000]+[\u4e00-\u9fff]{2,3}){1,4}")


@lru_cache(maxsize=1)
def _spaced_pattern() -> re.Pattern[str]:
    """A two-character name padded with a space in the middle, at the end of a line (signature lines)."""
    surnames = alternation(list(family_names()))
    return re.compile(rf"(?:{surnames})[ \u3000]{{1,2}}[\u4e00-\u9fff](?=$|\s)")


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    return re.compile(rf"“?(?:两委)?”?(?:{alternation(list(words('roles.tsv')))})")


@component("people", reads=("doc", "sent", "prev", "named", "tokens"), adds=("people",), rules=_RULES)
def people(ctx: Context) -> dict[str, Any]:
    """People named in the sentence: reads ``sent`` and ``named`` (a name may start where a place or organisation
    ends, and never overlaps one); adds ``people`` (rules ``person-after-role``, ``person-before-verb``, ``person-byline``)."""
    doc, sent = ctx.doc, ctx.sent
    anchors = tuple(f.mention.end - sent.start for f in ctx.named)
    spans = tuple((f.mention.start - sent.start, f.mention.end - sent.start, f) for f in ctx.named)
    text = sent.text
    ballot = Ballot(doc, sent)
    out: list[PersonMention] = []
    words_ = Words.of(ctx.tokens)

    def candidate(nm: re.Match[str] | None, rule: str) -> Found | None:
        """The person a name match proposes, unless it overlaps a name found already (a drop, then)."""
        if not nm:
            return None
        person = found(doc, sent, sent.start + nm.start(), sent.start + nm.end(), "Person", nm.group(0), rule)
        first = words_.at(nm.start()) if words_ else None
        if first is not None and first.end == nm.start() + 1 and first.tag in FUNCTION_TAGS \
                and words_.is_single_word(nm.start() + 1, nm.end()) and common_word(text[nm.start() + 1:nm.end()]):
            ballot.drop(person, "common-word-name")
            return None
        if cause := next((f for a, b, f in spans if a < nm.end() and nm.start() < b), None):
            ballot.drop(person, "overlaps-name", cause)
            return None
        return person

    for rm in _role_pattern().finditer(text):
        at = rm.end() + len(re.match(r"[ \u3000]*", text[rm.end():]).group(0))  # 县长　王某: a signature line
        nm = _name_pattern(after_role=True).match(text, at) or (
            _OTHER_NAME.match(text, rm.end()) if rm.start() in anchors or _after_role(text, rm.start()) else None)
        if nm is None and (spaced := _spaced_pattern().match(text, at)):
            # 主任　张　剑: a signature line pads a two-character name to the width of three
            person = candidate(spaced, "person-after-role")
            if person is not None:
                name = spaced.group(0).replace(" ", "").replace("\u3000", "")
                person = Found(person.mention, name)
                out.append(PersonMention(person, rm.group(0).replace("“", "").replace("”", ""), rm.start()))
            continue
        if person := candidate(nm, "person-after-role"):
            out.append(PersonMention(person, rm.group(0).replace("“", "").replace("”", ""), rm.start()))
    for pm in _PHOTO_CREDIT.finditer(text):  # …工坊。甲乙摄: the photographer
        if person := candidate(pm, "person-byline"):
            out.append(PersonMention(person, "摄影", pm.start()))
    if _NAMES_LINE.fullmatch(text.strip()) and sum(n.startswith(family_names()) for n in text.split()) >= 1 \
            and not set(text.split()) & set(words("roles.tsv")) \
            and ctx.prev is not None and not re.search(r"[,，;；。!！?？]", ctx.prev.text):
        for nm in re.finditer(r"[\u4e00-\u9fff]{2,3}", text):  # a headline, then a line of its writers' names
            if person := candidate(nm, "person-byline"):
                out.append(PersonMention(person, "", nm.start()))
    for bm in _BYLINE.finditer(text):  # （通讯员 甲乙 丙丁）, 记者：甲乙丙: the names a credit line gives
        for nm in re.finditer(r"[\u4e00-\u9fff]+", bm.group("names")):
            at = bm.start("names") + nm.start()
            if 2 <= len(nm.group(0)) <= 3 and nm.group(0).startswith(family_names()) \
                    and (person := candidate(_AT.match(text, at, at + len(nm.group(0))), "person-byline")):
                out.append(PersonMention(person, bm.group("role"), bm.start()))
    starts = {0, *anchors}
    starts |= {i + 1 for i, ch in enumerate(text) if ch in ",，、;；:："}
    for s in sorted(starts):
        nm = _name_pattern().match(text, s)
        if (person := candidate(nm, "person-before-verb")) is None:
            continue
        if re.match(rf"被|荣获|获|在|当选|{alternation(list(words('speech_verbs.tsv')))}", text[nm.end():nm.end() + 4]):
            out.append(PersonMention(person))
        else:
            ballot.drop(person, "no-verb-after-name")
    return {"people": tuple(sorted(out, key=lambda p: p.person.mention.start)), "decisions": ballot.decisions}
