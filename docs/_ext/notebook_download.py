"""Offer every page that shows code as a Jupyter notebook (``.ipynb``) in the theme's download
menu.

sphinx-book-theme lists ``.ipynb`` in its download menu when the page context holds
``ipynb_source``, but for MyST-Markdown notebooks it sets that only while launch buttons
(Binder, Colab, ...) are configured: it then copies the notebook myst-nb executed
(``<outdir>/../jupyter_execute/<page>.ipynb``) into ``_sources/``. The book has no launch
service, so this extension does that copy itself, just before the theme builds its buttons.

The notebook offered is the executed one: every cell, the hidden setup cells included, with
the outputs of the build. Those come from the book's jupyter-cache: when a page's outputs come
from the cache, myst-nb writes ``jupyter_execute/<page>.ipynb`` without them (it merges the
cached outputs into a copy of the notebook), so the file there has the cells but may lack the
outputs. Two changes: ``glue`` (myst-nb's, which only stores a value for the page's prose)
falls back to a no-op when myst-nb is not installed, so the notebook runs outside the book,
and the cells get stable ids. Pages that show no code (the glossary, the API and linking
pages, whose hidden cells read the book's own source tree) are not offered. Every edition
offers the same notebook: the code is language-neutral and the prose stays on the page.

``tests/test_notebook_downloads.py`` runs each offered notebook, as downloaded from a built
edition, from an empty folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from page_versions import CELL_TAG
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

# Cells whose source is not on the page (myst-nb's tags); see tests/test_visible_cells.py.
HIDDEN_SOURCE = frozenset({"remove-cell", "remove-input"})
GLUE_IMPORT = "from myst_nb import glue"
PORTABLE_GLUE_IMPORT = """try:
    from myst_nb import glue
except ImportError:
    def glue(name, value, display=True):
        return None"""


def shows_code(notebook: nbformat.NotebookNode) -> bool:
    """True if at least one code cell's source reaches the page."""
    return any(
        cell.cell_type == "code" and not set(cell.metadata.get("tags", [])) & HIDDEN_SOURCE
        for cell in notebook.cells
    )


def portable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with myst-nb's ``glue`` made optional (see the module docstring) and cell
    ids numbered in order: myst-nb draws random ids on each read, so every edition and every
    build would otherwise offer a different file."""
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        if cell.cell_type == "code" and GLUE_IMPORT in cell.source.splitlines():
            lines = [
                PORTABLE_GLUE_IMPORT if line == GLUE_IMPORT else line
                for line in cell.source.splitlines()
            ]
            cell.source = "\n".join(lines)
    return notebook


def with_outputs(notebook: nbformat.NotebookNode, cache_path: str) -> nbformat.NotebookNode | None:
    """The notebook with the outputs of its run: from the jupyter-cache when the cache holds
    it, else as it is if it has outputs. The cache first, because the file differs with how the
    build got the outputs: an edition that ran the page writes it without the outputs of its
    glue cells, one that read the cache writes it without any; the cache holds every output of
    the run, the same for every edition."""
    if cache_path:
        from jupyter_cache import get_cache

        try:
            _, merged = get_cache(cache_path).merge_match_into_notebook(notebook)
        except KeyError:
            pass
        else:
            return merged
    if any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"):
        return notebook
    return None


def offer_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or doctree is None:
        return
    if "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        LOGGER.warning("no executed notebook for %s at %s", pagename, executed, type="lstm_book")
        return
    notebook = nbformat.read(executed, as_version=4)
    if not shows_code(notebook):
        return
    notebook = with_outputs(notebook, app.config.nb_execution_cache_path)
    if notebook is None:
        LOGGER.warning(
            "no executed outputs for %s in the jupyter-cache", pagename, type="lstm_book"
        )
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    # The cell page_versions adds to record the libraries' versions is the book's, not the page's.
    notebook.cells = [
        cell for cell in notebook.cells if CELL_TAG not in cell.metadata.get("tags", [])
    ]
    nbformat.write(portable(notebook), target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    # The theme builds its header buttons at priority 501.
    app.connect("html-page-context", offer_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
