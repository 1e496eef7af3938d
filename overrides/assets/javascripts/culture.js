/* Small enhancements for the intranet pages; everything works without them.
   - moments: filter cards by outlet and tag (the page lists everything without JS);
   - morning meeting: a print button;
   - a name for Material's search dialog, and the start of search: the index is loaded only
     when the reader focuses the search box (culture-search-worker.js).
   No external loads, no framework. */
(function () {
  "use strict";

  function tagsOf(card) {
    try { return JSON.parse(card.getAttribute("data-tags") || "[]"); } catch (e) { return []; }
  }

  function applyFilter(form) {
    var outlet = form.elements.outlet.value;
    var tag = form.elements.tag.value;
    var shown = 0;
    var cards = document.querySelectorAll(".culture-moment");
    Array.prototype.forEach.call(cards, function (card) {
      var ok = (!outlet || card.getAttribute("data-outlet") === outlet) &&
               (!tag || tagsOf(card).indexOf(tag) >= 0);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    // Hide months and years left without a visible card.
    ["culture-month", "culture-year"].forEach(function (name) {
      Array.prototype.forEach.call(document.getElementsByClassName(name), function (group) {
        group.hidden = !group.querySelector(".culture-moment:not([hidden])");
      });
    });
    var none = document.querySelector("[data-culture-none]");
    if (none) { none.hidden = shown > 0; }
    var count = form.querySelector(".culture-filter-count");
    if (count) { count.textContent = "共 " + shown + " 条"; }
    var params = new URLSearchParams();
    if (outlet) { params.set("outlet", outlet); }
    if (tag) { params.set("tag", tag); }
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function initFilter() {
    var form = document.querySelector("[data-culture-filter]");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "1");
    var params = new URLSearchParams(location.search);
    ["outlet", "tag"].forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name);
      if (wanted && select.querySelector("option[value=\"" + CSS.escape(wanted) + "\"]")) {
        select.value = wanted;
      }
      select.addEventListener("change", function () { applyFilter(form); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    applyFilter(form);
  }

  function initPrint() {
    var button = document.querySelector("[data-culture-print]");
    if (!button || button.getAttribute("data-ready")) { return; }
    button.setAttribute("data-ready", "1");
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  // Material's search overlay is role="dialog" without a name (axe: aria-dialog-name); the
  // overlay only works with JavaScript, so naming it here covers every case it is used in.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) { dialog.setAttribute("aria-label", "站内搜索"); }
  }

  // Tell the search worker to load the index once the reader starts a search, and say so in
  // the result list until it is ready. A worker that starts after our first message misses it,
  // so it is repeated until Material shows results (or the placeholder) instead.
  var LOADING = "正在准备搜索…";
  var searchStarted = false;

  function startSearch() {
    var meta = document.querySelector(".md-search-result__meta");
    if (searchStarted || !meta || typeof BroadcastChannel !== "function") { return; }
    searchStarted = true;
    var initial = meta.textContent;
    var channel = new BroadcastChannel("culture-search " + searchRoot());
    var tries = 0;
    (function ask() {
      if (meta.textContent === initial) { meta.textContent = LOADING; }
      if (meta.textContent !== LOADING || tries++ > 240) {
        channel.close();
        askMaterial();  // ready: make sure what was typed meanwhile is searched
        return;
      }
      channel.postMessage("load");
      setTimeout(ask, 250);
    })();
  }

  // Material reads the box on keyup only: text that came without one (a Chinese input
  // method's commit, a paste from the menu, typing before the index was ready) is handed to
  // it with a keyup of our own.
  function askMaterial() {
    var box = document.querySelector("input.md-search__input");
    if (box && box.value) { box.dispatchEvent(new KeyboardEvent("keyup")); }
  }

  function searchRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  }

  function initSearch() {
    var box = document.querySelector("input.md-search__input");
    var toggle = document.getElementById("__search");
    if (!box || box.getAttribute("data-culture-search")) { return; }
    box.setAttribute("data-culture-search", "1");
    box.addEventListener("focus", startSearch);
    box.addEventListener("input", askMaterial);
    if (toggle) { toggle.addEventListener("change", function () { if (toggle.checked) { startSearch(); } }); }
    if (document.activeElement === box || (toggle && toggle.checked)) { startSearch(); }
  }

  function init() { nameSearchDialog(); initSearch(); initFilter(); initPrint(); }

  // Material's instant navigation replaces the page without a load event: follow document$.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
