"""The small pieces behind downloads, the repository setting and the API's short names
(docs/_ext/notebook_download.py, site_root.py, api_names.py), without building the book."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("sphinx")

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext")]
from api_names import public_names  # noqa: E402
from notebook_download import portable, shows_code  # noqa: E402
from site_root import DEFAULT_REPOSITORY_URL, repository_url  # noqa: E402


def _notebook(*cells: tuple[str, list[str]]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(source, metadata={"tags": tags}) for source, tags in cells
    ]
    return notebook


def test_only_pages_whose_code_reaches_the_page_are_offered() -> None:
    assert not shows_code(_notebook(("x = 1", ["remove-cell"]), ("x", ["remove-input"])))
    assert shows_code(_notebook(("x = 1", ["remove-cell"]), ("x", ["hide-input"])))


def test_the_downloaded_notebook_runs_without_myst_nb() -> None:
    notebook = portable(
        _notebook(("import numpy as np\nfrom myst_nb import glue\nglue('k', 1, display=False)", []))
    )
    source = notebook.cells[0].source
    assert "import numpy as np" in source and "try:" in source
    code = f"import sys; sys.modules['myst_nb'] = None\n{source}\nprint('ran')"
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "ran"


def test_repository_url_is_one_setting_with_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_EXPLAINED_REPOSITORY_URL", raising=False)
    assert repository_url() == DEFAULT_REPOSITORY_URL
    monkeypatch.setenv("LSTM_EXPLAINED_REPOSITORY_URL", "https://example.org/me/book/ ")
    assert repository_url() == "https://example.org/me/book"


def test_every_reexported_function_has_its_documented_name() -> None:
    names = public_names()
    assert names["lstm_explained.numpy_lstm"] == "lstm_explained.forward.numpy_lstm"
    assert names["lstm_explained.summarize"] == "lstm_explained.shapes.summarize"
    assert all(documented.startswith("lstm_explained.") for documented in names.values())
