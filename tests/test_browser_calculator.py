"""The shape calculator in the reader's browser (issue 13), in Debian's Chromium, in every
edition: ``tools/shape-calculator`` runs the package's command line with Pyodide, served by the
site itself (``nox -s browser -- -k calculator``).

* Every model the book's pages compute (each ``main(["summary", ...])`` and ``summarize(...)``
  of their code cells, read from the sources) gives in the page what ``lstm-explained summary
  --json`` gives: total, each layer's name, output shapes, count and formula, each weight's
  shape, or the same one-line message for a mistake; so do a misspelt keyword and a missing
  ``return_sequences``. The results have the edition's headings and the Keras code with the
  site's copy button; axe finds nothing at 1280 and 390 px once they are shown; the form works
  from the keyboard.
* Nothing of Pyodide is requested before the reader submits, nor on any other page; no request
  leaves 127.0.0.1 (the ``visit`` fixture aborts and reports any).
* Without JavaScript the form stays hidden and the page shows the executed command-line
  examples.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import test_browser
from live_calculator import CALCULATOR_PATHS, PAGE, argv, submit
from test_browser import EDITIONS, PAGES, SCREENSHOTS, VIEWPORTS, axe_violations

pytestmark = pytest.mark.browser

# The browser tests' fixtures: the built site, served; Chromium; a page that records problems.
site, base_url, browser, visit = (
    test_browser.site,
    test_browser.base_url,
    test_browser.browser,
    test_browser.visit,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENGLISH_HEADINGS = ["Layer (type)", "Output shape", "Param #", "Formula"]
# The two mistakes the issue names, each with the start of the command line's message.
MISTAKES = [
    ("5,2", ["LSTM(64, return_sequence=True)"], "unknown keyword 'return_sequence'"),
    ("5,2", ["LSTM(64)", "LSTM(32)"], "LSTM layer 'lstm_1' needs a 3-D input"),
]
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _page_models() -> list[tuple[str, str, list[str], str]]:
    """(page, input, layers, batch) of every model a code cell of the book computes."""
    models = []
    for source in sorted(DOCS.rglob("*.md")):
        if "_build" in source.relative_to(DOCS).parts:
            continue
        page = source.relative_to(DOCS).with_suffix("").as_posix()
        for cell in CODE_CELL.findall(source.read_text(encoding="utf-8")):
            code = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
            try:
                tree = ast.parse(code)
            except SyntaxError:
                continue
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                    continue
                try:
                    args = [ast.literal_eval(a) for a in call.args]
                    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
                except ValueError:
                    continue
                if call.func.id == "main" and args and args[0][:1] == ["summary"]:
                    words, layers, options = list(args[0][1:]), [], {}
                    while words:
                        word = words.pop(0)
                        if word in ("--input", "--batch"):
                            options[word] = words.pop(0)
                        elif not word.startswith("--"):
                            layers.append(word)
                    models.append(
                        (page, options.get("--input", ""), layers, options.get("--batch", ""))
                    )
                elif call.func.id == "summarize" and len(args) == 2:
                    batch = kwargs.get("batch")
                    models.append(
                        (page, str(args[0]), list(args[1]), "" if batch is None else str(batch))
                    )
    return models


PAGE_MODELS = _page_models()


def test_the_book_has_models_to_compare():
    """The calculator page's own examples are among them, errors included."""
    pages = {page for page, *_ in PAGE_MODELS}
    assert PAGE in pages and len(pages) >= 3, PAGE_MODELS
    assert len(PAGE_MODELS) >= 10


def _shape(dims: list[int | None]) -> str:
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


_CLI: dict[tuple, dict] = {}


