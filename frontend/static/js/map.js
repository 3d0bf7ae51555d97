/* The interactive map: vis-network with the server's positions and physics off.
 *
 * Data: GET /api/graph (node-link JSON with x and y for every node, each node's sector
 * and the labelled regions by sector), GET /api/graph?at= for the map as it stood on a
 * date, GET /api/nodes/{id} for the side panel and GET /api/search for search.  Every
 * text from the data is put in with textContent or as a plain-string tooltip
 * (vis-network shows those with innerText); never innerHTML.
 *
 * What the picture says: colour = family of kinds, shape = kind within it; lines by
 * family (decision, membership, collaboration, funding, other) with arrows only where
 * direction matters; regions by sector with the shared forums in the middle.  Choosing
 * a body (click, tap, search, deep link) focuses it with its neighbours one or two steps
 * out, fades the rest, fits the view and names every shown body; "Visa hela kartan"
 * returns.  Filters (kind, theme, audience, entry points, date) re-fit and relabel.  A map
 * larger than CLUSTER_MIN bodies opens gathered by region; a click opens a region.
 * Names collide with nothing: each view moves its bodies a little (declutter) so that no
 * drawn name lies on another name, a symbol or a region's title.
 *
 * For tests and benchmarks: window.kartanNetwork is the vis Network, window.kartanReady
 * is true once the first picture is drawn, and <html data-map-ready="1"> says the same.
 */
