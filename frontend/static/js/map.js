/* The interactive map: vis-network with the server's positions and physics off.
 *
 * Data: GET /api/graph (node-link JSON with x and y for every node), GET /api/graph?at=
 * for the map as it stood on a date, GET /api/nodes/{id} for the side panel and
 * GET /api/search for search.  Every text from the data is put in with textContent or
 * as a plain-string tooltip (vis-network shows those with innerText); never innerHTML.
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
  var entryBox = document.getElementById("map-entry");

  var graphPromise = fetchJSON(config.graph);
  var network = null;
  var nodes = null;
  var edges = null;
  var info = {};            // id -> {name, kind, themes, entry}
  var present = null;       // ids present at the chosen date (null: all)
  var pathIds = null;       // ids on the highlighted path
  var selected = null;
  var total = 0;
  var dateSeq = 0;
  var unit = 1;             // sizes grow with the spread of the layout (see unitFor)
  var labelled = null;      // {font, ids, scale}: the names sized for the whole-map view

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmt(template, fields) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return fields[k] !== undefined ? fields[k] : ""; });
  }

  function edgeList(g) { return g.edges || g.links || []; }
  function src(e) { return e.from !== undefined ? e.from : e.source; }
  function dst(e) { return e.to !== undefined ? e.to : e.target; }

  // Names shown when the whole map is in view, in this order of importance: decision
  // bodies, councils, good entry points, forums and networks (then by number of links).
  // A name is only shown if it does not overlap a more important one; the others appear
  // when the user zooms in (vis-network hides labels smaller than LABEL_MIN px).
  var LABEL_RANK = { decision_body: 0, council: 1, forum: 3, network: 3 };
  var LABEL_PX = 12;        // screen size of the names shown in the whole-map view
  var LABEL_MIN = 9;        // smaller labels are not drawn
  var LABEL_MAX = 14;       // no label grows larger than this when zooming in
  var LABEL_LIMIT = 40;     // at most this many names in the whole-map view
  var MINOR_FONT = 13;      // other names (times unit): readable once zoomed in

  function kindStyle(kind) {
    return config.kinds[kind] || { colour: "#6e6e6e", shape: "dot", size: 12, label: kind };
  }

  // The layout's coordinates are px-like but a real map spreads wide, so that "fit" shows
  // it at a small scale.  Symbols, labels and lines grow with the spread, so the whole
  // map still reads (the important names are sized for the whole-map view, labelImportant).
  function unitFor(nodes) {
    if (!nodes.length) return 1;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      if (n.x < minX) minX = n.x; if (n.x > maxX) maxX = n.x;
      if (n.y < minY) minY = n.y; if (n.y > maxY) maxY = n.y;
    });
    var extent = Math.max(maxX - minX, maxY - minY);
    return Math.min(4, Math.max(1, extent / 2000));
  }

  function nodeItem(n) {
    var style = kindStyle(n.kind);
    var name = (config.lang === "en" && n.name_en) || n.name || n.label || n.id;
    var entry = !!n.entry_point;
    info[n.id] = { name: name, kind: n.kind, themes: n.themes || [], entry: entry };
    return {
      id: n.id,
      label: name,
      font: { size: MINOR_FONT * unit },
      title: name + " – " + style.label + (entry ? " · " + S.entry_point : ""),
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

  function edgeItem(e, i) {
    var member = e.type === "member_of";
    return {
      id: e.id || e.key || ("e" + i),
      from: src(e),
      to: dst(e),
      kind: e.type,
      color: { color: member ? config.member_edge : config.edge, highlight: config.highlight, hover: config.highlight, opacity: 0.9 },
      width: (member ? 0.8 : 1.3) * unit,
      dashes: e.inferred ? [5 * unit, 5 * unit] : false
    };
  }

  function visibleIds() {
    var kinds = {};
    var boxes = document.querySelectorAll("#map-filters input[name=kind]");
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) kinds[boxes[i].value] = true;
    var theme = themeSelect ? themeSelect.value : "";
    var onlyEntry = entryBox && entryBox.checked;
    var out = {};
    Object.keys(info).forEach(function (id) {
      var n = info[id];
      if (present && !present[id]) return;
      if (!kinds[n.kind] && boxes.length) return;
      if (theme && n.themes.indexOf(theme) < 0) return;
      if (onlyEntry && !n.entry) return;
      out[id] = true;
    });
    return out;
  }

  function applyFilters() {
    if (!nodes) return;
    var show = visibleIds();
    var changes = [];
    var shown = 0;
    nodes.forEach(function (item) {
      var hide = !show[item.id];
      if (!hide) shown++;
      if (!!item.hidden !== hide) changes.push({ id: item.id, hidden: hide });
    });
    if (changes.length) nodes.update(changes);
    if (statusEl) statusEl.textContent = fmt(S.shown_count, { shown: shown, total: total });
    app.setAttribute("data-visible", String(shown));
  }

  function draw(graph) {
    unit = unitFor(graph.nodes);
    window.kartanUnit = unit;
    var nodeItems = graph.nodes.map(nodeItem);
    total = nodeItems.length;
    nodes = new vis.DataSet(nodeItems);
    edges = new vis.DataSet(edgeList(graph).map(edgeItem));
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
        arrows: { to: { enabled: true, scaleFactor: 0.45 } },
        selectionWidth: 1.5,
        hoverWidth: 0.5
      }
    };
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    window.kartanNetwork = network;
    network.fit({ animation: false });
    labelImportant(graph, network.getScale());
    network.fit({ animation: false });
    network.on("beforeDrawing", capLabels);
    var frame = container.querySelector(".vis-network");
    if (frame) {
      // the focusable drawing: arrow keys pan, + and - zoom (vis-network's keyboard)
      frame.setAttribute("role", "application");
      frame.setAttribute("aria-label", S.map_canvas_label);
      frame.setAttribute("aria-describedby", "map-status");
    }
    window.kartanNodes = nodes;
    window.kartanEdges = edges;
    network.once("afterDrawing", function () {
      if (loading) loading.remove();
      window.kartanReady = true;
      document.documentElement.setAttribute("data-map-ready", "1");
      if (window.performance && performance.mark) performance.mark("kartan-drawn");
      document.dispatchEvent(new CustomEvent("kartan:drawn"));
    });
    network.on("click", function (params) {
      if (params.nodes && params.nodes.length) openNode(params.nodes[0], false);
    });
    applyFilters();
    var focus = app.getAttribute("data-focus") || hashNode();
    if (focus && info[focus]) openNode(focus, true);
  }

  // Give the most important bodies names that read at LABEL_PX in the whole-map view
  // (scale `scale`), skipping any whose name would overlap one already chosen.
  function labelImportant(graph, scale) {
    if (!(scale > 0)) return;
    var degree = {};
    edgeList(graph).forEach(function (e) {
      degree[src(e)] = (degree[src(e)] || 0) + 1;
      degree[dst(e)] = (degree[dst(e)] || 0) + 1;
    });
    var rank = function (n) {
      var r = LABEL_RANK[n.kind];
      if (n.entry_point && (r === undefined || r > 2)) r = 2;
      return r === undefined ? 9 : r;
    };
    var candidates = graph.nodes.filter(function (n) { return rank(n) < 9; });
    candidates.sort(function (a, b) { return rank(a) - rank(b) || (degree[b.id] || 0) - (degree[a.id] || 0); });
    var font = LABEL_PX / scale;
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = "100px system-ui, Arial, sans-serif";
    var boxes = [];
    var changes = [];
    var pad = font * 0.25;
    for (var i = 0; i < candidates.length && changes.length < LABEL_LIMIT; i++) {
      var n = candidates[i];
      var item = nodes.get(n.id);
      if (!item) continue;
      var w = ctx.measureText(item.label).width * font / 100;
      var top = n.y + item.size + 2;
      var box = { x0: n.x - w / 2 - pad, x1: n.x + w / 2 + pad, y0: top - pad, y1: top + font * 1.2 + pad };
      var free = boxes.every(function (b) { return box.x1 <= b.x0 || box.x0 >= b.x1 || box.y1 <= b.y0 || box.y0 >= b.y1; });
      if (!free) continue;
      boxes.push(box);
      changes.push({ id: n.id, font: { size: font } });
    }
    nodes.update(changes);
    labelled = { font: font, ids: changes.map(function (c) { return c.id; }), scale: scale };
    app.setAttribute("data-labelled", changes.map(function (c) { return c.id; }).join(" "));
  }

  // vis-network's scaling.label.maxVisible does not limit the drawn size, so the names
  // sized for the whole-map view are kept at most LABEL_MAX px when zooming in.
  function capLabels() {
    if (!labelled || !labelled.ids.length) return;
    var scale = network.getScale();
    if (Math.abs(scale - labelled.scale) < 1e-6) return;
    labelled.scale = scale;
    var size = Math.min(labelled.font, LABEL_MAX / scale);
    var now = nodes.get(labelled.ids[0]);
    if (now && Math.abs(now.font.size - size) < size * 0.02) return;
    nodes.update(labelled.ids.map(function (id) { return { id: id, font: { size: size } }; }));
  }

  function hashNode() {
    var m = /(?:^|[#&])nod=([^&]+)/.exec(window.location.hash);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function focusNode(id) {
    if (!network || !info[id]) return false;
    var item = nodes.get(id);
    if (item && item.hidden) {
      // make sure the body is visible: clear the filters that hide it
      var box = document.getElementById("kind-" + info[id].kind);
      if (box) box.checked = true;
      if (themeSelect && themeSelect.value && info[id].themes.indexOf(themeSelect.value) < 0) themeSelect.value = "";
      if (entryBox && entryBox.checked && !info[id].entry) entryBox.checked = false;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1 / unit), animation: false });
    return true;
  }

  function openNode(id, focus) {
    if (!info[id]) { say(S.not_found_on_map); return; }
    selected = id;
    clearPath();
    if (focus) focusNode(id); else network.selectNodes([id]);
    try { history.replaceState(null, "", window.location.pathname + window.location.search.replace(/([?&])nod=[^&]*&?/, "$1").replace(/[?&]$/, "") + "#nod=" + encodeURIComponent(id)); } catch (e) { /* ignore */ }
    showPanelLoading(id);
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
    panel.hidden = false;
  }

  function nameOf(ref) {
    if (!ref) return "";
    if (typeof ref === "string") return info[ref] ? info[ref].name : ref;
    return ref.name || (ref.id && info[ref.id] ? info[ref.id].name : ref.id) || "";
  }

  function idOf(ref) { return typeof ref === "string" ? ref : (ref && ref.id) || ""; }

  function section(title, content) {
    panelBody.appendChild(el("h3", null, title));
    if (content) panelBody.appendChild(content);
  }

  function nodeLink(ref) {
    var a = el("a", null, nameOf(ref));
    a.href = "/noder/" + encodeURIComponent(idOf(ref));
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
    if (n.entry) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "badge", S.entry_point)); }
    panelBody.appendChild(meta);

    var description = (config.lang === "en" && d.description_en) || d.description;
    // the data's texts are Swedish: say so on the English map (WCAG 3.1.2)
    var swedish = function (e, english) { if (config.lang !== "sv" && !english) e.lang = "sv"; return e; };
    section(S.about_body, description
      ? swedish(el("p", null, description), config.lang === "en" && !!d.description_en)
      : el("p", "missing", S.missing));
    section(S.how_to_take_part, d.how_to_take_part
      ? swedish(el("p", null, d.how_to_take_part), false)
      : el("p", "missing", S.missing));

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
      sug.href = "/noder/" + encodeURIComponent(id) + "/foresla";
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
        li.appendChild(document.createTextNode(" (" + (en ? w.how_en : w.how) + (w.via_name ? ", via " + w.via_name : "") + ")"));
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
    panel.hidden = false;
  }

  function highlightPath(ids) {
    clearPath();
    pathIds = {};
    ids.forEach(function (pid) { pathIds[pid] = true; });
    var nodeChanges = [];
    nodes.forEach(function (item) {
      nodeChanges.push({ id: item.id, opacity: pathIds[item.id] ? 1 : 0.18 });
    });
    nodes.update(nodeChanges);
    var onPath = {};
    for (var i = 0; i + 1 < ids.length; i++) { onPath[ids[i] + ">" + ids[i + 1]] = true; onPath[ids[i + 1] + ">" + ids[i]] = true; }
    var edgeChanges = [];
    var pathEdges = [];
    edges.forEach(function (item) {
      var hit = onPath[item.from + ">" + item.to];
      if (hit) pathEdges.push(item.id);
      edgeChanges.push({ id: item.id, color: { color: hit ? config.highlight : "#e3e7eb", highlight: config.highlight, opacity: 1 }, width: hit ? 4 * unit : item.width });
    });
    edges.update(edgeChanges);
    network.setSelection({ nodes: ids, edges: pathEdges }, { unselectAll: true, highlightEdges: false });
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1 / unit) {
      // not closer than labels stay readable (symbols and labels grow with `unit`)
      network.moveTo({ scale: 1 / unit, animation: false });
    }
    app.setAttribute("data-path", ids.join(" "));
  }

  function clearPath() {
    if (!pathIds || !nodes) { pathIds = null; return; }
    pathIds = null;
    var nodeChanges = [];
    nodes.forEach(function (item) { if (item.opacity !== 1) nodeChanges.push({ id: item.id, opacity: 1 }); });
    nodes.update(nodeChanges);
    var edgeChanges = [];
    edges.forEach(function (item) {
      var member = item.kind === "member_of";
      edgeChanges.push({ id: item.id, color: { color: member ? config.member_edge : config.edge, highlight: config.highlight, hover: config.highlight, opacity: 0.9 }, width: (member ? 0.8 : 1.3) * unit });
    });
    edges.update(edgeChanges);
    app.removeAttribute("data-path");
  }

  // --- date slider ----------------------------------------------------------------------

  function sliderDate(value) {
    var start = slider.getAttribute("data-start").split("-");
    var y = parseInt(start[0], 10), m = parseInt(start[1], 10) - 1 + parseInt(value, 10);
    var d = new Date(Date.UTC(y + Math.floor(m / 12), m % 12, 1));
    return d.toISOString().slice(0, 10);
  }

  function dateText(iso) {
    var months = config.lang === "en"
      ? ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
      : ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  function atDate(iso, isToday) {
    var mine = ++dateSeq;
    var url = config.graph + (isToday ? "" : "?at=" + encodeURIComponent(iso));
    app.setAttribute("data-date-loading", "1");
    fetchJSON(url).then(function (g) {
      if (mine !== dateSeq) return;
      var ids = {};
      var additions = [];
      g.nodes.forEach(function (n) {
        ids[n.id] = true;
        if (!info[n.id]) additions.push(nodeItem(n));
      });
      if (additions.length) { nodes.add(additions); total = Object.keys(info).length; }
      present = isToday ? null : ids;
      edges.clear();
      edges.add(edgeList(g).map(edgeItem));
      pathIds = null;
      applyFilters();
      app.setAttribute("data-date", isToday ? "" : iso);
      app.removeAttribute("data-date-loading");
    }).catch(function () { app.removeAttribute("data-date-loading"); say(S.map_error); });
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

  document.getElementById("map-filters").addEventListener("change", applyFilters);
  document.getElementById("map-filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.getElementById("map-fit").addEventListener("click", function () { if (network) network.fit({ animation: false }); });
  document.getElementById("map-zoom-in").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("map-zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });
  document.getElementById("map-print").addEventListener("click", function () { window.print(); });
  document.getElementById("map-panel-close").addEventListener("click", function () {
    panel.hidden = true;
    selected = null;
    clearPath();
    if (network) network.unselectAll();
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
  window.addEventListener("hashchange", function () { var id = hashNode(); if (id && id !== selected) openNode(id, true); });

  // --- start ----------------------------------------------------------------------------

  function start() {
    // shown by the script only: without JavaScript the <noscript> text stands alone
    if (loading) loading.hidden = false;
    if (typeof vis === "undefined") { if (loading) loading.textContent = S.map_error; return; }
    graphPromise.then(draw).catch(function () { if (loading) loading.textContent = S.map_error; });
  }
  if (slider) onSlider();
  // the legend comes folded (on a narrow screen it lies above the map, and opening it
  // there would push the map down after the first paint); beside the map it opens
  var legend = document.getElementById("map-legend");
  if (legend && !(window.matchMedia && window.matchMedia("(max-width: 60rem)").matches)) legend.open = true;
  start();
})();
