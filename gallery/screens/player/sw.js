/* Lobby-screen service worker: keeps the current build (page, player, playlist, photos) in
 * Cache Storage so a screen plays on when the server or the network is gone.
 * Each build writes its own manifest line below, so a new build installs a new worker, which
 * precaches the new files (copying unchanged photos from the old cache) and drops old caches.
 * Plain ES2017 for Chromium 69.
 */
'use strict';

var MANIFEST = {"name": "dev", "build": "dev", "core": [], "images": []};  // written per build

var PREFIX = 'culture-screen-' + MANIFEST.name + '-';
var CACHE = PREFIX + MANIFEST.build;
var NETWORK_ONLY = ['version.json', 'heartbeat.txt'];
// Pages and data come fresh when the server answers within WAIT_MS, from the cache otherwise:
// a reload after a shell update gets the new shell, and a hung network cannot keep a screen
// waiting on a black page.
var NETWORK_FIRST = ['', 'index.html', 'player.html', 'playlist.json', 'notice.json'];
var WAIT_MS = 4000;

/* Put one URL into the new cache: from an older cache when we have it, else from the network. */
function store(cache, url, fromOld) {
  var request = new Request(url, { cache: 'no-store' });
  var found = fromOld ? caches.match(url) : Promise.resolve(null);
  return found.then(function (hit) {
    if (hit) { return cache.put(url, hit); }
    return fetch(request).then(function (response) {
      if (!response.ok) { throw new Error('precache ' + url + ': ' + response.status); }
      return cache.put(url, response);
    });
  });
}

/* Photos of stories taken down (`culture takedown`) leave every cache of this screen. */
function purge(urls) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
      .map(function (name) {
        return caches.open(name).then(function (cache) {
          return Promise.all(urls.map(function (url) {
            return cache.delete(new URL(url, self.location.href).href, { ignoreSearch: true });
          }));
        });
      }));
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // The page, player and playlist must all be cached; a missing photo only loses its slide.
    var core = Promise.all(MANIFEST.core.map(function (url) { return store(cache, url, false); }));
    var images = Promise.all(MANIFEST.images.map(function (url) {
      return store(cache, url, true).catch(function () { return null; });
    }));
    return Promise.all([core, images]);
  }).then(function () { return purge(MANIFEST.withdrawn || []); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fileName(url) {
  return url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
}

/* Fresh from the network when it answers in time; the cached copy (any query string) otherwise. */
function networkFirst(request, key) {
  var fallback = function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request);
    });
  };
  var network = fetch(request).then(function (response) {
    if (!response.ok) { throw new Error(request.url + ' ' + response.status); }
    if (key) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  });
  var timer = new Promise(function (resolve, reject) { setTimeout(reject, WAIT_MS); });
  return Promise.race([network, timer]).catch(fallback);
}

/* Cached files never change under the same URL (player files carry their version). */
function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    if (hit) { return hit; }
    return fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) { return; }
  var name = fileName(url);
  if (NETWORK_ONLY.indexOf(name) >= 0) { return; }
  if (NETWORK_FIRST.indexOf(name) >= 0) {
    // The notice is kept so a reload while offline still shows an active notice.
    event.respondWith(networkFirst(request, name === 'notice.json' ? url.pathname : ''));
    return;
  }
  event.respondWith(cacheFirst(request));
});
