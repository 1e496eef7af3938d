/* Lobby-screen player: plays playlist.json on a fixed set of elements for months unattended.
 *
 * Plain ES2017 in one classic script: no modules, no framework, no build step, nothing newer
 * than Chromium 69 (cheap TV boxes). Two stacked layers are reused for every slide: the hidden
 * one is filled and its photo decoded, then it is raised over the visible one; nothing is
 * created per slide, so the DOM, listeners and memory stay flat over days.
 * Slide timing and the watchdog use timers and performance.now(); the wall clock (which jumps
 * when a box syncs its time) is read only for schedules, opening hours, the clock and notices.
 */
(function () {
  'use strict';

  var VERSION = window.PLAYER_VERSION || 'dev';
  var MAX_FAILURES = 3;          // an item failing this many times is dropped for a while
  var FORGIVE_MS = 3600000;      // dropped items get another chance hourly: a server restart
                                 // must not leave a screen on the fallback until the next build
  var RETRY_MS = 10000;          // retry after a failed start or an empty rotation
  var CLOSED_CHECK_MS = 30000;   // how often a black (closed) screen looks at the clock
  var SHIFT_EVERY = 180;         // seconds between burn-in shifts of fixed elements
  var SHIFTS = [[0, 0], [4, 2], [-3, 4], [3, -3], [-4, -2], [2, 3]];
  var KIND_LABELS = { pioneer: '党员先锋服务岗' };

  function $(selector, root) { return (root || document).querySelector(selector); }

  var layers = [$('#layer-a'), $('#layer-b')];
  var el = {
    bar: $('#bar'), branch: $('#bar .branch'), clock: $('#bar .clock'),
    hotline: $('#bar .hotline'), ticker: $('#ticker'), tickerText: $('#ticker .ticker-text'),
    notice: $('#notice'), noticeTitle: $('.notice-title'), noticeText: $('.notice-text'),
    noticeUntil: $('.notice-until'), closed: $('#closed'), insecure: $('#insecure')
  };

  var state = {
    playlist: null, build: '', index: -1, current: null, front: 0, slides: 0,
    failures: {}, dropped: {}, pending: null, fresh: [], notice: null, noticeFit: '', closed: false,
    lastAdvance: performance.now(), timer: 0, busy: false, ticks: 0, shift: 0,
    prepared: null, started: false, maxDuration: 10, upgrading: false
  };

  /* ---- time and schedules (wall clock) ---- */

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function ymd(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  }
  function isoDay(date) { return date.getDay() || 7; }

  /* Parse "YYYY-MM-DDTHH:MM" as local wall-clock time (no time-zone guessing). */
  function localTime(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text || '');
    if (!m) { return null; }
    return new Date(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0));
  }

  /* A rule holds at `now`; an overnight time range belongs to the day it started. */
  function ruleHolds(rule, now) {
    var day = now;
    if (rule.time) {
      var minutes = now.getHours() * 60 + now.getMinutes();
      var start = rule.time[0];
      var end = rule.time[1];
      if (start < end) {
        if (minutes < start || minutes >= end) { return false; }
      } else if (minutes < end) {
        day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
      } else if (minutes < start) {
        return false;
      }
    }
    if (rule.days && rule.days.length && rule.days.indexOf(isoDay(day)) < 0) { return false; }
    var date = ymd(day);
    if (rule.from && date < rule.from) { return false; }
    return !(rule.until && date > rule.until);
  }

  function allHold(rules, now) {
    for (var i = 0; i < rules.length; i++) {
      if (!ruleHolds(rules[i], now)) { return false; }
    }
    return true;
  }

  function isOpen(now) {
    var hours = state.playlist ? state.playlist.hours : [];
    if (!hours.length) { return true; }
    return hours.some(function (rule) { return ruleHolds(rule, now); });
  }

  function playable(item, now) {
    return !state.dropped[item.id] && allHold(item.when || [], now);
  }

  /* The next item after the current one that may play now; fresh items of a new build first. */
  function nextItem(now) {
    var items = state.playlist.items;
    while (state.fresh.length) {
      var id = state.fresh.shift();
      for (var k = 0; k < items.length; k++) {
        if (items[k].id === id && playable(items[k], now)) { state.index = k; return items[k]; }
      }
    }
    for (var step = 1; step <= items.length; step++) {
      var i = (state.index + step) % items.length;
      if (playable(items[i], now)) { state.index = i; return items[i]; }
    }
    return state.playlist.fallback;
  }

  /* ---- slides on two fixed layers ---- */

  /* Big text as line-break units (made at build time by jieba, see gallery.content.words):
   * text nodes with a <wbr> between them, so a line breaks only between words (player.css
   * forbids breaks inside one). Never markup from the text itself: textContent only. */
  function setUnits(node, units) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    units.forEach(function (unit, i) {
      if (i) { node.appendChild(document.createElement('wbr')); }
      node.appendChild(document.createTextNode(unit));
    });
  }

  function unitsOf(words, text) {
    if (words && words.length) { return words.slice(); }
    return text ? [text] : [];
  }

  function fill(layer, item) {
    var image = item.image;
    var words = item.words || {};
    var pioneer = item.kind === 'pioneer';
    // A pioneer's outlet gets a line of its own under the post; so does the motto.
    $('.label', layer).textContent = pioneer ? [KIND_LABELS.pioneer + ' · ' + item.post, item.meta]
      .filter(Boolean).join('\n') : (item.meta || '');
    setUnits($('.title', layer), unitsOf(words.title, item.title));
    var text = unitsOf(words.text, item.text);
    setUnits($('.text', layer), pioneer ? ['承诺：'].concat(text) : text);
    var motto = pioneer ? unitsOf(words.motto, item.motto) : [];
    setUnits($('.motto', layer), motto.length ? ['座右铭：'].concat(motto) : []);
    layer.className = 'layer kind-' + item.kind + (image ? ' has-image fit-' + image.fit : '') +
      (image && image.backdrop ? ' has-backdrop' : '');
    layer.setAttribute('data-item', item.id);
    var img = $('img.photo', layer);
    var backdrop = $('img.backdrop', layer);
    if (!image || !image.backdrop) { backdrop.removeAttribute('src'); }
    if (!image) {
      img.removeAttribute('src');
      return Promise.resolve();
    }
    if (img.getAttribute('src') !== image.src) { img.src = image.src; }
    if (!image.backdrop) { return img.decode(); }
    if (backdrop.getAttribute('src') !== image.backdrop) { backdrop.src = image.backdrop; }
    // A backdrop that fails leaves the dark ground: the slide itself still plays.
    return Promise.all([img.decode(), backdrop.decode().catch(function () { return null; })]);
  }

  function hideBack() {
    var back = layers[1 - state.front];
    back.classList.remove('on');
  }

  /* Raise the prepared layer. The first slide of a player appears at once, without a fade
   * from black: a new player is shown by the shell as soon as it reports ready. */
  function reveal(instant) {
    var front = layers[1 - state.front];
    var back = layers[state.front];
    if (instant) { front.classList.add('instant'); }
    front.style.zIndex = '2';
    back.style.zIndex = '1';
    front.classList.add('on');
    front.classList.add('front');     // its caption fades in once the old one has faded out
    back.classList.remove('instant'); // a first slide shown at once still fades its caption out
    back.classList.remove('front');
    state.front = 1 - state.front;
    if (instant || reducedMotion()) { back.classList.remove('on'); }
  }

  function reducedMotion() {
    return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  /* The new slide is fully opaque: hide the old layer and start decoding the next slide. */
  function onTransitionEnd(event) {
    if (event.target === layers[state.front] && event.propertyName === 'opacity') {
      hideBack();
      prepareNext();
    }
  }

  /* Fill the hidden layer with `item` and wait until its photo is decoded. */
  function prepare(item) {
    hideBack();
    var layer = layers[1 - state.front];
    state.prepared = { id: item.id, item: item, promise: fill(layer, item) };
    return state.prepared.promise;
  }

  function fail(item) {
    state.failures[item.id] = (state.failures[item.id] || 0) + 1;
    if (state.failures[item.id] >= MAX_FAILURES) { state.dropped[item.id] = true; }
  }

  function forgive() {
    state.failures = {};
    state.dropped = {};
  }

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(advance, ms);
  }

  /* Show the next slide: at a boundary, swap in a pending playlist, check hours, then reveal. */
  function advance() {
    if (state.busy) { return; }
    applyPending();
    var now = new Date();
    state.lastAdvance = performance.now();
    setClosed(!isOpen(now));
    if (state.closed) { schedule(CLOSED_CHECK_MS); return; }
    var item = nextItem(now);
    var ready = state.prepared && state.prepared.id === item.id && state.prepared.item === item;
    var promise = ready ? state.prepared.promise : prepare(item);
    state.busy = true;
    var mine = state.prepared;
    promise.then(function () {
      state.busy = false;
      show(item);
    }, function () {
      state.busy = false;
      if (state.prepared === mine) { state.prepared = null; }
      fail(item);
      schedule(item === state.playlist.fallback ? RETRY_MS : 0);
    });
  }

  function show(item) {
    var instant = !state.started || reducedMotion();
    reveal(instant);
    state.current = item;
    state.slides += 1;
    state.lastAdvance = performance.now();
    state.prepared = null;
    schedule((item.duration || 10) * 1000);
    if (!state.started) {
      tellShell({ type: 'ready' });
      heartbeat();
    }
    state.started = true;
    document.dispatchEvent(new CustomEvent('culture:slide', { detail: item.id }));
    if (instant) { prepareNext(); }
  }

  /* Decode the following slide early, once the previous layer is out of sight. */
  function prepareNext() {
    if (!state.playlist || state.closed) { return; }
    var saved = state.index;
    var savedFresh = state.fresh.slice();
    var item = nextItem(new Date());
    state.index = saved;
    state.fresh = savedFresh;
    var attempt = prepare(item);
    var mine = state.prepared;
    attempt.catch(function () {
      if (state.prepared === mine) { state.prepared = null; }
    });
  }

  function setClosed(closed) {
    if (closed === state.closed) { return; }
    state.closed = closed;
    el.closed.hidden = !closed;
    document.body.classList.toggle('closed', closed);
  }

  /* ---- playlist, updates and notices ---- */

  function getJSON(url) {
    return fetch(url, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) { throw new Error(url + ' ' + response.status); }
      return response.json();
    });
  }

  function usePlaylist(playlist) {
    state.playlist = playlist;
    state.build = playlist.build;
    state.failures = {};
    state.dropped = {};
    state.maxDuration = playlist.items.reduce(function (m, it) {
      return Math.max(m, it.duration || 10);
    }, state.playlist.fallback.duration || 10);
    el.branch.textContent = playlist.bar_name || playlist.branch_full || playlist.branch;
    // Phones only, so every number fits beside the clock; the names are on the intranet site.
    el.hotline.textContent = playlist.hotline.length ? '投诉热线 ' + playlist.hotline.map(function (c) {
      return c.phone;
    }).join(' / ') : '';
    updateTicker(new Date());
  }

  function applyPending() {
    if (!state.pending) { return; }
    var old = {};
    state.playlist.items.forEach(function (item) { old[item.id] = true; });
    var failed = state.pending.failed || [];
    usePlaylist(state.pending);
    failed.forEach(fail);
    state.fresh = state.pending.items.filter(function (item) { return !old[item.id]; })
      .map(function (item) { return item.id; });
    state.index = -1;
    state.prepared = null;
    state.pending = null;
  }

  /* Preload and decode every new photo before a new build may play (no half-loaded slide). */
  function preload(playlist) {
    var known = {};
    state.playlist.items.forEach(function (item) { if (item.image) { known[item.image.src] = 1; } });
    var fresh = playlist.items.filter(function (item) { return item.image && !known[item.image.src]; });
    playlist.failed = [];
    return fresh.reduce(function (chain, item) {
      return chain.then(function () {
        var img = new Image();
        img.src = item.image.src;
        if (item.image.backdrop) { new Image().src = item.image.backdrop; }  // into the cache
        return img.decode().catch(function () { playlist.failed.push(item); });
      });
    }, Promise.resolve());
  }

  function checkVersion() {
    return getJSON('version.json').then(function (version) {
      if (version.player !== VERSION || (window.parent !== window && version.shell &&
          version.shell !== parentShell())) {
        upgrade(version);
        return null;
      }
      if (version.build === state.build || (state.pending && state.pending.build === version.build)) {
        return null;
      }
      return getJSON('playlist.json?b=' + encodeURIComponent(version.build)).then(function (next) {
        var cut = withdraw(next);
        return preload(next).then(function () {
          state.pending = next;
          updateWorker();
          if (cut) { advance(); }  // a story taken down leaves the screen now, not at the boundary
        });
      });
    });
  }

  /* Stories taken down (`culture takedown`): purge their photos from every offline cache of
   * the screens now (the new worker does too), and tell whether one is on screen or prepared. */
  function withdraw(playlist) {
    var gone = playlist.withdrawn;
    if (!gone) { return false; }
    purge(gone.images);
    var ids = {};
    gone.items.forEach(function (id) { ids[id] = true; });
    var out = function (item) { return !!item && !!ids[String(item.id).split('#')[0]]; };
    return out(state.current) || (!!state.prepared && out(state.prepared.item));
  }

  function purge(urls) {
    if (!urls.length || !window.caches) { return; }
    var absolute = urls.map(function (url) { return new URL(url, location.href).href; });
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf('culture-screen-') === 0;
      }).map(function (name) {
        return caches.open(name).then(function (cache) {
          return Promise.all(absolute.map(function (url) {
            return cache.delete(url, { ignoreSearch: true });
          }));
        });
      }));
    }).catch(function () { /* the new worker purges them as well */ });
  }

  function parentShell() {
    try { return window.parent.SHELL_VERSION; } catch (err) { return ''; }
  }

  /* New player code: ask the shell for a new player (again at every poll until it comes, the
   * shell ignores repeats while one is loading); without a shell, reload once. */
  function upgrade(version) {
    updateWorker();
    if (window.parent !== window) {
      tellShell({ type: 'upgrade', player: version.player, shell: version.shell });
    } else if (!state.upgrading) {
      state.upgrading = true;
      location.reload();
    }
  }

  function updateWorker() {
    if (!('serviceWorker' in navigator) || !navigator.serviceWorker.getRegistration) { return; }
    navigator.serviceWorker.getRegistration().then(function (reg) {
      if (reg) { return reg.update(); }
      return null;
    }).catch(function () { /* the cache catches up on the next poll */ });
  }

  function checkNotice() {
    return getJSON('../notice.json').then(function (data) {
      var notice = data.notice;
      var name = state.playlist.screen.name;
      var mine = notice && (!notice.screens || !notice.screens.length ||
        notice.screens.indexOf(name) >= 0);
      state.notice = mine ? notice : null;
      updateNotice(new Date());
    });
  }

  function updateNotice(now) {
    var notice = state.notice;
    var start = notice && localTime(notice.start);
    var end = notice && localTime(notice.end);
    var on = !!notice && (!start || now >= start) && !!end && now < end;
    if (on) {
      var words = notice.words || {};
      setUnits(el.noticeTitle, unitsOf(words.title, notice.title || '通知'));
      setUnits(el.noticeText, unitsOf(words.text, notice.text));
      el.noticeUntil.textContent = '至 ' + notice.end.replace('T', ' ');
    }
    if (el.notice.hidden === on) { el.notice.hidden = !on; }
    if (on) { fitNotice(notice); }
    if (notice && end && now >= end) { state.notice = null; }
  }

  /* A long notice is scaled down in steps until its box fits above the bar, to half size at
   * most (body text 3vmin, see player.css). Measured again only when the notice or the screen
   * size changes. */
  var NOTICE_MIN_SCALE = 0.5;
  function fitNotice(notice) {
    var key = [notice.title, notice.text, notice.end, window.innerWidth,
      window.innerHeight].join('\u0000');
    if (state.noticeFit === key) { return; }
    state.noticeFit = key;
    var box = el.notice.firstElementChild;
    var cs = getComputedStyle(el.notice);
    var room = el.notice.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    var scale = 1;
    el.notice.style.setProperty('--notice-scale', '1');
    while (box.getBoundingClientRect().height > room && scale > NOTICE_MIN_SCALE + 0.001) {
      scale = Math.max(NOTICE_MIN_SCALE, scale - 0.05);
      el.notice.style.setProperty('--notice-scale', String(scale));
    }
  }

  function poll() {
    var done = function () { setTimeout(poll, state.playlist.poll * 1000); };
    Promise.all([
      checkVersion().catch(function () { /* offline: keep playing what we have */ }),
      checkNotice().catch(function () { updateNotice(new Date()); })
    ]).then(done, done);
  }

  /* ---- the bar, ticker, burn-in shift, heartbeat, watchdog ---- */

  function updateTicker(now) {
    var today = ymd(now);
    var active = (state.playlist.campaigns || []).filter(function (c) {
      return c.from <= today && today <= c.until;
    })[0];
    var text = active ? active.name + '　' + active.slogan : '';
    if (el.tickerText.textContent !== text) { el.tickerText.textContent = text; }
    if (el.ticker.hidden === !!active) {
      el.ticker.hidden = !active;
      document.body.classList.toggle('with-ticker', !!active);
    }
  }

  function tick() {
    var now = new Date();
    var text = pad(now.getHours()) + ':' + pad(now.getMinutes());
    if (el.clock.textContent !== text) { el.clock.textContent = text; }
    state.ticks += 1;
    if (state.ticks % 60 === 0) { updateTicker(now); }
    if (state.ticks % SHIFT_EVERY === 0) { shiftFixed(); }
    updateNotice(now);
    if (state.closed === isOpen(now) && !state.busy) { advance(); }
  }

  function shiftFixed() {
    state.shift = (state.shift + 1) % SHIFTS.length;
    var style = document.documentElement.style;
    style.setProperty('--shift-x', SHIFTS[state.shift][0] + 'px');
    style.setProperty('--shift-y', SHIFTS[state.shift][1] + 'px');
  }

  function heartbeat() {
    var screen = state.playlist.screen.name;
    var item = state.closed ? 'closed' : (el.notice.hidden ? (state.current || {}).id : 'notice');
    var query = 'screen=' + encodeURIComponent(screen) + '&build=' + encodeURIComponent(state.build) +
      '&player=' + encodeURIComponent(VERSION) + '&item=' + encodeURIComponent(item || '');
    fetch('../heartbeat.txt?' + query, { cache: 'no-store' }).catch(function () {
      /* offline: the server's log simply shows the gap */
    });
  }

  function watchdog() {
    var limit = (state.maxDuration + 60) * 1000;
    if (!state.closed && performance.now() - state.lastAdvance > limit) {
      state.lastAdvance = performance.now();
      if (window.parent === window) { location.reload(); } else { tellShell({ type: 'stalled' }); }
    }
  }

  function tellShell(message) {
    if (window.parent !== window) { window.parent.postMessage(message, location.origin); }
  }

  function secureMarker() {
    var cached = window.isSecureContext && 'serviceWorker' in navigator && 'caches' in window;
    el.insecure.hidden = cached;
  }

  /* ---- start ---- */

  function start() {
    getJSON('playlist.json').then(function (playlist) {
      usePlaylist(playlist);
      advance();
      tick();
      setInterval(tick, 1000);
      setInterval(heartbeat, playlist.heartbeat * 1000);
      setInterval(watchdog, 10000);
      setInterval(forgive, FORGIVE_MS);
      setTimeout(poll, playlist.poll * 1000);
    }, function () {
      state.ticks += 1;  // waiting for the server is alive, not stalled
      setTimeout(start, RETRY_MS);
    });
  }

  layers.forEach(function (layer) { layer.addEventListener('transitionend', onTransitionEnd); });
  secureMarker();
  window.__screen = {
    version: VERSION,
    beat: function () { return state.ticks; },
    state: function () {
      return {
        slides: state.slides, current: state.current && state.current.id, build: state.build,
        closed: state.closed, notice: !el.notice.hidden, pending: !!state.pending, busy: state.busy,
        dropped: Object.keys(state.dropped), front: state.front
      };
    }
  };
  start();
}());
