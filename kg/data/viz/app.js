// The kg network page: legend, search, details panel. All text from the data is put into the
// page with textContent or as plain-text vis-network titles, never parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var info = data.info;
  var body = document.body;

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

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  var status = document.getElementById("status");

  function ready() {
    if (body.dataset.state === "ready") return;
    network.setOptions({ physics: { enabled: false } });
    body.dataset.state = "ready";
    status.textContent = data.nodes.length + " 个节点 nodes · " + data.edges.length + " 条关系 edges";
  }
  if (data.physics && data.nodes.length > 1) {
    status.textContent = "布局中 laying out…";
    network.on("stabilizationProgress", function (p) {
      status.textContent = "布局中 laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () { ready(); network.fit(); });
  } else {
    network.once("afterDrawing", ready);
  }

  // ---- legend: one entry per class with its colour and count; click hides or shows the class
  var hiddenClasses = {};
  var legend = document.getElementById("legend");
  data.classes.forEach(function (c) {
    var li = el("li");
    li.dataset.cls = c.name;
    li.setAttribute("role", "button");
    li.title = "点击隐藏/显示 click to hide/show";
    var sw = el("span", "swatch");
    sw.style.background = c.color;
    li.appendChild(sw);
    li.appendChild(el("span", "name", c.zh + " " + c.name));
    li.appendChild(el("span", "count", c.count));
    li.addEventListener("click", function () {
      var hide = !hiddenClasses[c.name];
      hiddenClasses[c.name] = hide;
      li.classList.toggle("off", hide);
      var upd = [];
      for (var i = 0; i < info.length; i++) if (info[i].cls === c.name) upd.push({ id: i, hidden: hide });
      nodes.update(upd);
    });
    legend.appendChild(li);
  });

  // ---- details panel
  var details = document.getElementById("details");
  var detailsBody = document.getElementById("details-body");
  document.getElementById("close").addEventListener("click", function () { details.hidden = true; });

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
    if (n.sentences.length) {
      detailsBody.appendChild(el("h3", null, "来源句子 Source sentences"));
      n.sentences.forEach(function (sid) {
        var p = el("p", "sentence");
        p.appendChild(el("span", "sid", sid));
        p.appendChild(el("span", "text", data.sentences[sid] || ""));
        detailsBody.appendChild(p);
      });
    }
    detailsBody.appendChild(el("p", "iri", n.iri));
    details.hidden = false;
  }

  function select(id) {
    if (hiddenClasses[info[id].cls]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
  });

  // ---- search: Simplified, Traditional, pinyin (tones and spaces ignored), English, aliases
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var current = [];

  function find(query) {
    var q = fold(query);
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

  function showResults() {
    current = find(search.value);
    results.textContent = "";
    current.slice(0, 20).forEach(function (id, pos) {
      var li = el("li", pos === 0 ? "active" : null, info[id].labels["zh-Hans"]);
      li.appendChild(el("small", null, data.classNames[info[id].cls] || info[id].cls));
      li.addEventListener("click", function () { select(id); });
      results.appendChild(li);
    });
    results.hidden = current.length === 0;
    if (search.value && !current.length) status.textContent = "没有找到 no match";
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      showResults();
      if (current.length) select(current[0]);
    }
  });

  window.kgViz = { network: network, nodes: nodes, edges: edges, info: info, find: find, select: select };
})();
