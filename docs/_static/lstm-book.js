// A display equation wider than the text scrolls sideways in its own box (the theme's
// `div.math mjx-container { overflow: auto hidden }`). A box that scrolls must be reachable by
// keyboard (WCAG 2.1.1; axe scrollable-region-focusable): like the theme does for code blocks
// and tables, such a box joins the tab order while, and only while, it is wider than the
// screen, so a keyboard reader can focus it and scroll it with the arrow keys. Nothing is
// added for the equations that fit, which are most of them. It also shows the article of a
// page with math once MathJax has typeset it (docs/_templates/layout.html hides it until then).
(function () {
  "use strict";
  function update(box) {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  }
  function watch() {
    var boxes = document.querySelectorAll("div.math > mjx-container");
    if (!boxes.length) return;
    if (!("ResizeObserver" in window)) {
      boxes.forEach(update);
      return;
    }
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        update(entry.target);
      });
    });
    boxes.forEach(function (box) {
      observer.observe(box);
    });
  }
  // The article of a page with math is hidden until MathJax has typeset it (layout.html).
  function typeset() {
    document.documentElement.classList.remove("lstm-math-pending");
    watch();
  }
  function start() {
    var startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) startup.promise.then(typeset, typeset);
    else if (document.querySelector(".math")) {
      // MathJax is still loading: its startup object appears once its script has run.
      window.addEventListener("load", function () {
        var later = window.MathJax && window.MathJax.startup;
        if (later && later.promise) later.promise.then(typeset, typeset);
        else typeset();
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
