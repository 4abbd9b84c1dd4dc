// The shape calculator in the reader's browser (docs/_ext/live_calculator.py writes the form;
// only the page tools/shape-calculator links this script). On the first submit it loads
// Pyodide and the package's modules from this site (nothing before, nothing from elsewhere),
// then runs the command line `lstm-explained summary --json` with the form's values through
// lstm_explained.browser.calculate, and shows what the command prints: output shapes, weights,
// parameter counts with their formulas, the total, the notes, or the one-line message of a
// mistake, with the model's Keras code to copy. The headings come from the page (translated).
(function () {
  "use strict";
  var form = document.getElementById("live-calculator");
  var result = document.getElementById("live-calculator-result");
  if (!form || !result) return;
  var text = JSON.parse(form.getAttribute("data-messages"));
  var status = form.querySelector(".lstm-calc-status");
  var button = form.querySelector("button[type=submit]");
  var calculate = null; // a promise of the Python function, made on the first submit
  var busy = false; // a submit while one runs is ignored (the button keeps its focus)

  // Python's side: the package from its zip, imported as it is.
  var START = [
    "import sys",
    "sys.path.insert(0, '/home/pyodide/calculator')",
    "from lstm_explained.browser import calculate",
  ].join("\n");

  function load() {
    var base = new URL(form.getAttribute("data-pyodide"), document.baseURI).href;
    var zip = new URL(form.getAttribute("data-package"), document.baseURI).href;
    return import(base + "pyodide.mjs").then(function (module) {
      return Promise.all([
        module.loadPyodide({ indexURL: base, packages: [] }),
        fetch(zip).then(function (response) {
          if (!response.ok) throw new Error(zip + ": HTTP " + response.status);
          return response.arrayBuffer();
        }),
      ]);
    }).then(function (loaded) {
      var pyodide = loaded[0];
      pyodide.unpackArchive(loaded[1], "zip", { extractDir: "/home/pyodide/calculator" });
      pyodide.runPython(START);
      return pyodide.globals.get("calculate");
    });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Shapes as the command line prints them: (None, 5, 64), (256,).
  function shape(dims) {
    var inner = dims.map(function (d) { return d === null ? "None" : String(d); }).join(", ");
    return "(" + inner + (dims.length === 1 ? ",)" : ")");
  }
  function shapes(list) {
    return list.length === 1 ? shape(list[0]) : "[" + list.map(shape).join(", ") + "]";
  }
  // Counts grouped as the edition's prose groups them (data-group, from data-group-from digits).
  var group = form.getAttribute("data-group") || ",";
  var groupFrom = Number(form.getAttribute("data-group-from") || 4);
  function count(n) {
    var digits = String(n);
    if (digits.replace("-", "").length < groupFrom) return digits;
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }
  // The total at the end of a formula ("... = 17152"), grouped like the other counts outside
  // English, whose formulas stay as the command line prints them.
  function formula(text) {
    if (!form.hasAttribute("data-group") || /^en/.test(document.documentElement.lang)) return text;
    return text.replace(/= (\d+)$/, function (all, total) { return "= " + count(total); });
  }
  function code(content) {
    var node = element("code", "docutils literal notranslate");
    node.appendChild(element("span", "pre", content));
    return node;
  }
  // Chinese and Japanese end a label with a full-width colon.
  var colon = /^(zh|ja)/.test(document.documentElement.lang) ? "\uff1a" : ": ";
  function labelled(className, label, value) {
    var p = element("p", className);
    // A label may end in its own colon (the English messages do): one colon, the edition's.
    p.appendChild(element("strong", "", label.replace(/\s*[:\uff1a]\s*$/, "") + colon));
    p.appendChild(value);
    return p;
  }

  // The site's copy button (sphinx-copybutton, its tooltip in the edition's language), cloned
  // from a code cell of this page and pointed at the Keras code.
  function copyButton(targetId) {
    var model = document.querySelector("button.copybtn");
    if (!model) return null;
    var copy = model.cloneNode(true);
    copy.setAttribute("data-clipboard-target", "#" + targetId);
    return copy;
  }

  function showSummary(data) {
    var nodes = [labelled("lstm-calc-input", text["input-shape"], code(shape(data.input_shape)))];
    var scroll = element("div", "lstm-calc-scroll");
    var table = element("table", "table lstm-calc-table");
    var head = table.createTHead().insertRow();
    [text.layer, text["output-shape"], text.params, text.formula].forEach(function (title, i) {
      var th = element("th", i === 2 ? "lstm-calc-num" : "", title);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.layers.forEach(function (layer) {
      var row = body.insertRow();
      row.className = "lstm-calc-layer";
      var name = element("th", "", layer.name + " (" + layer.type + ")");
      name.scope = "row";
      row.appendChild(name);
      row.insertCell().appendChild(code(shapes(layer.output_shapes)));
      var params = row.insertCell();
      params.className = "lstm-calc-num";
      params.textContent = count(layer.params);
      row.insertCell().appendChild(code(formula(layer.formula)));
      if (layer.weights.length) {
        var weights = body.insertRow().insertCell();
        weights.parentNode.className = "lstm-calc-weights";
        weights.colSpan = 4;
        weights.appendChild(element("span", "", text.weights + colon));
        layer.weights.forEach(function (w, i) {
          if (i) weights.appendChild(document.createTextNode(", "));
          weights.appendChild(code(w.name + " " + shape(w.shape)));
        });
      }
    });
    scroll.appendChild(table);
    nodes.push(scroll);
    nodes.push(labelled("lstm-calc-total", text.total, document.createTextNode(count(data.total_params))));
    if (data.notes.length) {
      nodes.push(element("p", "lstm-calc-heading", text.notes));
      var list = element("ul", "lstm-calc-notes");
      data.notes.forEach(function (note) { list.appendChild(element("li", "", note)); });
      nodes.push(list);
    }
    nodes.push(element("p", "lstm-calc-heading", text.code));
    var outer = element("div", "highlight-python notranslate lstm-calc-code");
    var inner = element("div", "highlight");
    var pre = element("pre", "", data.keras_code);
    pre.id = "live-calculator-code";
    inner.appendChild(pre);
    var copy = copyButton(pre.id);
    if (copy) inner.appendChild(copy);
    outer.appendChild(inner);
    nodes.push(outer);
    return nodes;
  }

  function show(nodes, attributes) {
    result.removeAttribute("data-total-params");
    result.removeAttribute("data-error");
    Object.keys(attributes).forEach(function (name) { result.setAttribute(name, attributes[name]); });
    result.replaceChildren.apply(result, nodes);
    result.querySelectorAll(".lstm-calc-scroll, .lstm-calc-code pre").forEach(function (box) {
      focusableWhileScrolling(box);
      if (resized) resized.observe(box);
    });
  }

  // A table wider than the screen scrolls in its own box, which joins the tab order while, and
  // only while, it scrolls (as lstm-book.js does for wide equations): a keyboard reader can
  // then scroll it with the arrow keys.
  function focusableWhileScrolling(box) {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  }
  var resized = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { focusableWhileScrolling(entry.target); });
  }) : null;

  function argv() {
    var args = ["summary"];
    var input = form.elements.input.value.trim();
    var batch = form.elements.batch.value.trim();
    if (input) args.push("--input=" + input);
    if (batch) args.push("--batch=" + batch);
    args.push("--json", "--");
    form.elements.layers.value.split("\n").forEach(function (line) {
      if (line.trim()) args.push(line.trim());
    });
    return args;
  }

  function run() {
    var first = calculate === null;
    if (first) calculate = load();
    busy = true;
    button.setAttribute("aria-disabled", "true");
    status.textContent = first ? text.loading : "";
    var args = argv();
    return calculate.then(function (fn) {
      var data = JSON.parse(fn(args));
      status.textContent = "";
      if (data.error !== undefined) {
        show([labelled("lstm-calc-error", text.error, document.createTextNode(data.error))],
             { "data-error": data.error });
      } else {
        show(showSummary(data), { "data-total-params": String(data.total_params) });
      }
    }, function (error) {
      calculate = null; // try again on the next submit
      status.textContent = "";
      var message = String((error && error.message) || error);
      show([labelled("lstm-calc-error", text.failed, document.createTextNode(message))],
           { "data-error": message });
    }).then(function () {
      busy = false;
      button.removeAttribute("aria-disabled");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!busy) run();
  });
  form.hidden = false;
})();
