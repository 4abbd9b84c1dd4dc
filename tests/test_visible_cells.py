"""A reader can copy a page's code: the cells shown on every notebook page, run in order in a
fresh Python, work on their own.

Each page of the book that is a notebook (``file_format: mystnb``) is read with myst-nb's own
MyST reader (:func:`myst_nb.core.read.read_myst_markdown_notebook`, the one the build uses), and
its *visible* code cells are run, in page order, in one new Python process started in an empty
temporary folder, with the package and Keras installed (this test environment) and nothing else:
no hidden setup cell, no glue, no IPython.

Which cells are visible (myst-nb's tag semantics)
    ``remove-cell``
        neither the code nor its output reaches the page: NOT visible.
    ``remove-input``
        only the output reaches the page (figures, glued tables): NOT visible.
    ``remove-output``
        the code is shown without its output: visible.
    ``hide-cell``, ``hide-input``, ``hide-output``
        the code is on the page, folded behind a "show" toggle: visible (a reader can open it
        and copy it).
    no tag
        visible.

A cell tagged ``raises-exception`` is one the page shows failing on purpose (a Keras 2 habit
that Keras 3 rejects). Here it must still raise, and not with a ``NameError``: a name missing
because it was defined in a hidden cell is exactly what this test exists to catch.

Markers: ``keras`` (it imports Keras in every subprocess). It runs in ``nox -s tests``; about
half a minute per page on one core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

myst_nb_read = pytest.importorskip("myst_nb.core.read")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Tags that keep a cell's source off the page (myst-nb removes these cells' input).
HIDDEN_SOURCE = frozenset({"remove-cell", "remove-input"})
RAISES = "raises-exception"


def notebook_pages() -> list[Path]:
    """Every page of the book that myst-nb executes."""
    return sorted(
        path
        for path in DOCS.rglob("*.md")
        if "_build" not in path.parts
        and path.read_text(encoding="utf-8").startswith("---")
        and "file_format: mystnb" in path.read_text(encoding="utf-8").split("\n---", 1)[0]
    )


def read_page(path: Path):
    return myst_nb_read.read_myst_markdown_notebook(path.read_text(encoding="utf-8"), path=path)


def visible_cells(path: Path) -> list[dict]:
    """The code cells whose source is shown on the page, in page order."""
    cells = []
    for index, cell in enumerate(read_page(path).cells):
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if tags & HIDDEN_SOURCE:
            continue
        cells.append({"index": index, "source": cell.source, "raises": RAISES in tags})
    return cells


# Runs in the subprocess: each cell is compiled on its own, like a notebook cell, in one
# shared namespace; the report goes to stdout as JSON.
RUNNER = r"""
import json, sys, traceback
cells = json.load(sys.stdin)
namespace = {"__name__": "__main__"}
report = []
for cell in cells:
    try:
        exec(compile(cell["source"], f"<cell {cell['index']}>", "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001
        report.append({"index": cell["index"], "raised": type(exc).__name__,
                       "message": traceback.format_exc(limit=-3)})
        if not cell["raises"]:
            break
    else:
        report.append({"index": cell["index"], "raised": None, "message": ""})
print("\n@@report@@" + json.dumps(report))
"""


def run_cells(cells: list[dict], folder: Path) -> list[dict]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHONPATH", "JUPYTER", "IPY"))
    }
    env.update(
        {
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TF_ENABLE_ONEDNN_OPTS": "0",
            "CUDA_VISIBLE_DEVICES": "-1",
            "KERAS_BACKEND": "tensorflow",
            "MPLBACKEND": "Agg",
            "PYTHONWARNINGS": "ignore",
        }
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", RUNNER],
        input=json.dumps(cells),
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=900,
    )
    assert "@@report@@" in done.stdout, done.stderr[-3000:]
    return json.loads(done.stdout.rsplit("@@report@@", 1)[1])


PAGES = notebook_pages()
# Pages that show code (the glossary, the API and linking pages run only hidden cells).
CODE_PAGES = [path for path in PAGES if visible_cells(path)]


def test_every_question_and_explanation_page_shows_code() -> None:
    names = {path.stem for path in PAGES}
    assert {"what-units-means", "weight-shapes", "numpy-from-scratch"} <= names, names
    for path in PAGES:
        if path.parent.name in {"questions", "explanations"}:
            assert path in CODE_PAGES, f"{path.name} shows no code a reader could run"


def test_visible_means_source_on_the_page() -> None:
    """The tag rule above, on a two-cell notebook read by the same reader."""
    text = (
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n---\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\nhidden = 1\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-input]\nfigure = 1\n```\n\n"
        "```{code-cell} ipython3\n:tags: [hide-input]\nfolded = 1\n```\n\n"
        "```{code-cell} ipython3\nshown = 1\n```\n"
    )
    notebook = myst_nb_read.read_myst_markdown_notebook(text)
    kept = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and not set(cell.metadata.get("tags", [])) & HIDDEN_SOURCE
    ]
    assert kept == ["folded = 1", "shown = 1"]


@pytest.mark.keras
@pytest.mark.parametrize("page", CODE_PAGES, ids=lambda path: str(path.relative_to(DOCS)))
def test_visible_cells_run_in_a_fresh_python(page: Path, tmp_path: Path) -> None:
    cells = visible_cells(page)
    report = run_cells(cells, tmp_path)
    problems = []
    for cell, result in zip(cells, report, strict=False):
        where = f"{page.relative_to(DOCS)}, cell {cell['index']}:\n{cell['source']}\n"
        if result["raised"] and not cell["raises"]:
            problems.append(f"{where}raised\n{result['message']}")
        elif cell["raises"] and not result["raised"]:
            problems.append(f"{where}is tagged {RAISES} but ran without error")
        elif result["raised"] == "NameError":
            problems.append(f"{where}needs a name no visible cell defines\n{result['message']}")
    if len(report) < len(cells) and not problems:
        problems.append(f"{page.name}: only {len(report)} of {len(cells)} cells ran")
    assert not problems, "\n\n".join(problems)
