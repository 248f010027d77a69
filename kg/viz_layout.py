"""A cheap, deterministic starting layout for the network page.

Each connected component is drawn as rings around its best-connected node: breadth-first depth gives
the ring, and every node gets an angle sector proportional to the size of its breadth-first subtree,
so places sit around their town and projects around their park. Rings widen so that their nodes keep
a fixed spacing. Components are packed in rows, largest first. The cost is linear in nodes and edges
(networkx ``spring_layout`` takes minutes at 10k nodes), and the browser physics — if any — starts
from an almost settled picture.
"""

from __future__ import annotations

import math
from typing import Any

#: Distance between rings and between neighbouring nodes on a ring (vis-network canvas units).
RING_GAP = 140.0
NODE_GAP = 60.0


def _component_layout(adj: dict[str, list[str]], nodes: list[str]) -> tuple[dict[str, tuple[float, float]], float]:
    root = min(nodes, key=lambda n: (-len(adj[n]), n))
    parent: dict[str, str | None] = {root: None}
    order = [root]
    depth = {root: 0}
    children: dict[str, list[str]] = {n: [] for n in nodes}
    head = 0
    while head < len(order):
        u = order[head]
        head += 1
        for v in adj[u]:
            if v not in parent:
                parent[v] = u
                depth[v] = depth[u] + 1
                children[u].append(v)
                order.append(v)
    weight = {n: 1 for n in nodes}
    for n in reversed(order):
        p = parent[n]
        if p is not None:
            weight[p] += weight[n]
    per_ring: dict[int, int] = {}
    for n in nodes:
        per_ring[depth[n]] = per_ring.get(depth[n], 0) + 1
    radius = {0: 0.0}
    for d in range(1, max(per_ring) + 1):
        radius[d] = max(radius[d - 1] + RING_GAP, per_ring[d] * NODE_GAP / (2 * math.pi))
    pos: dict[str, tuple[float, float]] = {}
    sector: dict[str, tuple[float, float]] = {root: (0.0, 2 * math.pi)}
    for n in order:
        lo, hi = sector[n]
        r = radius[depth[n]]
        mid = (lo + hi) / 2
        pos[n] = (r * math.cos(mid), r * math.sin(mid))
        total = weight[n] - 1
        start = lo
        for c in children[n]:
            span = (hi - lo) * weight[c] / total
            sector[c] = (start, start + span)
            start += span
    return pos, radius[max(per_ring)] + NODE_GAP


def ring_layout(g: Any) -> dict[str, tuple[int, int]]:
    """Positions for every node of a networkx graph (directions ignored), rounded to whole units.

    Args:
        g: any networkx graph whose node keys are strings.

    Returns:
        node → (x, y); the same graph always gives the same positions.
    """
    adj: dict[str, list[str]] = {n: [] for n in g.nodes}
    for u, v in g.edges():
        if u != v:
            adj[u].append(v)
            adj[v].append(u)
    for n in adj:
        adj[n] = sorted(set(adj[n]))
    seen: set[str] = set()
    components: list[list[str]] = []
    for n in sorted(adj):
        if n in seen:
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
        components.append(sorted(comp))
    components.sort(key=lambda c: (-len(c), c[0]))
    laid = [_component_layout(adj, comp) for comp in components]
    # Shelf packing: rows of discs, each row about as wide as the biggest disc (at least a few discs).
    row_width = max((2 * r for _, r in laid), default=0.0)
    row_width = max(row_width, math.sqrt(sum((2 * r) ** 2 for _, r in laid)))
    out: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for pos, r in laid:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + r, y + r
        for n, (px, py) in pos.items():
            out[n] = (round(cx + px), round(cy + py))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return out
