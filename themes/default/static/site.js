// Site-wide behaviour: keyboard shortcuts for the previous and next page
// (arrow keys) and wide tables. The search box is search.js.
(function () {
  "use strict";
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
