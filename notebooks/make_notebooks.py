"""Write the analysis notebooks of this folder from the cell texts below, without outputs.

Run it after changing a cell: ``python notebooks/make_notebooks.py``.  The notebooks hold no logic of
their own: every step is a call into the ``kg`` library, so what they show can be reused in scripts.
The files are written deterministically (fixed cell ids, no outputs, no execution counts), and the test
suite checks that the committed notebooks are exactly what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SETUP = '''\
from pathlib import Path

import kg
from kg.workspace import ensure_built

# The repository's build folder as seen from notebooks/; on a fresh clone it is built here from data/raw.
DATA = ensure_built(Path("..") / "data" / "kg", reports_dir=Path("..") / "data" / "raw")
graph = kg.load(DATA)'''

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-overview": [
        ("md", "# 图谱概览 · Overview\n\n"
               "What the knowledge graph built from the work reports in `data/raw/` holds: how many things of "
               "each class, who received which honour from whom, the people it names, and the network around "
               "the town, drawn interactively (offline)."),
        ("code", SETUP),
        ("code", '# The town the network view centres on (any entity name works: Chinese, pinyin or English).\n'
                 'TOWN = "源潭镇"'),
        ("md", "## Things per class\n\nEntities, the figures (`Observation`), honours (`AwardConferral`), "
               "2024 plan items (`PlanItem`), and the sentences and documents they were read from."),
        ("code", 'kg.query("things-per-class", dataset=graph)'),
        ("md", "## Honours\n\nOne row per conferral: recipient, the recipient's role at the time, the "
               "honour, the bodies that conferred it and when."),
        ("code", 'honours = kg.query("honours", dataset=graph)\nhonours'),
        ("md", "## People\n\nEveryone the reports name, with role and affiliation."),
        ("code", 'people = kg.query("people", dataset=graph)\npeople'),
        ("md", "## The network around the town\n\nDrag, zoom, search; click a node to see its facts and the "
               "sentences they come from. The page is self-contained and works offline."),
        ("code", "kg.viz.show(graph, focus=TOWN, depth=1, height=560)"),
    ],
    "02-projects-and-money": [
        ("md", "# 项目与投资 · Projects and money\n\n"
               "The projects the reports name, with their state, progress and investment; charts of both; "
               "and the projects of the 2023 results that the 2024 plan takes up again."),
        ("code", SETUP),
        ("code", "%matplotlib inline\nfrom kg.analysis.plot import plot_investment, plot_progress, readable"),
        ("md", "## Projects\n\nStatus is a code of the `status` concept scheme; progress is percent complete; "
               "investment is in yuan (CNY), shown in 万元 or 亿元 as `amount`."),
        ("code", 'projects = kg.query("projects", dataset=graph)\n'
                 'readable(projects, value="investment", unit="CNY")[\n'
                 '    ["project", "location", "phaseOf", "status", "progress", "amount"]]'),
        ("md", "## Investment by project"),
        ("code", "plot_investment(projects)"),
        ("md", "## Progress\n\nBars at or beyond the dashed line are complete (or ahead of plan)."),
        ("code", "plot_progress(projects)"),
        ("md", "## 2023 projects that reappear in the 2024 plan\n\nA plan item that concerns a project (or a "
               "phase of it) that the results part of a report already speaks of."),
        ("code", 'continuing = kg.query("plans-continuing", dataset=graph)\n'
                 'continuing[["project", "planYear", "planText", "resultYear"]].drop_duplicates()'),
    ],
    "03-indicators": [
        ("md", "# 主要指标 · Indicators\n\n"
               "The town's figures with units and periods, their year-on-year changes, and a check that the "
               "shares a report states agree with the amounts it gives."),
        ("code", SETUP),
        ("code", "%matplotlib inline\nfrom kg.quality.consistency import share_check, share_checks\n"
                 "from kg.analysis.plot import plot_changes, readable"),
        ("code", '# The town whose figures the charts show (the others get charts of their own).\nTOWN = "源潭镇"'),
        ("md", "## The town's figures\n\nValues are scale-resolved (亿 → ×10⁸) and shown as a reader writes them "
               "(`amount`: 19.51亿元); `change` is the signed year-on-year change in `changeUnit`. Only figures "
               "about the town itself: a hospital's or a project's figures have their own subject."),
        ("code", 'indicators = kg.query("town-indicators", dataset=graph)\n'
                 'readable(indicators)[["measure", "amount", "periodStart", "periodEnd", "change", "changeUnit", "text"]]'),
        ("md", "## Year-on-year changes\n\nEach figure with the entity it is about (`subject`)."),
        ("code", 'changes = kg.query("indicator-changes", dataset=graph)\n'
                 'readable(changes)[["subject", "measure", "amount", "change", "changeUnit", "text"]]'),
        ("code", "plot_changes(changes, subject=TOWN)"),
        ("md", "The figures of every other subject (an institution, a project …), each in a chart of its own:"),
        ("code", "others = changes[changes.subject != TOWN]\nplot_changes(others) if len(others) else None"),
        ("md", "## Do the stated shares add up?\n\n"
               "Where a sentence gives a part, a whole and the share (已完成投资 … 占年度总投资 …%), the share "
               "is recomputed from the two amounts. `difference` is computed − stated, in percentage points; "
               "`consistent` allows for rounding of the stated percentage only."),
        ("code", "checks = share_checks(graph)\n"
                 'checks[["part_text", "whole_text", "stated_text", "computed", "difference", "consistent", '
                 '"sentence_text"]]'),
        ("md", "The first of them, recomputed step by step from the amounts in the graph:"),
        ("code", 'first = checks.iloc[0]\nshare_check(first["part"], first["whole"], first["stated"])'),
    ],
    "04-network-analysis": [
        ("md", "# 网络分析 · Network analysis\n\n"
               "The entities and the relations between them as a networkx graph: who is central, which "
               "groups hang together, and how two entities are connected."),
        ("code", SETUP),
        ("code", "from kg.analysis.structure import communities, community_table, explain_path, rank_centrality\n"
                 "from kg.analysis.network import to_networkx"),
        ("code", '# Two entities to connect (names or IRIs).\nFROM, TO = "李韫哲", "梁韶宝"'),
        ("md", "## The network\n\nNodes are entities (sentences, documents, statements and figures are left "
               "out); edges are the relations between them."),
        ("code", "g = to_networkx(graph)\n"
                 'print(g.number_of_nodes(), "entities,", g.number_of_edges(), "relations")'),
        ("md", "## Degree centrality\n\nThe share of the other entities each one is linked to directly."),
        ("code", 'rank_centrality(g, "degree", top=10)[["label", "type", "score"]]'),
        ("md", "## Betweenness centrality\n\nThe share of shortest paths between other entities that pass "
               "through each one: the brokers of the network."),
        ("code", 'rank_centrality(g, "betweenness", top=10)[["label", "type", "score"]]'),
        ("md", "## Communities\n\nLouvain communities with a fixed seed, so the grouping is the same on "
               "every run."),
        ("code", "groups = communities(g)\ncommunity_table(g, groups).head(10)"),
        ("md", "## How are two entities connected?\n\nThe shortest chain of relations, each hop read from "
               "its edge (subject, relation, object)."),
        ("code", "explain_path(g, FROM, TO)"),
    ],
}


def make(name: str, cells: list[tuple[str, str]]):
    """The notebook ``name`` as an nbformat node: fixed cell ids, no outputs, no execution counts."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, text) in enumerate(cells, 1):
        cell = nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text)
        cell.id = f"{name[:2]}-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(name: str) -> str:
    """The file text of notebook ``name``, as this script writes it."""
    import nbformat

    return nbformat.writes(make(name, NOTEBOOKS[name])) + "\n"


def main(folder: Path = HERE) -> list[Path]:
    """Write every notebook into ``folder`` and return their paths."""
    written = []
    for name in NOTEBOOKS:
        path = folder / f"{name}.ipynb"
        path.write_text(render(name), encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
