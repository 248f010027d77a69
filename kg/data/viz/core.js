// The kg network page, part 1 of 4: the data, the vis-network instance and the state shared by the other
// parts through window.kgViz. Text from the data only ever reaches the page through textContent or as
// plain-text vis-network titles, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var info = data.info;
  var count = info.length;
  var shapes = {};
  data.classes.forEach(function (c) { shapes[c.name] = c.shape; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Same folding as kg.publish.viz_graph.search_key: lowercase, no tone marks, no spaces/hyphens/apostrophes, v → u.
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[\s\-'’·]/g, "").normalize("NFC").replace(/v/g, "u");
  }

  // ---- the graph: edge lists per node, neighbours, documents and years of nodes and edges
  var incident = [];
  for (var i = 0; i < count; i++) incident.push([]);
  data.edges.forEach(function (e, k) {
    incident[e[0]].push(k);
    if (e[1] !== e[0]) incident[e[1]].push(k);
  });
  var neighbourCache = [];
  function neighbours(i) {
    if (!neighbourCache[i]) {
      var seen = {}, out = [];
      incident[i].forEach(function (k) {
        var e = data.edges[k], j = e[0] === i ? e[1] : e[0];
        if (j !== i && !seen[j]) { seen[j] = true; out.push(j); }
      });
      neighbourCache[i] = out.sort(function (a, b) { return a - b; });
    }
    return neighbourCache[i];
  }
  function tagsOf(sentences) {
    var docs = {}, years = {};
    sentences.forEach(function (sid) {
      docs[sid.split("#")[0]] = true;
      var y = data.sentenceYear[sid];
      if (y) years[y] = true;
    });
    return { docs: docs, years: years };
  }
  var nodeTags = info.map(function (n) { return tagsOf(n.sentences); });
  var edgeTags = data.edges.map(function (e) { return tagsOf(e[3]); });
  var isolated = info.map(function (_, i) { return neighbours(i).length === 0; });

  // ---- what is shown: filters (class, document, year, unconnected) and the view (all, or an explored set)
  var state = {
    mode: data.view.mode, shown: new Set(data.view.nodes || []), hiddenClasses: {}, doc: "", year: "",
    showUnconnected: true, selected: null, pinned: [], path: null
  };
  function passes(i) {
    if (state.hiddenClasses[info[i].cls]) return false;
    if (!state.showUnconnected && isolated[i]) return false;
    if (state.doc && !nodeTags[i].docs[state.doc]) return false;
    if (state.year && !nodeTags[i].years[state.year]) return false;
    return true;
  }
  function visible(i) { return passes(i) && (state.mode === "all" || state.shown.has(i)); }
  function edgeVisible(k) {
    var e = data.edges[k];
    if (!visible(e[0]) || !visible(e[1])) return false;
    if (e[3].length && state.doc && !edgeTags[k].docs[state.doc]) return false;
    if (e[3].length && state.year && !edgeTags[k].years[state.year]) return false;
    return true;
  }

  // ---- positions: the precomputed layout, or the explored view's own
  var home = { x: data.x, y: data.y };
  var pos = { x: data.x.slice(), y: data.y.slice() };
  if (state.mode === "explore") {
    data.view.nodes.forEach(function (i, k) { pos.x[i] = data.view.x[k]; pos.y[i] = data.view.y[k]; });
  }

  function relationText(rel) { return data.relations[rel] || rel; }
  function name(i) { return info[i].labels["zh-Hans"]; }
  function tooltip(i) {
    var n = info[i], parts = [(data.classNames[n.cls] || n.cls) + " " + n.cls];
    ["zh-Hans", "zh-Hant", "zh-Latn-pinyin", "en"].forEach(function (k) { if (n.labels[k]) parts.push(n.labels[k]); });
    return parts.join(" · ");
  }

  var hiddenNode = [], hiddenEdge = [];
  var visNodes = info.map(function (n, i) {
    hiddenNode.push(!visible(i));
    return { id: i, x: pos.x[i], y: pos.y[i], group: n.cls, shape: shapes[n.cls] || "dot", size: data.size[i],
             title: tooltip(i), hidden: hiddenNode[i] };
  });
  var visEdges = data.edges.map(function (e, k) {
    hiddenEdge.push(!edgeVisible(k));
    return { id: k, from: e[0], to: e[1], title: relationText(e[2]), hidden: hiddenEdge[k] };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);

  // ---- large graphs: vis-network draws each node on its own (two saves, a path, a fill and a stroke), which
  // at 5,000 nodes takes most of a frame. Above data.batch nodes the plain (not selected, not hovered) nodes
  // are drawn as one path per shape and colour; their hit boxes are kept as vis-network keeps them, and
  // selected or hovered nodes are still drawn by vis-network itself.
  // Polygons end with a line back to their first corner (closePath on a long Path2D is slow in Chromium).
  function polygon(p, pts) {
    p.moveTo(pts[0], pts[1]);
    for (var k = 2; k < pts.length; k += 2) p.lineTo(pts[k], pts[k + 1]);
    p.lineTo(pts[0], pts[1]);
  }
  var PATHS = {
    dot: function (p, x, y, r) { p.moveTo(x + r, y); p.arc(x, y, r, 0, 2 * Math.PI); },
    square: function (p, x, y, r) { p.rect(x - r, y - r, 2 * r, 2 * r); },
    diamond: function (p, x, y, r) { polygon(p, [x, y + r, x + r, y, x, y - r, x - r, y]); },
    hexagon: function (p, x, y, r) {
      var pts = [];
      for (var k = 0; k < 6; k++) pts.push(x + r * Math.cos(k * Math.PI / 3), y + r * Math.sin(k * Math.PI / 3));
      polygon(p, pts);
    },
    star: function (p, x, y, r) {  // ten points, outer and inner radius 1.3 and 0.5 of 0.82 r, a little low
      var q = 0.82 * r, cy = y + 0.1 * q, pts = [];
      for (var k = 0; k < 10; k++) {
        var d = k % 2 ? 0.5 * q : 1.3 * q, a = k * Math.PI / 5;
        pts.push(x + d * Math.sin(a), cy - d * Math.cos(a));
      }
      polygon(p, pts);
    },
    triangle: function (p, x, y, r) { triangle(p, x, y, r, 1); },
    triangleDown: function (p, x, y, r) { triangle(p, x, y, r, -1); }
  };
  function triangle(p, x, y, r, up) {  // side 2.3 r, centre lowered (raised) by 0.275 of 1.15 r
    var side = 2.3 * r, half = side / 2, low = Math.sqrt(3) / 6 * side, high = Math.sqrt(side * side - half * half) - low;
    var cy = y + up * 0.275 * 1.15 * r;
    polygon(p, [x, cy - up * high, x + half, cy + up * low, x - half, cy + up * low]);
  }
  // Below this radius on screen (pixels) a node is a speck: filled, with no border.
  var SPECK = 2.5;
  var batched = Boolean(data.batch && count > data.batch);
  if (batched) {
    network.renderer._drawNodes = function (ctx, alwaysShow) {
      var all = this.body.nodes, ids = this.body.nodeIndices, later = [], batches = {}, keys = [];
      var canvas = this.canvas.frame.canvas, m = 20, scale = this.body.view.scale;
      var tl = this.canvas.DOMtoCanvas({ x: -m, y: -m });
      var br = this.canvas.DOMtoCanvas({ x: canvas.clientWidth + m, y: canvas.clientHeight + m });
      for (var k = 0; k < ids.length; k++) {
        var node = all[ids[k]], o = node.options, draw = PATHS[o.shape];
        if (node.hover || node.selected || !draw) { later.push(node); continue; }
        var sh = node.shape, r = o.size, x = node.x, y = node.y, box = sh.boundingBox;
        // the boxes vis-network reads for clicks, as its own drawing would leave them
        sh.width = sh.height = 2 * r;
        sh.left = box.left = x - r;
        sh.top = box.top = y - r;
        box.right = x + r;
        box.bottom = y + r;
        if (alwaysShow !== true && (box.right < tl.x || box.left > br.x || box.bottom < tl.y || box.top > br.y)) continue;
        var line = r * scale >= SPECK && o.borderWidth > 0;
        var key = o.shape + " " + o.color.background + " " + (line ? o.color.border : ""), b = batches[key];
        if (!b) {
          b = batches[key] = { path: new Path2D(), fill: o.color.background, line: line ? o.color.border : null, width: o.borderWidth };
          keys.push(key);
        }
        draw(b.path, x, y, r);
      }
      keys.forEach(function (key) {
        var b = batches[key];
        ctx.fillStyle = b.fill;
        ctx.fill(b.path);
        if (b.line) { ctx.lineWidth = b.width / scale; ctx.strokeStyle = b.line; ctx.stroke(b.path); }
      });
      later.forEach(function (node) { node.draw(ctx); });
      return { drawExternalLabels: function () {} };
    };
  }

  var handlers = {};
  function on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); }
  function emit(event, arg) { (handlers[event] || []).forEach(function (fn) { fn(arg); }); }

  // Apply the filters and the view to vis-network (only what changed), then tell the other parts.
  function refresh() {
    var nu = [], eu = [];
    for (var i = 0; i < count; i++) {
      var h = !visible(i);
      if (h !== hiddenNode[i]) { hiddenNode[i] = h; nu.push({ id: i, hidden: h }); }
    }
    for (var k = 0; k < data.edges.length; k++) {
      var he = !edgeVisible(k);
      if (he !== hiddenEdge[k]) { hiddenEdge[k] = he; eu.push({ id: k, hidden: he }); }
    }
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    emit("refresh");
  }

  // Move nodes to pos[] in vis-network.
  function place(ids) {
    nodes.update(ids.map(function (i) { return { id: i, x: pos.x[i], y: pos.y[i] }; }));
    emit("moved");
  }

  function shownIds() {
    var out = [];
    for (var i = 0; i < count; i++) if (!hiddenNode[i]) out.push(i);
    return out;
  }

  // Room kept around the drawing for labels, in pixels (labels do not reach beyond it).
  var MARGIN = { x: 72, top: 28, bottom: 28 };

  // Show the nodes `ids` (default: all shown) as large as they fit, with room for their labels, beside the
  // details panel when it is open.
  function fit(ids) {
    ids = (ids || shownIds()).filter(function (i) { return !hiddenNode[i]; });
    if (!ids.length) return;
    var minx = Infinity, maxx = -Infinity, miny = Infinity, maxy = -Infinity;
    ids.forEach(function (i) {
      var r = data.size[i];
      minx = Math.min(minx, pos.x[i] - r); maxx = Math.max(maxx, pos.x[i] + r);
      miny = Math.min(miny, pos.y[i] - r); maxy = Math.max(maxy, pos.y[i] + r);
    });
    var canvas = network.canvas.frame.canvas, W = canvas.clientWidth, H = canvas.clientHeight;
    var details = document.getElementById("details");
    var panel = details && !details.hidden ? details.offsetWidth + 16 : 0;
    var padX = MARGIN.x + 8, padTop = MARGIN.top + 8, padBottom = MARGIN.bottom + 8;
    var availW = Math.max(100, W - panel - 2 * padX), availH = Math.max(100, H - padTop - padBottom);
    var scale = Math.min(availW / Math.max(1, maxx - minx), availH / Math.max(1, maxy - miny), 1.2);
    var x = (minx + maxx) / 2 - ((W - panel) / 2 - W / 2) / scale;
    var y = (miny + maxy) / 2 - (padTop + availH / 2 - H / 2) / scale;
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
    emit("zoomed");
  }

  window.kgViz = {
    data: data, info: info, network: network, nodes: nodes, edges: edges, state: state, pos: pos, home: home,
    el: el, fold: fold, neighbours: neighbours, incident: incident, isolated: isolated, passes: passes,
    visible: visible, edgeVisible: edgeVisible, relationText: relationText, name: name, refresh: refresh,
    place: place, fit: fit, shownIds: shownIds, MARGIN: MARGIN, batched: batched, on: on, emit: emit, nodeTags: nodeTags, edgeTags: edgeTags
  };
})();
