"""The notebooks: committed without outputs, exactly as their generator writes them, and every one runs
from a fresh checkout (no data/kg yet) in a real Jupyter kernel without a cell error."""

from __future__ import annotations

import base64
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts"
NAMES = ("01-overview", "02-projects-and-money", "03-indicators", "04-network-analysis")
CELL_TIMEOUT = 600


def _generator():
    sys.path.insert(0, str(NOTEBOOK_DIR))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(NOTEBOOK_DIR))
    return make_notebooks


def test_the_folder_holds_exactly_the_generated_notebooks():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NAMES)
    assert tuple(_generator().NOTEBOOKS) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_what_the_generator_writes(name):
    committed = (NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == _generator().render(name), "run `make regen` (it runs notebooks/make_notebooks.py)"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    nb = json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


# ---------------------------------------------------------------------------------------------- running
@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory) -> Path:
    """A checkout as a fresh clone has it: the notebooks and the raw reports, nothing built yet."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks", ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    assert not (root / "data" / "kg").exists()
    return root


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A ``python3`` kernel spec that starts this interpreter, found first through JUPYTER_PATH, and the
    package importable in the kernel through PYTHONPATH."""
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter")
    install(kernel_name="python3", prefix=str(prefix))
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    mp.setenv("PYTHONPATH", str(ROOT))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def executed(fresh_checkout, kernel_env) -> dict[str, dict]:
    """Every notebook run in order with cwd = notebooks/ of the fresh checkout; fails on the first cell error."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    assert Path(KernelSpecManager().get_kernel_spec("python3").argv[0]) == Path(sys.executable)
    folder = fresh_checkout / "notebooks"
    out = {}
    for name in NAMES:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT,
                                resources={"metadata": {"path": str(folder)}})
        client.execute()
        out[name] = nb
    return out


def _outputs(nb, mime: str) -> list[str]:
    found = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if mime == "stream" and o.get("output_type") == "stream":
                found.append(o.get("text", ""))
            elif mime in o.get("data", {}):
                found.append(o["data"][mime])
    return found


def test_first_notebook_builds_the_graph_on_a_fresh_checkout(executed, fresh_checkout):
    assert (fresh_checkout / "data" / "kg" / "kg.nq").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_every_code_cell_ran(executed, name):
    code = [c for c in executed[name].cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("name", NAMES)
def test_no_glyph_is_missing_from_the_charts(executed, name):
    streams = "".join(_outputs(executed[name], "stream"))
    assert "missing from font" not in streams


@pytest.mark.parametrize(("name", "charts"), [("02-projects-and-money", 2), ("03-indicators", 2)])
def test_charts_are_drawn_inline(executed, name, charts):
    images = _outputs(executed[name], "image/png")
    assert len(images) == charts
    ARTIFACTS.mkdir(exist_ok=True)
    for k, data in enumerate(images, 1):  # kept for a person to look at the Chinese labels
        png = base64.b64decode(data)
        assert png.startswith(b"\x89PNG")
        (ARTIFACTS / f"notebook-{name}-{k}.png").write_bytes(png)


def test_overview_draws_the_network_offline(executed):
    pages = [h for h in _outputs(executed["01-overview"], "text/html") if "<iframe" in h]
    assert len(pages) == 1
    # the page is inlined in srcdoc (quotes escaped): nothing in it may load from another host
    assert not re.search(r"(src|href)=(&quot;|\\?\")(https?:)?//", pages[0])
    assert "vis-network" in pages[0] or "vis.Network" in pages[0]


def test_indicator_tables_write_money_in_wan_and_yi(executed):
    tables = "".join(_outputs(executed["03-indicators"], "text/plain"))
    assert "19.51亿元" in tables and "5725万元" in tables
    assert not re.search(r"\d\.\d+e\+0\d", tables), "a figure is shown in scientific notation"


def test_the_town_chart_holds_only_the_town_figures(executed):
    """The changes table names the subject of each figure; the town's chart is drawn from the town's rows only."""
    nb = executed["03-indicators"]
    table = next(c for c in nb.cells if c.cell_type == "code" and "readable(changes)" in c.source)
    text = table.outputs[0]["data"]["text/plain"]
    subjects = {line.split()[1] for line in text.splitlines()[1:] if len(line.split()) > 1 and line.split()[0].isdigit()}
    assert "源潭镇" in subjects and len(subjects) >= 2  # the town and at least one other subject
    town_chart = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("plot_changes(changes, subject"))
    assert [o for o in town_chart.outputs if "image/png" in o.get("data", {})]


def test_indicators_notebook_shows_the_recomputed_share(executed):
    last = executed["03-indicators"].cells[-1]
    text = last.outputs[0]["data"]["text/plain"]
    assert "'computed': 76.18" in text and "'difference': -0.03" in text


def test_network_notebook_explains_a_path(executed):
    last = executed["04-network-analysis"].cells[-1]
    text = last.outputs[0]["data"]["text/plain"]
    assert text.startswith("[PathStep(") and "李韫哲" in text
