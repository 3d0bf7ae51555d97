/* Needs on the map (issue 14): a toggle that marks the bodies taking up needs from the
 * minutes and says how many needs have no forum.  Self-contained: it only reads
 * window.kartanNodes (the vis DataSet map.js draws) and changes the marked nodes'
 * border, glow and tooltip, restoring them when switched off.  Texts are built with
 * textContent, never innerHTML. */
(function () {
  "use strict";
  var box = document.getElementById("needs-toggle");
  if (!box) return;
  var status = document.getElementById("needs-toggle-status");
  var app = document.getElementById("kartan-app");
  var cfg = JSON.parse(box.getAttribute("data-needs") || "{}");
  var data = null;
  var saved = null;

  var fill = window.kartanCommon.fmt;  // common.js

  function whenDrawn(cb) {
    if (window.kartanReady && window.kartanNodes) cb();
    else document.addEventListener("kartan:drawn", function () { cb(); }, { once: true });
  }

  function load(cb) {
    if (data) { cb(data); return; }
    fetch(cfg.url || "/api/needs", { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (j) { data = j; cb(j); })
      .catch(function () { box.checked = false; if (status) status.textContent = cfg.error || ""; });
  }

  function mark(j) {
    if (!box.checked || saved) return;
    var ds = window.kartanNodes;
    var count = {};
    var unmet = 0;
    var taken = 0;
    j.items.forEach(function (n) {
      if (!n.taken_up_by.length) { unmet += 1; return; }
      taken += 1;
      n.taken_up_by.forEach(function (t) { count[t.id] = (count[t.id] || 0) + 1; });
    });
    saved = {};
    var changes = [];
    Object.keys(count).forEach(function (id) {
      var item = ds.get(id);
      if (!item) return;
      saved[id] = { color: item.color, borderWidth: item.borderWidth, title: item.title, shadow: item.shadow || false };
      changes.push({
        id: id,
        color: Object.assign({}, item.color, { border: cfg.colour }),
        borderWidth: Math.max(item.borderWidth || 1, 1) * 3,
        shadow: { enabled: true, color: cfg.colour, size: 14, x: 0, y: 0 },
        title: (item.title || id) + " · " + fill(cfg.label, { n: count[id] })
      });
    });
    ds.update(changes);
    if (app) app.setAttribute("data-needs-marked", Object.keys(saved).join(" "));
    if (status) status.textContent = fill(cfg.on, { bodies: changes.length, taken: taken, unmet: unmet });
  }

  function unmark() {
    if (saved && window.kartanNodes) {
      window.kartanNodes.update(Object.keys(saved).map(function (id) {
        return Object.assign({ id: id }, saved[id]);
      }));
    }
    saved = null;
    if (app) app.removeAttribute("data-needs-marked");
    if (status) status.textContent = "";
  }

  box.addEventListener("change", function () {
    if (box.checked) load(function (j) { whenDrawn(function () { mark(j); }); });
    else unmark();
  });
  if (box.checked) load(function (j) { whenDrawn(function () { mark(j); }); });
})();
