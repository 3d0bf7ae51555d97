/* The static copy of the site (kartan build-site): API calls and links onto files.
 *
 * Loaded only by pages written by `kartan build-site`, which mark themselves with
 * <meta name="kartan-static" content="1"> and <html data-api-base="../../"> (the way
 * back to the site's root).  This script:
 *   - maps fetch("/api/...") onto the JSON files of the build (api/nodes/x.json …);
 *     /api/search and /api/graph?at= are answered here from api/graph.json;
 *   - gives window.kartanUrl(path): the static address of an app path, for scripts
 *     that navigate ("/noder/x" -> "<root>noder/x/");
 *   - makes links created by scripts with absolute paths work under any sub-path;
 *   - the guide: answers for a theme and who you are from the precomputed files; a
 *     question in your own words, or an organisation, says it needs the live service;
 *   - the directory: filters from the address (q, kind, theme, entry_point) applied
 *     to api/nodes.json (q: every word in the name, aliases, description or themes);
 *   - forms that post (Föreslå ändring) say they need the live service.
 * The query naming (FNV-1a of the sorted query) is the same as api/site.py's.
 * Every text from the data goes in with textContent, never innerHTML. */
(function () {
  "use strict";

  var html = document.documentElement;
  var root = new URL(html.getAttribute("data-api-base") || "./", window.location.href);
  var lang = html.getAttribute("lang") === "en" ? "en" : "sv";
  var realFetch = window.fetch.bind(window);
  // The texts come from the one catalogue (api/i18n.py, keys static_*): api/site.py puts
  // them into each page as <script type="application/json" id="kartan-static-strings">.
  var T = (function () {
    var box = document.getElementById("kartan-static-strings");
    var s = {};
    try { s = box ? JSON.parse(box.textContent) : {}; } catch (e) { s = {}; }
    return {
      live: s.live, question: s.question, org: s.org, orgIgnored: s.org_ignored,
      results: s.results, none: s.none, why: s.why, path: s.path, open: s.open, map: s.map,
      hits: function (n) { return n === 1 ? s.hits_one : String(s.hits).replace("{n}", n); }
    };
  })();

  // --- naming, as api/site.py ------------------------------------------------------------

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function normalQuery(search) {
    var pairs = [];
    new URLSearchParams(search).forEach(function (v, k) {
      if (v !== "" && !(k === "lang" && v === "sv")) pairs.push([k, v]);
    });
    pairs.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; });
    return pairs.map(function (p) { return p[0] + "=" + p[1]; }).join("&");
  }

  function split(url) {
    var hash = "";
    var i = url.indexOf("#");
    if (i >= 0) { hash = url.slice(i); url = url.slice(0, i); }
    var j = url.indexOf("?");
    return { path: j >= 0 ? url.slice(0, j) : url, search: j >= 0 ? url.slice(j + 1) : "", hash: hash };
  }

  function staticPath(url) {
    var u = split(url);
    var path = decodeURIComponent(u.path).replace(/^\/+|\/+$/g, "");
    var query = normalQuery(u.search);
    if (path === "api" || path.indexOf("api/") === 0) {
      if (query) return path + "/q-" + fnv1a(query) + ".json";
      var last = path.split("/").pop();
      return last.indexOf(".") >= 0 ? path : path + ".json";
    }
    if (path.indexOf("static/") === 0 || path.indexOf("vendor/") === 0) return path;
    var folder = path ? path + "/" : "";
    if (path === "karta" && /(^|&)nod=/.test(u.search)) {
      return folder + "#nod=" + encodeURIComponent(new URLSearchParams(u.search).get("nod"));
    }
    if (/\/foresla$/.test(path)) return "tjanst/";
    if (query) folder += "q-" + fnv1a(query) + "/";
    return folder + u.hash;
  }

  function isAppPath(url) { return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/"; }

  window.kartanStatic = true;
  window.kartanUrl = function (path) { return isAppPath(path) ? new URL(staticPath(path), root).href : path; };

  // --- the API from files -----------------------------------------------------------------

  function json(body, status) {
    return new Response(JSON.stringify(body), { status: status || 200, headers: { "Content-Type": "application/json" } });
  }

  var graphFile = null;
  function graph() {
    if (!graphFile) {
      graphFile = realFetch(new URL("api/graph.json", root).href).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return graphFile;
  }

  function validOn(item, day) {
    return (!item.valid_from || item.valid_from <= day) && (!item.valid_until || day <= item.valid_until);
  }

  function graphAt(day) {
    return graph().then(function (g) {
      var kept = {};
      var nodes = g.nodes.filter(function (n) { if (validOn(n, day)) { kept[n.id] = true; return true; } return false; });
      var edges = (g.edges || []).filter(function (e) { return kept[e.from] && kept[e.to] && validOn(e, day); });
      var out = {};
      Object.keys(g).forEach(function (k) { out[k] = g[k]; });
      out.nodes = nodes;
      out.edges = edges;
      out.as_of = day;
      return out;
    });
  }

  function fold(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function search(q, limit) {
    var want = fold(q);
    return graph().then(function (g) {
      var found = [];
      if (!want) return { items: [] };
      g.nodes.forEach(function (n) {
        var names = [n.name, n.name_en, n.id].concat(n.aliases || []);
        var score = 0;
        names.forEach(function (name) {
          var f = fold(name);
          if (!f) return;
          var s = f === want ? 1 : f.indexOf(want) === 0 ? 0.8 : f.indexOf(" " + want) >= 0 ? 0.6 : f.indexOf(want) >= 0 ? 0.5 : want.indexOf(f) === 0 && f.length >= 3 ? 0.4 : 0;
          if (s > score) score = s;
        });
        if (score > 0) found.push({ id: n.id, name: n.name, name_en: n.name_en || null, kind: n.kind, score: score });
      });
      found.sort(function (a, b) { return b.score - a.score || (a.name < b.name ? -1 : 1); });
      return { total: found.length, items: found.slice(0, limit || 10) };
    });
  }

  window.fetch = function (input, init) {
    if (!isAppPath(input)) return realFetch(input, init);
    var u = split(input);
    var params = new URLSearchParams(u.search);
    if (u.path === "/api/search") {
      return search(params.get("q") || "", parseInt(params.get("limit") || "10", 10)).then(function (b) { return json(b); });
    }
    if (u.path === "/api/graph" && params.get("at")) {
      return graphAt(params.get("at")).then(function (b) { return json(b); });
    }
    if (u.path === "/api/guide" && (params.get("q") || "").trim()) {
      return Promise.resolve(json({ detail: T.question }, 503));
    }
    if (u.path.indexOf("/api/") === 0 && (params.get("at") || params.get("from"))) {
      return Promise.resolve(json({ detail: T.live }, 503));
    }
    return realFetch(new URL(staticPath(input), root).href, init);
  };

  // --- links and forms ----------------------------------------------------------------------

  function fixLink(ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!a) return;
    var raw = a.getAttribute("href");
    if (isAppPath(raw)) a.setAttribute("href", window.kartanUrl(raw));
  }
  document.addEventListener("click", fixLink, true);
  document.addEventListener("auxclick", fixLink, true);

  function notice(parent, text, before) {
    var p = document.createElement("p");
    p.className = "static-notice hint";
    p.setAttribute("role", "status");
    p.textContent = text;
    if (before) parent.insertBefore(p, before); else parent.appendChild(p);
    return p;
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if ((form.getAttribute("method") || "get").toLowerCase() === "post") {
      ev.preventDefault();
      if (!form.querySelector(".static-notice")) notice(form, T.live, form.firstChild);
      form.querySelector(".static-notice").scrollIntoView({ block: "nearest" });
    }
  }, true);

  // --- the guide ------------------------------------------------------------------------------

  // common.js (deferred) has run by the time the guide and the directory are built
  function el(tag, cls, text) { return window.kartanCommon.el(tag, cls, text); }

  function link(path, text) {
    var a = el("a", null, text);
    a.href = window.kartanUrl(path);
    return a;
  }

  function choose(select, value) {
    if (!select || !value) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) select.selectedIndex = i;
    }
  }

  function guide() {
    var form = document.querySelector("form.ask-form");
    if (!form || !/(^|\/)guide\/?$/.test(window.location.pathname.replace(/index\.html$/, ""))) return;
    var params = new URLSearchParams(window.location.search);
    var q = (params.get("q") || "").trim();
    var theme = params.get("theme") || "";
    var audience = params.get("audience") || "";
    var org = params.get("org") || "";
    var qInput = form.querySelector("[name=q]");
    if (qInput) qInput.value = q;
    choose(form.querySelector("[name=theme]"), theme);
    choose(form.querySelector("[name=audience]"), audience);
    choose(form.querySelector("[name=org]"), org);
    var card = form.closest(".ask-card") || form;
    var section = el("section", "guide-results static-guide");
    section.setAttribute("aria-live", "polite");
    card.parentNode.insertBefore(section, card.nextSibling);
    if (q) notice(section, T.question);
    else if (org) notice(section, theme || audience ? T.orgIgnored : T.org);
    if (!theme && !audience) return;
    var url = "/api/guide?" + [["audience", audience], ["theme", theme]]
      .filter(function (p) { return p[1]; })
      .map(function (p) { return p[0] + "=" + encodeURIComponent(p[1]); }).join("&");
    Promise.all([window.fetch(url).then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); }), graph()])
      .then(function (both) { showAnswers(section, both[0].items || [], both[1]); })
      .catch(function () { notice(section, T.none); });
  }

  function showAnswers(section, items, g) {
    var names = {};
    g.nodes.forEach(function (n) { names[n.id] = (lang === "en" && n.name_en) || n.name; });
    section.appendChild(el("h2", null, T.results));
    if (!items.length) { section.appendChild(el("p", null, T.none)); return; }
    var list = el("ol", "answers");
    items.forEach(function (a, i) {
      var li = el("li", "card answer");
      var h = el("h3");
      h.appendChild(el("span", "answer-rank", (i + 1) + ". "));
      h.appendChild(link("/noder/" + encodeURIComponent(a.id), names[a.id] || a.name));
      li.appendChild(h);
      var eyebrow = el("p", "eyebrow");
      eyebrow.appendChild(el("span", "kind-tag kind-" + a.kind, a.kind_label));
      li.appendChild(eyebrow);
      if (a.why) {
        var why = el("p", "why");
        why.appendChild(el("strong", null, T.why + ": "));
        why.appendChild(document.createTextNode(a.why));
        li.appendChild(why);
      }
      if (a.path_to_decision && a.path_to_decision.length) {
        var path = el("div", "answer-path");
        path.appendChild(el("strong", null, T.path + ": "));
        var ol = el("ol", "path-inline");
        a.path_to_decision.forEach(function (id) {
          var step = el("li");
          step.appendChild(link("/noder/" + encodeURIComponent(id), names[id] || id));
          ol.appendChild(step);
        });
        path.appendChild(ol);
        li.appendChild(path);
      }
      var links = el("p", "answer-links");
      links.appendChild(link("/noder/" + encodeURIComponent(a.id), T.open));
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(link("/karta?nod=" + encodeURIComponent(a.id), T.map));
      li.appendChild(links);
      list.appendChild(li);
    });
    section.appendChild(list);
  }

  // --- the directory ------------------------------------------------------------------------

  function directory() {
    var form = document.querySelector("form.filters");
    var table = document.querySelector("table.directory tbody");
    if (!form || !table) return;
    var params = new URLSearchParams(window.location.search);
    var q = fold(params.get("q") || "");
    var words = q.split(/\s+/).filter(function (w) { return w; });
    var kind = params.get("kind") || "";
    var theme = params.get("theme") || "";
    var entry = !!params.get("entry_point");
    if (!q && !kind && !theme && !entry) return;
    var qInput = form.querySelector("[name=q]");
    if (qInput) qInput.value = params.get("q") || "";
    choose(form.querySelector("[name=kind]"), kind);
    choose(form.querySelector("[name=theme]"), theme);
    var box = form.querySelector("[name=entry_point]");
    if (box) box.checked = entry;
    var themeNames = {};
    var themeSelect = form.querySelector("[name=theme]");
    if (themeSelect) {
      for (var i = 0; i < themeSelect.options.length; i++) {
        themeNames[themeSelect.options[i].value] = themeSelect.options[i].textContent.replace(/\s*\(\d+\)\s*$/, "");
      }
    }
    window.fetch("/api/nodes").then(function (r) { return r.json(); }).then(function (data) {
      var rows = (data.items || []).filter(function (n) {
        if (kind && n.kind !== kind) return false;
        if (theme && (n.themes || []).indexOf(theme) < 0) return false;
        if (entry && !n.entry_point) return false;
        if (!q) return true;
        // like the live directory: names, aliases, description and themes, every word found
        var text = fold([n.name, n.name_en, n.id, n.description].concat(
          n.aliases || [], (n.themes || []).map(function (t) { return themeNames[t] || t; })).join(" "));
        var spaced = " " + text.replace(/[^a-z0-9]+/g, " ") + " ";
        return words.every(function (w) {  // a short word (KS) only as a whole word
          return w.length < 3 ? spaced.indexOf(" " + w + " ") >= 0 : text.indexOf(w) >= 0;
        });
      });
      while (table.firstChild) table.removeChild(table.firstChild);
      rows.forEach(function (n) {
        var tr = el("tr");
        var td = el("td");
        td.appendChild(link("/noder/" + encodeURIComponent(n.id), (lang === "en" && n.name_en) || n.name));
        tr.appendChild(td);
        var k = el("td");
        k.appendChild(el("span", "kind-tag kind-" + n.kind, lang === "en" ? n.kind_label_en : n.kind_label));
        tr.appendChild(k);
        tr.appendChild(el("td", null, (n.themes || []).map(function (t) { return themeNames[t] || t; }).join(", ")));
        tr.appendChild(el("td"));
        table.appendChild(tr);
      });
      var count = document.querySelector(".result-count");
      if (count) count.textContent = T.hits(rows.length);
      var pager = document.querySelector("nav.pagination");
      if (pager) pager.hidden = true;
    }).catch(function () { /* the unfiltered list stays */ });
  }

  function init() { guide(); directory(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