(function () {
  "use strict";

  var app = document.getElementById("kartan-app");
  if (!app) return;
  var config = JSON.parse(app.getAttribute("data-config"));
  var S = config.strings;
  var container = document.getElementById("map-canvas");
  var loading = document.getElementById("map-loading");
  var panel = document.getElementById("map-panel");
  var panelBody = document.getElementById("map-panel-body");
  var statusEl = document.getElementById("map-status");
  var slider = document.getElementById("map-date");
  var dateOut = document.getElementById("map-date-out");
  var themeSelect = document.getElementById("map-theme");
  var audienceSelect = document.getElementById("map-audience");
  var entryBox = document.getElementById("map-entry");

  var graphPromise = fetchJSON(config.graph);
  var network = null;
  var nodes = null;
  var edges = null;
  var info = {};            // id -> {name, kind, themes, audiences, entry, sector, x, y, inferred}
  var rawEdges = [];        // the edges of the map at the chosen date
  var adjacency = {};       // id -> {neighbour id: true}, from rawEdges
  var linkCount = {};       // id -> number of its links
  var regions = [];
  var present = null;       // ids present at the chosen date (null: all)
  var pathIds = null;       // ids on the highlighted path
  var pathOrder = null;     // the same ids in order along the path
  var focus = null;         // {id, depth, ids}: the focused body and its neighbourhood
  var depth = 1;
  var selected = null;
  var total = 0;
  var dateSeq = 0;
  var unit = 1;             // sizes grow with the spread of the layout (see unitFor)
  var labelled = null;      // {font, ids, scale}: the names sized for the current view
  var changed = {};         // ids new since the previous date step
  var lift = {};            // id -> vadjust of a name set above its symbol
  var minorNow = null;      // the size of the other names now (capped when zoomed in)
  var prevDate = null;
  var clustered = false;    // large map: regions start as one node each
  var expanded = {};        // sector -> true once opened (clustered maps)
  var shownIds = {};        // ids currently drawn and not hidden

  var CLUSTER_MIN = config.cluster_min;  // above this many bodies: gathered by region
  var LABEL_RANK = { decision_body: 0, council: 1, steering_body: 2, forum: 3, network: 3 };
  var LABEL_PX = 12;        // screen size of the names shown in an overview
  var LABEL_MIN = 9;        // smaller labels are not drawn
  var LABEL_MAX = 14;       // no label grows larger than this when zooming in
  var LABEL_LIMIT = 40;     // at most this many names in the whole-map view
  var LABEL_ALL = 90;       // a focus or filter with at most this many bodies names them all
  var MINOR_FONT = 13;      // other names (times unit): readable once zoomed in
  var FADED = 0.13;         // opacity of what lies outside the focus
  var ARROW_MIN_PX = 2.5;   // arrowheads smaller than this on the screen are not drawn
  var CHANGED_BORDER = "#1b2a3a";
  var REGION_FILL = {
    forums: "#eef5fd", politics: "#fdf0ee", municipality: "#f2f4f4",
    civil: "#eef4f0", state: "#f4eff6", business: "#f6f3ec"
  };

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  var el = window.kartanCommon.el;  // common.js
  var fmt = window.kartanCommon.fmt;

  function edgeList(g) { return g.edges || g.links || []; }
  function src(e) { return e.from !== undefined ? e.from : e.source; }
  function dst(e) { return e.to !== undefined ? e.to : e.target; }
  function edgeId(e, i) { return e.id || e.key || ("e" + i); }

  function kindStyle(kind) {
    return config.kinds[kind] || { colour: "#6e6e6e", shape: "dot", size: 12, label: kind, family: "other" };
  }

  function lineStyle(type) {
    return config.lines[config.line_of[type] || "other"] || config.lines.other;
  }

  // The layout's coordinates are px-like but a real map spreads wide, so that "fit" shows
  // it at a small scale.  Symbols and lines grow with the spread, so the whole map reads.
  function unitFor(list) {
    if (!list.length) return 1;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    list.forEach(function (n) {
      if (n.x < minX) minX = n.x; if (n.x > maxX) maxX = n.x;
      if (n.y < minY) minY = n.y; if (n.y > maxY) maxY = n.y;
    });
    var extent = Math.max(maxX - minX, maxY - minY);
    return Math.min(4, Math.max(1, extent / 2000));
  }

  function remember(n) {
    var name = (config.lang === "en" && n.name_en) || n.name || n.label || n.id;
    info[n.id] = {
      name: name, kind: n.kind, themes: n.themes || [], audiences: n.audiences || [],
      entry: !!n.entry_point, sector: n.sector || "forums", x: n.x, y: n.y,
      sv: config.lang !== "sv" && !n.name_en  // a Swedish name on the English map
    };
  }

  function nodeItem(id) {
    var n = info[id];
    var style = kindStyle(n.kind);
    var entry = n.entry;
    var sector = config.sectors[n.sector] || "";
    return {
      id: id,
      label: n.name,
      font: { size: MINOR_FONT * unit },
      title: n.name + " – " + style.label + (sector ? " · " + sector : "") + (entry ? " · " + S.entry_point : ""),
      x: n.x,
      y: n.y,
      shape: style.shape,
      size: (style.size + (entry ? 3 : 0)) * unit,
      color: {
        background: style.colour,
        border: entry ? config.entry_border : style.colour,
        highlight: { background: style.colour, border: config.highlight },
        hover: { background: style.colour, border: config.highlight }
      },
      borderWidth: (entry ? 1.5 : 1) * unit,
      borderWidthSelected: 4 * unit,
      opacity: 1
    };
  }

  function edgeLook(type, inferred, faded) {
    var line = lineStyle(type);
    return {
      color: { color: line.colour, highlight: config.highlight, hover: config.highlight, opacity: faded ? 0.08 : (inferred ? 0.55 : 0.9) },
      width: line.width * unit,
      dashes: line.dashes.length ? line.dashes.map(function (d) { return d * unit; }) : false,
      arrows: { to: { enabled: !!line.arrow, scaleFactor: 0.5 } }
    };
  }

  function edgeItem(e, i) {
    var item = edgeLook(e.type, e.inferred, false);
    item.id = edgeId(e, i);
    item.from = src(e);
    item.to = dst(e);
    item.kind = e.type;
    item.inferred = !!e.inferred;
    item.title = (info[src(e)] ? info[src(e)].name : src(e)) + " " + ((config.lang === "en" ? e.label_en : e.label) || e.type) + " " + (info[dst(e)] ? info[dst(e)].name : dst(e));
    return item;
  }

  function setEdges(list) {
    rawEdges = list;
    adjacency = {};
    linkCount = {};
    list.forEach(function (e) {
      var a = src(e), b = dst(e);
      linkCount[a] = (linkCount[a] || 0) + 1;
      linkCount[b] = (linkCount[b] || 0) + 1;
      (adjacency[a] = adjacency[a] || {})[b] = true;
      (adjacency[b] = adjacency[b] || {})[a] = true;
    });
  }

  // --- which bodies are shown: date and filters -------------------------------------------

  function filterIds() {
    var kinds = {};
    var boxes = document.querySelectorAll("#map-filters input[name=kind]");
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) kinds[boxes[i].value] = true;
    var theme = themeSelect ? themeSelect.value : "";
    var audience = audienceSelect ? audienceSelect.value : "";
    var onlyEntry = entryBox && entryBox.checked;
    var out = {};
    Object.keys(info).forEach(function (id) {
      var n = info[id];
      if (present && !present[id]) return;
      if (!kinds[n.kind] && boxes.length && document.getElementById("kind-" + n.kind)) return;
      if (theme && n.themes.indexOf(theme) < 0) return;
      if (audience && n.audiences.indexOf(audience) < 0) return;
      if (onlyEntry && !n.entry) return;
      out[id] = true;
    });
    return out;
  }

  function filtersActive() {
    var boxes = document.querySelectorAll("#map-filters input[name=kind]");
    for (var i = 0; i < boxes.length; i++) if (!boxes[i].checked) return true;
    return !!((themeSelect && themeSelect.value) || (audienceSelect && audienceSelect.value) || (entryBox && entryBox.checked));
  }

  function neighbourhood(id, steps, allowed) {
    var seen = {};
    seen[id] = true;
    var frontier = [id];
    for (var s = 0; s < steps; s++) {
      var next = [];
      frontier.forEach(function (a) {
        Object.keys(adjacency[a] || {}).forEach(function (b) {
          if (!seen[b] && allowed[b]) { seen[b] = true; next.push(b); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  // Bring the picture in line with the state: hidden, faded, labelled, marked as new.
  function render(refit) {
    if (!nodes) return;
    var show = filterIds();
    if (clustered) {
      ensureExpanded();
      // only the open regions' bodies are in the network (the others are in their symbol)
      Object.keys(show).forEach(function (id) { if (!expanded[info[id].sector]) delete show[id]; });
    }
    var lit = null;
    if (pathIds) lit = pathIds;
    else if (focus && show[focus.id]) {
      focus.ids = neighbourhood(focus.id, focus.depth, show);
      lit = focus.ids;
    } else if (focus) focus = null;
    var changes = [];
    var shown = 0;
    shownIds = {};
    nodes.forEach(function (item) {
      if (item.cluster) return;
      var hide = !show[item.id];
      var opacity = !hide && lit && !lit[item.id] ? FADED : 1;
      if (!hide) { shown++; shownIds[item.id] = true; }
      var entry = info[item.id].entry;
      var mark = !!changed[item.id];
      var border = mark ? CHANGED_BORDER : (entry ? config.entry_border : kindStyle(info[item.id].kind).colour);
      var bw = (mark ? 3.5 : entry ? 1.5 : 1) * unit;
      // a mark set by another layer (the needs toggle: a glow) keeps its border
      if (item.shadow && item.shadow.enabled && !mark) { border = item.color.border; bw = item.borderWidth; }
      if (!!item.hidden !== hide || item.opacity !== opacity || item.color.border !== border || item.borderWidth !== bw) {
        var c = item.color;
        changes.push({ id: item.id, hidden: hide, opacity: opacity, borderWidth: bw,
          color: { background: c.background, border: border, highlight: c.highlight, hover: c.hover } });
      }
    });
    if (changes.length) nodes.update(changes);
    var edgeChanges = [];
    var edgeCount = 0;
    var linked = {};
    edges.forEach(function (item) {
      if (item.aggregate) return;
      var visible = shownIds[item.from] && shownIds[item.to];
      var onPath = pathIds && pathIds[item.from] && pathIds[item.to] && pathLink(item.from, item.to);
      var faded = visible && lit && !(pathIds ? onPath : (lit[item.from] && lit[item.to]));
      if (visible) { edgeCount++; linked[item.from] = true; linked[item.to] = true; }
      var look = edgeLook(item.kind, item.inferred, faded);
      if (onPath) { look.color = { color: config.highlight, highlight: config.highlight, opacity: 1 }; look.width = 4 * unit; }
      var same = !!item.hidden === !visible && item.color && item.color.opacity === look.color.opacity && item.width === look.width && item.color.color === look.color.color;
      if (!same) {
        look.id = item.id;
        look.hidden = !visible;
        edgeChanges.push(look);
      }
    });
    if (edgeChanges.length) edges.update(edgeChanges);
    app.setAttribute("data-visible", String(shown));
    app.setAttribute("data-edges", String(edgeCount));
    if (refit !== false) fitAndLabel(lit, show);
    announce(shown, edgeCount, show, linked);
  }

  function pathLink(a, b) {
    if (!pathIds || !pathOrder) return false;
    var o = pathOrder;
    for (var i = 0; i + 1 < o.length; i++) if ((o[i] === a && o[i + 1] === b) || (o[i] === b && o[i + 1] === a)) return true;
    return false;
  }

  function announce(shown, edgeCount, show, linked) {
    var parts = [];
    if (focus && !pathIds) {
      parts.push(fmt(S.focus_status, { name: info[focus.id].name, count: Object.keys(focus.ids).length - 1, depth: focus.depth }));
    }
    if (shown || !clustered) parts.push(fmt(S.shown_edges, { shown: shown, total: total, edges: edgeCount }));
    var loneIds = Object.keys(shownIds).filter(function (id) { return !linked[id]; });
    if (filtersActive() || present) {
      if (loneIds.length && shown > 1) parts.push(fmt(S.filtered_lone, { count: loneIds.length }));
    } else {
      var lone = 0;
      regions.forEach(function (r) { lone += r.lone_count || 0; });
      if (lone) parts.push(fmt(S.lone_status, { count: lone }));
    }
    if (dateNote) parts.push(dateNote);
    if (clustered) {
      var gathered = 0, open = 0;
      Object.keys(info).forEach(function (id) { if (!expanded[info[id].sector]) gathered++; });
      regions.forEach(function (r) { if (r.count && !expanded[r.sector]) open++; });
      if (gathered) parts.push(fmt(S.cluster_status, { count: num(gathered), regions: open }));
      parts.push(S.cluster_hint);
    }
    if (statusEl) statusEl.textContent = parts.join(" ");
  }

  // --- fitting and names ----------------------------------------------------------------

  function fitAndLabel(lit, show) {
    if (!network) return;
    var ids = Object.keys(lit || shownIds);
    var whole = !lit && !filtersActive() && !present;
    // the whole map: its regions fill the canvas (their titles stand above the nodes)
    var gathered = (whole && regions.length) || (clustered && !ids.length) ? regionsView() : null;
    if (gathered) network.moveTo({ position: { x: gathered.x, y: gathered.y }, scale: clustered ? gathered.scale : Math.min(1, gathered.scale), animation: false });
    else if (whole || !ids.length) network.fit({ animation: false });
    else {
      network.fit({ nodes: ids, animation: false });
      // not closer than a readable overview of a few bodies
      if (network.getScale() > 1.1 / unit) network.moveTo({ scale: 1.1 / unit, animation: false });
    }
    relabel(whole ? null : ids);
  }

  // Give names readable at LABEL_PX in the current view: every body in `ids` when they
  // are few, otherwise the most important ones that do not overlap (the whole map: the
  // decision bodies, councils, entry points, forums and networks).
  function relabel(ids) {
    var scale = network.getScale();
    if (!(scale > 0)) return;
    var font = LABEL_PX / scale;
    var all = !!(ids && ids.length <= LABEL_ALL);
    var view = network.getViewPosition();
    var key = viewKey(scale, view, ids);
    // the first picture's names and places were chosen before the network was made
    var chosen = key === prelabelled.key ? prelabelled.chosen
      : declutter(ids, pickLabels(ids, font, all), scale, all, view);
    prelabelled = {};
    applyLabels(chosen, font, scale);
  }

  var prelabelled = {};
  function viewKey(scale, view, ids) {
    return [scale.toPrecision(6), Math.round(view.x), Math.round(view.y), ids ? ids.join(" ") : "*"].join("|");
  }

  function near(a, b) { return Math.abs(a - b) <= 0.03 * Math.max(Math.abs(a), Math.abs(b)); }

  // The names' sizes in ONE update, of the bodies whose name changes only: every update
  // makes vis-network revisit all its nodes and edges (about 0.3 s on 2,000 nodes), and
  // a name within 3 % of its size stays as it is.
  function applyLabels(chosen, font, scale) {
    var want = {};
    var minor = minorNow || MINOR_FONT * unit;
    if (labelled) labelled.ids.forEach(function (id) { want[id] = { size: minor, vadjust: 0 }; });
    // faded bodies keep no name
    var faded = [];
    nodes.forEach(function (item) {
      // a region's name stays while it reads between 0.85 and 2.5 times LABEL_PX
      if (item.cluster) {
        var px = item.font.size * scale;
        if (px < LABEL_PX * 0.85 || px > LABEL_PX * 2.5) want[item.id] = { size: font, vadjust: 0 };
      } else if (item.opacity < 1) { want[item.id] = { size: 0.01, vadjust: 0 }; faded.push(item.id); }
    });
    chosen.forEach(function (id) { want[id] = { size: font, vadjust: lift[id] || 0 }; });
    var changes = [];
    Object.keys(want).forEach(function (id) {
      var item = nodes.get(id);
      if (!item) return;
      var now = item.font || {};
      var w = want[id];
      if (!near(now.size || 0, w.size) || Math.abs((now.vadjust || 0) - w.vadjust) > 0.03 * w.size) changes.push({ id: id, font: w });
    });
    if (changes.length) nodes.update(changes);
    labelled = { font: font, ids: chosen.concat(faded), named: chosen, scale: scale };
    app.setAttribute("data-labelled", chosen.join(" "));
  }

  // The scale the whole map is shown at (its regions', or else the one vis-network's fit()
  // gives: the extent of the symbols, 10 % margin, never above 1), known before the
  // network is made.
  function predictScale(items) {
    var w = container.clientWidth, h = container.clientHeight;
    if (!w || !h || !items.length) return 0;
    if (regions.length) return Math.min(1, regionsView().scale);
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    items.forEach(function (n) {
      var r = n.size || 0;
      if (n.x - r < minX) minX = n.x - r; if (n.x + r > maxX) maxX = n.x + r;
      if (n.y - r < minY) minY = n.y - r; if (n.y + r > maxY) maxY = n.y + r;
    });
    var scale = Math.min(w / ((maxX - minX) * 1.1 || 1), h / ((maxY - minY) * 1.1 || 1));
    return scale > 1 ? 1 : scale;
  }

  // The whole map's names chosen before the network is made, so that the first picture
  // needs no update (relabel after fit() finds them in place).
  function prelabel(items) {
    var byId = {};
    shownIds = {};
    items.forEach(function (item) { byId[item.id] = item; shownIds[item.id] = true; });
    var scale = predictScale(items);
    if (!scale) return;
    var font = LABEL_PX / scale;
    var get = function (id) { return byId[id]; };
    var chosen = pickLabels(null, font, false, get);
    var view = regions.length ? regionsView() : null;
    if (view) {
      chosen = declutter(null, chosen, scale, false, { x: view.x, y: view.y }, get);
      prelabelled = { key: viewKey(scale, view, null), chosen: chosen };
    }
    chosen.forEach(function (id) { byId[id].font = { size: font, vadjust: lift[id] || 0 }; });
    labelled = { font: font, ids: chosen, named: chosen, scale: scale };
  }

  // `all`: every body in `ids` gets its name (placed where it overlaps least)
  function pickLabels(ids, font, all, get) {
    var pool = ids || Object.keys(shownIds);
    var item0 = get || function (id) { return nodes.get(id); };
    var rank = function (id) {
      var n = info[id];
      var r = LABEL_RANK[n.kind];
      // a council's own steering body (its AU) before a project's steering group
      if (n.kind === "steering_body") r = steersCouncil(id) ? 1 : 2;
      if (n.entry && (r === undefined || r > 2)) r = 2;
      return r === undefined ? 9 : r;
    };
    var degree = function (id) { return linkCount[id] || 0; };
    var candidates = pool.filter(function (id) { return (ids || rank(id) < 9) && item0(id); });
    candidates.sort(function (a, b) { return rank(a) - rank(b) || degree(b) - degree(a) || (a < b ? -1 : 1); });
    var ctx = measurer();
    // the regions' titles are taken: no name is set on them
    var boxes = regionTitles(LABEL_PX / font);
    var out = [];
    var pad = font * 0.25;
    var symbols = [];         // the named bodies' symbols: no other name lies on them
    var apart = function (box, b) { return box.x1 <= b.x0 || box.x0 >= b.x1 || box.y1 <= b.y0 || box.y0 >= b.y1; };
    var free = function (box) {
      return boxes.every(function (b) { return apart(box, b); }) && symbols.every(function (b) { return apart(box, b); });
    };
    lift = {};
    // fewer names on a small screen (about one per 12,000 px², at most LABEL_LIMIT)
    var room = container.clientWidth * container.clientHeight / 12000;
    var limit = all ? Infinity : Math.max(8, Math.min(LABEL_LIMIT, Math.round(room)));
    for (var i = 0; i < candidates.length && out.length < limit; i++) {
      var item = item0(candidates[i]);
      var w = ctx.measureText(item.label).width * font / 100;
      var h = font * 1.2;
      var sym = { x0: item.x - item.size - pad, x1: item.x + item.size + pad, y0: item.y - item.size - pad, y1: item.y + item.size + pad };
      // below the symbol, or else above it, or a line further out (vis-network's
      // font.vadjust moves a name up or down)
      var below = item.y + item.size + 2;
      var above = item.y - item.size - 2 - h;
      var tops = [below, above, below + h, above - h];
      var box = null;
      for (var t = 0; t < tops.length && !box; t++) {
        var b = { x0: item.x - w / 2 - pad, x1: item.x + w / 2 + pad, y0: tops[t] - pad, y1: tops[t] + h + pad };
        if (free(b)) { box = b; if (t) lift[candidates[i]] = tops[t] - below; }
      }
      // the decision bodies and councils are always named: the view makes room for them
      // (declutter)
      if (!box && !all && !(!ids && rank(candidates[i]) <= 1)) continue;
      if (!box) box = { x0: item.x - w / 2 - pad, x1: item.x + w / 2 + pad, y0: below - pad, y1: below + h + pad };
      boxes.push(box);
      symbols.push(sym);
      out.push(candidates[i]);
    }
    return out;
  }

  var measureCtx = null;
  function measurer() {
    if (!measureCtx) {
      measureCtx = document.createElement("canvas").getContext("2d");
      measureCtx.font = "100px system-ui, Arial, sans-serif";
    }
    return measureCtx;
  }

  // A region's title as drawn at `scale` (canvas units): its text, its size and its box.
  // The names keep one size on the screen, smaller only to fit their box.
  function regionTitle(r, scale) {
    var label = config.sectors[r.sector] || r.sector;
    var px = Math.min(15 / scale, (r.x1 - r.x0 - 20 / scale) / (label.length * 0.62));
    var x0 = r.x0 + 10 / scale, y0 = r.y0 + 8 / scale;
    var ctx = measurer();
    ctx.font = "700 100px system-ui, Arial, sans-serif";  // drawn in bold
    var w = ctx.measureText(label).width * px / 100;
    ctx.font = "100px system-ui, Arial, sans-serif";
    return { sector: r.sector, label: label, px: px, x0: x0, y0: y0, x1: x0 + w, y1: y0 + px * 1.2 };
  }

  function regionTitles(scale) {
    return clustered ? [] : regions.map(function (r) { return regionTitle(r, scale); });
  }

  // --- names that collide with nothing ---------------------------------------------------
  //
  // The layout (kartan.layout) keeps the bodies' symbols and 14 px names apart, but a
  // view shows its names at LABEL_PX on the screen, far larger than that on the canvas
  // when the whole map is fitted.  So each view moves the bodies it shows a little, on
  // the screen's scale, until no name lies on another name, another body's symbol or a
  // region's title: in the whole map inside their own region, in a focus or a filter
  // anywhere on the visible canvas.  The layout's places stay the truth (info[id].x/y):
  // every new view starts from them, and the whole map again gives the same picture.
  // Small maps only (a larger map names few bodies, chosen so that they do not overlap).
  var DECLUTTER_MAX = 300;
  var GAP = 2;              // screen px kept free around a symbol or a name
  var moved = {};           // ids drawn away from the layout's place in the current view

  // `view`: the canvas point at the centre; `get`: the items before the network is made
  // (their places are then set on them)
  function declutter(ids, chosen, scale, all, view, get) {
    if (clustered || total > DECLUTTER_MAX) return chosen;
    var whole = !ids;
    var W = container.clientWidth, H = container.clientHeight;
    var ctx = measurer();
    var named = {};
    chosen.forEach(function (id) { named[id] = true; });
    var pool = whole ? Object.keys(shownIds) : ids.filter(function (id) { return shownIds[id]; });
    var titles = regionTitles(scale).map(function (t) {
      return { x0: (t.x0 - view.x) * scale - GAP, x1: (t.x1 - view.x) * scale + GAP,
        y0: (t.y0 - view.y) * scale - GAP, y1: (t.y1 - view.y) * scale + GAP, sector: t.sector };
    });
    var titleOf = {};
    titles.forEach(function (t) { titleOf[t.sector] = t; });
    var h = LABEL_PX * 1.1;
    // each body is its symbol's box and, when named, its name's box (relative to its
    // place); in the whole map the named bodies stay and the others make room
    var P = pool.map(function (id) {
      var item = get ? get(id) : nodes.get(id);
      var n = info[id];
      var r = (item.size || 10) * scale;
      if (!whole && named[id]) delete lift[id];  // in a focus the names stand below
      var p = { id: id, x: (n.x - view.x) * scale, y: (n.y - view.y) * scale, named: !!named[id],
        fixed: !!(focus && focus.id === id),
        boxes: [{ x0: -r - GAP, x1: r + GAP, y0: -r - GAP, y1: r + GAP }] };
      if (named[id]) {
        // (a name's size may be up to 3 % off LABEL_PX: see applyLabels)
        var w = ctx.measureText(item.label).width * LABEL_PX * 1.04 / 100 + 2;
        var top = r + 6 + (lift[id] || 0) * scale;  // vis-network: about 6 px below
        p.boxes.push({ x0: -w / 2 - GAP, x1: w / 2 + GAP, y0: top - GAP, y1: top + h + GAP, label: true });
      }
      // bounds: in the whole map the symbol stays in its region (a name may reach out of
      // it); in a focus or a filter the symbol and its name stay on the canvas
      var ext = { x0: 0, x1: 0, y0: 0, y1: 0 };
      (whole ? p.boxes.slice(0, 1) : p.boxes).forEach(function (b) {
        ext.x0 = Math.min(ext.x0, b.x0); ext.x1 = Math.max(ext.x1, b.x1);
        ext.y0 = Math.min(ext.y0, b.y0); ext.y1 = Math.max(ext.y1, b.y1);
      });
      var R = whole ? regionOf(n.sector) : null;
      if (R) {
        var t = titleOf[n.sector];
        p.lx = (R.x0 - view.x) * scale - ext.x0; p.hx = (R.x1 - view.x) * scale - ext.x1;
        p.ly = Math.max((R.y0 - view.y) * scale, t ? t.y1 : -Infinity) - ext.y0;
        p.hy = (R.y1 - view.y) * scale - ext.y1;
      } else {
        p.lx = -W / 2 - ext.x0 + 2; p.hx = W / 2 - ext.x1 - 2;
        p.ly = -H / 2 - ext.y0 + 2; p.hy = H / 2 - ext.y1 - 2;
      }
      if (p.lx > p.hx) p.lx = p.hx = (p.lx + p.hx) / 2;
      if (p.ly > p.hy) p.ly = p.hy = (p.ly + p.hy) / 2;
      return p;
    });
    var overlap = function (a, ba, b, bb) {
      var ox = Math.min(a.x + ba.x1, b.x + bb.x1) - Math.max(a.x + ba.x0, b.x + bb.x0);
      if (ox <= 0) return null;
      var oy = Math.min(a.y + ba.y1, b.y + bb.y1) - Math.max(a.y + ba.y0, b.y + bb.y0);
      return oy <= 0 ? null : { x: ox, y: oy };
    };
    var still = { x: 0, y: 0 };
    // Greedy, in order (the focused body, then the named ones by rank, then the rest):
    // each body takes the free place nearest to its own on rings around it, inside its
    // bounds; a body with no free place within reach stays where it is.
    var order = {};
    chosen.forEach(function (id, i) { order[id] = i; });
    var rank = function (p) { return p.fixed ? -1 : (p.named ? order[p.id] : 1e6); };
    var queue = P.slice().sort(function (a, b) { return rank(a) - rank(b) || (a.id < b.id ? -1 : 1); });
    // the placed boxes on a grid of CELL px: a place is checked against its neighbours only
    var CELL = 48;
    var grid = {};
    var cells = function (b, each) {
      for (var gx = Math.floor(b.x0 / CELL); gx <= Math.floor(b.x1 / CELL); gx++) {
        for (var gy = Math.floor(b.y0 / CELL); gy <= Math.floor(b.y1 / CELL); gy++) {
          if (each(gx + ":" + gy) === false) return false;
        }
      }
      return true;
    };
    var absolute = function (p, b, x, y) { return { x0: x + b.x0, x1: x + b.x1, y0: y + b.y0, y1: y + b.y1, named: p.named || !!b.label }; };
    var hits = function (u, v) { return Math.min(u.x1, v.x1) > Math.max(u.x0, v.x0) && Math.min(u.y1, v.y1) > Math.max(u.y0, v.y0); };
    var fits = function (p, x, y) {
      for (var k = 0; k < p.boxes.length; k++) {
        var box = absolute(p, p.boxes[k], x, y);
        for (var t = 0; t < titles.length; t++) if (hits(box, titles[t])) return false;
        var free = cells(box, function (key) {
          var list = grid[key];
          if (!list) return true;
          for (var q = 0; q < list.length; q++) {
            // two unnamed symbols may touch (only the names must stay clear)
            if ((p.named || list[q].named) && hits(box, list[q])) return false;
          }
          return true;
        });
        if (!free) return false;
      }
      return true;
    };
    queue.forEach(function (p) {
      var x0 = Math.min(p.hx, Math.max(p.lx, p.x)), y0 = Math.min(p.hy, Math.max(p.ly, p.y));
      var found = p.fixed || fits(p, x0, y0) ? [x0, y0] : null;
      if (p.fixed) found = [p.x, p.y];
      // rings until they leave the bounds
      var reach = Math.sqrt(Math.pow(Math.max(p.x - p.lx, p.hx - p.x), 2) + Math.pow(Math.max(p.y - p.ly, p.hy - p.y), 2));
      for (var ring = 1; ring <= 120 && !found; ring++) {
        var radius = ring <= 60 ? ring * 5 : 300 + (ring - 60) * 12;
        if (radius > reach) break;
        var count = Math.max(8, Math.round(2 * Math.PI * radius / 8));
        for (var c = 0; c < count && !found; c++) {
          var angle = 2 * Math.PI * c / count;
          var x = p.x + radius * Math.cos(angle), y = p.y + radius * Math.sin(angle);
          if (x < p.lx || x > p.hx || y < p.ly || y > p.hy) continue;
          if (fits(p, x, y)) found = [x, y];
        }
      }
      if (found) { p.x = found[0]; p.y = found[1]; }
      p.boxes.forEach(function (b) {
        var box = absolute(p, b, p.x, p.y);
        box.named = p.named;
        cells(box, function (key) { (grid[key] = grid[key] || []).push(box); });
      });
    });
    // in an overview a name that still lies on something is left out (in rank order)
    var keep = chosen;
    if (!all) {
      var clash = {};
      var byId = {};
      P.forEach(function (p) { byId[p.id] = p; });
      chosen.forEach(function (id) {
        var a = byId[id];
        if (!a) return;
        var lab = a.boxes[1];
        var on = titles.some(function (t) { return overlap(a, lab, still, t); }) ||
          P.some(function (b) {
            if (b === a || clash[b.id]) return false;
            return b.boxes.some(function (bb) { return overlap(a, lab, b, bb); }) || !!overlap(a, a.boxes[0], b, b.boxes[1] || b.boxes[0]) && b.named;
          });
        if (on) clash[id] = true;
      });
      keep = chosen.filter(function (id) { return !clash[id]; });
    }
    var changes = [];
    var now = {};
    P.forEach(function (p) {
      var base = info[p.id];
      var x = p.x / scale + view.x, y = p.y / scale + view.y;
      if (Math.abs(x - base.x) * scale > 0.25 || Math.abs(y - base.y) * scale > 0.25) {
        now[p.id] = true;
        changes.push({ id: p.id, x: x, y: y });
      }
    });
    Object.keys(moved).forEach(function (id) {
      if (!now[id] && info[id] && (get ? get(id) : nodes.get(id))) changes.push({ id: id, x: info[id].x, y: info[id].y });
    });
    moved = now;
    if (get) changes.forEach(function (c) { var item = get(c.id); item.x = c.x; item.y = c.y; });
    else if (changes.length) nodes.update(changes);
    return keep;
  }

  function steersCouncil(id) {
    return Object.keys(adjacency[id] || {}).some(function (o) { return info[o] && info[o].kind === "council"; });
  }

  // vis-network's scaling.label.maxVisible does not limit the drawn size, so the names
  // sized for the overview are kept at most LABEL_MAX px when zooming in.
  // An arrowhead is about 7.5 + 3 x line width long (vis-network); below ARROW_MIN_PX on
  // the screen it is invisible, and drawing tens of thousands of them costs seconds on a
  // software-rendered canvas.  vis-network has no threshold for arrows, so the drawn
  // edges' own option is switched here, before each picture; the DataSet keeps the truth.
  var arrowsShown = true;
  function arrowsForScale() {
    var show = network.getScale() * (7.5 + 3 * unit) >= ARROW_MIN_PX;
    if (show && arrowsShown) return;
    var all = network.body.edges;
    network.body.edgeIndices.forEach(function (id) {
      var e = all[id];
      if (!e || !e.options.arrows) return;
      if (!show) e.options.arrows.to.enabled = false;
      else {
        var item = edges.get(id);
        e.options.arrows.to.enabled = !!(item && item.arrows && item.arrows.to && item.arrows.to.enabled);
      }
    });
    arrowsShown = show;
    app.setAttribute("data-arrows", show ? "1" : "0");
  }

  function capLabels() {
    if (!labelled || !labelled.named || clustered) return;
    var scale = network.getScale();
    if (Math.abs(scale - labelled.scale) < 1e-6) return;
    labelled.scale = scale;
    var named = {};
    labelled.named.forEach(function (id) { named[id] = true; });
    var updates = [];
    var size = Math.min(labelled.font, LABEL_MAX / scale);
    var now = labelled.named.length ? nodes.get(labelled.named[0]) : null;
    if (now && Math.abs(now.font.size - size) >= size * 0.02) {
      labelled.named.forEach(function (id) { if (nodes.get(id)) updates.push({ id: id, font: { size: size } }); });
    }
    // the other names too (on maps small enough to update them all while zooming)
    var minor = Math.min(MINOR_FONT * unit, LABEL_MAX / scale);
    if (total <= 800 && Math.abs((minorNow || MINOR_FONT * unit) - minor) > minor * 0.02) {
      minorNow = minor;
      nodes.forEach(function (item) {
        if (!named[item.id] && !item.cluster && item.opacity === 1) updates.push({ id: item.id, font: { size: minor } });
      });
    }
    if (updates.length) nodes.update(updates);
  }

  // --- regions --------------------------------------------------------------------------

  function drawRegions(ctx) {
    var scale = network.getScale();
    var dim = focus || pathIds;
    ctx.save();
    var titles = [];
    regions.forEach(function (r) {
      ctx.globalAlpha = dim ? 0.5 : 1;
      ctx.fillStyle = REGION_FILL[r.sector] || "#f4f6f8";
      ctx.strokeStyle = "#c9d1d9";
      ctx.lineWidth = 1 / scale;
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0, 24 / scale);
      else ctx.rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
      ctx.fill();
      ctx.stroke();
      var t = regionTitle(r, scale);
      ctx.fillStyle = "#1b2a3a";
      ctx.font = "700 " + t.px + "px system-ui, Arial, sans-serif";
      ctx.textBaseline = "top";
      ctx.fillText(t.label, t.x0, t.y0);
      // as drawn (bold is wider than the measure's regular face), for tests
      titles.push({ sector: r.sector, px: t.px * scale, x0: t.x0, y0: t.y0,
        x1: t.x0 + ctx.measureText(t.label).width, y1: t.y1 });
      if (r.lone && !clustered && (r.lone[2] - r.lone[0]) * scale >= 70) {
        var b = r.lone;
        ctx.setLineDash([6 / scale, 4 / scale]);
        ctx.strokeStyle = "#7b8794";
        ctx.strokeRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        ctx.setLineDash([]);
        ctx.font = "600 " + (11 / scale) + "px system-ui, Arial, sans-serif";
        ctx.fillStyle = "#3d4b59";
        ctx.textBaseline = "bottom";
        ctx.fillText(S.lone_caption + " (" + r.lone_count + ")", b[0], b[1] - 3 / scale);
      }
    });
    ctx.restore();
    window.kartanRegionTitles = titles;
  }

  // --- large maps: gathered by region ---------------------------------------------------
  //
  // Above config.cluster_min bodies (kartan.layout.CLUSTER_MIN_NODES) the map opens with
  // one symbol per region, named with its count, and lines between regions that say how
  // many links they stand for.  A click on a region, or its button on the map, opens it
  // (its bodies at their own places); the button gathers it again.  Choosing a body
  // (search, deep link, path) opens its region.  vis-network's own clustering needs every
  // node and edge in the network first (about 0.35 s per 1,000 nodes here before the
  // first picture), so the regions are gathered before the network is made.

  function num(n) { return Number(n).toLocaleString(config.lang === "en" ? "en-GB" : "sv-SE"); }

  function regionOf(sector) {
    for (var i = 0; i < regions.length; i++) if (regions[i].sector === sector) return regions[i];
    return null;
  }

  function sectorName(sector) { return config.sectors[sector] || sector; }

  // The scale at which the regions' boxes fill the canvas (the whole gathered map).
  function regionsView() {
    var w = container.clientWidth, h = container.clientHeight;
    var box = regionBox(regions);
    if (!w || !h || !box) return null;
    var scale = Math.min(w / ((box.x1 - box.x0) * 1.04), h / ((box.y1 - box.y0) * 1.04));
    return { scale: scale, x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
  }

  function regionBox(list) {
    if (!list.length) return null;
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    list.forEach(function (r) {
      box.x0 = Math.min(box.x0, r.x0); box.y0 = Math.min(box.y0, r.y0);
      box.x1 = Math.max(box.x1, r.x1); box.y1 = Math.max(box.y1, r.y1);
    });
    return box;
  }

  function clusterItem(r, scale) {
    var max = 1;
    regions.forEach(function (q) { if (q.count > max) max = q.count; });
    var label = sectorName(r.sector);
    var s = scale || 1;
    return {
      id: "sector:" + r.sector, cluster: true, sector: r.sector,
      label: fmt(S.cluster_label, { label: label, count: num(r.count) }),
      title: fmt(S.cluster_title, { label: label, count: num(r.count) }),
      x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2,
      // 14 to 44 px across on the screen, by the region's share of the bodies (a node's
      // border is in screen px already)
      shape: "dot", size: (7 + 15 * Math.sqrt(r.count / max)) / s,
      borderWidth: 2,
      color: { background: "#5b6b7b", border: "#1b2a3a",
        highlight: { background: "#3d4b59", border: config.highlight },
        hover: { background: "#3d4b59", border: config.highlight } },
      font: { size: LABEL_PX / s, color: "#1b2a3a" }
    };
  }

  function clusterItems(scale) {
    var items = [];
    regions.forEach(function (r) { if (!expanded[r.sector] && r.count) items.push(clusterItem(r, scale)); });
    return items;
  }

  function endOf(id) {
    var n = info[id];
    if (!n) return null;
    return expanded[n.sector] ? id : "sector:" + n.sector;
  }

  function endName(id) {
    return id.indexOf("sector:") === 0 ? sectorName(id.slice(7)) : (info[id] ? info[id].name : id);
  }

  // The lines of the gathered map: links between open bodies as they are, the others
  // summed per pair of ends (a region or an open body), drawn wider for more links.
  function clusterEdges() {
    var out = [];
    var agg = {};
    var across = {};
    var scale = network ? network.getScale() : (regionsView() || { scale: 1 }).scale;
    rawEdges.forEach(function (e, i) {
      var a = endOf(src(e)), b = endOf(dst(e));
      if (!a || !b) return;
      if (a === src(e) && b === dst(e)) { out.push(edgeItem(e, i)); return; }
      if (a === b) return;
      // an open body and a gathered region: summed per pair of regions, drawn by drawLinks
      if ((a === src(e)) !== (b === dst(e))) {
        var open = a === src(e) ? info[a].sector : info[b].sector;
        var shut = a === src(e) ? b.slice(7) : a.slice(7);
        if (open !== shut) {
          var k = open + "|" + shut;
          across[k] = (across[k] || 0) + 1;
        }
        return;
      }
      var key = a < b ? a + "|" + b : b + "|" + a;
      agg[key] = (agg[key] || 0) + 1;
    });
    Object.keys(agg).forEach(function (key) {
      var p = key.split("|");
      out.push({ id: "agg:" + key, from: p[0], to: p[1], aggregate: true,
        title: fmt(S.cluster_links, { count: num(agg[key]), a: endName(p[0]), b: endName(p[1]) }),
        width: (1 + Math.log(agg[key]) / Math.LN10 * 1.5) / scale,
        color: { color: "#8a96a3", opacity: 0.6 }, arrows: { to: { enabled: false } } });
    });
    regionLinks = Object.keys(across).map(function (k) {
      var p = k.split("|");
      return { open: p[0], shut: p[1], count: across[k] };
    });
    return out;
  }

  // Links between an open region and a gathered one, one line per pair of regions (not
  // one per body: thousands of lines into one symbol say nothing and cost seconds): from
  // the gathered region's symbol to the open region's box, with the number of links.
  var regionLinks = [];
  function drawLinks(ctx) {
    if (!clustered || !regionLinks.length) return;
    var scale = network.getScale();
    ctx.save();
    regionLinks.forEach(function (l) {
      var a = regionOf(l.shut), b = regionOf(l.open);
      if (!a || !b) return;
      var ax = (a.x0 + a.x1) / 2, ay = (a.y0 + a.y1) / 2;
      var bx = (b.x0 + b.x1) / 2, by = (b.y0 + b.y1) / 2;
      // where the line from a's symbol to b's centre enters b's box
      var t = 1;
      if (bx !== ax) t = Math.min(t, Math.abs(((bx > ax ? b.x0 : b.x1) - ax) / (bx - ax)));
      if (by !== ay) t = Math.min(t, Math.abs(((by > ay ? b.y0 : b.y1) - ay) / (by - ay)));
      var ex = ax + (bx - ax) * t, ey = ay + (by - ay) * t;
      ctx.globalAlpha = 0.6;
      ctx.strokeStyle = "#8a96a3";
      ctx.lineWidth = (1 + Math.log(l.count) / Math.LN10 * 1.5) / scale;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(ex, ey);
      ctx.stroke();
      ctx.globalAlpha = 1;
      var text = fmt(S.cluster_links, { count: num(l.count), a: sectorName(l.shut), b: sectorName(l.open) });
      ctx.font = "600 " + (11 / scale) + "px system-ui, Arial, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "#ffffff";
      var mx = (ax + ex) / 2, my = (ay + ey) / 2;
      ctx.strokeText(text, mx, my);
      ctx.fillStyle = "#3d4b59";
      ctx.fillText(text, mx, my);
    });
    ctx.restore();
  }

  // Bring the edges in line with the open regions: only what changed is removed or added
  // (each DataSet change makes vis-network revisit the whole network).
  function syncEdges(list) {
    var want = {};
    list.forEach(function (item) { want[item.id] = item; });
    var gone = edges.getIds().filter(function (id) { return !want[id]; });
    var add = list.filter(function (item) { return !edges.get(item.id); });
    if (gone.length) edges.remove(gone);
    if (add.length) edges.add(add);
  }

  // `scale`: the view the region is opened into; its names are chosen for that view
  // before the bodies are added (one DataSet change less, see applyLabels)
  function expand(sector, scale) {
    if (!clustered || expanded[sector] || !regionOf(sector)) return;
    expanded[sector] = true;
    nodes.remove("sector:" + sector);
    var add = [];
    Object.keys(info).forEach(function (id) { if (info[id].sector === sector) add.push(nodeItem(id)); });
    if (scale) {
      var byId = {};
      add.forEach(function (item) { byId[item.id] = item; });
      var font = LABEL_PX / scale;
      pickLabels(Object.keys(byId), font, false, function (id) { return byId[id]; }).forEach(function (id) {
        byId[id].font = { size: font, vadjust: lift[id] || 0 };
      });
    }
    nodes.add(add);
    syncEdges(clusterEdges());
    clusterButtons();
  }

  function gather(sector) {
    if (!clustered || !expanded[sector]) return;
    // a focus, path or open panel inside the region goes with it
    var inside = function (id) { return id && info[id] && info[id].sector === sector; };
    if ((focus && inside(focus.id)) || inside(selected)) closePanel();
    if (pathIds && Object.keys(pathIds).some(inside)) { pathIds = null; app.removeAttribute("data-path"); }
    delete expanded[sector];
    var ids = [];
    Object.keys(info).forEach(function (id) { if (info[id].sector === sector) ids.push(id); });
    nodes.remove(ids);
    if (labelled) labelled.ids = labelled.ids.filter(function (id) { return !inside(id); });
    nodes.add(clusterItem(regionOf(sector), network.getScale()));
    syncEdges(clusterEdges());
    clusterButtons();
  }

  function ensureExpanded() {
    if (focus && info[focus.id] && !expanded[info[focus.id].sector]) expand(info[focus.id].sector);
  }

  // Open a region from a click or its button, and show it: the view fits its box and
  // names its most important bodies.
  function openRegion(sector) {
    var r = regionOf(sector);
    var w = container.clientWidth, h = container.clientHeight;
    var scale = r && w && h ? Math.min(w / ((r.x1 - r.x0) * 1.04), h / ((r.y1 - r.y0) * 1.04)) : 0;
    expand(sector, scale);
    render(false);
    if (scale) network.moveTo({ position: { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 }, scale: scale, animation: false });
    var ids = Object.keys(shownIds).filter(function (id) { return info[id].sector === sector; });
    relabel(ids.length ? ids : null);
    if (window.performance && performance.mark) {
      network.once("afterDrawing", function () { performance.mark("kartan-region-open"); });
    }
  }

  function clusterButtons() {
    var box = document.getElementById("map-clusters");
    if (!box || !clustered) return;
    box.hidden = false;
    var old = box.querySelectorAll("button");
    for (var i = 0; i < old.length; i++) box.removeChild(old[i]);
    var any = false;
    regions.forEach(function (r) {
      if (!r.count) return;
      var b = el("button", null, sectorName(r.sector) + " (" + num(r.count) + ")");
      b.type = "button";
      b.setAttribute("data-sector", r.sector);
      b.setAttribute("data-count", String(r.count));
      b.setAttribute("aria-expanded", String(!!expanded[r.sector]));
      if (expanded[r.sector]) any = true;
      b.addEventListener("click", function () {
        if (expanded[r.sector]) { gather(r.sector); render(true); } else openRegion(r.sector);
        var again = box.querySelector('button[data-sector="' + r.sector + '"]');
        if (again) again.focus();
      });
      box.appendChild(b);
    });
    if (any) {
      var all = el("button", "gather-all", S.cluster_gather_all);
      all.type = "button";
      all.addEventListener("click", function () {
        Object.keys(expanded).forEach(gather);
        render(true);
        var first = box.querySelector("button");
        if (first) first.focus();
      });
      box.appendChild(all);
    }
    app.setAttribute("data-expanded", Object.keys(expanded).sort().join(" "));
  }

  // --- drawing --------------------------------------------------------------------------

  function draw(graph) {
    unit = unitFor(graph.nodes);
    window.kartanUnit = unit;
    regions = graph.regions || [];
    graph.nodes.forEach(remember);
    total = graph.nodes.length;
    setEdges(edgeList(graph));
    clustered = total > CLUSTER_MIN && regions.length > 0;
    if (clustered) {
      clusterButtons();  // first: the row of buttons narrows the canvas
      var view = regionsView();
      nodes = new vis.DataSet(clusterItems(view && view.scale));
      edges = new vis.DataSet(clusterEdges());
    } else {
      var items = graph.nodes.map(function (n) { return nodeItem(n.id); });
      var first = app.getAttribute("data-focus") || hashNode();
      if (!(first && info[first])) prelabel(items);
      nodes = new vis.DataSet(items);
      edges = new vis.DataSet(rawEdges.map(edgeItem));
    }
    var big = total > 800;
    var options = {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: {
        hover: !big,
        tooltipDelay: 150,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big,
        keyboard: { enabled: true, bindToWindow: false },
        multiselect: false,
        navigationButtons: false
      },
      nodes: {
        font: { color: "#1b2a3a", strokeWidth: 3, strokeColor: "#ffffff", face: "system-ui, Arial, sans-serif" },
        scaling: { label: { drawThreshold: LABEL_MIN } }
      },
      edges: {
        smooth: false,
        arrows: { to: { enabled: true, scaleFactor: 0.5 } },
        selectionWidth: 1.5,
        hoverWidth: 0.5
      }
    };
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    window.kartanNetwork = network;
    window.kartanNodes = nodes;
    window.kartanEdges = edges;
    network.on("beforeDrawing", drawRegions);
    network.on("beforeDrawing", drawLinks);
    network.on("beforeDrawing", capLabels);
    network.on("beforeDrawing", arrowsForScale);
    var frame = container.querySelector(".vis-network");
    if (frame) {
      // the focusable drawing: arrow keys pan, + and - zoom (vis-network's keyboard)
      frame.setAttribute("role", "application");
      frame.setAttribute("aria-label", S.map_canvas_label);
      frame.setAttribute("aria-describedby", "map-status");
    }
    network.once("afterDrawing", function () {
      if (loading) loading.remove();
      window.kartanReady = true;
      document.documentElement.setAttribute("data-map-ready", "1");
      if (window.performance && performance.mark) performance.mark("kartan-drawn");
      document.dispatchEvent(new CustomEvent("kartan:drawn"));
    });
    network.on("click", function (params) {
      if (params.nodes && params.nodes.length) {
        var id = params.nodes[0];
        if (String(id).indexOf("sector:") === 0) { openRegion(id.slice(7)); return; }
        openNode(id, true);
      }
    });
    clusterButtons();
    var start = app.getAttribute("data-focus") || hashNode();
    if (start && info[start]) openNode(start, true);
    else render(true);
    dateFromAddress();
  }

  function hashNode() {
    var m = /(?:^|[#&])nod=([^&]+)/.exec(window.location.hash);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // an address or query string without its nod= parameter
  function withoutNod(url) { return withParam(url, "nod", ""); }

  // The other language's link keeps the map's place: the hash (#nod=...) never reaches
  // the server that wrote the link, so it is added here whenever it changes (a body
  // chosen in the hash wins over a ?nod= the page was opened with, as on this page).
  var langLink = document.querySelector("a.lang-toggle");
  function carryHash() {
    if (!langLink) return;
    var href = langLink.getAttribute("href").split("#")[0];
    if (hashNode()) href = withoutNod(href);
    langLink.setAttribute("href", href + window.location.hash);
  }

  // make sure the body is visible: clear the filters that hide it
  function unhide(id) {
    var n = info[id];
    var box = document.getElementById("kind-" + n.kind);
    if (box) box.checked = true;
    if (themeSelect && themeSelect.value && n.themes.indexOf(themeSelect.value) < 0) themeSelect.value = "";
    if (audienceSelect && audienceSelect.value && n.audiences.indexOf(audienceSelect.value) < 0) audienceSelect.value = "";
    if (entryBox && entryBox.checked && !n.entry) entryBox.checked = false;
  }

  function setFocus(id) {
    if (clustered) expand(info[id].sector);
    unhide(id);
    focus = { id: id, depth: depth, ids: {} };
    pathIds = null;
    app.removeAttribute("data-path");
    render(true);
    network.selectNodes([id]);
    app.setAttribute("data-focus-ids", Object.keys(focus.ids).sort().join(" "));
  }

  function clearFocus() {
    focus = null;
    app.removeAttribute("data-focus-ids");
  }

  function openNode(id, doFocus) {
    if (!info[id]) { say(S.not_found_on_map); return; }
    if (present && !present[id]) { say(S.not_found_on_map); return; }
    selected = id;
    // the panel first: it narrows the canvas, and the view is fitted to what is left
    showPanelLoading(id);
    if (network) network.setSize("100%", "100%");
    if (doFocus !== false) setFocus(id); else network.selectNodes([id]);
    try { history.replaceState(null, "", window.location.pathname + withoutNod(window.location.search) + "#nod=" + encodeURIComponent(id)); } catch (e) { /* ignore */ }
    carryHash();
    fetchJSON("/api/nodes/" + encodeURIComponent(id)).then(function (detail) {
      if (selected === id) fillPanel(id, detail);
    }).catch(function () {
      if (selected === id) fillPanel(id, null);
    });
  }

  function say(text) { if (statusEl) statusEl.textContent = text; }

  function clearPanel() { while (panelBody.firstChild) panelBody.removeChild(panelBody.firstChild); }

  function showPanelLoading(id) {
    clearPanel();
    var h = el("h2", null, info[id].name);
    h.id = "map-panel-title";
    panelBody.appendChild(h);
    openPanel();
  }

  function openPanel() {
    panel.hidden = false;
    document.body.classList.add("map-panel-open");
  }

  function nameOf(ref) {
    if (!ref) return "";
    if (typeof ref === "string") return info[ref] ? info[ref].name : ref;
    return (ref.id && info[ref.id] ? info[ref.id].name : ref.name) || ref.id || "";
  }

  function idOf(ref) { return typeof ref === "string" ? ref : (ref && ref.id) || ""; }

  function section(title, content) {
    panelBody.appendChild(el("h3", null, title));
    if (content) panelBody.appendChild(content);
  }

  function nodeLink(ref) {
    var a = el("a", null, nameOf(ref));
    a.href = "/noder/" + encodeURIComponent(idOf(ref));
    var known = info[idOf(ref)];
    if (config.lang !== "sv" && (!known || known.sv)) a.lang = "sv";
    return a;
  }

  function pathOf(detail) {
    if (!detail) return undefined;
    var p = detail.path_to_decision;
    if (p === undefined) p = detail.decision_path;
    if (p === undefined || p === null) return p;
    if (!Array.isArray(p)) p = p.steps || p.items || [];
    if (!p.length) return [];
    if (typeof p[0] === "string") return p;
    // a list of steps {from, to}
    var ids = [p[0].from];
    p.forEach(function (s) { ids.push(s.to); });
    return ids;
  }

  function fillPanel(id, detail) {
    clearPanel();
    var n = info[id];
    var d = detail || {};
    var h = el("h2", null, n.name);
    h.id = "map-panel-title";
    panelBody.appendChild(h);
    var meta = el("p", "eyebrow");
    meta.appendChild(el("span", "kind-tag", kindStyle(n.kind).label));
    if (config.sectors[n.sector]) meta.appendChild(document.createTextNode(" · " + S.panel_sector + ": " + config.sectors[n.sector]));
    if (n.entry) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge", S.entry_point)); }
    panelBody.appendChild(meta);
    if (!Object.keys(adjacency[id] || {}).length) panelBody.appendChild(el("p", "missing", S.panel_no_links));

    // the data's texts are Swedish: say so on the English map (WCAG 3.1.2)
    var swedish = function (e, english) { if (config.lang !== "sv" && !english) e.lang = "sv"; return e; };
    // a text of the data: English where translated (marked so, the Swedish original one
    // click away), else the Swedish marked lang="sv"; the missing note when there is none
    var bilingual = function (sv, en, cls) {
      var box = el("div");
      if (!sv && !en) { box.appendChild(el("p", "missing", S.missing)); return box; }
      var english = config.lang === "en" && !!en;
      box.appendChild(swedish(el("p", cls || null, english ? en : sv), english));
      if (english && sv) {
        var orig = el("details", "original");
        orig.appendChild(el("summary", null, S.translated + " · " + S.original));
        var p = el("p", null, sv);
        p.lang = "sv";
        orig.appendChild(p);
        box.appendChild(orig);
      }
      return box;
    };
    if (n.sv) h.lang = "sv";
    section(S.about_body, bilingual(d.description, d.description_en));
    section(S.how_to_take_part, bilingual(d.how_to_take_part, d.how_to_take_part_en));

    // how to reach them (issue 9): own contact, or the nearest body's with the route
    var en = config.lang === "en";
    var contact = el("div");
    var r = d.contact_route;
    if (r) {
      var cp = el("p");
      var fn = (en ? r.function_label_en : r.function_label) || r.function || "";
      cp.appendChild(document.createTextNode(fn.charAt(0).toUpperCase() + fn.slice(1) + " – "));
      cp.appendChild(nodeLink({ id: r.via, name: r.via_name }));
      contact.appendChild(cp);
      if (!r.own) {
        var route = el("p", "small", en ? r.text_en : r.text);
        contact.appendChild(swedish(route, en));
      }
    } else {
      contact.appendChild(el("p", "missing", S.contact_missing));
      var sug = el("a", null, S.suggest_contact);
      sug.href = "/noder/" + encodeURIComponent(id) + "#tipsa";
      contact.appendChild(sug);
    }
    section(S.reach_title || S.contact, contact);

    // who decides: decision relations only, or "the map does not know" and where to ask
    var path = pathOf(detail);
    var pathBox = el("div");
    var wd = d.who_decides;
    if (wd) {
      pathBox.appendChild(swedish(el("p", wd.status === "unknown" ? "decider-unknown" : null, en ? wd.text_en : wd.text), en));
    } else if (path === null) {
      pathBox.appendChild(el("p", null, S.decision_none));
    } else if (path && path.length === 0) {
      pathBox.appendChild(el("p", null, S.decision_self));
    }
    if (path && path.length) {
      var ol = el("ol", "path-inline");
      path.forEach(function (pid) { var li = el("li"); li.appendChild(nodeLink(pid)); ol.appendChild(li); });
      pathBox.appendChild(ol);
    }
    section(S.who_decides_title || S.decision_path, pathBox);

    // ways to raise a matter: seats and parts, never a chain of decision
    var raises = d.ways_to_raise || [];
    if (raises.length) {
      var rb = el("div");
      rb.appendChild(el("p", "small", S.raise_note));
      var ul = el("ul");
      raises.forEach(function (w) {
        var li = el("li");
        li.appendChild(nodeLink({ id: w.arena, name: w.arena_name }));
        var via = w.via ? ", " + (S.raise_via || "via {name}").replace("{name}", nameOf({ id: w.via, name: w.via_name })) : "";
        li.appendChild(document.createTextNode(" (" + (en ? w.how_en : w.how) + via + ")"));
        ul.appendChild(li);
      });
      rb.appendChild(ul);
      section(S.raise_title, rb);
    }

    var actions = el("p", "panel-actions");
    if (path && path.length > 1) {
      var btn = el("button", null, S.show_path);
      btn.type = "button";
      btn.id = "map-show-path";
      btn.setAttribute("aria-pressed", "false");
      btn.addEventListener("click", function () {
        if (pathIds) { clearPath(); btn.textContent = S.show_path; btn.setAttribute("aria-pressed", "false"); }
        else { highlightPath(path); btn.textContent = S.hide_path; btn.setAttribute("aria-pressed", "true"); }
      });
      actions.appendChild(btn);
    }
    var open = el("a", "button primary", S.open_page);
    open.href = "/noder/" + encodeURIComponent(id);
    actions.appendChild(open);
    panelBody.appendChild(actions);
    openPanel();
  }

  function highlightPath(ids) {
    pathIds = {};
    pathOrder = ids;
    ids.forEach(function (pid) { pathIds[pid] = true; });
    ids.forEach(function (pid) { unhide(pid); });
    if (clustered) ids.forEach(function (pid) { if (info[pid]) expand(info[pid].sector); });
    render(true);
    var pathEdges = [];
    edges.forEach(function (item) { if (!item.aggregate && pathLink(item.from, item.to)) pathEdges.push(item.id); });
    network.setSelection({ nodes: ids, edges: pathEdges }, { unselectAll: true, highlightEdges: false });
    app.setAttribute("data-path", ids.join(" "));
  }

  function clearPath() {
    if (!pathIds) return;
    pathIds = null;
    app.removeAttribute("data-path");
    render(true);
    if (selected && network) network.selectNodes([selected]);
  }

  // --- date slider ----------------------------------------------------------------------

  var dateNote = "";

  function sliderDate(value) {
    var start = slider.getAttribute("data-start").split("-");
    var y = parseInt(start[0], 10), m = parseInt(start[1], 10) - 1 + parseInt(value, 10);
    var d = new Date(Date.UTC(y + Math.floor(m / 12), m % 12, 1));
    return d.toISOString().slice(0, 10);
  }

  function dateText(iso) {
    var months = S.months.split("|");
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  function names(ids) {
    var list = ids.slice(0, 5).map(function (id) { return info[id] ? info[id].name : id; });
    return list.join(", ") + (ids.length > 5 ? " …" : "");
  }

  // The date in the address: ?at=YYYY-MM-DD opens the map as it stood at that month's
  // step of the slider, and moving the slider writes the step's date there and into the
  // other language's link, so that a shared link, a reload or the language switch shows
  // the same date (today's map has no at=).
  function withParam(url, name, value) {
    var hash = "", query = "", i = url.indexOf("#");
    if (i >= 0) { hash = url.slice(i); url = url.slice(0, i); }
    i = url.indexOf("?");
    if (i >= 0) { query = url.slice(i + 1); url = url.slice(0, i); }
    var params = new URLSearchParams(query);
    if (value) params.set(name, value); else params.delete(name);
    query = params.toString();
    return url + (query ? "?" + query : "") + hash;
  }

  function addressStep() {
    var m = /[?&]at=(\d{4})-(\d{2})-(\d{2})(?:&|$)/.exec(window.location.search);
    if (!slider || !m) return null;
    var month = parseInt(m[2], 10), day = parseInt(m[3], 10);
    var real = new Date(Date.UTC(parseInt(m[1], 10), month - 1, day));
    if (month < 1 || month > 12 || real.getUTCDate() !== day) return null;  // 2021-02-31
    var start = slider.getAttribute("data-start").split("-");
    var step = (parseInt(m[1], 10) - parseInt(start[0], 10)) * 12 + month - parseInt(start[1], 10);
    return Math.max(0, Math.min(step, parseInt(slider.max, 10)));
  }

  function dateFromAddress() {
    var step = addressStep();
    if (step === null || String(step) === String(slider.max)) {
      // today's map (a date from this month on, or no date): the address says no date
      if (/[?&]at=/.test(window.location.search)) dateToAddress("");
      return;
    }
    slider.value = String(step);
    var chosen = onSlider();
    atDate(chosen.iso, chosen.isToday);
  }

  function dateToAddress(iso) {
    try {
      history.replaceState(null, "", withParam(window.location.pathname + window.location.search + window.location.hash, "at", iso));
    } catch (e) { /* ignore */ }
    if (langLink) langLink.setAttribute("href", withParam(langLink.getAttribute("href"), "at", iso));
  }

  function atDate(iso, isToday) {
    var mine = ++dateSeq;
    dateToAddress(isToday ? "" : iso);
    var url = config.graph + (isToday ? "" : "?at=" + encodeURIComponent(iso));
    app.setAttribute("data-date-loading", "1");
    fetchJSON(url).then(function (g) {
      if (mine !== dateSeq) return;
      var ids = {};
      var additions = [];
      g.nodes.forEach(function (n) {
        ids[n.id] = true;
        if (!info[n.id]) { remember(n); if (!clustered || expanded[info[n.id].sector]) additions.push(nodeItem(n.id)); }
      });
      if (additions.length) { nodes.add(additions); total = Object.keys(info).length; }
      var before = present || allIds();
      var oldEdges = {};
      rawEdges.forEach(function (e, i) { oldEdges[edgeId(e, i)] = true; });
      var list = edgeList(g);
      var newEdges = {};
      list.forEach(function (e, i) { newEdges[edgeId(e, i)] = true; });
      var added = Object.keys(ids).filter(function (id) { return !before[id]; });
      var removed = Object.keys(before).filter(function (id) { return !ids[id]; });
      var edgesAdded = Object.keys(newEdges).filter(function (k) { return !oldEdges[k]; }).length;
      var edgesRemoved = Object.keys(oldEdges).filter(function (k) { return !newEdges[k]; }).length;
      changed = {};
      added.forEach(function (id) { changed[id] = true; });
      present = isToday ? null : ids;
      setEdges(list);
      edges.clear();
      edges.add(clustered ? clusterEdges() : list.map(edgeItem));
      pathIds = null;
      app.removeAttribute("data-path");
      var shownAt = Object.keys(ids).length;
      var note = fmt(S.date_status, { date: dateText(iso), shown: shownAt, total: total, edges: list.length });
      if (prevDate) {
        note += " " + fmt(S.date_changes, { date: dateText(prevDate), added: added.length, removed: removed.length, edges_added: edgesAdded, edges_removed: edgesRemoved });
        if (added.length) note += " " + fmt(S.date_new, { names: names(added) }) + ".";
        if (removed.length) note += " " + fmt(S.date_gone, { names: names(removed) }) + ".";
      }
      dateNote = note;
      prevDate = iso;
      app.setAttribute("data-changed", added.sort().join(" "));
      app.setAttribute("data-removed", removed.sort().join(" "));
      render(true);
      app.setAttribute("data-date", isToday ? "" : iso);
      app.removeAttribute("data-date-loading");
    }).catch(function () { app.removeAttribute("data-date-loading"); say(S.map_error); });
  }

  function allIds() {
    var out = {};
    Object.keys(info).forEach(function (id) { out[id] = true; });
    return out;
  }

  function onSlider() {
    var isToday = String(slider.value) === String(slider.max);
    var iso = isToday ? slider.getAttribute("data-today") : sliderDate(slider.value);
    dateOut.textContent = isToday ? dateText(iso) + " (" + S.date_today + ")" : dateText(iso);
    return { iso: iso, isToday: isToday };
  }

  var sliderTimer = null;
  if (slider) {
    slider.addEventListener("input", function () {
      var chosen = onSlider();
      clearTimeout(sliderTimer);
      sliderTimer = setTimeout(function () { atDate(chosen.iso, chosen.isToday); }, 200);
    });
    slider.addEventListener("change", function () {
      var chosen = onSlider();
      clearTimeout(sliderTimer);
      atDate(chosen.iso, chosen.isToday);
    });
  }

  // --- controls -------------------------------------------------------------------------

  document.getElementById("map-filters").addEventListener("change", function () {
    pathIds = null;
    app.removeAttribute("data-path");
    render(true);
  });
  document.getElementById("map-filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.getElementById("map-fit").addEventListener("click", function () {
    if (!network) return;
    clearFocus();
    pathIds = null;
    app.removeAttribute("data-path");
    network.unselectAll();
    render(true);
  });
  function setDepth(d) {
    depth = d;
    ["1", "2"].forEach(function (k) {
      var b = document.getElementById("map-depth-" + k);
      if (b) b.setAttribute("aria-pressed", String(k === String(d)));
    });
    if (focus && network) setFocus(focus.id);
  }
  ["1", "2"].forEach(function (k) {
    var b = document.getElementById("map-depth-" + k);
    if (b) b.addEventListener("click", function () { setDepth(parseInt(k, 10)); });
  });
  document.getElementById("map-zoom-in").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("map-zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });
  document.getElementById("map-print").addEventListener("click", function () { window.print(); });
  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("map-panel-open");
    selected = null;
    pathIds = null;
    app.removeAttribute("data-path");
    if (network) { network.unselectAll(); network.setSize("100%", "100%"); clearFocus(); }
    // no body chosen any more: the address (and the language link) no longer names one
    if (hashNode()) {
      try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (e) { /* ignore */ }
      carryHash();
    }
  }
  document.getElementById("map-panel-close").addEventListener("click", function () {
    closePanel();
    if (network) render(true);
    // back to the focusable drawing (the container itself cannot take the focus)
    var frame = container.querySelector(".vis-network");
    (frame || container).focus();
  });
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") document.getElementById("map-panel-close").click();
  });
  // the printed map keeps its key, even when the legend is folded on the screen
  var legendWasOpen = null;
  window.addEventListener("beforeprint", function () {
    var key = document.getElementById("map-legend");
    if (key) { legendWasOpen = key.open; key.open = true; }
    if (network) { network.redraw(); network.fit({ animation: false }); }
  });
  window.addEventListener("afterprint", function () {
    var key = document.getElementById("map-legend");
    if (key && legendWasOpen !== null) key.open = legendWasOpen;
    legendWasOpen = null;
  });

  function zoom(factor) {
    if (!network) return;
    network.moveTo({ scale: network.getScale() * factor, animation: false });
  }

  function searchLocal(q) {
    var fold = function (s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
    var want = fold(q);
    var best = null;
    Object.keys(info).forEach(function (id) {
      var name = fold(info[id].name);
      if (name === want || id === want) best = best && fold(info[best].name) === want ? best : id;
      else if (!best && name.indexOf(want) >= 0) best = id;
    });
    return best;
  }

  document.getElementById("map-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("map-q").value.trim();
    if (!q || !network) return;
    fetchJSON("/api/search?q=" + encodeURIComponent(q) + "&limit=5").then(function (data) {
      var items = (data && data.items) || [];
      for (var i = 0; i < items.length; i++) if (info[items[i].id]) return items[i].id;
      return searchLocal(q);
    }).catch(function () { return searchLocal(q); }).then(function (id) {
      if (id) { openNode(id, true); panel.focus(); } else say(S.not_found_on_map);
    });
  });

  // a keyboard user who searched goes on in the panel (Tab: its links, Escape: close)
  document.addEventListener("kartan:pick", function (ev) { if (network) { openNode(ev.detail.id, true); panel.focus(); } });
  window.addEventListener("hashchange", function () { carryHash(); var id = hashNode(); if (id && id !== selected) openNode(id, true); });
  carryHash();

  // --- start ----------------------------------------------------------------------------

  // vis-network (470 KB) is fetched after the page's first picture, so that nothing of it
  // stands between the page and its first paint
  function start() {
    // shown by the script only: without JavaScript the <noscript> text stands alone
    if (loading) loading.hidden = false;
    var failed = function () { if (loading) loading.textContent = S.map_error; };
    var go = function () {
      if (typeof vis === "undefined") { failed(); return; }
      graphPromise.then(draw).catch(failed);
    };
    if (typeof vis !== "undefined" || !app.getAttribute("data-script")) { go(); return; }
    requestAnimationFrame(function () {
      setTimeout(function () {
        var script = document.createElement("script");
        script.src = app.getAttribute("data-script");
        script.onload = go;
        script.onerror = failed;
        document.head.appendChild(script);
      }, 0);
    });
  }
  if (slider) onSlider();
  // the legend comes open, shown folded on a narrow screen (kartan.css): there it lies
  // above the map and is folded for real now; beside the map it stays open
  var legend = document.getElementById("map-legend");
  if (legend) {
    if (window.matchMedia && window.matchMedia("(max-width: 60rem)").matches) legend.open = false;
    legend.classList.remove("legend-auto");
  }
  start();
})();
