// Site-wide behaviour: the offline search box over search-index.json, and
// keyboard shortcuts for the previous and next page (arrow keys). Results
// are built with DOM calls, never innerHTML.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var input = document.getElementById("site-search");
  var box = document.getElementById("search-results");
  if (form && input && box && window.fetch) {
    var entries = null;
    input.hidden = false;
    var load = function () {
      if (entries) return Promise.resolve(entries);
      return fetch(form.getAttribute("data-search-index"))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          entries = data.map(function (e) {
            return { e: e, t: e.t.toLowerCase(), d: e.d.toLowerCase(), b: e.b.toLowerCase() };
          });
          return entries;
        });
    };
    var snippet = function (text, word) {
      var i = text.toLowerCase().indexOf(word);
      if (i < 0) return text.slice(0, 140);
      var start = Math.max(0, i - 60);
      return (start > 0 ? "…" : "") + text.slice(start, start + 160) + "…";
    };
    var search = function () {
      var q = input.value.trim().toLowerCase();
      if (q.length < 2) { box.hidden = true; box.textContent = ""; return; }
      load().then(function (all) {
        var words = q.split(/\s+/);
        var hits = [];
        all.forEach(function (x) {
          var score = 0;
          for (var i = 0; i < words.length; i++) {
            var w = words[i];
            if (x.t.indexOf(w) >= 0) score += 10;
            else if (x.d.indexOf(w) >= 0) score += 3;
            else if (x.b.indexOf(w) >= 0) score += 1;
            else return;
          }
          hits.push({ x: x, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.x.e.t.localeCompare(b.x.e.t); });
        box.textContent = "";
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.textContent = hits.length + (hits.length === 1 ? " result" : " results");
        box.appendChild(status);
        if (!hits.length) {
          var none = document.createElement("p");
          none.textContent = "No results for “" + input.value.trim() + "”.";
          box.appendChild(none);
        } else {
          var ul = document.createElement("ul");
          hits.slice(0, 10).forEach(function (h) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = h.x.e.u;
            a.textContent = h.x.e.t;
            var kind = document.createElement("span");
            kind.className = "kind";
            kind.textContent = h.x.e.k;
            var p = document.createElement("span");
            p.className = "kind";
            p.textContent = snippet(h.x.e.d || h.x.e.b, words[0]);
            li.appendChild(a); li.appendChild(kind); li.appendChild(p);
            ul.appendChild(li);
          });
          box.appendChild(ul);
        }
        box.hidden = false;
      });
    };
    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", search);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = box.querySelector("a");
      if (first) location.href = first.href;
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { box.hidden = true; }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) box.hidden = true;
    });
  }

  // A guide's table wider than the screen scrolls sideways: make it
  // reachable by keyboard (WCAG 2.1.1) only while it actually scrolls.
  var tables = document.querySelectorAll(".prose table");
  var markScrollable = function () {
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.scrollWidth > t.clientWidth + 1) {
        t.setAttribute("tabindex", "0");
      } else {
        t.removeAttribute("tabindex");
      }
    }
  };
  if (tables.length) {
    markScrollable();
    window.addEventListener("resize", markScrollable);
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    // Inside something that scrolls sideways (a wide table), the arrow keys
    // scroll it instead.
    for (var n = t; n && n.nodeType === 1 && n !== document.body; n = n.parentNode) {
      if (n.scrollWidth > n.clientWidth + 1 && /(auto|scroll)/.test(getComputedStyle(n).overflowX)) return;
    }
    var link = document.querySelector('.pager a[rel="' + rel + '"]');
    if (link) location.href = link.href;
  });

  // A link may preselect answers of a form page (a mentor's profile links to
  // the application form with ?ranked_mentors=<slug>, an agreement page to
  // the check-in form with ?pair=<reference>): empty text fields get
  // the value, choices with that value are ticked. Nothing is sent until the
  // person submits the form.
  var survey = document.querySelector("form.survey-form");
  if (survey && window.URLSearchParams && location.search) {
    new URLSearchParams(location.search).forEach(function (value, name) {
      Array.prototype.forEach.call(survey.elements, function (field) {
        if (field.name !== name || field.name === "website") return;
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.value === value) field.checked = true;
        } else if (!field.value && field.type !== "hidden") {
          field.value = value;
        }
      });
    });
  }
})();
