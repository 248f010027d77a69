"""The HTML of the static site: the layout, one page per entity, per document and per class, and the
index with its search. Every text is escaped with ``html.escape``; JSON inside ``<script>`` has
``</`` escaped, so no label can close the element. Links are relative, so the pages work from the
file system and from any static host; nothing is loaded from elsewhere.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..graph.graphview import (
    ALT_LABEL, DERIVED, LABEL, PREF_LABEL, TYPE, GraphView, Source, Term, curie, grouped_number, local_name,
    strip_tones,
)
from ..graph.vocab import KG, PREFIXES

e = html.escape

LANG_NAMES = (("zh-Hans", "简体"), ("zh-Hant", "繁體"), ("zh-Latn-pinyin", "Pinyin"), ("en", "English"))
#: Predicates shown elsewhere on an entity page (header, sources), not in the facts table.
_NOT_FACTS = {TYPE, LABEL, PREF_LABEL, ALT_LABEL, str(KG.mentionedIn), DERIVED, str(KG.startOffset),
              str(KG.endOffset), str(KG.rule)}
#: n-ary nodes that get their own tables on the pages of the entities they concern.
_OBSERVATION = str(KG.Observation)
_CONFERRAL = str(KG.AwardConferral)
_CONFERRAL_ROLES = (str(KG.recipient), str(KG.award), str(KG.conferredBy))
_UNIT_SUFFIX = {str(KG.investment): "CNY", str(KG.progress): "%"}

STYLE = """body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:64rem;padding:0 1rem 3rem;line-height:1.5;color:#222}
header.site{padding:.6rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}
header.site a{margin-right:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}
.labels dt{font-weight:600;float:left;clear:left;width:6rem}
.labels dd{margin-left:6.5rem}
.sid{font-family:monospace;font-size:.85em;color:#666;margin-right:.5rem}
.sentence:target{background:#fff6c8}
.mentions{font-size:.85em;color:#555}
.type{display:inline-block;background:#eef;border-radius:.3rem;padding:0 .4rem;margin-right:.3rem}
#search{font-size:1.1rem;padding:.3rem;width:100%;max-width:30rem}
#results li small{color:#666;margin-left:.5rem}
"""


@dataclass(frozen=True, slots=True)
class Context:
    """What every page needs: the graph, where each IRI's page lives, and this page's own path."""

    view: GraphView
    pages: dict[str, str]  # IRI → path of its page (relative to the site root), with #fragment for sentences
    here: str  # path of the page being written

    def href(self, target: str) -> str:
        """A link from this page to another site path."""
        return "../" * self.here.count("/") + target

    def link(self, iri: str, text: str | None = None) -> str:
        """An ``<a>`` to the page of ``iri`` (plain text when it has none), with its label."""
        shown = e(text if text is not None else self.view.label(iri))
        path = self.pages.get(iri)
        if path is None:
            return f'<span title="{e(iri)}">{shown}</span>'
        return f'<a href="{e(self.href(path))}">{shown}</a>'


def script_json(data, kind: str, element_id: str | None = None, *, indent: int | None = 1) -> str:
    """Data as JSON inside a ``<script>`` element; ``<``, ``>`` and ``&`` are written as ``\\u003c`` …
    (still valid JSON), so no text can end the element or open a comment."""
    text = (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent,
                       separators=(",", ": ") if indent else (",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    ident = f' id="{e(element_id)}"' if element_id else ""
    return f'<script type="{e(kind)}"{ident}>{text}</script>'


def layout(ctx: Context, title: str, body: str, *, jsonld: dict | None = None, lang: str = "zh-Hans") -> str:
    """A whole page: head, navigation, body and the entity's JSON-LD."""
    head_data = script_json(jsonld, "application/ld+json") if jsonld is not None else ""
    return (f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{e(title)}</title>\n'
            f'<link rel="stylesheet" href="{e(ctx.href("style.css"))}">\n{head_data}\n</head>\n<body>\n'
            f'<header class="site"><a href="{e(ctx.href("index.html"))}">kg · 首页 Home</a></header>\n'
            f'<main>\n{body}\n</main>\n</body>\n</html>\n')


# ------------------------------------------------------------------------------ values
def value_html(ctx: Context, term: Term, predicate: str = "") -> str:
    """One object: a link for an IRI (concepts by label), a literal with its language or unit."""
    if term.is_iri:
        return ctx.link(term.value)
    if term.kind == "blank":
        return e(term.value)
    text = term.value
    if term.datatype in (PREFIXES["xsd"] + "decimal", PREFIXES["xsd"] + "integer"):
        text = grouped_number(text)
    suffix = _UNIT_SUFFIX.get(predicate)
    shown = e(text) + (f" {e(suffix)}" if suffix else "")
    if term.lang:
        return f'<span lang="{e(term.lang)}">{shown}</span>'
    return shown


def sources_html(ctx: Context, sources: tuple[Source, ...] | list[Source]) -> str:
    """Links to the sentences something was read from, with the span when known."""
    parts = []
    for src in sorted(set(sources)):
        sid = sentence_id(src.sentence)
        span = f" [{src.start}, {src.end})" if src.start is not None and src.end is not None else ""
        tip = f"{sid}{span}" + (f" · {src.rule}" if src.rule else "")
        parts.append(f'<a class="source" href="{e(ctx.href(ctx.pages[src.sentence]))}" title="{e(tip)}">{e(sid)}</a>'
                     if src.sentence in ctx.pages else f'<span title="{e(tip)}">{e(sid)}</span>')
    return ", ".join(parts)


def sentence_id(iri: str) -> str:
    """``…/doc/yuantan-2023#s12`` → ``yuantan-2023#s12`` (the sentence id of the contract)."""
    doc, _, fragment = iri.partition("#")
    return f"{local_name(doc)}#{fragment}" if fragment else local_name(iri)


def jsonld_of(view: GraphView, iri: str) -> dict:
    """The entity's own triples as JSON-LD (compact IRIs through a prefix context), sorted."""
    node: dict = {"@context": dict(sorted(PREFIXES.items())), "@id": curie(iri)}
    types = sorted(curie(t) for t in view.types(iri))
    if types:
        node["@type"] = types if len(types) > 1 else types[0]
    for predicate in view.predicates(iri):
        if predicate == TYPE:
            continue
        values = []
        for term in view.objects(iri, predicate):
            if term.is_iri:
                values.append({"@id": curie(term.value)})
            elif term.lang:
                values.append({"@value": term.value, "@language": term.lang})
            elif term.datatype and term.datatype != PREFIXES["xsd"] + "string":
                values.append({"@value": term.value, "@type": curie(term.datatype)})
            else:
                values.append(term.value)
        node[curie(predicate)] = values if len(values) > 1 else values[0]
    return node


# ------------------------------------------------------------------------------ entity page
def _labels_block(view: GraphView, iri: str) -> str:
    labels = view.labels(iri)
    rows = []
    for lang, name in LANG_NAMES:
        for text in labels.get(lang, ()):
            rows.append(f'<dt>{e(name)}</dt><dd lang="{e(lang)}">{e(text)}</dd>')
    aliases = view.aliases(iri)
    if aliases:
        rows.append(f'<dt>别名 Also</dt><dd>{e("、".join(aliases))}</dd>')
    return f'<dl class="labels">{"".join(rows)}</dl>' if rows else ""


def _types_block(ctx: Context, iri: str) -> str:
    types = ctx.view.types(iri)
    return "<p>" + "".join(f'<span class="type">{ctx.link(t, ctx.view.english(t))}</span>' for t in types) + "</p>"


def _table(title: str, headers: tuple[str, ...], rows: list[str]) -> str:
    """A section of an entity page: its heading and a table of ``rows``, or nothing when there is no row."""
    if not rows:
        return ""
    head = "".join(f"<th>{h}</th>" for h in headers)
    return f"<h2>{title}</h2>\n<table><tr>{head}</tr>" + "".join(rows) + "</table>"


def _facts_block(ctx: Context, iri: str) -> str:
    view = ctx.view
    rows = []
    for predicate in view.predicates(iri):
        if predicate in _NOT_FACTS:
            continue
        for term in view.objects(iri, predicate):
            src = view.provenance(iri, predicate, term.value) if term.is_iri else ()
            rows.append(f'<tr><th title="{e(curie(predicate))}">{e(view.english(predicate))}</th>'
                        f"<td>{value_html(ctx, term, predicate)}</td><td>{sources_html(ctx, src)}</td></tr>")
    return _table("事实 Facts", ("property", "value", "source"), rows)


def _observation_row(ctx: Context, obs: str) -> str:
    view = ctx.view

    def v(prop: str) -> Term | None:
        return view.one(obs, str(KG[prop]))

    def concept(prop: str) -> str:
        term = v(prop)
        return e(view.english(term.value)) if term is not None and term.is_iri else ""

    value = v("value")
    shown = grouped_number(value.value) if value is not None else ""
    upper = v("valueMax")
    if upper is not None:
        shown += f"–{grouped_number(upper.value)}"
    start, end = v("periodStart"), v("periodEnd")
    period = " – ".join(t.value for t in (start, end) if t is not None)
    change = v("change")
    change_text = ""
    if change is not None:
        sign = "+" if not change.value.startswith(("-", "+")) else ""
        change_text = f"{sign}{change.value} {concept('changeUnit')}".strip()
    sources = [view.source(obs, s.value) for s in view.objects(obs, DERIVED) if s.is_iri]
    measure = v("measure")
    measure_html = ctx.link(measure.value, view.label(measure.value)) if measure is not None and measure.is_iri else ""
    return (f"<tr><td>{ctx.link(obs, measure_html and view.label(measure.value) or local_name(obs))}</td>"
            f"<td>{e(shown)}</td><td>{concept('unit')}</td><td>{concept('qualifier')}</td><td>{e(period)}</td>"
            f"<td>{e(change_text)}</td><td>{sources_html(ctx, sources)}</td></tr>")


def _observations_block(ctx: Context, iri: str) -> str:
    view = ctx.view
    observations = [o for o in view.referrers(iri, str(KG.subject)) if _OBSERVATION in view.types(o)]
    return _table("数据 Figures", ("measure", "value", "unit", "qualifier", "period", "change", "source"),
                  [_observation_row(ctx, o) for o in observations])


def _conferrals_block(ctx: Context, iri: str) -> str:
    view = ctx.view
    conferrals = sorted({c for role in _CONFERRAL_ROLES for c in view.referrers(iri, role)
                         if _CONFERRAL in view.types(c)})
    rows = []
    for c in conferrals:
        def cell(prop: str) -> str:
            return "、".join(value_html(ctx, t) for t in view.objects(c, str(KG[prop])))

        sources = [view.source(c, s.value) for s in view.objects(c, DERIVED) if s.is_iri]
        rows.append(f"<tr><td>{ctx.link(c, local_name(c))}</td><td>{cell('recipient')}</td><td>{cell('recipientRole')}</td>"
                    f"<td>{cell('award')}</td><td>{cell('conferredBy')}</td><td>{cell('conferredOn')}</td>"
                    f"<td>{sources_html(ctx, sources)}</td></tr>")
    return _table("荣誉 Honours", ("conferral", "recipient", "role", "award", "conferred by", "date", "source"), rows)


def _incoming_block(ctx: Context, iri: str) -> str:
    view = ctx.view
    rows = []
    for subject, predicate in view.incoming(iri):
        if predicate == TYPE or subject not in ctx.pages or "#" in ctx.pages[subject]:
            continue  # statements and sentences are shown as sources, not as links
        types = view.types(subject)
        if (_OBSERVATION in types and predicate == str(KG.subject)) or \
                (_CONFERRAL in types and predicate in _CONFERRAL_ROLES):
            continue  # in the figures and honours tables already
        src = view.provenance(subject, predicate, iri)
        rows.append(f"<tr><td>{ctx.link(subject)}</td><td title=\"{e(curie(predicate))}\">{e(view.english(predicate))}</td>"
                    f"<td>{sources_html(ctx, src)}</td></tr>")
    return _table("关联 Linked from", ("entity", "property", "source"), rows)


def _sources_block(ctx: Context, iri: str) -> str:
    view = ctx.view
    sentences: set[str] = {t.value for t in view.objects(iri, str(KG.mentionedIn)) if t.is_iri}
    sentences |= {t.value for t in view.objects(iri, DERIVED) if t.is_iri}
    for predicate in view.predicates(iri):
        for term in view.objects(iri, predicate):
            if term.is_iri:
                sentences |= {s.sentence for s in view.provenance(iri, predicate, term.value)}
    for subject, predicate in view.incoming(iri):
        sentences |= {s.sentence for s in view.provenance(subject, predicate, iri)}
    if not sentences:
        return ""
    items = []
    for sentence in sorted(sentences, key=_sentence_order(view)):
        text = view.one(sentence, str(KG.text))
        target = ctx.pages.get(sentence)
        sid = e(sentence_id(sentence))
        anchor = f'<a class="sid" href="{e(ctx.href(target))}">{sid}</a>' if target else f'<span class="sid">{sid}</span>'
        items.append(f"<li>{anchor}{e(text.value) if text is not None else ''}</li>")
    return "<h2>来源 Sources</h2>\n<ol class=\"sources\">" + "".join(items) + "</ol>"


def _sentence_order(view: GraphView) -> Callable[[str], tuple]:
    def key(sentence: str) -> tuple:
        doc, _, _ = sentence.partition("#")
        index = view.one(sentence, str(KG.sentenceIndex))
        try:
            n = int(index.value) if index is not None else 0
        except ValueError:
            n = 0
        return (doc, n, sentence)

    return key


def entity_page(ctx: Context, iri: str) -> str:
    """The page of one entity: labels, types, facts, figures, honours, links in, sources, JSON-LD."""
    view = ctx.view
    title = view.label(iri)
    body = (f'<h1>{e(title)}</h1>\n<p class="iri"><code>{e(iri)}</code></p>\n{_types_block(ctx, iri)}\n'
            f"{_labels_block(view, iri)}\n{_facts_block(ctx, iri)}\n{_observations_block(ctx, iri)}\n"
            f"{_conferrals_block(ctx, iri)}\n{_incoming_block(ctx, iri)}\n{_sources_block(ctx, iri)}")
    return layout(ctx, title, body, jsonld=jsonld_of(view, iri))


# ------------------------------------------------------------------------------ document page
def document_page(ctx: Context, iri: str) -> str:
    """A document: its metadata and every sentence with an anchor ``#s<n>`` and the entities in it."""
    view = ctx.view
    title = view.label(iri)
    sentences = sorted(view.referrers(iri, str(KG.inDocument)), key=_sentence_order(view))
    paragraphs = []
    for sentence in sentences:
        _, _, fragment = sentence.partition("#")
        text = view.one(sentence, str(KG.text))
        mentioned = sorted((m for m in view.referrers(sentence, str(KG.mentionedIn)) if m in ctx.pages),
                           key=lambda m: (view.label(m), m))
        links = " ".join(ctx.link(m) for m in mentioned)
        paragraphs.append(
            f'<p class="sentence" id="{e(fragment)}"><a class="sid" href="#{e(fragment)}">{e(sentence_id(sentence))}</a>'
            f"{e(text.value) if text is not None else ''}"
            + (f' <span class="mentions">→ {links}</span>' if links else "") + "</p>")
    body = (f'<h1>{e(title)}</h1>\n<p class="iri"><code>{e(iri)}</code></p>\n{_labels_block(view, iri)}\n'
            f"{_facts_block(ctx, iri)}\n<h2>句子 Sentences ({len(sentences)})</h2>\n" + "\n".join(paragraphs))
    return layout(ctx, title, body, jsonld=jsonld_of(view, iri))


# ------------------------------------------------------------------------------ class page and index
def class_page(ctx: Context, cls: str, members: tuple[str, ...]) -> str:
    """All entities of one class, sorted by label."""
    view = ctx.view
    name = view.english(cls)
    items = "".join(f"<li>{ctx.link(m)} <small>{e(' · '.join(_other_labels(view, m)))}</small></li>"
                    for m in sorted(members, key=lambda m: (view.label(m), m)))
    body = f"<h1>{e(name)} <small>({len(members)})</small></h1>\n<p><code>{e(cls)}</code></p>\n<ul>{items}</ul>"
    return layout(ctx, name, body, lang="en")


def _other_labels(view: GraphView, iri: str) -> list[str]:
    labels = view.labels(iri)
    return [v for lang in ("zh-Latn-pinyin", "en") for v in labels.get(lang, ())]


def search_entries(view: GraphView, pages: dict[str, str], entities: tuple[str, ...]) -> list[list[str]]:
    """Rows for the client-side search: path, type, label, then every searchable key in lower case."""
    rows = []
    for iri in entities:
        labels = view.labels(iri)
        keys = sorted({k for values in labels.values() for v in values for k in (v.lower(), strip_tones(v),
                                                                                  strip_tones(v).replace(" ", ""))}
                      | {a.lower() for a in view.aliases(iri)})
        types = ",".join(local_name(t) for t in view.types(iri))
        rows.append([pages[iri], types, view.label(iri), " · ".join(_other_labels(view, iri)), "\n".join(keys)])
    return rows


SEARCH_JS = """(function () {
  var rows = JSON.parse(document.getElementById("search-data").textContent);
  var box = document.getElementById("search"), list = document.getElementById("results");
  function fold(s) { return s.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase().trim(); }
  function show() {
    var q = fold(box.value), compact = q.replace(/\\s+/g, "");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!q) { return; }
    var shown = 0;
    for (var i = 0; i < rows.length && shown < 50; i++) {
      var r = rows[i];
      if (r[4].indexOf(q) < 0 && r[4].indexOf(compact) < 0) { continue; }
      var li = document.createElement("li"), a = document.createElement("a"), small = document.createElement("small");
      a.href = r[0]; a.textContent = r[2];
      small.textContent = r[1] + (r[3] ? " · " + r[3] : "");
      li.appendChild(a); li.appendChild(small); list.appendChild(li); shown++;
    }
    document.getElementById("count").textContent = shown ? "" : "—";
  }
  box.addEventListener("input", show);
  show();
})();"""


def index_page(ctx: Context, *, documents: tuple[str, ...], classes: tuple[tuple[str, str, int], ...],
               downloads: tuple[tuple[str, int], ...], search: list[list[str]], network: str | None) -> str:
    """The front page: search, documents, classes with counts, network explorer, downloads."""
    view = ctx.view
    docs = "".join(f"<li>{ctx.link(d)} <small>{e(sentence_id(d))}</small></li>" for d in documents)
    cls = "".join(f'<tr><td><a href="{e(ctx.href(path))}">{e(view.english(c))}</a></td>'
                  f"<td>{e(view.label(c, prefer=('zh-Hans', 'zh')) if view.labels(c) else '')}</td><td>{n:,}</td></tr>"
                  for c, path, n in classes)
    files = "".join(f'<li><a href="{e(ctx.href(path))}" download>{e(path.rsplit("/", 1)[-1])}</a> <small>{size:,} bytes</small></li>'
                    for path, size in downloads)
    net = (f'<h2>网络 Network</h2>\n<p><a href="{e(ctx.href(network))}">Open the network explorer</a></p>'
           if network else "")
    body = ("<h1>知识图谱 Knowledge graph</h1>\n"
            '<h2>搜索 Search</h2>\n<p><input id="search" type="search" autocomplete="off" '
            'placeholder="简体 / 繁體 / pinyin, e.g. 南塘, songtang"> <span id="count"></span></p>\n'
            '<ul id="results"></ul>\n<noscript>Search needs JavaScript; browse the classes below.</noscript>\n'
            f"<h2>文件 Documents</h2>\n<ul>{docs}</ul>\n"
            f"<h2>类别 Classes</h2>\n<table><tr><th>class</th><th>中文</th><th>count</th></tr>{cls}</table>\n{net}\n"
            f"<h2>下载 Downloads</h2>\n<ul>{files}</ul>\n"
            + script_json(search, "application/json", "search-data", indent=None) + f"\n<script>\n{SEARCH_JS}\n</script>")
    return layout(ctx, "Knowledge graph", body)
