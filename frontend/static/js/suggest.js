/* Search suggestions: an accessible combobox over GET /api/search.
 * Without JavaScript the surrounding form still submits to /noder?q=.
 * Every text from the data goes in with textContent, never innerHTML. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function kindLabels() {
    var el = document.querySelector("[data-kind-labels]");
    if (!el) return {};
    try { return JSON.parse(el.getAttribute("data-kind-labels")) || {}; } catch (e) { return {}; }
  }

  function setup(box) {
    var input = box.querySelector("input");
    var list = box.querySelector(".suggest-list");
    var url = box.getAttribute("data-suggest");
    var mode = box.getAttribute("data-suggest-mode") || "page";
    var labels = kindLabels();
    var english = document.documentElement.getAttribute("lang") === "en";
    var items = [];
    var active = -1;
    var seq = 0;
    if (!input || !list || !url) return;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    // the name in the page's language: the English one when the data has it
    function nameOf(item) { return (english && item.name_en) || item.name; }

    function choose(item) {
      close();
      input.value = nameOf(item);
      if (mode === "map") {
        document.dispatchEvent(new CustomEvent("kartan:pick", { detail: { id: item.id } }));
      } else {
        var to = "/noder/" + encodeURIComponent(item.id);
        // the static copy of the site (kartan build-site) maps app paths onto its files
        window.location.href = window.kartanUrl ? window.kartanUrl(to) : to;
      }
    }

    function mark(index) {
      var options = list.querySelectorAll("li");
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      items = found;
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!found.length) { close(); return; }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.appendChild(document.createTextNode(nameOf(item)));
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = labels[item.kind] || item.kind || "";
        li.appendChild(kind);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    var lookup = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q) + "&limit=8", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          if (mine !== seq) return;
          show((data && data.items ? data.items : []).slice(0, 8));
        })
        .catch(function () { close(); });
    }, 150);

    input.addEventListener("input", lookup);
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden) return;
      if (ev.key === "ArrowDown") { ev.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); choose(items[active]); }
    });
  }

  function init() {
    var boxes = document.querySelectorAll("[data-suggest]");
    for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* "Skriv ut" buttons (hidden without JavaScript, where the browser's own print is there). */
(function () {
  "use strict";
  function init() {
    var buttons = document.querySelectorAll("button.print-page");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