def command_line(input_shape: str, layers: list[str], batch: str) -> dict:
    """``lstm-explained summary --json`` run as a command: its JSON, or its message."""
    key = (input_shape, tuple(layers), batch)
    if key not in _CLI:
        done = subprocess.run(
            [sys.executable, "-m", "lstm_explained", *argv(input_shape, layers, batch)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        if done.returncode == 0:
            _CLI[key] = json.loads(done.stdout)
        else:
            assert done.returncode == 2, done.stderr
            line = done.stderr.strip()
            assert line.startswith("lstm-explained: error: ") and "\n" not in line, line
            _CLI[key] = {"error": line.removeprefix("lstm-explained: error: ")}
    return _CLI[key]


def _differences(shown, expected: dict) -> list[str]:
    if "error" in expected:
        if shown.error != expected["error"]:
            return [f"message {shown.error!r}, the command line says {expected['error']!r}"]
        return []
    problems = []
    if shown.error is not None or shown.total != str(expected["total_params"]):
        problems.append(
            f"total {shown.total} (error {shown.error!r}), expected {expected['total_params']}"
        )
    rows = [
        [
            f"{layer['name']} ({layer['type']})",
            _shape(layer["output_shapes"][0])
            if len(layer["output_shapes"]) == 1
            else "[" + ", ".join(map(_shape, layer["output_shapes"])) + "]",
            f"{layer['params']:,}",
            layer["formula"],
        ]
        for layer in expected["layers"]
    ]
    if shown.layers != rows:
        problems.append(f"layers {shown.layers}, expected {rows}")
    weights = [
        [f"{w['name']} {_shape(w['shape'])}" for w in layer["weights"]]
        for layer in expected["layers"]
        if layer["weights"]
    ]
    if shown.weights != weights:
        problems.append(f"weights {shown.weights}, expected {weights}")
    for note in expected["notes"]:
        if note not in shown.text:
            problems.append(f"note missing: {note}")
    if not shown.code or "keras.Sequential" not in shown.code or shown.copy != 1:
        problems.append(f"Keras code {shown.code!r} with {shown.copy} copy buttons")
    return problems


def _calculator_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if any(path in url for path in CALCULATOR_PATHS)]


@pytest.mark.parametrize("lang", EDITIONS)
def test_calculator_gives_what_the_command_line_gives(site, visit, lang: str) -> None:
    problems: list[str] = []
    with visit(f"{lang}/{PAGE}.html") as v:
        page = v.page
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        form = page.locator("#live-calculator")
        assert form.is_visible(), "the form is hidden although JavaScript runs"
        page.wait_for_load_state("networkidle")
        if _calculator_requests(requests):
            problems.append(f"loaded before any submit: {_calculator_requests(requests)}")
        messages = json.loads(form.get_attribute("data-messages"))
        headings = [messages[key] for key in ("layer", "output-shape", "params", "formula")]
        if lang != "en" and headings == ENGLISH_HEADINGS:
            problems.append(f"the headings are English in {lang}: {headings}")

        # The prefilled example, from the keyboard: from the layers field, Tab reaches the button
        # and Enter submits.
        page.locator("#live-calculator-layers").focus()
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        if "lstm-calc-submit" not in focused:
            problems.append(f"Tab from the layers field focuses {focused!r}, not the button")
        page.keyboard.press("Enter")
        page.wait_for_selector("#live-calculator-result[data-total-params]", timeout=300_000)
        shown = page.locator("#live-calculator-result thead th").all_text_contents()
        if shown != headings:
            problems.append(f"result headings {shown}, expected the page's {headings}")
        if not _calculator_requests(requests):
            problems.append("no request for Pyodide after the submit")

        mistakes = [(PAGE, shape, layers, "") for shape, layers, _ in MISTAKES]
        for _, input_shape, layers, batch in [*PAGE_MODELS, *mistakes]:
            result = submit(page, input_shape, layers, batch)
            expected = command_line(input_shape, layers, batch)
            problems += [
                f"{input_shape!r} {layers} batch={batch!r}: {problem}"
                for problem in _differences(result, expected)
            ]
        for input_shape, layers, start in MISTAKES:
            message = command_line(input_shape, layers, "").get("error", "")
            if not message.startswith(start):
                problems.append(f"{layers}: the command line says {message!r}")

        # A result with notes and a wide table, then axe and a look at both widths.
        submit(
            page,
            "None,2",
            ["LSTM(64, return_sequences=True)", "LSTM(32, input_shape=(10, 64))"],
            "32",
        )
        problems += axe_violations(page, "1280px (results shown)")
        target = SCREENSHOTS / lang
        target.mkdir(parents=True, exist_ok=True)
        section = page.locator("#live-calculator").locator("xpath=..")
        section.screenshot(path=str(target / "live-calculator-desktop.png"))
        page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
        page.wait_for_timeout(300)
        problems += axe_violations(page, "390px (results shown)")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"the page scrolls sideways by {overflow}px at phone width")
        section.screenshot(path=str(target / "live-calculator-phone.png"))
    problems += v.problems()
    assert not problems, f"{lang}/{PAGE}.html:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_other_pages_load_nothing_of_the_calculator(site, visit, lang: str) -> None:
    """No page but the calculator's links its script, and none requests Pyodide."""
    problems: list[str] = []
    for name in PAGES:
        with visit(f"{lang}/{name}.html") as v:
            requests: list[str] = []
            v.page.on("request", lambda request, seen=requests: seen.append(request.url))
            v.page.wait_for_load_state("networkidle")
            scripts = v.page.eval_on_selector_all("script[src]", "s => s.map((e) => e.src)")
            forms = v.page.locator("#live-calculator").count()
        linked = [src for src in scripts if "live-calculator" in src]
        if name == PAGE:
            if not linked or forms != 1:
                problems.append(f"{name}: script {linked}, {forms} forms")
        elif linked or forms:
            problems.append(f"{name}: links {linked}, {forms} calculator forms")
        if _calculator_requests(requests):
            problems.append(f"{name}: requested {_calculator_requests(requests)}")
        problems += [f"{name}: {problem}" for problem in v.problems()]
    assert not problems, f"{lang}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", EDITIONS)
def test_without_javascript_the_page_shows_the_command_line(site, browser, base_url, lang) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}{lang}/{PAGE}.html", wait_until="load")
        form_visible = page.locator("#live-calculator").is_visible()
        note_visible = page.locator(".lstm-calc-noscript").is_visible()
        outputs = page.locator(".cell_output").count()
    finally:
        context.close()
    assert not form_visible, "a form that cannot work is shown without JavaScript"
    assert note_visible, "no note that the calculator needs JavaScript"
    assert outputs >= 5, "the executed command-line examples are missing"
