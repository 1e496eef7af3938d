/* Site search worker: stands in for Material's lunr worker (same messages, same results).

   - Loads search/culture_index.json only when its page asks for it (the reader focused the
     search box: culture.js sends "load <tab>" on the BroadcastChannel below), then tells
     Material it is ready; Material keeps what was typed meanwhile and sends it when we are.
   - Matches the reader's words as substrings of each page's plain text: a part of the query
     is found where the page contains it; a Chinese part of three or more characters typed
     without spaces (党员先锋服务) also counts its Han bigrams (党员, 先锋, 服务…), so it finds
     what its words find. Rarer words weigh more; titles and tags more than text.
   - Builds the snippets itself: escaped text, <mark> around what matched, no line starting
     with closing punctuation, section, outlet and date under the title.
   - Folds letter case and full-width forms (ＡＢＣ１２３，) on both sides, one character for one
     so that a match's place in the folded text is its place in the shown text.
   No external loads, no framework; ES2017 like the rest of the site's JavaScript. */
"use strict";

var SETUP = 0;
var READY = 1;
var QUERY = 2;
var RESULT = 3;
var ROOT = self.location.href.replace(/assets\/javascripts\/[^/]*$/, "");
var INDEX = ROOT + "search/culture_index.json";
// The tab this worker serves (main.html appends it to the worker's address): only that tab's
// "load" starts the download. Without one, any tab's "load" does (as before tabs were named).
var TAB = self.location.hash.slice(1);
// Field weights: title, where (section · outlet · date), text, tags, synonyms.
var FIELDS = [[1, 6], [2, 2], [3, 1], [4, 4], [5, 1]];
var MAX_RESULTS = 50;
var SNIPPET = 110;
var SPLIT = /[\s,，.。、;；:：!！?？"'“”‘’()（）《》〈〉<>[\]【】·|/\\]+/;
var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
var CLOSING = /^[\s，。、；：！？”’）》〉」』】,.;:!?)\]}…·]+/;
var BREAK = /[。！？；\n]/;
// Full-width ASCII (U+FF01-FF5E) and the half-width CJK marks (｡｢｣､) as their usual forms.
var WIDE = /[\uff01-\uff5e\uff61-\uff64\u3000\u0130]/g;
var HALF_MARKS = { "\uff61": "\u3002", "\uff62": "\u300c", "\uff63": "\u300d", "\uff64": "\u3001",
  "\u3000": " ", "\u0130": "I" };

// `text` in lower case with full-width forms folded, as long as `text` (İ, the one letter whose
// lower case is longer, becomes i).
function fold(text) {
  return text.replace(WIDE, function (c) {
    return HALF_MARKS[c] || String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  }).toLowerCase();
}

var docs = null;
var loading = false;
var wanted = false;

function prepare(entry) {
  return {
    location: entry[0], title: entry[1], where: entry[2], text: entry[3],
    tags: entry[4] ? entry[4].split(" ") : [], weight: entry.length > 6 ? entry[6] : 1,
    lower: entry.slice(0, 6).map(function (value, i) { return i ? fold(String(value)) : ""; })
  };
}

function load() {
  wanted = true;
  if (loading || docs) { return; }
  loading = true;
  fetch(INDEX, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      docs = data.docs.map(prepare);
      postMessage({ type: READY });
    })
    .catch(function (err) {
      loading = false;  // the next "load" (the reader focuses the box again) retries
      console.warn("culture search: index not loaded", err);
    });
}

function parts(query) {
  var seen = {};
  return fold(query).slice(0, 64).split(SPLIT)
    .filter(function (part) {
      if (!part || seen[part]) { return false; }
      seen[part] = true;
      return true;
    }).slice(0, 8);
}

function bigrams(part) {
  var found = [];
  if (part.length < 3) { return found; }
  for (var i = 0; i + 1 < part.length; i++) {
    var pair = part.slice(i, i + 2);
    if (HAN.test(pair[0]) && HAN.test(pair[1]) && found.indexOf(pair) < 0) { found.push(pair); }
  }
  return found;
}

// How strongly a document holds a unit (0: not at all), by field weight and text frequency.
// A list page (section, outlet, tag, campaign) weighs less except in its title: its text
// repeats the titles of its stories, its title names what it lists.
function strength(doc, unit) {
  var total = 0;
  FIELDS.forEach(function (field) {
    var value = doc.lower[field[0]];
    var at = value.indexOf(unit);
    if (at < 0) { return; }
    var times = 1;
    if (field[0] === 3) {
      while (times < 4 && (at = value.indexOf(unit, at + unit.length)) >= 0) { times += 1; }
    }
    total += field[1] * (1 + (times - 1) * 0.25) * (field[0] === 1 ? 1 : doc.weight);
  });
  return total;
}

