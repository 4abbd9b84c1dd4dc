// A display equation wider than the text scrolls sideways in its own box (the theme's
// `div.math mjx-container { overflow: auto hidden }`). A box that scrolls must be reachable by
// keyboard (WCAG 2.1.1; axe scrollable-region-focusable): like the theme does for code blocks
// and tables, such a box joins the tab order while, and only while, it is wider than the
// screen, so a keyboard reader can focus it and scroll it with the arrow keys. Nothing is
// added for the equations that fit, which are most of them. (The formulas are typeset while
// the book is built, docs/_ext/math_svg.py: they are in the page before this runs.)
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
