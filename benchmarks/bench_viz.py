"""How fast the network page becomes usable, for kg's page and for a plain pyvis page, in headless Chromium.

For graphs of about 1k, 5k and 20k entities (report-shaped: towns, villages, parks, enterprises, projects
with phases, people honoured by bodies), it measures

* build: seconds in Python from the RDF graph to the HTML string;
* settled: seconds from navigation until the layout is settled (kg: the page reports ``ready``; pyvis: its
  ``stabilizationIterationsDone`` event);
* click: seconds from a mouse click on a node until the page has handled it (vis-network's ``click``
  event ran; kg: and the details panel is shown). pyvis keeps its physics running after stabilization,
  so its nodes still drift and the click may land beside the node: what is timed is the page's answer;
* zoom frames (kg's page): 30 mouse-wheel steps in and out over the middle of the drawing, 40 ms apart,
  recorded with Chromium's performance timeline (a CDP trace, category ``devtools.timeline``); a frame is
  the main-thread task that runs its animation frame (vis-network's redraw, kg's labels and tints, then
  paint and commit; with no GPU the canvas is rasterised there too), timed as wall time and as CPU time.

The plain pyvis page uses pyvis defaults (``Network()``, ``add_node``/``add_edge``, ``cdn_resources="in_line"``),
which inline vis-network but still link Bootstrap from a CDN: those requests are aborted (only styling is lost).

Usage:  python benchmarks/bench_viz.py [--sizes 1000,5000,20000] [--timeout 240]
Writes: benchmarks/VIZ_RESULTS.md
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
CHARS = "松塘洞尾大黄茅石龙新华光明和平东南西北山水田园金银丰泰安康富源长兴盛德永福"


def make_graph(n_entities: int, seed: int = 1):
    """A report-shaped graph following kg's RDF contract with about ``n_entities`` entities."""
    from pypinyin import Style, lazy_pinyin
    from rdflib import RDF, RDFS, Dataset, Literal, URIRef
    from rdflib.namespace import PROV, XSD

    from kg.graph.vocab import DEFAULT_BASE, KG

    rnd = random.Random(seed)
    doc = URIRef(DEFAULT_BASE + "doc/bench")
    ds = Dataset()
    g = ds.graph(doc)
    made: set[str] = set()

    def iri(cls: str, name: str) -> URIRef:
        syll = "-".join(lazy_pinyin(name, style=Style.NORMAL))
        return URIRef(f"{DEFAULT_BASE}{cls.lower()}/{syll}-{hashlib.sha1(name.encode()).hexdigest()[:6]}")

    def ent(cls: str, suffix: str, n_sent: int) -> URIRef:
        while True:
            name = "".join(rnd.choice(CHARS) for _ in range(rnd.randint(2, 3))) + suffix
            if name not in made:
                made.add(name)
                break
        e = iri(cls, name)
        g.add((e, RDF.type, KG[cls]))
        g.add((e, RDFS.label, Literal(name, lang="zh-Hans")))
        g.add((e, RDFS.label, Literal(" ".join(lazy_pinyin(name, style=Style.TONE)), lang="zh-Latn-pinyin")))
        s = URIRef(f"{doc}#s{n_sent}")
        g.add((s, RDF.type, KG.Sentence))
        g.add((s, KG.text, Literal(f"{name}的有关情况。")))
        g.add((e, KG.mentionedIn, s))
        return e

    sent = 0
    towns = [ent("Town", "镇", 0) for _ in range(max(1, n_entities // 400))]
    bodies = [ent("GovernmentBody", "委员会", 0) for _ in range(max(2, n_entities // 200))]
    awards = [ent("Award", "先进集体", 0) for _ in range(max(2, n_entities // 100))]
    parks = [ent("IndustrialPark", "产业园", 0) for _ in range(max(1, n_entities // 100))]
    for p in parks:
        g.add((p, KG.containedIn, rnd.choice(towns)))
    count = len(towns) + len(bodies) + len(awards) + len(parks)
    projects: list[URIRef] = []
    while count < n_entities:
        sent += 1
        kind = rnd.random()
        if kind < 0.3:
            v = ent("Village", "村", sent)
            g.add((v, KG.containedIn, rnd.choice(towns)))
        elif kind < 0.55:
            e = ent("Enterprise", "公司", sent)
            g.add((e, KG.location, rnd.choice(parks)))
        elif kind < 0.8:
            pr = ent("Project", "项目", sent)
            g.add((pr, KG.location, rnd.choice(parks)))
            if projects and rnd.random() < 0.3:
                g.add((pr, KG.phaseOf, rnd.choice(projects)))
            projects.append(pr)
            obs = URIRef(f"{pr}-obs")
            g.add((obs, RDF.type, KG.Observation))
            g.add((obs, KG.subject, pr))
            g.add((obs, KG.value, Literal(str(rnd.randint(1, 900) * 10**6), datatype=XSD.decimal)))
            g.add((obs, KG.unit, URIRef("https://w3id.org/kg-cn/concept/unit-CNY")))
            g.add((obs, PROV.wasDerivedFrom, URIRef(f"{doc}#s{sent}")))
        else:
            person = ent("Person", "", sent)
            c = URIRef(f"{person}-conferral")
            g.add((c, RDF.type, KG.AwardConferral))
            g.add((c, KG.recipient, person))
            g.add((c, KG.award, rnd.choice(awards)))
            for b in rnd.sample(bodies, 2):
                g.add((c, KG.conferredBy, b))
            g.add((c, PROV.wasDerivedFrom, URIRef(f"{doc}#s{sent}")))
        count += 1
    return ds


def plain_pyvis_page(g_nx) -> str:
    """pyvis with its defaults, filled node by node and edge by edge (its own lists, as shipped)."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line", directed=True)
    index = {n: i for i, n in enumerate(sorted(g_nx.nodes))}
    for n in sorted(g_nx.nodes):
        net.add_node(index[n], label=g_nx.nodes[n]["labels"]["zh-Hans"])
    for u, v, rel in sorted(g_nx.edges(data="rel")):
        net.add_edge(index[u], index[v], title=rel)
    return net.generate_html()


def measure(path: Path, *, kind: str, timeout: float) -> dict[str, float]:
    """Open the page in a fresh Chromium in a child process, which prints each figure as soon as it has it;
    a page still busy after ``timeout`` seconds (plus 30 for the click) is killed with its browser, and the
    figures printed so far are kept."""
    import os
    import signal
    import subprocess

    cmd = [sys.executable, __file__, "--measure", kind, str(path), "--timeout", str(timeout)]
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, start_new_session=True)
        try:
            proc.wait(timeout=timeout + 45)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            print(f"  {kind} {path.name}: killed after {timeout + 45:.0f} s", file=sys.stderr)
        out.seek(0)
        figures = dict(line.split() for line in out.read().splitlines() if line.count(" ") == 1)
    return {k: float(v) for k, v in figures.items()}


def _measure_here(path: Path, *, kind: str, timeout: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            _measure_page(browser, path, kind=kind, timeout=timeout)
        finally:
            browser.close()


def _measure_page(browser, path: Path, *, kind: str, timeout: float) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    page.set_default_timeout(timeout * 1000)
    try:
        page.goto(path.as_uri(), wait_until="commit")
        if kind == "kg":
            page.wait_for_selector("body[data-state=ready]", timeout=timeout * 1000)
            settled = page.evaluate("performance.now()") / 1000
            node = "kgViz.network"
        else:
            page.wait_for_function("typeof network !== 'undefined' && network !== undefined")
            settled = page.evaluate("""() => new Promise(done => {
                network.once('stabilizationIterationsDone', () => done(performance.now() / 1000));
                if (!network.physics.options.enabled || network.physics.stabilized) done(performance.now() / 1000);
            })""")
            node = "network"
            # pyvis fades out a loading bar over the canvas for half a second after stabilization
            page.wait_for_function("""() => { const bar = document.getElementById('loadingBar');
                return !bar || getComputedStyle(bar).display === 'none'; }""", timeout=10_000)
        print("settled", settled, flush=True)
        xy = page.evaluate(f"""() => {{ const nw = {node}; const ids = nw.body.nodeIndices;
            const id = ids[Math.floor(ids.length / 2)]; nw.focus(id, {{scale: 1.2, animation: false}});
            const p = nw.canvasToDOM(nw.getPosition(id));
            const r = nw.body.container.getBoundingClientRect(); return [p.x + r.left, p.y + r.top, id]; }}""")
        page.evaluate(f"() => {{ window.__clicked = null; {node}.once('click', () => {{ window.__clicked = 1; }}); }}")
        t0 = time.perf_counter()
        page.mouse.click(xy[0], xy[1])
        page.wait_for_function("window.__clicked !== null", timeout=30_000)
        if kind == "kg":
            page.wait_for_function("!document.getElementById('details').hidden")
        print("click", time.perf_counter() - t0, flush=True)
        if kind == "kg":
            page.click("#close")
            for name, value in _zoom_frames(page).items():
                print(name, value, flush=True)
    except Exception as e:  # a timeout is a result here: the page did not settle in time
        print(f"  {kind} {path.name}: {type(e).__name__}: {str(e).splitlines()[0][:100]}", file=sys.stderr)
    finally:
        page.close()


def _zoom_frames(page) -> dict[str, float]:
    """Milliseconds of the frames drawn while zooming in and out with the mouse wheel, from a CDP trace.

    A frame is the main-thread task that runs an animation frame (vis-network's redraw and kg's layers) with
    the style, paint and commit work around it: its wall time (``dur``) and its CPU time (``tdur``, the time
    the thread actually ran, which the machine's load does not inflate)."""
    import json
    import statistics

    browser = page.context.browser
    page.evaluate("kgViz.fit()")
    box = page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect(); "
                        "return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    page.mouse.move(*box)
    browser.start_tracing(page=page, categories=["devtools.timeline"])
    for step in range(30):
        page.mouse.wheel(0, -100 if step < 15 else 100)
        page.wait_for_timeout(40)
    page.wait_for_timeout(600)  # the frame that brings the edges back after the zoom
    events = json.loads(browser.stop_tracing())["traceEvents"]
    frames = [e for e in events if e.get("name") == "FireAnimationFrame" and "dur" in e]
    if not frames:
        return {}
    main = (frames[0]["pid"], frames[0]["tid"])
    tasks = [e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"
             and e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask") and "dur" in e]
    wall, cpu = [], []
    for f in frames:
        around = [t for t in tasks if t["ts"] <= f["ts"] and f["ts"] + f["dur"] <= t["ts"] + t["dur"]]
        task = max(around, key=lambda t: t["dur"]) if around else f
        wall.append(task["dur"] / 1000)
        cpu.append(task.get("tdur", task["dur"]) / 1000)
    wall.sort()
    cpu.sort()
    return {"zoom_frames": len(wall), "zoom_median": statistics.median(wall),
            "zoom_p95": wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))], "zoom_max": wall[-1],
            "zoom_cpu_median": statistics.median(cpu), "zoom_cpu_max": cpu[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--timeout", type=float, default=240.0)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "VIZ_RESULTS.md")
    ap.add_argument("--measure", nargs=2, metavar=("KIND", "PAGE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        _measure_here(Path(args.measure[1]), kind=args.measure[0], timeout=args.timeout)
        return

    import kg.publish.viz as viz

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            ds = make_graph(size)
            t = time.perf_counter()
            html = viz.render(ds)
            kg_build = time.perf_counter() - t
            g = viz.network(ds)
            kg_path = Path(tmp) / f"kg-{size}.html"
            kg_path.write_text(html, encoding="utf-8")
            t = time.perf_counter()
            plain = plain_pyvis_page(g)
            plain_build = time.perf_counter() - t
            plain_path = Path(tmp) / f"pyvis-{size}.html"
            plain_path.write_text(plain, encoding="utf-8")
            n, m = g.number_of_nodes(), g.number_of_edges()
            for kind, path, build in (("kg", kg_path, kg_build), ("pyvis defaults", plain_path, plain_build)):
                f = measure(path, kind="kg" if kind == "kg" else "pyvis", timeout=args.timeout)
                row = (size, n, m, kind, build, path.stat().st_size / 1e6, f.get("settled"), f.get("click"),
                       f.get("zoom_median"), f.get("zoom_p95"), f.get("zoom_max"), f.get("zoom_cpu_median"),
                       f.get("zoom_cpu_max"), f.get("zoom_frames"))
                rows.append(row)
                print(_fmt(row), flush=True)
    head = ("| entities | nodes | edges | page | build s | size MB | settled s | click s | zoom frame ms: median "
            "| p95 | max | CPU ms: median | max | frames |\n"
            "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head] + [_fmt(r) for r in rows]
    ratios = []
    for size in sorted({r[0] for r in rows}):
        k = next(r for r in rows if r[0] == size and r[3] == "kg")
        q = next(r for r in rows if r[0] == size and r[3] != "kg")
        if k[6] and q[6]:
            ratios.append(f"- {size} entities: pyvis defaults take {q[6] / k[6]:.1f}× as long to settle as kg's page.")
        elif k[6]:
            ratios.append(f"- {size} entities: pyvis defaults did not settle within {args.timeout:.0f} s; "
                          f"kg's page settled in {k[6]:.1f} s (at least {args.timeout / k[6]:.0f}× sooner).")
        if k[10] is not None:
            ratios.append(f"  Zooming kg's page: {k[13]:.0f} frames, median {k[8]:.0f} ms, slowest {k[10]:.0f} ms "
                          f"(CPU: median {k[11]:.0f} ms, slowest {k[12]:.0f} ms).")
    report = "\n".join([
        "# Network page benchmark", "",
        f"`python benchmarks/bench_viz.py --sizes {args.sizes}` on {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, Debian chromium headless "
        "(2 shared cores, timings vary ±20 %).", "",
        "*settled*: seconds from navigation until the layout is done (kg: page reports ready, physics off; "
        "pyvis: `stabilizationIterationsDone`, after which its physics keeps running). *click*: seconds from a "
        "mouse click on a node until vis-network's click handler ran (kg: and the details panel is shown). "
        "*build*: Python seconds from the RDF graph to the HTML (pyvis: from the networkx graph). "
        f"A blank means no answer within {args.timeout:.0f} s.", "",
        "The pyvis pages use `Network(cdn_resources=\"in_line\", directed=True)` with default options; their "
        "Bootstrap CDN links were aborted (styling only). Their *build* grows quadratically: pyvis tests node "
        "membership in a list on every `add_node` and `add_edge` (kg writes its page's nodes and edges itself "
        "and only takes vis-network's script from the pyvis package).", "",
        "kg's page draws every graph at its precomputed structure layout with no physics; its label layer "
        "places the names (most important first, none covering another) once per zoom level; above 3,000 edges "
        "the edges are hidden while zooming or dragging (vis-network's hideEdgesOnZoom) and arrow heads are "
        "drawn only on the selected node's links; above 1,000 nodes the plain nodes are drawn in one path per "
        "shape and colour. *zoom frame*: 30 wheel steps in and out, 40 ms apart, traced with Chromium's "
        "performance timeline (CDP, `devtools.timeline`); a frame is the main-thread task that runs its animation "
        "frame (redraw, labels, paint, commit; with no GPU the canvas is rasterised there too): its wall time, and "
        "its CPU time, which the machine's load does not inflate.", "",
        f"Load average when the run started: {os.getloadavg()[0]:.1f} (1 min).", "",
        *lines, "", *ratios, ""])
    args.out.write_text(report, encoding="utf-8")
    print(f"wrote {args.out}")


def _fmt(r) -> str:
    size, n, m, kind, build, mb, settled, click, *zoom = r
    s = f"{settled:.1f}" if settled is not None else ""
    c = f"{click:.2f}" if click is not None else ""
    z = " | ".join(f"{v:.0f}" if v is not None else "" for v in zoom)
    return f"| {size} | {n} | {m} | {kind} | {build:.1f} | {mb:.1f} | {s} | {c} | {z} |"


if __name__ == "__main__":
    main()
