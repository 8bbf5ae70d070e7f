/* bimtek: the search index is downloaded when a participant opens search, not with every page.
 *
 * Material loads search/search_index.json (opened from a folder: search_index.js)
 * as soon as any page opens, to have search ready and to highlight searched words
 * (search.highlight). The index holds the text of every page: about 20 KB a
 * lesson, 20 MB for a catalogue of a thousand, downloaded by every phone that
 * opens one lesson, whether it ever searches or not.
 *
 * Loaded in <head>, before Material's bundle (the bimtek plugin lists it in
 * extra.polyfills): the index request is held back until the search toggle is
 * switched on or the search box gets the focus (a tap on the magnifier, or the
 * keyboard shortcuts / s f), then sent. A page opened from a search result (?h=)
 * asks for it at once, to highlight the words: the browser has it from the page
 * before. Every other request passes untouched.
 */
(function () {
  "use strict";

  var opened = /[?&]h=/.test(location.search);
  var held = [];

  function isSearchIndex(url) {
    return /\/search\/search_index\.js(?:on)?(?:[?#]|$)/.test(String(url));
  }

  function searchOpened() {
    if (opened) return;
    opened = true;
    held.splice(0).forEach(function (release) { release(); });
  }

  /* Material requests its files with XMLHttpRequest; fetch is held back too, for
     other versions of it. */
  var requests = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (requests) {
    var open = requests.open, send = requests.send;
    var forIndex = typeof WeakSet === "function" ? new WeakSet() : null;
    requests.open = function (method, url) {
      if (forIndex && isSearchIndex(url)) forIndex.add(this);
      return open.apply(this, arguments);
    };
    requests.send = function () {
      if (opened || !forIndex || !forIndex.has(this)) return send.apply(this, arguments);
      var request = this, args = arguments;
      held.push(function () { send.apply(request, args); });
    };
  }
  var fetchNow = window.fetch;
  if (typeof fetchNow === "function") {
    window.fetch = function (input, init) {
      if (opened || !isSearchIndex(typeof input === "string" ? input : (input && input.url) || input)) {
        return fetchNow.apply(this, arguments);
      }
      return new Promise(function (resolve) {
        held.push(function () { resolve(fetchNow.call(window, input, init)); });
      });
    };
  }

  /* Opened from a folder, Material adds the index as a <script>. */
  var append = Node.prototype.appendChild;
  Node.prototype.appendChild = function (child) {
    if (!opened && child && child.tagName === "SCRIPT" && isSearchIndex(child.src)) {
      var parent = this;
      held.push(function () { append.call(parent, child); });
      return child;
    }
    return append.apply(this, arguments);
  };

  /* Capturing listeners on the document: they are in place before the page's
     elements exist, and see Material's own (non-bubbling) change events too. */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('input[data-md-toggle="search"]') && target.checked) searchOpened();
  }, true);
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('[data-md-component="search-query"]')) searchOpened();
  }, true);
})();
