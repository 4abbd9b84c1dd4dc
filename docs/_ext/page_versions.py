"""Every page's footer names the versions of Keras, TensorFlow and NumPy (and of PyTorch and
tf-keras where the page uses them) that produced its outputs, as printed by the page's own run.

* Each page that runs code gets one more code cell, hidden (``remove-cell``), appended to its
  source when Sphinx reads it. At the end of the page's run, the cell glues the ``__version__``
  of each of those libraries that the page's kernel imported (``sys.modules``). Being part of
  the page's code, the cell is cached with the other outputs: a page whose outputs come from
  the jupyter-cache names the versions of the run that made them, never those merely installed
  (``conf.py`` empties the cache when the installed distributions change, so they agree).
* Pages that run no code (the home page, the glossary, the API reference, Sphinx's index
  and search pages), or none of those libraries (the linking page's code reads the book's
  sources), name the versions the book's pages ran with; if those disagree, the build
  warns, which fails the strict build.
* The sentence is an interface string of the templates (``_templates/page-versions.html``),
  translated in ``_theme_locales/<lang>/LC_MESSAGES/sphinx.po``; the names and versions are
  not translated.
* The cell is no part of the notebook a reader downloads (``notebook_download`` drops it).

``tests/test_site_editions.py`` checks every page of every built edition against the versions
installed in the test's environment, which is the one that built the site.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

# (module the page imports, name shown): the first three on every page that runs code.
LIBRARIES = (
    ("keras", "Keras"),
    ("tensorflow", "TensorFlow"),
    ("numpy", "NumPy"),
    ("torch", "PyTorch"),
    ("tf_keras", "tf-keras"),
)
GLUE_KEY = "lstm_book_versions"
CELL_TAG = "lstm-book-versions"
# Imports under aliases, so that the page's own names are left alone.
CELL = f"""

```{{code-cell}} ipython3
:tags: [remove-cell, {CELL_TAG}]
import sys as _lstm_sys
from myst_nb import glue as _lstm_glue

_lstm_glue(
    "{GLUE_KEY}",
    {{
        name: _lstm_sys.modules[name].__version__
        for name in {[module for module, _ in LIBRARIES]!r}
        if name in _lstm_sys.modules
    }},
    display=False,
)
```
"""


def environment_fingerprint() -> str:
    """SHA-256 of every distribution installed beside Sphinx (the pages' kernels run in the
    same environment): ``conf.py`` empties the jupyter-cache when it changes."""
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    return hashlib.sha256("\n".join(installed).encode()).hexdigest()


def runs_code(text: str) -> bool:
    """True for a MyST notebook page (a ``kernelspec`` in its front matter) with code cells."""
    front = text.split("\n---", 1)[0] if text.startswith("---") else ""
    return "kernelspec:" in front and "```{code-cell}" in text


def _append_cell(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: add the versions cell to each page that runs code."""
    if runs_code(source[0]):
        source[0] = source[0].rstrip("\n") + "\n" + CELL


def _record(app: Sphinx, doctree: Any) -> None:
    """doctree-read: keep the versions the page's run glued (myst-nb writes the page's glue
    data next to its executed notebook)."""
    env = app.env
    versions = getattr(env, "lstm_page_versions", {})
    env.lstm_page_versions = versions
    versions.pop(env.docname, None)
    if not runs_code(Path(env.doc2path(env.docname)).read_text(encoding="utf-8")):
        return
    glue = Path(app.outdir).parent / "jupyter_execute" / f"{env.docname}.glue.json"
    data = json.loads(glue.read_text(encoding="utf-8")) if glue.is_file() else {}
    if GLUE_KEY not in data:
        LOGGER.warning(
            "no library versions recorded by the run of %s", env.docname, type="lstm_book"
        )
        return
    versions[env.docname] = ast.literal_eval(data[GLUE_KEY]["data"]["text/plain"])


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "lstm_page_versions", {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    versions = getattr(env, "lstm_page_versions", {})
    env.lstm_page_versions = versions
    for docname in docnames:
        if docname in getattr(other, "lstm_page_versions", {}):
            versions[docname] = other.lstm_page_versions[docname]


def book_versions(recorded: dict[str, dict[str, str]]) -> dict[str, str]:
    """The versions every page ran with, one per library; a warning if the pages disagree."""
    found: dict[str, set[str]] = {}
    for versions in recorded.values():
        for module, version in versions.items():
            found.setdefault(module, set()).add(version)
    for module, seen in found.items():
        if len(seen) > 1:
            LOGGER.warning(
                "the pages ran with different versions of %s (%s): remove "
                "docs/_build/.jupyter_cache and build again",
                module,
                ", ".join(sorted(seen)),
                type="lstm_book",
            )
    return {module: min(seen) for module, seen in found.items()}


def shown(versions: dict[str, str]) -> list[str]:
    """``["Keras 3.15.1", ...]`` in the order of ``LIBRARIES``."""
    return [f"{name} {versions[module]}" for module, name in LIBRARIES if module in versions]


def _context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    recorded = getattr(app.env, "lstm_page_versions", {})
    if recorded.get(pagename):
        context["lstm_versions"] = shown(recorded[pagename])
        context["lstm_versions_scope"] = "page"
    else:
        context["lstm_versions"] = shown(book_versions(recorded))
        context["lstm_versions_scope"] = "book"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _append_cell)
    app.connect("doctree-read", _record)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
