"""The network page in Chromium: a visit that records requests and errors, and what its canvas shows."""

from __future__ import annotations

from pathlib import Path

#: The label layer's boxes, checked against vis-network's own positions: for each label, the node's centre
#: and radius on screen from vis-network's API (getPosition, canvasToDOM, getScale, body.nodes[].options).
LABELS_JS = """() => {
  const nw = kgViz.network, s = nw.getScale();
  const canvas = nw.canvas.frame.canvas;
  return { width: canvas.clientWidth, height: canvas.clientHeight, scale: s,
    labels: kgViz.labels.drawn.map(b => {
      const c = nw.canvasToDOM(nw.getPosition(b.id));
      return Object.assign({}, b, { cx: c.x, cy: c.y, r: nw.body.nodes[b.id].options.size * s,
                                    name: kgViz.info[b.id].labels['zh-Hans'] });
    }) };
}"""

#: For each drawn label, the share of its box's pixels darker than the page background (text is drawn there).
INK_JS = """() => {
  const canvas = kgViz.network.canvas.frame.canvas, ctx = canvas.getContext('2d');
  const ratio = canvas.width / canvas.clientWidth;
  return kgViz.labels.drawn.map(b => {
    const x = Math.max(0, Math.round(b.left * ratio)), y = Math.max(0, Math.round(b.top * ratio));
    const w = Math.max(1, Math.round(b.width * ratio)), h = Math.max(1, Math.round(b.height * ratio));
    const px = ctx.getImageData(x, y, w, h).data;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300) dark++;
    return dark / (px.length / 4);
  });
}"""


class Visit:
    """A page opened from a file:// URL, with every request, console error and dialog recorded."""

    def __init__(self, browser, path: Path, *, width: int = 1400, height: int = 900) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.add_init_script("window.alert = function (m) { window.__alerted = (window.__alerted || []).concat([String(m)]); };")
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-state=ready]", timeout=60_000)
        self.settle()

    def settle(self) -> None:
        """Wait until vis-network has drawn the current state (two animation frames)."""
        self.page.evaluate("() => new Promise(r => { kgViz.network.redraw(); requestAnimationFrame(() => requestAnimationFrame(r)); })")

    def selected(self) -> list[str]:
        return self.page.evaluate("kgViz.network.getSelectedNodes().map(i => kgViz.info[i].iri)")

    def index(self, name: str) -> int:
        return self.page.evaluate("name => kgViz.info.findIndex(n => n.labels['zh-Hans'] === name || n.iri === name)", name)

    def point(self, i: int, *, focus: bool = False) -> tuple[float, float]:
        """Where node ``i`` is on the screen (optionally centred and zoomed in first)."""
        return tuple(self.page.evaluate(
            """([i, focus]) => { if (focus) kgViz.network.focus(i, {scale: 1.5, animation: false});
                        const p = kgViz.network.canvasToDOM(kgViz.network.getPosition(i));
                        const r = document.getElementById('network').getBoundingClientRect();
                        return [p.x + r.left, p.y + r.top]; }""", [i, focus]))

    def click_node(self, iri: str) -> None:
        x, y = self.point(self.index(iri), focus=True)
        self.page.mouse.move(x - 5, y - 5)
        self.page.mouse.click(x, y)
        self.page.mouse.move(x + 1, y + 1)  # a move over the node shows its tooltip

    def double_click(self, i: int) -> None:
        x, y = self.point(i)
        self.page.mouse.dblclick(x, y)
        self.settle()

    def shown(self) -> set[str]:
        """Labels of the nodes vis-network shows now."""
        return set(self.page.evaluate(
            "kgViz.nodes.get({filter: n => !n.hidden}).map(n => kgViz.info[n.id].labels['zh-Hans'])"))

    def labels(self) -> dict:
        from tests.viz_browser import LABELS_JS

        return self.page.evaluate(LABELS_JS)


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap (a shared edge is not an overlap)."""
    out = []
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            if (a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
                    and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]):
                out.append((a["text"], b["text"]))
    return out


def anchored(b: dict) -> bool:
    """Whether a label box sits where its spot says, next to its node as vis-network draws it (±1 px)."""
    gap = 3
    centre_x, centre_y = b["left"] + b["width"] / 2, b["top"] + b["height"] / 2
    if b["spot"] == "below":
        return abs(centre_x - b["cx"]) <= 1 and abs(b["top"] - (b["cy"] + b["r"] + gap)) <= 1
    if b["spot"] == "above":
        return abs(centre_x - b["cx"]) <= 1 and abs(b["top"] + b["height"] - (b["cy"] - b["r"] - gap)) <= 1
    if b["spot"] == "right":
        return abs(centre_y - b["cy"]) <= 1 and abs(b["left"] - (b["cx"] + b["r"] + gap)) <= 1
    return abs(centre_y - b["cy"]) <= 1 and abs(b["left"] + b["width"] - (b["cx"] - b["r"] - gap)) <= 1
