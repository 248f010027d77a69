// The kg network page, part 2 of 4: what is drawn on the canvas besides vis-network's nodes and edges.
//
// Labels: drawn at a constant screen size under their node, most important node first (selected, path and
// pinned nodes before all others), and a label is left out where it would cover a node or a label already placed. The
// choice is made for zoom levels 12 % apart and kept while the zoom stays within a level: the distance between
// two labels only grows as one zooms in, so labels that do not overlap at a level's scale do not overlap
// anywhere inside it, and the set does not flicker while panning. Each level keeps the labels of the level
// below, so zooming in only ever adds names. Behind the graph: a soft tint per
// community and the box that gathers the unconnected entities, with its caption.
(function () {
  "use strict";
  var K = window.kgViz, network = K.network, data = K.data, info = K.info, pos = K.pos;
  var FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", sans-serif';
  var STEP = 1.12, PAD = 2, GAP = 3, CELL = 96, MAX_CHARS = 14, SPECK = 2;
  var TINTS = ["rgba(141,211,199,.16)", "rgba(190,186,218,.2)", "rgba(251,128,114,.12)", "rgba(128,177,211,.16)",
               "rgba(253,180,98,.15)", "rgba(179,222,105,.17)", "rgba(252,205,229,.24)", "rgba(188,128,189,.13)",
               "rgba(204,235,197,.28)", "rgba(255,237,111,.2)", "rgba(217,217,217,.28)", "rgba(255,255,179,.32)"];
  var TINT_RADIUS = 40;
  var measure = document.createElement("canvas").getContext("2d");
  var widths = new Float64Array(info.length);
  // Placements per zoom level, from `base` up: each level starts from the one below, so labels only ever
  // appear as one zooms in. Zooming out below `base` starts a new chain there.
  var cache = { level: null, placed: [], dirty: true, base: null, levels: {} };
  var labels = { drawn: [], font: FONT };

  function text(i) {
    var t = info[i].labels["zh-Hans"];
    return t.length > MAX_CHARS ? t.slice(0, MAX_CHARS - 1) + "…" : t;
  }
  function px(i) { return K.state.pinned.indexOf(i) >= 0 ? Math.max(13, data.px[i]) : data.px[i]; }
  function font(i) { return (K.state.selected === i ? "bold " : "") + px(i) + "px " + FONT; }
  function width(i) {
    if (K.state.selected === i || K.state.pinned.indexOf(i) >= 0) {
      measure.font = font(i);
      return measure.measureText(text(i)).width;
    }
    if (!widths[i]) {
      measure.font = font(i);
      widths[i] = measure.measureText(text(i)).width;
    }
    return widths[i];
  }
  function height(i) { return Math.ceil(px(i) * 1.25); }

  // Where a label goes relative to its node at `scale`: [left, top] in pan-free screen units. The offsets from
  // the node's centre are a constant number of pixels beyond the node's radius, so two label boxes only move
  // apart as one zooms in.
  var SPOTS = ["below", "right", "above", "left"];
  function spot(i, where, scale, w, h) {
    var x = pos.x[i] * scale, y = pos.y[i] * scale, r = data.size[i] * scale;
    if (where === "below") return [x - w / 2, y + r + GAP];
    if (where === "above") return [x - w / 2, y - r - GAP - h];
    if (where === "right") return [x + r + GAP, y - h / 2];
    return [x - r - GAP - w, y - h / 2];
  }

  // Labels to draw at `scale`: those of `keep` (the level below) first, in their spots, then the pinned ones,
  // then by importance; none covers another label, and only the pinned and the most important ones may
  // cover a node.
  function place(scale, keep) {
    var grid = new Map(), placed = [], done = new Uint8Array(info.length);
    var bold = Math.min(12, Math.ceil(data.rank.length / 20));
    // boxes are [left, top, right, bottom, is-a-node] in pan-free screen units, filed by CELL-sized cells
    function free(x0, y0, x1, y1, labelsOnly) {
      var a1 = Math.floor(x1 / CELL), b0 = Math.floor(y0 / CELL), b1 = Math.floor(y1 / CELL);
      for (var cx = Math.floor(x0 / CELL); cx <= a1; cx++) {
        for (var cy = b0; cy <= b1; cy++) {
          var list = grid.get(cx * 1048576 + cy);
          if (list === undefined) continue;
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if ((labelsOnly && o[4]) || x1 <= o[0] || o[2] <= x0 || y1 <= o[1] || o[3] <= y0) continue;
            return false;
          }
        }
      }
      return true;
    }
    function add(b) {
      var a1 = Math.floor(b[2] / CELL), b0 = Math.floor(b[1] / CELL), b1 = Math.floor(b[3] / CELL);
      for (var cx = Math.floor(b[0] / CELL); cx <= a1; cx++) {
        for (var cy = b0; cy <= b1; cy++) {
          var key = cx * 1048576 + cy, list = grid.get(key);
          if (list === undefined) grid.set(key, [b]); else list.push(b);
        }
      }
    }
    // labels stay within the drawing, give or take the margin the view keeps around it
    var ex0 = Infinity, ex1 = -Infinity, ey0 = Infinity, ey1 = -Infinity;
    for (var n = 0; n < info.length; n++) {
      if (!K.visible(n)) continue;
      ex0 = Math.min(ex0, pos.x[n]); ex1 = Math.max(ex1, pos.x[n]);
      ey0 = Math.min(ey0, pos.y[n]); ey1 = Math.max(ey1, pos.y[n]);
    }
    ex0 = ex0 * scale - K.MARGIN.x; ex1 = ex1 * scale + K.MARGIN.x;
    ey0 = ey0 * scale - K.MARGIN.top; ey1 = ey1 * scale + K.MARGIN.bottom;
    function fits(i, labelsOnly) {
      var h = height(i) + 2 * PAD, w = null, narrow = px(i);
      for (var k = 0; k < SPOTS.length; k++) {
        // a first test with the narrowest box this label could have, before measuring its text
        var at = spot(i, SPOTS[k], scale, narrow, h);
        if (!free(at[0], at[1], at[0] + narrow, at[1] + h, labelsOnly)) continue;
        if (w === null) w = width(i) + 2 * PAD;
        at = spot(i, SPOTS[k], scale, w, h);
        if (at[0] < ex0 || at[0] + w > ex1 || at[1] < ey0 || at[1] + h > ey1) continue;
        if (free(at[0], at[1], at[0] + w, at[1] + h, labelsOnly)) {
          add([at[0], at[1], at[0] + w, at[1] + h, 0]);
          return SPOTS[k];
        }
      }
      return null;
    }
    function tryPlace(i, k) {
      if (done[i] || !K.visible(i)) return;
      done[i] = 1;
      var where = fits(i, false);
      if (where === null && (k < bold || K.state.pinned.indexOf(i) >= 0)) where = fits(i, true);
      if (where !== null) placed.push([i, where]);
    }
    // node shapes first: a label covers a node only when it must (or when the node is a mere speck)
    for (var i = 0; i < info.length; i++) {
      var r = data.size[i] * scale;
      if (r < SPECK || !K.visible(i)) continue;
      var x = pos.x[i] * scale, y = pos.y[i] * scale;
      add([x - r, y - r, x + r, y + r, 1]);
    }
    // a label of the level below stays, in its spot: as one zooms in, it clears every box it cleared there
    (keep || []).forEach(function (entry) {
      var i = entry[0];
      if (done[i] || !K.visible(i)) return;
      done[i] = 1;
      var w = width(i) + 2 * PAD, h = height(i) + 2 * PAD, at = spot(i, entry[1], scale, w, h);
      add([at[0], at[1], at[0] + w, at[1] + h, 0]);
      placed.push(entry);
    });
    K.state.pinned.forEach(function (i) { tryPlace(i, -1); });
    data.rank.forEach(tryPlace);
    return placed;
  }

  function invalidate() { cache.dirty = true; }
  K.on("refresh", invalidate);
  K.on("moved", invalidate);
  K.on("pinned", invalidate);
  network.on("dragging", function (p) {
    p.nodes.forEach(function (i) { var n = network.body.nodes[i]; pos.x[i] = n.x; pos.y[i] = n.y; });
    invalidate();
  });

  network.on("afterDrawing", function (ctx) {
    var view = network.body.view, s = view.scale;
    var level = Math.floor(Math.log(s) / Math.log(STEP) + 1e-9);
    if (cache.dirty || level !== cache.level) {
      if (cache.dirty || level < cache.base) { cache.levels = {}; cache.base = level; }
      var from = level;
      while (from > cache.base && !cache.levels[from - 1]) from--;
      for (var l = from; l <= level; l++) {
        if (!cache.levels[l]) cache.levels[l] = place(Math.pow(STEP, l), cache.levels[l - 1]);
      }
      cache.placed = cache.levels[level];
      cache.level = level;
      cache.dirty = false;
    }
    var canvas = network.canvas.frame.canvas;
    var W = canvas.clientWidth, H = canvas.clientHeight, ratio = canvas.width / Math.max(1, W);
    var tx = view.translation.x, ty = view.translation.y;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    var drawn = [], lastFont = null;
    cache.placed.forEach(function (entry) {
      var i = entry[0], w = width(i), h = height(i);
      var at = spot(i, entry[1], s, w + 2 * PAD, h + 2 * PAD), left = at[0] + tx, top = at[1] + ty;
      if (left + w + 2 * PAD < 0 || left > W || top > H || top + h + 2 * PAD < 0) return;
      var t = text(i), f = font(i);
      if (f !== lastFont) { ctx.font = f; lastFont = f; }
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,.92)";
      ctx.strokeText(t, left + PAD + w / 2, top + PAD);
      ctx.fillStyle = K.state.selected === i ? "#000" : "#222";
      ctx.fillText(t, left + PAD + w / 2, top + PAD);
      drawn.push({ id: i, text: t, left: left, top: top, width: w + 2 * PAD, height: h + 2 * PAD, px: px(i),
                   spot: entry[1] });
    });
    ctx.restore();
    labels.drawn = drawn;
  });

  // The label under a point of the canvas (DOM pixels), for clicks on a label.
  labels.at = function (x, y) {
    for (var k = labels.drawn.length - 1; k >= 0; k--) {
      var b = labels.drawn[k];
      if (x >= b.left && x <= b.left + b.width && y >= b.top && y <= b.top + b.height) return b.id;
    }
    return null;
  };

  // ---- behind the graph: community tints and the box of unconnected entities
  var members = {};
  data.group.forEach(function (g, i) { if (g >= 0) (members[g] = members[g] || []).push(i); });
  var groupIds = Object.keys(members).map(Number).sort(function (a, b) { return a - b; });

  // The tints are drawn once into a bitmap of the whole drawing (at most TINT_PIXELS on a side) and that
  // bitmap is drawn each frame: one image instead of thousands of discs while zooming and panning.
  var TINT_PIXELS = 2048, tint = { image: null, dirty: true };
  function paintTints() {
    tint.dirty = false;
    tint.image = null;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false;
    groupIds.forEach(function (g) {
      members[g].forEach(function (i) {
        if (!K.visible(i)) return;
        any = true;
        x0 = Math.min(x0, pos.x[i]); x1 = Math.max(x1, pos.x[i]);
        y0 = Math.min(y0, pos.y[i]); y1 = Math.max(y1, pos.y[i]);
      });
    });
    if (!any) return;
    x0 -= TINT_RADIUS; y0 -= TINT_RADIUS; x1 += TINT_RADIUS; y1 += TINT_RADIUS;
    var k = Math.min(1, TINT_PIXELS / Math.max(x1 - x0, y1 - y0));
    var image = document.createElement("canvas");
    image.width = Math.max(1, Math.ceil((x1 - x0) * k));
    image.height = Math.max(1, Math.ceil((y1 - y0) * k));
    var c = image.getContext("2d");
    c.setTransform(k, 0, 0, k, -x0 * k, -y0 * k);
    groupIds.forEach(function (g) {
      var list = members[g], drawn = false;
      c.beginPath();
      for (var n = 0; n < list.length; n++) {
        var i = list[n];
        if (!K.visible(i)) continue;
        c.moveTo(pos.x[i] + TINT_RADIUS, pos.y[i]);
        c.arc(pos.x[i], pos.y[i], TINT_RADIUS, 0, 2 * Math.PI);
        drawn = true;
      }
      if (drawn) { c.fillStyle = TINTS[g % TINTS.length]; c.fill(); }
    });
    tint.image = { canvas: image, x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
  function staleTints() { tint.dirty = true; }
  K.on("refresh", staleTints);
  K.on("moved", staleTints);
  network.on("dragEnd", staleTints);

  network.on("beforeDrawing", function (ctx) {
    if (tint.dirty) paintTints();
    if (tint.image) ctx.drawImage(tint.image.canvas, tint.image.x, tint.image.y, tint.image.w, tint.image.h);
    var box = data.box;
    if (box && K.state.mode === "all" && K.state.showUnconnected) {
      ctx.save();
      ctx.fillStyle = "rgba(235,235,228,.55)";
      ctx.strokeStyle = "#b8b8ae";
      ctx.lineWidth = 1 / network.body.view.scale;
      ctx.setLineDash([6 / network.body.view.scale, 4 / network.body.view.scale]);
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.strokeRect(box.x, box.y, box.w, box.h);
      ctx.restore();
      var s = network.body.view.scale, t = network.body.view.translation;
      var canvas = network.canvas.frame.canvas, ratio = canvas.width / Math.max(1, canvas.clientWidth);
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "bold 13px " + FONT;
      ctx.fillStyle = "#555";
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText(labels.caption, box.x * s + t.x + 4, box.y * s + t.y - 3);
      ctx.restore();
    }
  });
  labels.caption = "未关联的实体 Unconnected entities · " + (data.box ? data.box.count : 0);

  K.labels = labels;
  K.invalidateLabels = invalidate;
})();
