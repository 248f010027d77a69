"""A precomputed, deterministic layout that shows the structure the graph states.

The backbone of each connected component is a spanning tree that takes the strongest links first: the
``backbone`` relations of ``kg/data/viz/labels.json`` (``containedIn``, ``phaseOf``, ``location``,
``affiliation`` — the subject belongs to the object), then its ``affinity`` relations (honours,
participation), then any other link. So places hang from the places that contain them, enterprises and
projects from their park or village, people from their body and recipients from their award; everything
else sits next to the entity it is linked to most strongly. As relations are added to the graph, the tree
follows them.

The tree is rooted at its centroid (the node whose removal leaves the smallest largest part, or the focus
of a focused view) and drawn as nested bubbles: a node's leaf children sit on rings around it, its other
children each in their own bubble on a ring outside those, the whole spread facing away from the node's
parent. Siblings are ordered by community (soft groups), class and importance. The component is turned so
that what contains its root is at the top (town → district → city → province reads upwards). Components
are packed together, largest first, to suit a landscape screen, and the entities linked to nothing are
gathered in rows by class in one box below them.

The cost is linear in nodes and edges plus a sort (``networkx.spring_layout`` takes minutes at 10k nodes).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping

#: Gap between sibling bubbles, smallest ring of subtrees, spacing of leaves on their rings and radius of the
#: first leaf ring (vis-network canvas units).
NODE_GAP = 40.0
RING_GAP = 160.0
LEAF_GAP = 52.0
LEAF_RING = 70.0
#: Grid cell of the box of unconnected entities, and the space between drawings.
CELL = (170.0, 80.0)
MARGIN = 120.0
#: Width ÷ height of the screen the packing aims for.
ASPECT = 1.45
#: Above this many components, packing uses plain rows (its cost grows with the square of the count).
SKYLINE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Layout:
    """Where every node goes.

    Attributes:
        positions: node → (x, y), whole canvas units (y grows downwards).
        box: ``(left, top, width, height)`` of the box of unconnected entities, or ``None`` without any.
        unconnected: the nodes in that box, in box order.
        root: node → the root of its component's tree (the node itself when unconnected).
    """

    positions: dict[str, tuple[int, int]]
    box: tuple[int, int, int, int] | None
    unconnected: tuple[str, ...]
    root: dict[str, str]


class _Tree:
    """A rooted spanning tree of one component, and its drawing relative to the root."""

    def __init__(self, nodes: list[str], adj: dict[str, dict[str, float]], order_key, root: str,
                 tree_adj: dict[str, list[str]]) -> None:
        self.root = root
        self.parent: dict[str, str | None] = {root: None}
        self.order = [root]
        self.children: dict[str, list[str]] = {n: [] for n in nodes}
        head = 0
        while head < len(self.order):
            u = self.order[head]
            head += 1
            for v in tree_adj[u]:
                if v not in self.parent:
                    self.parent[v] = u
                    self.children[u].append(v)
                    self.order.append(v)
        for n in nodes:
            self.children[n].sort(key=order_key)

    def draw(self, size: Mapping[str, float]) -> dict[str, tuple[float, float]]:
        """Positions relative to the root. Each subtree is first drawn in its own frame (its root at the origin,
        pointing along +x, away from its parent), and its bounding box there decides how far out and how wide
        a sector it needs around its parent."""
        children = self.children
        box: dict[str, tuple[float, float, float, float]] = {}  # xmin, xmax, ymin, ymax in the node's frame
        local: dict[str, tuple[float, float]] = {}  # (angle, distance) of a child in its parent's frame
        for n in reversed(self.order):
            own = size.get(n, 10.0)
            leaves = [c for c in children[n] if not children[c]]
            subs = [c for c in children[n] if children[c]]
            points = [(-own, -own), (own, own)]
            k = 0
            for r, used, capacity in _leaf_rings(len(leaves), own):
                step = 2 * math.pi / capacity
                for j in range(used):
                    a = (j - (used - 1) / 2) * step
                    local[leaves[k]] = (a, r)
                    m = size.get(leaves[k], 10.0) + LEAF_GAP / 4
                    x, y = r * math.cos(a), r * math.sin(a)
                    points += [(x - m, y - m), (x + m, y + m)]
                    k += 1
            inner = max(math.hypot(x, y) for x, y in points)
            if subs:
                reserve = _reserve(len(subs)) if self.parent[n] is not None else 0.0
                base = {c: inner + NODE_GAP / 2 - box[c][0] for c in subs}
                t = _push_out(base, {c: box[c] for c in subs}, 2 * math.pi - reserve)
                spans = {c: _sector(box[c], base[c] + t) for c in subs}
                used_angle = sum(hi - lo + _gap(base[c] + t, box[c]) for c, (lo, hi) in spans.items())
                slack = (2 * math.pi - reserve - used_angle) / len(subs)
                angle = math.pi + reserve / 2
                for c in subs:
                    lo, hi = spans[c]
                    d = base[c] + t
                    half = _gap(d, box[c]) / 2 + slack / 2
                    phi = angle + half - lo
                    local[c] = (phi, d)
                    angle = phi + hi + half
                    x0, x1, y0, y1 = box[c]
                    cs, sn = math.cos(phi), math.sin(phi)
                    for cx, cy in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
                        points.append(((d + cx) * cs - cy * sn, (d + cx) * sn + cy * cs))
            box[n] = (min(x for x, _ in points), max(x for x, _ in points),
                      min(y for _, y in points), max(y for _, y in points))
        pos: dict[str, tuple[float, float]] = {self.root: (0.0, 0.0)}
        heading: dict[str, float] = {self.root: math.pi / 2}  # the root's "parent" is up, so it faces down
        for n in self.order:
            x, y = pos[n]
            for c in children[n]:
                phi, d = local[c]
                a = heading[n] + phi
                pos[c] = (x + d * math.cos(a), y + d * math.sin(a))
                heading[c] = a
        return pos


def _sector(box: tuple[float, float, float, float], d: float) -> tuple[float, float]:
    """The angles (low, high) a box of a child's frame takes, seen from its parent ``d`` away along +x."""
    x0, x1, y0, y1 = box
    angles = [math.atan2(y, d + x) for x in (x0, x1) for y in (y0, y1)]
    return min(angles), max(angles)


