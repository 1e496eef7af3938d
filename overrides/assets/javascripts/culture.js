/* Small enhancements for the intranet pages; everything works without them.
   - moments: the outlet and tag selects, leading to each view's own pages;
   - morning meeting: a print button;
   - a name for Material's search dialog, and the start of search: the index is loaded only
     when the reader focuses the search box (culture-search-worker.js).
   No external loads, no framework. */
(function () {
  "use strict";

  function tagsOf(card) {
    try { return JSON.parse(card.getAttribute("data-tags") || "[]"); } catch (e) { return []; }
  }

  // The moments filter. Each outlet and each tag has its own pages (a view: all moments,
  // outlets/<id>/moments/, tags/<slug>/moments/), so no page lists every moment. Choosing a tag
  // opens its view, else choosing an outlet opens the outlet's; the other choice (an outlet
  // within a tag's view) filters the cards of the page, and is kept in the address (?outlet=).
  function target(form) {
    var outlet = form.elements.outlet.value;
    var tag = form.elements.tag.value;
    if (tag) { return {view: "tag", value: tag, select: form.elements.tag}; }
    if (outlet) { return {view: "outlet", value: outlet, select: form.elements.outlet}; }
    return {view: "", value: "", select: form.elements.tag};
  }

  function applyFilter(form) {
    var outlet = form.elements.outlet.value;
    var tag = form.elements.tag.value;
    var view = form.getAttribute("data-view");
    var shown = 0;
    var cards = document.querySelectorAll(".culture-moment");
    Array.prototype.forEach.call(cards, function (card) {
      var ok = (view === "outlet" || !outlet || card.getAttribute("data-outlet") === outlet) &&
               (view === "tag" || !tag || tagsOf(card).indexOf(tag) >= 0);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    Array.prototype.forEach.call(document.getElementsByClassName("culture-year"), function (group) {
      group.hidden = !group.querySelector(".culture-moment:not([hidden])");
    });
    var none = document.querySelector("[data-culture-none]");
    if (none) { none.hidden = shown > 0; }
    var count = form.querySelector(".culture-filter-count");
    var narrowed = shown !== cards.length;
    if (count) {
      count.textContent = narrowed ? "本页 " + shown + " 条" : "共 " + form.getAttribute("data-total") + " 条";
    }
    var extra = view === "tag" && outlet ? "?outlet=" + encodeURIComponent(outlet) : "";
    history.replaceState(null, "", location.pathname + extra);
  }

  function go(form) {
    var want = target(form);
    if (want.view === form.getAttribute("data-view") && want.value === form.getAttribute("data-value")) {
      applyFilter(form);
      return;
    }
    var option = want.select.options[want.select.selectedIndex];
    var outlet = form.elements.outlet.value;
    var extra = want.view === "tag" && outlet ? "?outlet=" + encodeURIComponent(outlet) : "";
    location.href = option.getAttribute("data-url") + extra;
  }

  function initFilter() {
    var form = document.querySelector("[data-culture-filter]");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "1");
    var view = form.getAttribute("data-view");
    if (view) { form.elements[view].value = form.getAttribute("data-value"); }
    var wanted = new URLSearchParams(location.search).get("outlet");
    var outlet = form.elements.outlet;
    if (view === "tag" && wanted && outlet.querySelector("option[value=\"" + CSS.escape(wanted) + "\"]")) {
      outlet.value = wanted;
    }
    ["outlet", "tag"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { go(form); });
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

  // Tell this tab's search worker to load the index once the reader starts a search, and say so
  // in the result list until it is ready. A worker that starts after our first message misses
  // it, so it is repeated until Material shows results (or the placeholder) instead. Workers of
  // other open tabs hear the message too and ignore it: it names this tab (main.html).
  var LOADING = "正在准备搜索…";
  var searchStarted = false;

  function startSearch() {
    var meta = document.querySelector(".md-search-result__meta");
    if (searchStarted || !meta || typeof BroadcastChannel !== "function") { return; }
    searchStarted = true;
    var initial = meta.textContent;
    var channel = new BroadcastChannel("culture-search " + searchRoot());
    var tab = document.getElementById("__config").getAttribute("data-culture-tab");
    var tries = 0;
    (function ask() {
      if (meta.textContent === initial) { meta.textContent = LOADING; }
      if (meta.textContent !== LOADING || tries++ > 240) {
        channel.close();
        askMaterial();  // ready: make sure what was typed meanwhile is searched
        return;
      }
      channel.postMessage(tab ? "load " + tab : "load");
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
