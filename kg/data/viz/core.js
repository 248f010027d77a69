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
    place: place, fit: fit, shownIds: shownIds, MARGIN: MARGIN, on: on, emit: emit, nodeTags: nodeTags, edgeTags: edgeTags
  };
})();
