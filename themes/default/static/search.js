// Site search over the chunked index under /search/ (see src/search/ in
// mentorsite): meta.json once, then only the word chunks, page files and
// facet lists a query needs. Drives the header box and the full search
// page. Results are built with DOM calls, never innerHTML.
(function () {
  "use strict";
  var header = document.querySelector(".search-form[data-search]");
  if (!header || !window.fetch || !window.Promise || !window.Map) return;
  var root = header.getAttribute("data-search");
  var WEIGHT = [1, 3, 10]; // body, keyword, title: src/search/index.rs `Place`
  var cache = {};
  var get = function (path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  };
  var meta = function () { return get("meta.json"); };

  // The tokenizer of src/search/index.rs `words`.
  var words = function (text) {
    var seen = {};
    return text.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (w) {
      var n = Array.from(w).length;
      if (n < 2 || n > 40 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  };
  var undelta = function (list) {
    var out = new Array(list.length), at = 0;
    for (var i = 0; i < list.length; i++) { at += list[i]; out[i] = at; }
    return out;
  };
  // The last chunk whose first word is <= w.
  var chunkOf = function (chunks, w) {
    var lo = 0, hi = chunks.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (chunks[mid] <= w) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  };
  // page -> best weight of the word (or, when `prefix`, of any word it starts).
  var lookup = function (m, w, prefix) {
    if (!m.chunks.length) return Promise.resolve(new Map());
    var first = chunkOf(m.chunks, w);
    var last = prefix ? Math.min(chunkOf(m.chunks, w + "\uffff"), first + 1) : first;
    var wanted = [];
    for (var c = first; c <= last; c++) wanted.push(get("words/" + c + ".json"));
    return Promise.all(wanted).then(function (chunks) {
      var hits = new Map();
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (key) {
          if (key !== w && !(prefix && key.lastIndexOf(w, 0) === 0)) return;
          undelta(chunk[key]).forEach(function (p) {
            var page = p >> 2, weight = WEIGHT[p & 3];
            if ((hits.get(page) || 0) < weight) hits.set(page, weight);
          });
        });
      });
      return hits;
    });
  };
  // Pages matching every word of `q` and every chosen filter, best first.
  // `filters`: [[filterId, valueIndex], ...].
  var search = function (q, filters) {
    return meta().then(function (m) {
      var ws = words(q);
      var prefixAt = /[\p{Alphabetic}\p{N}]$/u.test(q) ? ws.length - 1 : -1;
      var lists = ws.map(function (w, i) { return lookup(m, w, i === prefixAt && Array.from(w).length >= 3); });
      var sets = filters.map(function (f) {
        return get("facets/" + f[0] + "/" + f[1] + ".json").then(function (l) { return new Set(undelta(l)); });
      });
      return Promise.all([Promise.all(lists), Promise.all(sets)]).then(function (r) {
        var maps = r[0], allowed = r[1];
        var scores;
        if (maps.length) {
          scores = maps[0];
          for (var i = 1; i < maps.length; i++) {
            var next = new Map();
            scores.forEach(function (s, page) {
              var add = maps[i].get(page);
              if (add) next.set(page, s + add);
            });
            scores = next;
          }
        } else if (allowed.length) {
          scores = new Map();
          allowed[0].forEach(function (page) { scores.set(page, 0); });
        } else {
          return { meta: m, pages: [] };
        }
        var pages = [];
        scores.forEach(function (s, page) {
          for (var j = 0; j < allowed.length; j++) if (!allowed[j].has(page)) return;
          pages.push([page, s]);
        });
        pages.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { meta: m, pages: pages.map(function (p) { return p[0]; }) };
      });
    });
  };
  // [title, url, kind, summary] of each page number.
  var entries = function (m, pages) {
    return Promise.all(pages.map(function (n) {
      return get("pages/" + Math.floor(n / m.pages_per_file) + ".json").then(function (f) {
        return f[n % m.pages_per_file];
      });
    }));
  };
  var plural = function (n) { return n + (n === 1 ? " result" : " results"); };
  var item = function (e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = e[1];
    a.textContent = e[0];
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = e[2];
    li.appendChild(a);
    li.appendChild(kind);
    if (e[3]) {
      var p = document.createElement("span");
      p.className = "kind";
      p.textContent = e[3];
      li.appendChild(p);
    }
    return li;
  };

  // The header box: the first results as you type, Enter opens the first.
  var input = document.getElementById("site-search");
  var box = document.getElementById("search-results");
  if (input && box) {
    input.hidden = false;
    var asked = 0;
    var run = function () {
      var q = input.value.trim();
      var ticket = ++asked;
      if (Array.from(q).length < 2) { box.hidden = true; box.textContent = ""; return; }
      search(q, []).then(function (r) {
        return entries(r.meta, r.pages.slice(0, 8)).then(function (shown) {
          if (ticket !== asked) return;
          box.textContent = "";
          var status = document.createElement("p");
          status.className = "visually-hidden";
          status.textContent = plural(r.pages.length);
          box.appendChild(status);
          if (!shown.length) {
            var none = document.createElement("p");
            none.textContent = "No results for “" + q + "”.";
            box.appendChild(none);
          } else {
            var ul = document.createElement("ul");
            shown.forEach(function (e) { ul.appendChild(item(e)); });
            box.appendChild(ul);
            if (r.pages.length > shown.length) {
              var all = document.createElement("a");
              all.className = "search-all";
              all.href = root + "?q=" + encodeURIComponent(q);
              all.textContent = "All " + plural(r.pages.length);
              box.appendChild(all);
            }
          }
          box.hidden = false;
        });
      }).catch(function () { box.hidden = true; });
    };
    var timer = null;
    input.addEventListener("focus", function () { meta().catch(function () {}); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    header.addEventListener("submit", function (e) {
      var first = box.querySelector("li a");
      if (first && !box.hidden) { e.preventDefault(); location.href = first.href; }
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") box.hidden = true; });
    document.addEventListener("click", function (e) { if (!header.contains(e.target)) box.hidden = true; });
  }

  // The full search page: query and filters in the URL, results in pages of 20.
  var form = document.getElementById("search-page");
  if (!form) return;
  var q = document.getElementById("search-page-q");
  var filterBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-page-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;
  var found = [], shownCount = 0, asked2 = 0, current = null;
  var params = new URLSearchParams(location.search);
  q.value = params.get("q") || "";
  var selects = [];
  var chosen = function () {
    var out = [];
    selects.forEach(function (s) { if (s.el.value !== "") out.push([s.id, s.el.value]); });
    return out;
  };
  // `fresh`: the results of a new search replace the list once they are
  // fetched, so the list and the announced count change together.
  var showMore = function (fresh) {
    var next = found.slice(shownCount, shownCount + PAGE);
    return entries(current, next).then(function (es) {
      if (fresh) list.textContent = "";
      es.forEach(function (e) { list.appendChild(item(e)); });
      shownCount += next.length;
      more.hidden = shownCount >= found.length;
    });
  };
  var update = function () {
    var ticket = ++asked2;
    var f = chosen();
    var url = new URLSearchParams();
    if (q.value.trim()) url.set("q", q.value.trim());
    selects.forEach(function (s) { if (s.el.value !== "") url.set(s.id, s.values[s.el.value][0]); });
    history.replaceState(null, "", location.pathname + (url.toString() ? "?" + url : ""));
    if (!words(q.value).length && !f.length) {
      list.textContent = ""; status.textContent = ""; more.hidden = true;
      return;
    }
    search(q.value, f).then(function (r) {
      if (ticket !== asked2) return;
      current = r.meta; found = r.pages; shownCount = 0;
      return showMore(true).then(function () {
        if (ticket !== asked2) return;
        status.textContent = plural(found.length) + (q.value.trim() ? " for “" + q.value.trim() + "”" : "");
      });
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
  };
  meta().then(function (m) {
    m.filters.forEach(function (f) {
      var label = document.createElement("label");
      var id = "search-filter-" + f.id;
      label.setAttribute("for", id);
      label.textContent = f.title;
      var el = document.createElement("select");
      el.id = id;
      el.name = f.id;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "Any";
      el.appendChild(any);
      var wanted = params.get(f.id);
      f.values.forEach(function (v, i) {
        var o = document.createElement("option");
        o.value = String(i);
        o.textContent = v[0] + " (" + v[1] + ")";
        if (v[0] === wanted) o.selected = true;
        el.appendChild(o);
      });
      var wrap = document.createElement("div");
      wrap.className = "search-filter";
      wrap.appendChild(label);
      wrap.appendChild(el);
      filterBox.appendChild(wrap);
      el.addEventListener("change", update);
      selects.push({ id: f.id, el: el, values: f.values });
    });
    filterBox.hidden = !selects.length;
    update();
  }).catch(function () { status.textContent = "The search index could not be loaded."; });
  var timer2 = null;
  q.addEventListener("input", function () { clearTimeout(timer2); timer2 = setTimeout(update, 150); });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  more.addEventListener("click", function () { showMore(); });
})();
