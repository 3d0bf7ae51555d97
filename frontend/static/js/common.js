/* What the site's scripts share, loaded (deferred) before them on every page:
 *   - el(tag, cls, text): an element with its class and its text, put in with
 *     textContent, never innerHTML;
 *   - fmt(template, fields): a catalogue text filled in: {name} by the field (empty when
 *     missing), {n:one|many} by the form for the number in field n, "one" for 1 and
 *     "many" otherwise (as the server's api.i18n.plural_slots).
 * They are window.kartanCommon.el and window.kartanCommon.fmt. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmt(template, fields) {
    return String(template)
      .replace(/\{(\w+):([^{}|]*)\|([^{}|]*)\}/g, function (_, k, one, many) { return Number(fields[k]) === 1 ? one : many; })
      .replace(/\{(\w+)\}/g, function (_, k) { return fields[k] !== undefined ? fields[k] : ""; });
  }

  window.kartanCommon = { el: el, fmt: fmt };
})();
