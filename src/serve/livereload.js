// mentorsite serve: reloads this tab when the site is rebuilt.
// Served by the preview server only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  if (!window.EventSource) {
    return;
  }
  var source = new EventSource("/__mentorsite/events");

  // The stream starts with the current generation: a page older than that
  // missed a rebuild while it loaded.
  source.addEventListener("hello", function (event) {
    if (generation !== null && event.data !== generation) {
      window.location.reload();
    }
  });

  source.addEventListener("reload", function () {
    window.location.reload();
  });

  // Only stylesheets changed: load them again in place, keeping the scroll
  // position and whatever was typed into the page.
  source.addEventListener("css", function (event) {
    var parts = event.data.split(" ");
    generation = parts.shift();
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var swapped = 0;
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) {
        return;
      }
      if (parts.length && parts.indexOf(url.pathname) === -1) {
        return;
      }
      url.searchParams.set("mentorsite-reload", generation);
      link.href = url.href;
      swapped += 1;
    });
    if (swapped === 0) {
      window.location.reload();
    }
  });
})();