def _gap(d: float, box: tuple[float, float, float, float]) -> float:
    """The angle of ``NODE_GAP`` at the near side of a child's box."""
    return NODE_GAP / max(1.0, d + box[0])


def _push_out(base: Mapping[str, float], boxes: Mapping[str, tuple[float, float, float, float]],
              free: float) -> float:
    """The smallest distance to add to every ``base`` distance so that the children's sectors fit in ``free``."""
    def need(t: float) -> float:
        total = 0.0
        for c, b in boxes.items():
            lo, hi = _sector(b, base[c] + t)
            total += hi - lo + _gap(base[c] + t, b)
        return total

    if need(0.0) <= free:
        return 0.0
    lo, hi = 0.0, max(max(b[1] - b[0], b[3] - b[2]) for b in boxes.values())
    while need(hi) > free:
        lo, hi = hi, hi * 2
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if need(mid) <= free else (mid, hi)
    return hi


def _reserve(subtrees: int) -> float:
    """The angle left free around the edge to a node's parent."""
    return min(math.pi / 3, 2 * math.pi / (subtrees + 2))


def _leaf_rings(count: int, own: float) -> list[tuple[float, int, int]]:
    """(radius, leaves on it, leaves it could hold) for ``count`` leaves on rings around a node of radius ``own``:
    the first ring just clear of the node when it holds them all, else at ``LEAF_RING``."""
    rings = []
    r = max(own + LEAF_GAP / 2, min(LEAF_RING, count * LEAF_GAP / (2 * math.pi)))
    while count > 0:
        capacity = max(1, int(2 * math.pi * r / LEAF_GAP))
        rings.append((r, min(capacity, count), capacity))
        count -= capacity
        r += LEAF_GAP
    return rings


def _components(adj: dict[str, dict[str, float]]) -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for n in sorted(adj):
        if n in seen or not adj[n]:
            continue
        comp, stack = [], [n]
        seen.add(n)
        while stack:
            u = stack.pop()
            comp.append(u)
            for v in adj[u]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        out.append(sorted(comp))
    return out


