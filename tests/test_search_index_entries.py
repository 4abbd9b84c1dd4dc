"""An incremental build keeps the index entries of the pages it did not rewrite in the search
index (docs/_ext/search_index_entries.py; sphinx-doc/sphinx#12599)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sphinx_application = pytest.importorskip("sphinx.application")

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def _search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _build(src: Path, outdir: Path, extensions: list[str], fresh: bool) -> dict:
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = {extensions!r}\n",
        encoding="utf-8",
    )
    app = sphinx_application.Sphinx(
        str(src), str(src), str(outdir), str(outdir / ".doctrees"), "html",
        status=None, warning=None, freshenv=fresh,
    )  # fmt: skip
    app.build()
    return _search_index(outdir)


@pytest.fixture
def project(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.rst").write_text(
        "Book\n====\n\n.. toctree::\n\n   api\n   prose\n   gone\n", encoding="utf-8"
    )
    (src / "api.rst").write_text(
        "API\n===\n\n.. index:: build_model\n\n.. py:function:: build_model()\n\n   Builds.\n",
        encoding="utf-8",
    )
    (src / "prose.rst").write_text("Prose\n=====\n\nText indeed.\n", encoding="utf-8")
    (src / "gone.rst").write_text("Gone\n====\n\n.. index:: vanished\n\nText.\n", encoding="utf-8")
    return src


def _rebuild_after_edits(project: Path, outdir: Path, extensions: list[str]) -> dict:
    cold = _build(project, outdir, extensions, fresh=True)
    assert {"build_model", "vanished"} <= set(cold["indexentries"])
    assert "inde" in cold["terms"]  # "indeed", stemmed
    (project / "prose.rst").write_text("Prose\n=====\n\nNew text.\n", encoding="utf-8")
    (project / "gone.rst").unlink()
    (project / "index.rst").write_text(
        "Book\n====\n\n.. toctree::\n\n   api\n   prose\n", encoding="utf-8"
    )
    return _build(project, outdir, extensions, fresh=False)


def test_an_incremental_build_keeps_the_entries_of_pages_it_did_not_write(project, tmp_path):
    rebuilt = _rebuild_after_edits(project, tmp_path / "out", ["search_index_entries"])
    assert "build_model" in rebuilt["indexentries"]
    assert "vanished" not in rebuilt["indexentries"]  # its page was removed
    assert "inde" not in rebuilt["terms"]  # no page holds the word any longer
    cold = _build(project, tmp_path / "cold", ["search_index_entries"], fresh=True)
    assert rebuilt == cold


def test_without_it_sphinx_loses_them(project, tmp_path, monkeypatch):
    """The bug this works around: remove the extension and this test if it starts failing."""
    sys.path.insert(0, str(EXT))
    import search_index_entries as fix
    from sphinx.search import IndexBuilder

    # Sphinx's own methods, as before any build in this process loaded the extension.
    for name, original in (("load", fix._load), ("prune", fix._prune), ("freeze", fix._freeze)):
        monkeypatch.setattr(IndexBuilder, name, original)
    rebuilt = _rebuild_after_edits(project, tmp_path / "out", [])
    assert "build_model" not in rebuilt["indexentries"]
