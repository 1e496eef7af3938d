/* Lobby-screen shell: hosts the player in an iframe and swaps in a new player without a
 * blank frame. Plain ES2017 in one script (no modules, no build step): TV boxes run
 * Chromium 69. The shell is tiny and rarely changes; everything else lives in player.js.
 */
(function () {
  'use strict';

  var STALL_MS = 180000;        // the player's beat counter stood still this long: replace it
  var PENDING_MS = 120000;      // a new player that is not ready by then is dropped
  var current = null;
  var pending = null;
  var pendingSince = 0;
  var lastAlive = performance.now();
  var lastBeat = -1;

  function makeFrame(version) {
    var frame = document.createElement('iframe');
    frame.src = 'player.html' + (version ? '?v=' + encodeURIComponent(version) : '');
    frame.setAttribute('title', '大堂屏');
    frame.setAttribute('allow', 'screen-wake-lock');
    return frame;
  }

  /* Load a new player underneath the current one; it is promoted once it shows a slide. */
  function replace(version) {
    if (pending) {
      return;
    }
    pending = makeFrame(version);
    pending.className = 'pending';
    pendingSince = performance.now();
    document.body.appendChild(pending);
  }

  function promote() {
    var old = current;
    current = pending;
    pending = null;
    current.className = '';
    lastAlive = performance.now();
    if (old && old.parentNode) {
      old.parentNode.removeChild(old);
    }
  }

  function onMessage(event) {
    var data = event.data || {};
    var fromPending = pending && event.source === pending.contentWindow;
    var fromCurrent = current && event.source === current.contentWindow;
    if (data.type === 'ready' && fromPending) {
      promote();
    } else if (!fromCurrent) {
      return;
    } else if (data.type === 'upgrade' && data.shell && data.shell !== window.SHELL_VERSION) {
      location.reload();  // the shell itself changed: rare, and the only full reload
    } else if (data.type === 'upgrade' || data.type === 'stalled') {
      replace(data.player);
    }
  }

  /* The player's beat counter, read directly (same origin): it grows every second it lives. */
  function beatOf(frame) {
    try {
      return frame.contentWindow.__screen.beat();
    } catch (err) {
      return -1;  // not started (or broken): counts as standing still
    }
  }

  function watchdog() {
    var now = performance.now();
    var beat = beatOf(current);
    if (beat !== lastBeat) {
      lastBeat = beat;
      lastAlive = now;
    }
    if (pending && now - pendingSince > PENDING_MS) {
      pending.parentNode.removeChild(pending);
      pending = null;
    }
    if (!pending && now - lastAlive > STALL_MS) {
      replace('');
    }
  }

  var wakeLock = null;
  function keepAwake() {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || wakeLock) {
      return;
    }
    // eslint-disable-next-line compat/compat -- feature-detected above; absent on Chromium 69
    navigator.wakeLock.request('screen').then(function (lock) {
      wakeLock = lock;
      lock.addEventListener('release', function () { wakeLock = null; });
    }, function () { wakeLock = null; });
  }

  window.addEventListener('message', onMessage);
  document.addEventListener('visibilitychange', keepAwake);
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(function () { /* plays on uncached */ });
  }
  current = makeFrame('');
  document.body.appendChild(current);
  setInterval(watchdog, 15000);
  keepAwake();
}());
