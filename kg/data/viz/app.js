// The kg network page, part 4 of 4: the side panel (search, view, path, filters, legend), the details panel
// and the mouse: a click shows a node's details and names its links, a double-click opens a focused view of
// the node's neighbours or, in a focused view, adds them.
(function () {
  "use strict";
  var K = window.kgViz, data = K.data, info = K.info, network = K.network, state = K.state, el = K.el;
  var body = document.body;
  var status = document.getElementById("status");
  var SVG = "http://www.w3.org/2000/svg";

  // ---- search: Simplified, Traditional, pinyin (tones and spaces ignored), English, aliases
  function find(query) {
    var q = K.fold(query);
    if (!q) return [];
    var exact = [], prefix = [], inner = [];
    for (var i = 0; i < info.length; i++) {
      var keys = info[i].keys, best = 3;
      for (var k = 0; k < keys.length; k++) {
        if (keys[k] === q) { best = 0; break; }
        if (best > 1 && keys[k].indexOf(q) === 0) best = 1;
        else if (best > 2 && keys[k].indexOf(q) > 0) best = 2;
      }
      if (best === 0) exact.push(i); else if (best === 1) prefix.push(i); else if (best === 2) inner.push(i);
    }
    return exact.concat(prefix, inner);
  }

  // An input with a list of matches under it; Enter or a click on a match calls pick(id).
  function picker(input, list, pick, keepList) {
    var current = [];
    function show() {
      current = find(input.value);
      list.textContent = "";
      current.slice(0, 20).forEach(function (id, pos) {
        var li = el("li", pos === 0 ? "active" : null, K.name(id));
        li.appendChild(el("small", null, data.classNames[info[id].cls] || info[id].cls));
        li.addEventListener("click", function () { if (!keepList) list.hidden = true; pick(id); });
        list.appendChild(li);
      });
      list.hidden = current.length === 0;
      if (input.value && !current.length) status.textContent = "没有找到 no match";
    }
    input.addEventListener("input", function () { delete input.dataset.id; show(); });
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      show();
      if (current.length) { if (!keepList) list.hidden = true; pick(current[0]); }
    });
    return function () { return current; };
  }

  function select(id) {
    if (!K.passes(id)) { status.textContent = "已被筛选隐藏 hidden by a filter: " + K.name(id); return; }
    if (!K.visible(id)) K.explore(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    K.selectNode(id);
    showDetails(id);
  }
  picker(document.getElementById("search"), document.getElementById("results"), select, true);

  // ---- status and view bar
  var modebar = document.getElementById("modebar");
  function updateStatus() {
    var n = 0, m = 0;
    for (var i = 0; i < info.length; i++) if (K.visible(i)) n++;
    for (var k = 0; k < data.edges.length; k++) if (K.edgeVisible(k)) m++;
    status.textContent = n + " 个节点 nodes · " + m + " 条关系 edges";
    modebar.hidden = state.mode !== "explore";
    document.getElementById("mode-text").textContent = "聚焦视图 Focused view — 双击节点展开 double-click a node to expand";
  }
  K.on("refresh", updateStatus);
  document.getElementById("show-all").addEventListener("click", function () { K.showAll(); });

  // ---- path between two entities
  var from = document.getElementById("path-from"), to = document.getElementById("path-to");
  function chosen(input, matches) {
    if (input.dataset.id !== undefined) return Number(input.dataset.id);
    var m = matches();
    return m.length ? m[0] : null;
  }
  function setEnd(input) {
    return function (id) { input.value = K.name(id); input.dataset.id = String(id); };
  }
  picker(from, document.getElementById("path-from-results"), setEnd(from));
  picker(to, document.getElementById("path-to-results"), setEnd(to));
  function findPath() {
    var a = chosen(from, function () { return find(from.value); });
    var b = chosen(to, function () { return find(to.value); });
    if (a === null || b === null) { status.textContent = "请给出两端 give both ends of the path"; return; }
    showPath(a, b, K.shortestPath(a, b));  // the panel first, so that the path is fitted beside it
    K.showPath(a, b);
  }
  document.getElementById("path-go").addEventListener("click", findPath);
  [from, to].forEach(function (input) {
    input.addEventListener("keydown", function (e) { if (e.key === "Enter" && from.value && to.value) findPath(); });
  });
  document.getElementById("path-clear").addEventListener("click", function () {
    K.clearPath();
    from.value = to.value = "";
    delete from.dataset.id;
    delete to.dataset.id;
    details.hidden = true;
  });

  // ---- filters: document, year, unconnected entities
  var docSelect = document.getElementById("filter-doc"), yearSelect = document.getElementById("filter-year");
  function option(select, value, text) { var o = el("option", null, text); o.value = value; select.appendChild(o); }
  option(docSelect, "", "全部文件 All documents (" + data.documents.length + ")");
  data.documents.forEach(function (d) { option(docSelect, d.id, (d.title || d.id) + (d.year ? " · " + d.year : "")); });
  var years = {};
  Object.keys(data.sentenceYear).forEach(function (sid) { years[data.sentenceYear[sid]] = true; });
  option(yearSelect, "", "全部年份 All years");
  Object.keys(years).sort().forEach(function (y) { option(yearSelect, y, y); });
  docSelect.addEventListener("change", function () { state.doc = docSelect.value; K.refresh(); });
  yearSelect.addEventListener("change", function () { state.year = yearSelect.value; K.refresh(); });
  var unconnected = document.getElementById("filter-unconnected");
  var isolatedCount = K.isolated.filter(Boolean).length;
  document.getElementById("unconnected-count").textContent = String(isolatedCount);
  document.getElementById("unconnected-row").hidden = isolatedCount === 0;
  unconnected.addEventListener("change", function () { state.showUnconnected = unconnected.checked; K.refresh(); });

  // ---- legend: one entry per class with its shape, colour and count; a click hides or shows the class
  function swatch(shape, color) {
    var svg = document.createElementNS(SVG, "svg"), s;
    svg.setAttribute("viewBox", "-7 -7 14 14");
    svg.setAttribute("class", "swatch");
    var pts = {
      diamond: "0,-6 6,0 0,6 -6,0", triangle: "0,-6 6,5 -6,5", triangleDown: "0,6 6,-5 -6,-5",
      hexagon: "6,0 3,5.2 -3,5.2 -6,0 -3,-5.2 3,-5.2",
      star: "0,-6.5 1.6,-2.1 6.2,-2 2.5,0.8 3.8,5.3 0,2.6 -3.8,5.3 -2.5,0.8 -6.2,-2 -1.6,-2.1"
    };
    if (pts[shape]) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", pts[shape]); }
    else if (shape === "square" || shape === "box") {
      s = document.createElementNS(SVG, "rect");
      s.setAttribute("x", "-5.5"); s.setAttribute("y", "-5.5"); s.setAttribute("width", "11"); s.setAttribute("height", "11");
    } else { s = document.createElementNS(SVG, "circle"); s.setAttribute("r", "5.5"); }
    s.setAttribute("fill", color);
    s.setAttribute("stroke", "#444");
    s.setAttribute("stroke-width", "1");
    svg.appendChild(s);
    return svg;
  }
  var legend = document.getElementById("legend");
  data.classes.forEach(function (c) {
    var li = el("li");
    li.dataset.cls = c.name;
    li.setAttribute("role", "button");
    li.title = "点击隐藏/显示 click to hide/show";
    li.appendChild(swatch(c.shape, c.color));
    li.appendChild(el("span", "name", c.zh + " " + c.name));
    li.appendChild(el("span", "count", c.count));
    li.addEventListener("click", function () {
      var hide = !state.hiddenClasses[c.name];
      state.hiddenClasses[c.name] = hide;
      li.classList.toggle("off", hide);
      K.refresh();
    });
    legend.appendChild(li);
  });

  // ---- details panel: a node (labels, facts, links, sentences), a link, or a path
  var details = document.getElementById("details");
  var detailsBody = document.getElementById("details-body");
  document.getElementById("close").addEventListener("click", function () { details.hidden = true; });

  function sentence(sid) {
    var p = el("p", "sentence");
    p.appendChild(el("span", "sid", sid));
    p.appendChild(el("span", "text", data.sentences[sid] || ""));
    return p;
  }
  function nodeButton(j, from) {
    var b = el("button", "node-link", K.name(j));
    b.type = "button";
    b.addEventListener("click", function () {
      if (!K.visible(j) && state.mode === "explore" && K.passes(j)) {
        K.placeAround(from, [j]);
        state.shown.add(j);
        K.place([j]);
        K.refresh();
      }
      select(j);
    });
    return b;
  }
  function action(label, fn) {
    var b = el("button", "action", label);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  }

  function showDetails(id) {
    var n = info[id];
    detailsBody.textContent = "";
    var cls = data.classNames[n.cls] || n.cls;
    detailsBody.appendChild(el("div", "cls", cls + " " + n.cls));
    detailsBody.appendChild(el("h2", "name", n.labels["zh-Hans"]));
    var dl = el("dl", "labels");
    [["zh-Hans", "简体"], ["zh-Hant", "繁體"], ["zh-Latn-pinyin", "拼音"], ["en", "English"]].forEach(function (p) {
      if (n.labels[p[0]] === undefined) return;
      dl.appendChild(el("dt", null, p[1]));
      dl.appendChild(el("dd", "label-" + p[0], n.labels[p[0]]));
    });
    detailsBody.appendChild(dl);
    var bar = el("div", "actions");
    bar.appendChild(action(state.mode === "explore" ? "展开邻居 Expand" : "从此探索 Explore from here", function () {
      K.expand(id);
      select(id);
    }));
    bar.appendChild(action("路径起点 Path from", function () { setEnd(from)(id); }));
    bar.appendChild(action("路径终点 Path to", function () { setEnd(to)(id); if (from.value) findPath(); }));
    detailsBody.appendChild(bar);
    if (n.facts.length) {
      detailsBody.appendChild(el("h3", null, "事实 Facts"));
      var fl = el("dl", "facts");
      n.facts.forEach(function (f) {
        fl.appendChild(el("dt", null, data.factNames[f[0]] || f[0]));
        var dd = el("dd", "fact", f[1]);
        if (f[2].length) dd.appendChild(el("span", "sid", " [" + f[2].join(", ") + "]"));
        fl.appendChild(dd);
      });
      detailsBody.appendChild(fl);
    }
    var links = K.incident[id].slice().sort(function (a, b) {
      var ea = data.edges[a], eb = data.edges[b];
      return (ea[0] === id ? 0 : 1) - (eb[0] === id ? 0 : 1) || (ea[2] < eb[2] ? -1 : ea[2] > eb[2] ? 1 : 0) || a - b;
    });
    if (links.length) {
      detailsBody.appendChild(el("h3", null, "关系 Links (" + links.length + ")"));
      var ul = el("ul", "links");
      links.forEach(function (k) {
        var e = data.edges[k], out = e[0] === id, other = out ? e[1] : e[0];
        var li = el("li", "link");
        li.appendChild(el("span", "dir", out ? "→" : "←"));
        li.appendChild(el("span", "rel", K.relationText(e[2])));
        li.appendChild(nodeButton(other, id));
        if (e[3].length) li.appendChild(el("span", "sid", " [" + e[3].join(", ") + "]"));
        ul.appendChild(li);
      });
      detailsBody.appendChild(ul);
    }
    if (n.sentences.length) {
      detailsBody.appendChild(el("h3", null, "来源句子 Source sentences"));
      n.sentences.forEach(function (sid) { detailsBody.appendChild(sentence(sid)); });
    }
    detailsBody.appendChild(el("p", "iri", n.iri));
    details.hidden = false;
  }

  function stepItem(k) {
    var e = data.edges[k], li = el("li", "step");
    var head = el("div", "step-head");
    head.appendChild(el("span", "from", K.name(e[0])));
    head.appendChild(el("span", "rel", " —" + K.relationText(e[2]) + "→ "));
    head.appendChild(el("span", "to", K.name(e[1])));
    li.appendChild(head);
    if (e[3].length) e[3].forEach(function (sid) { li.appendChild(sentence(sid)); });
    else li.appendChild(el("p", "sentence none", "（无来源句子 no source sentence）"));
    return li;
  }

  function showEdge(k) {
    detailsBody.textContent = "";
    detailsBody.appendChild(el("div", "cls", "关系 Link"));
    detailsBody.appendChild(el("h2", "name", K.relationText(data.edges[k][2])));
    var ol = el("ol", "steps");
    ol.appendChild(stepItem(k));
    detailsBody.appendChild(ol);
    details.hidden = false;
  }

  function showPath(a, b, found) {
    detailsBody.textContent = "";
    detailsBody.appendChild(el("div", "cls", "路径 Path"));
    detailsBody.appendChild(el("h2", "name", K.name(a) + " → " + K.name(b)));
    if (!found) {
      detailsBody.appendChild(el("p", "no-path", "没有路径 No path between them (with the current filters)."));
      status.textContent = "没有路径 no path";
    } else {
      detailsBody.appendChild(el("p", "path-length", found.edges.length + " 步 steps"));
      var ol = el("ol", "steps");
      found.edges.forEach(function (k) { ol.appendChild(stepItem(k)); });
      detailsBody.appendChild(ol);
      status.textContent = "路径 path: " + found.nodes.map(K.name).join(" – ");
    }
    details.hidden = false;
  }

  // ---- the mouse
  function hit(p) {
    if (p.nodes.length) return p.nodes[0];
    return K.labels.at(p.pointer.DOM.x, p.pointer.DOM.y);
  }
  // vis-network reports two quick clicks at one spot as a double-click even when the view moved in between
  // and they hit different nodes; only two clicks on the same node count.
  var lastClicks = [null, null];
  network.on("click", function (p) {
    var id = hit(p);
    lastClicks = [lastClicks[1], id === undefined ? null : id];
    if (id !== null && id !== undefined) {
      if (!p.nodes.length) network.selectNodes([id]);
      K.selectNode(id);
      showDetails(id);
    } else if (p.edges.length === 1) {
      K.selectNode(null);
      showEdge(p.edges[0]);
    } else {
      K.selectNode(null);
    }
  });
  network.on("doubleClick", function (p) {
    var id = hit(p);
    if (id === null || id === undefined || lastClicks[0] !== id) return;
    showDetails(id);
    var added = K.expand(id);
    network.selectNodes([id]);
    K.selectNode(id);
    showDetails(id);
    status.textContent += " · +" + added;
  });

  // Escape clears the selection and closes the details
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || e.target.tagName === "INPUT") return;
    network.unselectAll();
    K.selectNode(null);
    details.hidden = true;
  });

  K.find = find;
  K.select = select;
  K.showDetails = showDetails;

  K.fit();
  updateStatus();
  if (data.view.focus && data.view.focus.length) {
    network.selectNodes(data.view.focus);
    K.selectNode(data.view.focus[0]);
  }
  network.once("afterDrawing", function () { body.dataset.state = "ready"; });
})();