def _spanning_forest(adj: dict[str, dict[str, float]], importance: Mapping[str, float]) -> dict[str, list[str]]:
    """Maximum spanning forest (Kruskal): strongest links first, then links to more important nodes."""
    edges = sorted(((u, v, w) for u in adj for v, w in adj[u].items() if u < v),
                   key=lambda e: (-e[2], -max(importance.get(e[0], 0), importance.get(e[1], 0)),
                                  -min(importance.get(e[0], 0), importance.get(e[1], 0)), e[0], e[1]))
    parent = {n: n for n in adj}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    tree: dict[str, list[str]] = {n: [] for n in adj}
    for u, v, _w in edges:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
            tree[u].append(v)
            tree[v].append(u)
    for n in tree:
        tree[n].sort()
    return tree


def _centroid(nodes: list[str], tree: dict[str, list[str]], importance: Mapping[str, float]) -> str:
    start = nodes[0]
    parent = {start: None}
    order = [start]
    for u in order:
        for v in tree[u]:
            if v not in parent:
                parent[v] = u
                order.append(v)
    below = {n: 1 for n in nodes}
    biggest = {n: 0 for n in nodes}
    for n in reversed(order):
        p = parent[n]
        if p is not None:
            below[p] += below[n]
            biggest[p] = max(biggest[p], below[n])
    total = len(nodes)
    return min(nodes, key=lambda n: (max(biggest[n], total - below[n]), -importance.get(n, 0), n))


def _rotate(pos: dict[str, tuple[float, float]], angle: float) -> dict[str, tuple[float, float]]:
    c, s = math.cos(angle), math.sin(angle)
    return {n: (x * c - y * s, x * s + y * c) for n, (x, y) in pos.items()}


