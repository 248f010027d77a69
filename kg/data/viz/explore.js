// The kg network page, part 3 of 4: exploring. A focused view shows one entity and its neighbours and grows
// by double-clicks (each adds the neighbours of the node clicked, on rings around it, away from what is
// already there); "show all" goes back to the whole network at its precomputed layout. Shortest paths are
// found over the entities the filters keep (breadth-first, so the same page always gives the same path),
// drawn, and listed with the sentences behind each link. The selected node's links get their names.
(function () {
  "use strict";
  var K = window.kgViz, network = K.network, data = K.data, state = K.state, pos = K.pos;
  var SPACING = 95, FIRST_RING = 170;
  var EDGE_LABELS = 20;  // a selected node with more links lists them in the details panel only

  function rankOrder(ids) {
    var at = {};
    data.rank.forEach(function (i, k) { at[i] = k; });
    return ids.slice().sort(function (a, b) { return at[a] - at[b]; });
  }

  // Put `ids` on rings around node c, nearest first to the direction pointing away from the other shown nodes.
  function placeAround(c, ids) {
    if (!ids.length) return;
    var cx = pos.x[c], cy = pos.y[c], taken = [], mx = 0, my = 0, others = 0;
    state.shown.forEach(function (j) {
      if (ids.indexOf(j) >= 0 || !K.passes(j)) return;
      taken.push([pos.x[j], pos.y[j]]);
      if (j !== c) { mx += pos.x[j]; my += pos.y[j]; others++; }
    });
    var dir = Math.PI / 2, spread = !others;
    if (others) {
      mx /= others; my /= others;
      if (Math.abs(cx - mx) + Math.abs(cy - my) > 1) dir = Math.atan2(cy - my, cx - mx);
      else spread = true;
    }
    function free(x, y) {
      for (var k = 0; k < taken.length; k++) {
        var dx = taken[k][0] - x, dy = taken[k][1] - y;
        if (dx * dx + dy * dy < SPACING * SPACING * 0.8) return false;
      }
      return true;
    }
    var k = 0, r = FIRST_RING, rounds = 0;
    while (k < ids.length && rounds < 200) {
      var capacity = Math.max(1, Math.floor(2 * Math.PI * r / SPACING));
      var step = 2 * Math.PI / (spread ? Math.min(capacity, ids.length - k) : capacity);
      for (var t = 0; t < capacity && k < ids.length; t++) {
        var a = spread ? dir + t * step : dir + (t % 2 ? 1 : -1) * Math.ceil(t / 2) * step;
        var x = cx + r * Math.cos(a), y = cy + r * Math.sin(a);
        if (!free(x, y)) continue;
        pos.x[ids[k]] = Math.round(x);
        pos.y[ids[k]] = Math.round(y);
        taken.push([x, y]);
        k++;
      }
      r += SPACING * 0.85;
      rounds++;
    }
  }

  // Show the hidden neighbours of node i; returns how many were added.
  function expand(i) {
    if (state.mode !== "explore") return explore(i);
    var add = rankOrder(K.neighbours(i).filter(function (j) { return K.passes(j) && !state.shown.has(j); }));
    if (!state.shown.has(i)) state.shown.add(i);
    return showAround(i, add);
  }

  // A focused view of node i and its neighbours.
  function explore(i) {
    state.mode = "explore";
    state.shown = new Set([i]);
    var add = rankOrder(K.neighbours(i).filter(function (j) { return K.passes(j); }));
    return showAround(i, add);
  }

  // Show the nodes `add` around node i and fit the view to what is shown; returns how many were added.
  function showAround(i, add) {
    placeAround(i, add);
    add.forEach(function (j) { state.shown.add(j); });
    K.place(add);
    K.refresh();
    K.fit();
    K.emit("view");
    return add.length;
  }

  // The whole network again, every node at its precomputed place.
  function showAll() {
    var moved = [];
    for (var i = 0; i < pos.x.length; i++) {
      if (pos.x[i] !== K.home.x[i] || pos.y[i] !== K.home.y[i]) {
        pos.x[i] = K.home.x[i];
        pos.y[i] = K.home.y[i];
        moved.push(i);
      }
    }
    state.mode = "all";
    state.shown = new Set();
    if (moved.length) K.place(moved);
    K.refresh();
    K.fit();
    K.emit("view");
  }

  // ---- shortest path over the entities the filters keep (links in either direction)
  function usable(k) {
    var e = data.edges[k];
    if (!K.passes(e[0]) || !K.passes(e[1])) return false;
    if (e[3].length && state.doc && !K.edgeTags[k].docs[state.doc]) return false;
    if (e[3].length && state.year && !K.edgeTags[k].years[state.year]) return false;
    return true;
  }
  function shortestPath(a, b) {
    if (!K.passes(a) || !K.passes(b)) return null;
    var prev = {}, queue = [a], head = 0;
    prev[a] = null;
    while (head < queue.length) {
      var u = queue[head++];
      if (u === b) break;
      var steps = K.incident[u].map(function (k) { var e = data.edges[k]; return [e[0] === u ? e[1] : e[0], k]; })
        .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      for (var s = 0; s < steps.length; s++) {
        var v = steps[s][0];
        if (v in prev || !usable(steps[s][1])) continue;
        prev[v] = [u, steps[s][1]];
        queue.push(v);
      }
    }
    if (!(b in prev)) return null;
    var nodes = [b], links = [];
    for (var at = b; prev[at] !== null; at = prev[at][0]) {
      links.unshift(prev[at][1]);
      nodes.unshift(prev[at][0]);
    }
    return { nodes: nodes, edges: links };
  }

  var styled = {};  // edge id → true while it carries a label or the path style
  var arrows = data.options.edges.arrows.to.enabled;  // off by default on large graphs
  function restyle(want) {
    var scale = network.getScale(), upd = [];
    Object.keys(styled).forEach(function (k) {
      if (!want[k]) {
        upd.push({ id: Number(k), label: " ", width: 1, color: { color: "#a8a8a8" }, font: { size: 1 },
                   arrows: { to: { enabled: arrows } } });
        delete styled[k];
      }
    });
    Object.keys(want).forEach(function (k) {
      var onPath = want[k] === "path", e = data.edges[k];
      upd.push({ id: Number(k), label: K.relationText(e[2]), font: { size: Math.max(4, 12 / scale) },
                 width: onPath ? 4 : 1, arrows: { to: { enabled: true } },
                 color: { color: onPath ? "#d62728" : "#a8a8a8", highlight: onPath ? "#d62728" : "#333" } });
      styled[k] = true;
    });
    if (upd.length) K.edges.update(upd);
  }
  function styleEdges() {
    var want = {};
    if (state.path) state.path.edges.forEach(function (k) { want[k] = "path"; });
    if (state.selected !== null) {
      var links = K.incident[state.selected].filter(function (k) { return K.edgeVisible(k) && !want[k]; });
      if (links.length <= EDGE_LABELS) links.forEach(function (k) { want[k] = "selected"; });
    }
    restyle(want);
  }

  function showPath(a, b) {
    var found = shortestPath(a, b);
    state.path = found;
    if (!found) { styleEdges(); K.emit("path", null); return null; }
    if (state.mode === "explore") {
      var added = [];
      found.nodes.forEach(function (i, k) {
        if (state.shown.has(i)) return;
        if (k > 0) placeAround(found.nodes[k - 1], [i]);
        state.shown.add(i);
        added.push(i);
      });
      K.place(added);
    }
    state.pinned = found.nodes.slice();
    K.refresh();
    styleEdges();
    K.fit(found.nodes);
    K.emit("pinned");
    K.emit("path", found);
    return found;
  }
  function clearPath() {
    state.path = null;
    state.pinned = [];
    styleEdges();
    K.emit("pinned");
    K.emit("path", null);
  }

  function select(i) {
    state.selected = i;
    var pins = state.path ? state.path.nodes.slice() : [];
    if (i !== null) {
      pins.unshift(i);
      K.neighbours(i).forEach(function (j) { if (K.visible(j)) pins.push(j); });
    }
    state.pinned = pins;
    styleEdges();
    K.emit("pinned");
  }

  function rescaleEdgeLabels() {
    if (Object.keys(styled).length) {
      // keep link names readable: 12 px on screen whatever the zoom
      var size = Math.max(4, 12 / network.getScale()), upd = [];
      Object.keys(styled).forEach(function (k) { upd.push({ id: Number(k), font: { size: size } }); });
      K.edges.update(upd);
    }
  }
  network.on("zoom", rescaleEdgeLabels);
  K.on("zoomed", rescaleEdgeLabels);
  K.on("refresh", function () { if (state.selected !== null && !K.visible(state.selected)) select(null); else styleEdges(); });

  K.explore = explore;
  K.expand = expand;
  K.showAll = showAll;
  K.shortestPath = shortestPath;
  K.showPath = showPath;
  K.clearPath = clearPath;
  K.selectNode = select;
  K.placeAround = placeAround;
})();
