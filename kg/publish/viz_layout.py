"""A cheap, deterministic starting layout for the network page.

Each connected component is drawn as nested bubbles along a breadth-first tree from its best-connected
node: a node's leaf neighbours sit in a sunflower disc around it (enterprises around their park,
recipients around their award), and its other children sit, each in its own bubble, on a ring outside
that disc (villages and parks around their town). Components are packed in rows, largest first. The cost is linear in nodes and edges
(networkx ``spring_layout`` takes minutes at 10k nodes), and the browser physics — if any — starts
from an almost settled picture.
"""

from __future__ import annotations

import math
from typing import Any

#: Smallest ring radius, gap between neighbouring bubbles, and spacing of the sunflower discs of leaves
#: (vis-network canvas units).
RING_GAP = 160.0
NODE_GAP = 60.0
SPIRAL_STEP = 45.0
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _component_layout(adj: dict[str, list[str]], nodes: list[str]) -> tuple[dict[str, tuple[float, float]], float]:
    root = min(nodes, key=lambda n: (-len(adj[n]), n))
    parent: dict[str, str | None] = {root: None}
    order = [root]
    children: dict[str, list[str]] = {n: [] for n in nodes}
    head = 0
    while head < len(order):
        u = order[head]
        head += 1
        for v in adj[u]:
            if v not in parent:
                parent[v] = u
                children[u].append(v)
                order.append(v)
    # Bottom-up: each node's bubble holds its leaf children in a sunflower disc around it and the bubbles
    # of its other children on a ring outside that disc.
    radius: dict[str, float] = {}
    ring: dict[str, float] = {}
    for n in reversed(order):
        leaves = [c for c in children[n] if not children[c]]
        inner = SPIRAL_STEP * math.sqrt(len(leaves)) if leaves else 0.0
        subs = [c for c in children[n] if children[c]]
        if subs:
            widest = max(radius[c] for c in subs)
            around = sum(2 * radius[c] + NODE_GAP for c in subs) / (2 * math.pi)
            ring[n] = max(inner + widest + NODE_GAP, around, RING_GAP)
            radius[n] = ring[n] + widest
        else:
            ring[n] = 0.0
            radius[n] = inner + NODE_GAP / 2
    pos: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    for n in order:
        x, y = pos[n]
        k = 0
        subs = [c for c in children[n] if children[c]]
        total = sum(2 * radius[c] + NODE_GAP for c in subs)
        angle = 0.0
        for c in children[n]:
            if children[c]:
                share = (2 * radius[c] + NODE_GAP) / total * 2 * math.pi
                mid = angle + share / 2
                pos[c] = (x + ring[n] * math.cos(mid), y + ring[n] * math.sin(mid))
                angle += share
            else:
                r = SPIRAL_STEP * math.sqrt(k + 0.5)
                pos[c] = (x + r * math.cos(k * _GOLDEN), y + r * math.sin(k * _GOLDEN))
                k += 1
    return pos, radius[root] + NODE_GAP


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