def _pack(boxes: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """Top-left corners for rectangles (w, h) in a strip ``width`` wide: each at the lowest free spot."""
    if len(boxes) > SKYLINE_LIMIT:
        return _rows(boxes, width)
    skyline = [(0.0, width, 0.0)]  # (x, w, y) segments, left to right
    out = []
    for w, h in boxes:
        best = None
        for i, (x, _sw, _y) in enumerate(skyline):
            if x + w > width + 1e-6 and x > 0:
                break
            top, j, right = 0.0, i, x + w
            while j < len(skyline) and skyline[j][0] < right - 1e-6:
                top = max(top, skyline[j][2])
                j += 1
            if best is None or (top, x) < (best[0], best[1]):
                best = (top, x)
        y, x = best  # type: ignore[misc]
        out.append((x, y))
        new = []
        for sx, sw, sy in skyline:
            if sx + sw <= x + 1e-6 or sx >= x + w - 1e-6:
                new.append((sx, sw, sy))
                continue
            if sx < x:
                new.append((sx, x - sx, sy))
            if sx + sw > x + w:
                new.append((x + w, sx + sw - x - w, sy))
        new.append((x, w, y + h))
        skyline = sorted(new)
    return out


def _rows(boxes: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    out = []
    x = y = row = 0.0
    for w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.append((x, y))
        x += w
        row = max(row, h)
    return out


def _extent(boxes: list[tuple[float, float]], corners: list[tuple[float, float]]) -> tuple[float, float]:
    right = max((x + w for (w, _h), (x, _y) in zip(boxes, corners)), default=0.0)
    bottom = max((y + h for (_w, h), (_x, y) in zip(boxes, corners)), default=0.0)
    return right, bottom


def _box_grid(count: int, width: float) -> tuple[int, int]:
    """Columns and rows of the unconnected box: as wide as the drawing, or wider when it would be tall."""
    cols = max(1, int(width // CELL[0]))
    need = max(1, math.ceil(math.sqrt(count * CELL[1] * ASPECT / CELL[0])))
    cols = min(count, max(cols, need))
    return cols, math.ceil(count / cols)


def structure_layout(g: Any, *, importance: Mapping[str, float] | None = None,
                     groups: Mapping[str, int] | None = None, root: str | None = None,
                     backbone: Mapping[str, float] | None = None, affinity: Mapping[str, float] | None = None,
                     class_order: Mapping[str, int] | None = None, size: Mapping[str, float] | None = None
                     ) -> Layout:
    """Positions for every node of a networkx graph, following its containment and other links.

    Args:
        g: a networkx graph keyed by strings; edge attribute ``rel`` (relation local name) and node attribute
            ``cls`` (class local name) are used when present.
        importance: node → weight; heavier nodes win ties and sit first among their siblings.
        groups: node → community number; siblings of one community sit together.
        root: the node to put at the centre of its component (the focus of a focused view).
        backbone: relation → strength for "the subject belongs to the object" relations.
        affinity: relation → strength for other relations worth keeping close (honours, participation).
        class_order: class → rank, for ordering siblings.
        size: node → radius on the canvas (leaves keep clear of it).

    Returns:
        A :class:`Layout`; the same graph and arguments always give the same positions.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("village", "town", rel="containedIn")
    >>> g.add_node("alone")
    >>> out = structure_layout(g, backbone={"containedIn": 5})
    >>> out.unconnected, out.positions["town"][1] < out.positions["village"][1]   # the town above
    (('alone',), True)
    """
    importance = importance or {}
    groups = groups or {}
    backbone = backbone or {}
    affinity = affinity or {}
    class_order = class_order or {}
    size = size or {}
    cls = {n: (g.nodes[n].get("cls") or "") for n in g.nodes}
    adj: dict[str, dict[str, float]] = {n: {} for n in g.nodes}
    up: dict[str, set[str]] = defaultdict(set)
    for u, v, rel in g.edges(data="rel"):
        if u == v:
            continue
        w = float(backbone.get(rel) or affinity.get(rel) or 1.0)
        adj[u][v] = max(adj[u].get(v, 0.0), w)
        adj[v][u] = max(adj[v].get(u, 0.0), w)
        if rel in backbone:
            up[u].add(v)
    tree = _spanning_forest(adj, importance)

    def order_key(n: str):
        return (groups.get(n, -1), class_order.get(cls[n], len(class_order)), -importance.get(n, 0), n)

    drawings = []
    roots: dict[str, str] = {}
    for comp in sorted(_components(adj), key=lambda c: (-len(c), c[0])):
        r = root if root in set(comp) else _centroid(comp, tree, importance)
        t = _Tree(comp, adj, order_key, r, tree)
        pos = t.draw(size)
        top = [c for c in t.children[r] if c in up[r]]
        if top:
            x, y = pos[top[0]]
            pos = _rotate(pos, -math.pi / 2 - math.atan2(y, x))
        drawings.append(pos)
        roots.update((n, r) for n in comp)
    boxes = []
    for pos in drawings:
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        boxes.append((max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + 2 * MARGIN))
    alone = sorted((n for n in g.nodes if not adj[n]),
                   key=lambda n: (class_order.get(cls[n], len(class_order)), -importance.get(n, 0), n))
    corners: list[tuple[float, float]] = []
    if boxes:
        widest = max(w for w, _ in boxes)
        total = sum(w * h for w, h in boxes)
        best = None
        for k in range(12):
            width = max(widest, math.sqrt(total * ASPECT) * (0.6 + 0.15 * k))
            trial = _pack(boxes, width)
            right, bottom = _extent(boxes, trial)
            if alone:
                cols, rows = _box_grid(len(alone), right)
                right, bottom = max(right, cols * CELL[0] + 2 * MARGIN), bottom + rows * CELL[1] + 2 * MARGIN
            score = max(right / ASPECT, bottom)  # the smaller, the larger the drawing on screen
            if best is None or score < best[0] - 1e-6:
                best = (score, trial)
        corners = best[1]  # type: ignore[index]
    out: dict[str, tuple[int, int]] = {}
    for pos, (w, h), (cx, cy) in zip(drawings, boxes, corners):
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        dx, dy = cx + MARGIN - min(xs), cy + MARGIN - min(ys)
        for n, (x, y) in pos.items():
            out[n] = (round(x + dx), round(y + dy))
    box = None
    if alone:
        right, bottom = _extent(boxes, corners)
        cols, rows = _box_grid(len(alone), right)
        width = cols * CELL[0]
        left = max(0.0, (right - width) / 2) if boxes else 0.0
        top = bottom + MARGIN / 2 if boxes else 0.0
        for i, n in enumerate(alone):
            r, c = divmod(i, cols)
            out[n] = (round(left + (c + 0.5) * CELL[0]), round(top + MARGIN / 2 + (r + 0.3) * CELL[1]))
            roots[n] = n
        box = (round(left - MARGIN / 4), round(top), round(width + MARGIN / 2), round(rows * CELL[1] + MARGIN / 2))
    return Layout(positions=out, box=box, unconnected=tuple(alone), root=roots)
