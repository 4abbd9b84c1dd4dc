"""The in-browser shape calculator as the browser tests and ``benchmarks/page_size.py`` drive
it: fill the form of ``tools/shape-calculator``, submit, wait for the result, read it back.

Not a test module: ``tests/test_browser.py`` and the page-weight script import it.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE = "tools/shape-calculator"
# What Pyodide and the package add to the site (docs/_ext/live_calculator.py): nothing under
# these may be requested before the reader submits the form, nor by any other page.
CALCULATOR_PATHS = ("/_static/pyodide/", "/_static/live-calculator/")
# Submit the form and resolve, once the result element carries data-total-params or data-error,
# with the milliseconds that took and what the result shows.
SUBMIT = """async ({input, layers, batch}) => {
  const form = document.getElementById("live-calculator");
  const result = document.getElementById("live-calculator-result");
  form.elements.input.value = input;
  form.elements.layers.value = layers;
  form.elements.batch.value = batch;
  const before = result.firstChild;
  const started = performance.now();
  const finished = new Promise((done) => {
    const observer = new MutationObserver(() => {
      if (result.firstChild !== before
          && (result.hasAttribute("data-total-params") || result.hasAttribute("data-error"))) {
        observer.disconnect();
        done(performance.now() - started);
      }
    });
    observer.observe(result, {attributes: true, childList: true});
  });
  form.querySelector("button[type=submit]").click();
  const ms = await finished;
  const cells = (row) => Array.from(row.cells).map((cell) => cell.textContent.trim());
  return {
    ms,
    total: result.getAttribute("data-total-params"),
    error: result.getAttribute("data-error"),
    text: result.innerText,
    layers: Array.from(result.querySelectorAll("tr.lstm-calc-layer")).map(cells),
    weights: Array.from(result.querySelectorAll("tr.lstm-calc-weights")).map(
      (row) => Array.from(row.querySelectorAll("code")).map((code) => code.textContent)),
    headings: Array.from(result.querySelectorAll("thead th")).map((th) => th.textContent),
    code: (result.querySelector("#live-calculator-code") || {}).textContent || null,
    copy: result.querySelectorAll("button.copybtn").length,
  };
}"""


@dataclass
class Shown:
    """What the calculator showed for one submit."""

    ms: float
    total: str | None
    error: str | None
    text: str
    layers: list[list[str]]
    weights: list[list[str]]
    headings: list[str]
    code: str | None
    copy: int


def submit(page, input_shape: str, layers: list[str], batch: str = "") -> Shown:
    """Fill the form on ``page`` (a Playwright page showing the calculator), submit, wait."""
    shown = page.evaluate(
        SUBMIT, {"input": input_shape, "layers": "\n".join(layers), "batch": batch}
    )
    return Shown(**shown)


def argv(input_shape: str, layers: list[str], batch: str = "") -> list[str]:
    """The command line the form runs (docs/_static/live-calculator.js builds the same)."""
    args = ["summary"]
    if input_shape.strip():
        args.append(f"--input={input_shape.strip()}")
    if batch.strip():
        args.append(f"--batch={batch.strip()}")
    return [*args, "--json", "--", *(line.strip() for line in layers if line.strip())]
