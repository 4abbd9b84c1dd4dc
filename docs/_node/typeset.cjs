// MathJax 3 in Node.js, for docs/_ext/math_svg.py: typesets the book's formulas to SVG while the
// book is built, so that no page loads MathJax (its scripts and fonts were most of what a
// question page downloaded, and the formulas moved the text when they appeared).
//
//   node typeset.cjs    (reads one JSON request per line on stdin, answers one line each)
//
// The same components the pages loaded (TeX input with its autoloaded extensions, the hidden
// MathML that screen readers read), with SVG output instead of CommonHTML: SVG needs no web
// font. First line out: {"version", "css"}, MathJax's version and the stylesheet its SVG needs.
// Then for each {"tex", "display"} in: {"html"} (the <mjx-container>, whose <use> elements
// name glyphs by id) and {"glyphs"} (id -> <path>, the glyphs it uses, to be written once per
// page), or {"error"} (a TeX error, or a macro no package defines: the build reports it,
// rather than showing red text to readers).
"use strict";

const readline = require("node:readline");

global.MathJax = {
  loader: {
    paths: { mathjax: "mathjax-full/es5" },
    require: require,
    load: ["input/tex", "output/svg", "a11y/assistive-mml", "adaptors/liteDOM"],
  },
  tex: {
    // "noundefined" would draw an unknown macro in red instead of failing.
    packages: { "[-]": ["noundefined"] },
    formatError: (jax, error) => {
      throw error;
    },
  },
  // One copy of each glyph per page (<use> refers to it), not one per formula.
  svg: { fontCache: "global" },
  startup: { typeset: false },
};

require("mathjax-full/es5/startup.js");

function write(object) {
  process.stdout.write(JSON.stringify(object) + "\n");
}

MathJax.startup.promise.then(() => {
  const adaptor = MathJax.startup.adaptor;
  const cache = MathJax.startup.output.fontCache;
  write({ version: MathJax.version, css: adaptor.textContent(MathJax.svgStylesheet()) });
  // One request at a time, in order: each answer's glyphs are those of its formula alone.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    queue = queue.then(async () => {
      let request;
      try {
        request = JSON.parse(line);
        cache.clearCache();
        MathJax.texReset();
        const node = await MathJax.tex2svgPromise(request.tex, { display: !!request.display });
        const glyphs = {};
        for (const path of adaptor.childNodes(cache.getCache())) {
          glyphs[adaptor.getAttribute(path, "id")] = adaptor.outerHTML(path);
        }
        write({ html: adaptor.outerHTML(node), glyphs });
      } catch (error) {
        write({ error: String((error && error.message) || error) });
      }
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
});
