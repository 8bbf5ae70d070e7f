/* bimtek: pages a participant has opened stay readable when the connection drops.
 *
 * A service worker for the site served over http(s) (bimtek.js registers it; not
 * in a preview, not from a folder). Every page and file of the site is fetched
 * from the network first, as without it, and the answer is kept in the browser.
 * When the network fails, or has not answered within a few seconds on a poor
 * connection, the copy kept from the last visit is shown instead. Nothing is
 * downloaded ahead unless the participant asks for it ("save to read offline":
 * the pages of the menu and those the page links); otherwise a page never opened
 * on this device is not there offline.
 * PDFs (handouts) are left to the browser's own downloads.
 */
"use strict";

var CACHE = "bimtek-pages-v1";
var SLOW_MS = 4000;  // on a connection this slow, a page kept from before is better than a blank one

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("bimtek-pages-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page that registered the worker was loaded before it ran: it sends the
   addresses of that page and of its files, to be kept like the later ones. The
   "save to read offline" button sends the pages to keep ahead, with a port on
   which it hears how many are kept so far. */
self.addEventListener("message", function (event) {
  var pages = event.data && event.data.bimtekKeep;
  if (!Array.isArray(pages)) return;
  pages = pages.filter(isKept);
  var others = (Array.isArray(event.data.bimtekAlso) ? event.data.bimtekAlso : []).filter(isKept);  // search's files: not pages
  var urls = pages.concat(others);
  var port = event.ports && event.ports[0];
  var done = 0, failed = 0, next = 0, settled = 0;
  function report() {  // pages counted; finished once the other files are kept too
    if (port) port.postMessage({ done: done, failed: failed, total: pages.length, finished: settled === urls.length });
  }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    function fetchNext() {  // a few at a time: a poor connection serves a few pages better than dozens at once
      if (next >= urls.length) return Promise.resolve();
      var index = next++, url = urls[index], page = index < pages.length, ok = false;
      return fetch(url).then(function (response) {
        ok = response.ok;
        var pictures = port && /text\/html/.test(response.headers.get("content-type") || "") ? response.clone().text() : null;
        return Promise.all([keep(cache, url, response), pictures && pictures.then(function (html) {
          return keepPictures(cache, html, url);
        })]);
      }).catch(function () { ok = false; }).then(function () {
        settled++;
        if (page) {
          done++;
          if (!ok) failed++;
        }
        report();
        return fetchNext();
      });
    }
    report();  // how many there are to keep (finished at once, when none)
    return Promise.all([fetchNext(), fetchNext(), fetchNext(), fetchNext()]);
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("range") || !isKept(request.url)) return;
  event.respondWith(networkFirst(event));
});

/* A page kept ahead is read later without a connection: the pictures it shows are kept with it. */
function keepPictures(cache, html, pageUrl) {
  var found = {};
  var pattern = /<img\b[^>]*?\ssrc="([^"]+)"/gi;
  var match;
  while ((match = pattern.exec(html))) {
    var url = new URL(match[1].replace(/&amp;/g, "&"), pageUrl).href;
    if (isKept(url)) found[url] = true;
  }
  return Promise.all(Object.keys(found).map(function (url) {
    return fetch(url).then(function (response) { return keep(cache, url, response); }).catch(function () {});
  }));
}

function isKept(url) {
  var parsed = new URL(url, self.location.href);
  var root = new URL("./", self.location.href);
  return parsed.origin === root.origin && parsed.pathname.indexOf(root.pathname) === 0
    && !/\.pdf$/i.test(parsed.pathname) && !/\/livereload\//.test(parsed.pathname);
}

function keep(cache, request, response) {
  if (response && response.ok && response.type === "basic") return cache.put(request, response);
  return undefined;
}

function kept(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, { ignoreSearch: true }); });
}

function networkFirst(event) {
  var request = event.request;
  return new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (!answered && response) { answered = true; resolve(response); }
    }
    var slow = setTimeout(function () { kept(request).then(answer); }, SLOW_MS);
    fetch(request).then(function (response) {
      clearTimeout(slow);
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return keep(cache, request, copy); }));
      answer(response);
    }, function () {
      clearTimeout(slow);
      kept(request).then(function (hit) { answer(hit || Response.error()); });
    });
  });
}