function rank(query) {
  var wordsOf = parts(query);
  var units = [];
  wordsOf.forEach(function (part) {
    units.push({ text: part, part: part, whole: true });
    bigrams(part).forEach(function (pair) { units.push({ text: pair, part: part, whole: false }); });
  });
  var table = units.map(function (unit) {
    var hits = docs.map(function (doc) { return strength(doc, unit.text); });
    var df = hits.filter(function (h) { return h > 0; }).length;
    unit.idf = Math.log(1 + docs.length / (1 + df));
    return hits;
  });
  var found = [];
  docs.forEach(function (doc, d) {
    var score = 0;
    var covered = 0;
    var terms = {};
    wordsOf.forEach(function (part) { terms[part] = false; });
    units.forEach(function (unit, u) {
      var hit = table[u][d];
      if (!hit) { return; }
      covered += 1;
      if (unit.whole) { terms[unit.part] = true; }
      score += unit.idf * hit * (unit.whole ? 2 : 1);
    });
    var whole = wordsOf.some(function (part) { return terms[part]; });
    if (score > 0 && (whole || covered * 2 >= units.length)) {
      found.push({ doc: doc, score: score, terms: terms });
    }
  });
  found.sort(function (a, b) { return b.score - a.score || (a.doc.location < b.doc.location ? -1 : 1); });
  return { hits: found.slice(0, MAX_RESULTS), units: units };
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

// `text` escaped, with every occurrence of `marks` (folded units) in <mark>.
function highlight(text, marks) {
  var lower = fold(text);
  var spans = [];
  marks.forEach(function (mark) {
    for (var at = lower.indexOf(mark); at >= 0; at = lower.indexOf(mark, at + mark.length)) {
      spans.push([at, at + mark.length]);
    }
  });
  spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  var out = "";
  var done = 0;
  spans.forEach(function (span) {
    if (span[0] < done) { return; }
    out += escapeHTML(text.slice(done, span[0])) + "<mark>" + escapeHTML(text.slice(span[0], span[1])) + "</mark>";
    done = span[1];
  });
  return out + escapeHTML(text.slice(done));
}

// A window of the text around the first match, cut at a sentence start where one is near,
// never beginning with closing punctuation.
function excerpt(text, lower, marks) {
  var at = -1;
  marks.forEach(function (mark) {
    var i = lower.indexOf(mark);
    if (i >= 0 && (at < 0 || i < at)) { at = i; }
  });
  var start = Math.max(0, Math.min(at - 30, text.length - SNIPPET));  // a full window near the end too
  if (start > 0) {
    for (var i = start; i < at; i++) {
      if (BREAK.test(text[i])) { start = i + 1; break; }
    }
  }
  var piece = text.slice(start, start + SNIPPET);
  var lead = piece.match(CLOSING);
  if (lead) { piece = piece.slice(lead[0].length); }
  return (start > 0 && !lead ? "…" : "") + piece + (start + SNIPPET < text.length ? "…" : "");
}

function item(hit, units) {
  var doc = hit.doc;
  var marks = units.filter(function (unit) { return unit.whole || !hit.terms[unit.part]; })
    .map(function (unit) { return unit.text; })
    .sort(function (a, b) { return b.length - a.length; });
  var where = doc.where ? "<p class=\"culture-search-where\">" + escapeHTML(doc.where) + "</p>" : "";
  return [{
    location: doc.location,
    title: highlight(doc.title, marks),
    text: where + "<p>" + highlight(excerpt(doc.text, doc.lower[3], marks), marks) + "</p>",
    tags: doc.tags.map(escapeHTML),
    score: hit.score,
    terms: hit.terms
  }];
}

function search(query) {
  if (!docs || !query || !query.trim()) { return { items: [] }; }
  var ranked = rank(query);
  return { items: ranked.hits.map(function (hit) { return item(hit, ranked.units); }) };
}

addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    if (wanted) { load(); }
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: search(String(message.data || "")) });
  }
});

if (typeof BroadcastChannel === "function") {
  new BroadcastChannel("culture-search " + ROOT).onmessage = function (event) {
    if (TAB ? event.data === "load " + TAB : String(event.data).indexOf("load") === 0) { load(); }
  };
} else {
  load();  // no way to be told when the reader starts a search: load now
}
