// Mentor directory filter: several facets at once, remote, open spots and
// free text, from the JSON index written at build time. The index also gives
// each facet's values, so the page does not carry them: the script fills each
// list with every value and how many mentors have it. Without JavaScript the
// page still lists mentors and links every facet page. The filter state
// lives in the URL so a filtered view can be shared. Cards are built with
// DOM calls (never innerHTML), so profile text stays inert.
(function () {
  "use strict";
  var form = document.getElementById("mentor-filters");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var list = document.getElementById("mentor-list");
  var filtered = document.getElementById("filtered-list");
  var pagination = document.getElementById("pagination");
  var count = document.getElementById("result-count");
  var initialCount = count.textContent;
  var index = null;
  var facetNames = [];
  var PAGE = 120;
  var shown = PAGE;

  form.hidden = false;

  function state() {
    var s = { q: form.elements.q.value.trim().toLowerCase(), facets: {}, remote: form.elements.remote.checked, open: form.elements.open.checked };
    facetNames.forEach(function (name) {
      var el = form.elements[name];
      if (el && el.value) s.facets[name] = el.value;
    });
    return s;
  }

  function active(s) {
    return s.q !== "" || s.remote || s.open || Object.keys(s.facets).length > 0;
  }

  function matches(m, s, slugIndex) {
    if (s.remote && !m[4]) return false;
    if (s.open && !(m[5] > 0)) return false;
    for (var f = 0; f < facetNames.length; f++) {
      var want = s.facets[facetNames[f]];
      if (want !== undefined && m[7][f].indexOf(slugIndex[f][want]) < 0) return false;
    }
    if (s.q) {
      var skills = m[7][0].map(function (i) { return index.facets[0].values[i][1]; }).join(" ");
      var hay = (m[1] + " " + m[2] + " " + skills).toLowerCase();
      var words = s.q.split(/\s+/);
      for (var w = 0; w < words.length; w++) if (hay.indexOf(words[w]) < 0) return false;
    }
    return true;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function spots(open, capacity) {
    if (open <= 0) return "Full";
    if (open === capacity) return capacity === 1 ? "1 spot open" : capacity + " spots open";
    return open + " of " + capacity + " spots open";
  }

  function card(m) {
    var base = form.getAttribute("data-index").replace(/index\.json$/, "");
    var li = el("li", "mentor-card");
    var article = el("article");
    var id = "f-mentor-" + m[0];
    article.setAttribute("aria-labelledby", id);
    if (m[8]) {
      // [fallback src, WebP srcset] at the card's size (see filter_index).
      var img = el("img", "avatar");
      img.src = m[8][0]; img.alt = m[1]; img.width = 64; img.height = 64; img.loading = "lazy";
      if (m[8][1]) {
        var picture = el("picture", "avatar-picture");
        var source = document.createElement("source");
        source.type = "image/webp"; source.srcset = m[8][1]; source.sizes = "64px";
        picture.appendChild(source);
        picture.appendChild(img);
        article.appendChild(picture);
      } else {
        article.appendChild(img);
      }
    } else {
      var initials = el("span", "avatar avatar-initials", (m[1].match(/[\p{L}\p{N}]/u) || [""])[0].toUpperCase());
      initials.setAttribute("aria-hidden", "true");
      article.appendChild(initials);
    }
    var body = el("div");
    var h = el("h3"); h.id = id;
    var a = el("a", null, m[1]); a.href = base + m[0] + "/";
    h.appendChild(a); body.appendChild(h);
    if (m[2]) body.appendChild(el("p", "headline", m[2]));
    var meta = el("p", "meta");
    if (m[3]) meta.appendChild(el("span", null, m[3]));
    if (m[4]) meta.appendChild(el("span", "badge", "Remote"));
    meta.appendChild(el("span", m[5] > 0 ? "spots" : "spots spots-full", spots(m[5], m[6])));
    body.appendChild(meta);
    if (m[7][0].length) {
      var tags = el("ul", "tags");
      tags.setAttribute("aria-label", "Skills");
      m[7][0].forEach(function (i) {
        var v = index.facets[0].values[i];
        var t = el("li"); var ta = el("a", null, v[1]);
        ta.href = base + index.facets[0].name + "/" + v[0] + "/";
        t.appendChild(ta); tags.appendChild(t);
      });
      body.appendChild(tags);
    }
    article.appendChild(body);
    li.appendChild(article);
    return li;
  }

  function writeUrl(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", form.elements.q.value.trim());
    facetNames.forEach(function (n) { if (s.facets[n]) params.set(n, s.facets[n]); });
    if (s.remote) params.set("remote", "1");
    if (s.open) params.set("open", "1");
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function apply(resetPaging) {
    if (!index) return;
    if (resetPaging) shown = PAGE;
    var s = state();
    writeUrl(s);
    if (!active(s)) {
      list.hidden = false; filtered.hidden = true;
      if (pagination) pagination.hidden = false;
      count.textContent = initialCount;
      return;
    }
    var slugIndex = index.facets.map(function (f) {
      var map = {};
      f.values.forEach(function (v, i) { map[v[0]] = i; });
      return map;
    });
    var hits = index.mentors.filter(function (m) { return matches(m, s, slugIndex); });
    filtered.textContent = "";
    hits.slice(0, shown).forEach(function (m) { filtered.appendChild(card(m)); });
    if (hits.length > shown) {
      var more = el("li", "more");
      var b = el("button", "button", "Show more mentors");
      b.type = "button";
      b.addEventListener("click", function () { shown += PAGE; apply(false); });
      more.appendChild(b); filtered.appendChild(more);
    }
    list.hidden = true; filtered.hidden = false;
    if (pagination) pagination.hidden = true;
    count.textContent = hits.length === 1 ? "1 mentor matches" : hits.length + " mentors match";
  }

  // Each facet's list: "Any …", then every value with its count, in the
  // index's order (the order of the facet pages).
  function fillOptions() {
    index.facets.forEach(function (f, fi) {
      var select = form.elements[f.name];
      if (!select) return;
      var counts = f.values.map(function () { return 0; });
      index.mentors.forEach(function (m) {
        m[7][fi].forEach(function (v) { counts[v] += 1; });
      });
      f.values.forEach(function (v, i) {
        var option = el("option", null, v[1] + " (" + counts[i] + ")");
        option.value = v[0];
        select.appendChild(option);
      });
    });
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    // No filter in the URL: keep whatever the visitor chose while the index
    // was loading.
    if (!params.toString()) return;
    if (params.has("q")) form.elements.q.value = params.get("q");
    facetNames.forEach(function (n) { if (params.has(n) && form.elements[n]) form.elements[n].value = params.get(n); });
    form.elements.remote.checked = params.get("remote") === "1";
    form.elements.open.checked = params.get("open") === "1";
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });

  fetch(form.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      index = data;
      facetNames = data.facets.map(function (f) { return f.name; });
      fillOptions();
      readUrl();
      apply(true);
      form.setAttribute("data-ready", "");
    })
    .catch(function () { form.hidden = true; });
})();
