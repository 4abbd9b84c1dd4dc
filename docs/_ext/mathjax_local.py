"""MathJax served from the site itself: no page of the site asks another host for anything.

The files come from the ``django-static-mathjax`` wheel (MathJax 3, no Django needed; it is in
the ``docs`` extra). When the builder starts, the parts a page loads are copied once into
``docs/_build/_vendor/mathjax``, which every edition adds to its ``_static``; the pages load
``_static/mathjax/startup.js`` with only the components the book needs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

DOCS = Path(__file__).resolve().parents[1]
VENDOR_DIR = DOCS / "_build" / "_vendor"
MATHJAX_SCRIPT = "mathjax/startup.js"
# The components a page loads: TeX in, CommonHTML out, and the hidden MathML that screen
# readers read. Not the combined tex-chtml.js: it bundles the right-click menu (0.4 MB of its
# 1.1 MB), which a reader of the book does not need (benchmarks/page_size.py).
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]
# What those load at run time: the core, fonts, TeX extensions pulled in by \require or
# autoload. The speech engine (sre, 4 MB) and the menu (ui) stay out.
MATHJAX_PARTS = ("startup.js", "core.js", "input", "output", "a11y", "adaptors")


def mathjax_source() -> Path:
    """The ``es5`` folder of the MathJax copy shipped by the ``django-static-mathjax`` wheel."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(
            "MathJax is not installed: install the docs extra (pip install -e '.[docs]'), "
            "which brings django-static-mathjax, so the site serves MathJax itself."
        )
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").is_file():
        raise ExtensionError(
            f"no tex-chtml.js under {es5}: unexpected django-static-mathjax layout"
        )
    return es5


def vendor_mathjax(vendor: Path = VENDOR_DIR) -> Path:
    """Copy MathJax into ``<vendor>/mathjax`` unless the copy there is current; return
    ``vendor``, the folder to add to ``html_static_path``. The copy is made beside the target
    and renamed, so builds running at the same time never see half a copy."""
    target = vendor / "mathjax"
    stamp = target / ".source"
    es5 = mathjax_source()
    source = f"{es5}\n{' '.join(MATHJAX_PARTS)}"  # a new list of parts refreshes the copy
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == source:
        return vendor
    vendor.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="mathjax-", dir=vendor))
    for part in MATHJAX_PARTS:
        src = es5 / part
        if src.is_dir():
            shutil.copytree(src, tmp / part)
        else:
            shutil.copy2(src, tmp / part)
    (tmp / ".source").write_text(source, encoding="utf-8")
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(tmp, target)
    except OSError:  # another build renamed its copy first: use that one
        shutil.rmtree(tmp, ignore_errors=True)
    return vendor


def _config_inited(app: Sphinx, config: Config) -> None:
    config.mathjax_path = MATHJAX_SCRIPT
    mathjax = dict(config.mathjax3_config or {})
    mathjax["loader"] = {**mathjax.get("loader", {}), "load": MATHJAX_COMPONENTS}
    config.mathjax3_config = mathjax


def _builder_inited(app: Sphinx) -> None:
    """Copy MathJax in for the builders that write ``_static`` (after Sphinx has checked the
    configured ``html_static_path``, which the copy is not part of)."""
    if app.builder.format != "html":
        return
    vendor = str(vendor_mathjax())
    if vendor not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, vendor]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
