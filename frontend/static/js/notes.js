/* Numbered source notes on a body's page (issue 15): following a note [n], or a back-link
   from a note to the text, opens the closed <details> that holds the target, then scrolls to
   it.  Without this script the link still works: browsers that open a closed details for a
   fragment do so, and the others keep the note list reachable under its summary. */
(function () {
  "use strict";
  function openTo(id) {
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var changed = false;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) {
        el.open = true;
        changed = true;
      }
    }
    if (changed) target.scrollIntoView();
  }
  function fromHash() {
    openTo(decodeURIComponent(location.hash.slice(1)));
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#note-'], a[href^='#cite-']");
    if (a) openTo(a.getAttribute("href").slice(1));
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
