"""Every page that shows code offers its notebook for download, and the notebook runs.

For each edition of the built site (``docs/_build/site``, ``nox -s docs``): the page's download
menu links the ``.ipynb``; the file holds every cell, the hidden setup cells too, with the
outputs of the build; and, executed with nbclient in a new kernel started in an empty folder,
it runs to the end (cells tagged ``raises-exception`` may raise, as on the page). The English
notebooks are executed; the other editions must offer the very same files.

Marker ``site``: ``nox -s site`` runs it after ``nox -s docs``. Without a built
site it is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from built_site import HOW_TO_BUILD, SITE, SOURCE_LANGUAGE, book_pages, built_editions

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HIDDEN_SOURCE = {"remove-cell", "remove-input"}


def _shows_code(page: str) -> bool:
    from myst_nb.core.read import read_myst_markdown_notebook

    source = DOCS / f"{page}.md"
    if not source.is_file():
        return False
    text = source.read_text(encoding="utf-8")
    if "file_format: mystnb" not in text.split("\n---", 1)[0]:
        return False
    notebook = read_myst_markdown_notebook(text, path=source)
    return any(
        cell.cell_type == "code" and not set(cell.metadata.get("tags", [])) & HIDDEN_SOURCE
        for cell in notebook.cells
    )


EDITIONS = built_editions()
PAGES = [page for page in book_pages() if _shows_code(page)] if EDITIONS else []

if not EDITIONS:
    pytest.skip(f"no built site in {SITE}: {HOW_TO_BUILD}", allow_module_level=True)


def downloaded(lang: str, page: str) -> Path:
    html = (SITE / lang / f"{page}.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.ipynb)"', html)
    assert links, f"{lang}/{page}.html offers no .ipynb download"
    return (SITE / lang / page).parent.joinpath(links[0]).resolve()


def test_every_page_with_code_offers_its_notebook() -> None:
    assert {"questions/what-units-means", "reference/keras-2-to-3"} <= set(PAGES)
    for lang in EDITIONS:
        for page in PAGES:
            path = downloaded(lang, page)
            assert path.is_file(), path
            english = downloaded(SOURCE_LANGUAGE, page)
            assert path.read_bytes() == english.read_bytes(), f"{lang}/{page}"


@pytest.mark.parametrize("page", PAGES)
def test_downloaded_notebook_runs_from_an_empty_folder(page: str, tmp_path: Path) -> None:
    source = downloaded(SOURCE_LANGUAGE, page)
    notebook = nbformat.read(source, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    hidden = [cell for cell in code if set(cell.metadata.get("tags", [])) & HIDDEN_SOURCE]
    assert hidden, "the hidden setup and glue cells belong in the notebook"
    assert any(cell.outputs for cell in code), "the notebook carries the build's outputs"
    shutil.copy(source, tmp_path / source.name)
    env = {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "-1",
        "KERAS_BACKEND": "tensorflow",
        "MPLBACKEND": "Agg",
    }
    os.environ.update(env)
    client = nbclient.NotebookClient(
        nbformat.read(tmp_path / source.name, as_version=4),
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on an error in a cell not tagged raises-exception
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]
