"""Sphinx configuration of the LSTM Explained book (all four editions).

Build one edition: ``sphinx-build -nW --keep-going -b html -D language=ru docs docs/_build/site/ru``
(``nox -s docs`` builds them all). Notebooks run once: every edition shares one jupyter-cache.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))
sys.path.insert(0, str(DOCS / "_ext"))

from languages import AUTHORS, LANGUAGES, SOURCE_LANGUAGE
from lstm_book import (
    MATHJAX_SCRIPT,
    compile_theme_catalogs,
    invalidate_stale_cache,
    vendor_mathjax,
)
from page_versions import environment_fingerprint
from site_root import base_url, repository_url

# Kernels that execute the pages inherit this environment: quiet, CPU-only, reproducible.
os.environ.update(
    {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "CUDA_VISIBLE_DEVICES": "-1",
        "KERAS_BACKEND": "tensorflow",
        "PYTHONHASHSEED": "0",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
)

# -- Project -----------------------------------------------------------------------------
project = "LSTM Explained"
# lstm_book sets each edition's author, here and after the year in copyright.
author = AUTHORS[SOURCE_LANGUAGE]
copyright = f"2026, {author}"

# Where the source lives ($LSTM_EXPLAINED_REPOSITORY_URL, next to the base URL in
# docs/_ext/site_root.py): the repository, source, edit and issue buttons, and the install
# command ({{ lstm_repository_url }}).
REPOSITORY_URL = repository_url()
REPOSITORY_BRANCH = "main"

# -- General -----------------------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.doctest",
    "sphinx_copybutton",
    "sphinx_design",
    "lstm_book",
    "site_meta",  # per-edition canonical URLs, sitemap (sphinx-sitemap), Open Graph tags
    "notebook_download",  # each page that shows code offers its executed notebook (.ipynb)
    "api_names",  # lstm_explained.numpy_lstm also names lstm_explained.forward.numpy_lstm
    "reader_ready",  # one lean stylesheet, deferred scripts, sized figures, absolute hreflang
    "page_versions",  # the footer names the library versions the page's own run used
]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
nitpicky = True
# Names in signatures that live outside the book. Intersphinx would need the network at build
# time, so these are left unlinked on purpose.
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|keras|tensorflow|tf|matplotlib|mpl)(\..+)?"),
    (r"py:.*", r"(numpy\.typing\.|npt\.)?(NDArray|ArrayLike|DTypeLike)(\[.*\])?"),
    (r"py:.*", r"(collections\.abc\.|typing\.)?[A-Z]\w*"),
    (r"py:.*", r"(int|float|str|bool|bytes|object|None|dict|list|tuple|set|type)"),
    (r"py:mod", r"(?!lstm_explained\b)\w+(\.\w+)*"),  # standard library and third-party modules
]
suppress_warnings: list[str] = []

# -- MyST and notebook execution ---------------------------------------------------------
myst_enable_extensions = [
    "amsmath",
    "colon_fence",
    "deflist",
    "dollarmath",
    "substitution",
    "attrs_inline",
]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")  # shared by every edition
# Pages import the package and the installed libraries: a change to either re-runs every page
# once (the cache keys on the pages' code alone).
lstm_explained_fingerprint = invalidate_stale_cache(
    Path(nb_execution_cache_path), DOCS.parent / "lstm_explained", environment_fingerprint()
)
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no widget loaders from other hosts
nb_kernel_rgx_aliases = {"python3?": "python3"}
# The gettext builder renders a cell's text/plain output by default, so a figure's image, and
# with it the alt text (prose, to be translated), would never reach the catalogs.
nb_mime_priority_overrides = [("gettext", "image/png", 5)]

# -- Languages ---------------------------------------------------------------------------
language = SOURCE_LANGUAGE
# locales/: one catalog per page (nox -s i18n). _theme_locales/: the theme's interface strings
# that its own catalogs leave in English (kept by hand), compiled here because Sphinx loads
# interface catalogs before it compiles .po files.
locale_dirs = ["locales/", "_theme_locales/"]
compile_theme_catalogs(DOCS / "_theme_locales")
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = False  # line numbers would churn every catalog on every edit
# Alt text is always a message. The "image" target would add each image's path as one more
# (to swap in a localized picture), and a figure cell's path is a hash of its pixels, so
# every redrawn figure would leave the catalogs behind.
gettext_additional_targets: list[str] = []

# Per-edition settings (search options: jieba and its user dictionary for Chinese; the search
# box placeholder) are set in docs/_ext/lstm_book.py once `-D language=` is known.

# -- HTML --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static", str(vendor_mathjax())]
html_css_files = ["lstm-book.css"]
html_js_files = [("lstm-book.js", {"defer": "defer"})]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
# default_mode: the theme writes it into <html data-mode> before any script runs; left empty,
# its script logs "Got invalid theme mode" as a console error on every page.
html_context = {"languages": LANGUAGES, "default_mode": "auto"}
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": REPOSITORY_BRANCH,
    "path_to_docs": "docs",
    "use_repository_button": bool(REPOSITORY_URL),
    "use_edit_page_button": bool(REPOSITORY_URL),
    "use_issues_button": bool(REPOSITORY_URL),
    "use_source_button": bool(REPOSITORY_URL),
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "article_header_end": ["language-switcher.html", "article-header-buttons.html"],
    # The theme's items, then the versions that produced the page's outputs (page_versions).
    "footer_content_items": [
        "author.html",
        "copyright.html",
        "last-updated.html",
        "extra-footer.html",
        "page-versions.html",
    ],
}

# The published site's root ($LSTM_EXPLAINED_BASE_URL; a placeholder otherwise). site_meta turns
# it into each edition's root (<root><lang>/) once the edition is known.
html_baseurl = base_url()
myst_substitutions = {"lstm_base_url": html_baseurl, "lstm_repository_url": REPOSITORY_URL}
ogp_social_cards = {"enable": False}  # no generated images, no fonts fetched
ogp_enable_meta_description = False  # every page sets its own in its front matter

# MathJax from the site itself (see docs/_ext/lstm_book.py), not from a CDN.
mathjax_path = MATHJAX_SCRIPT

# -- Autodoc -----------------------------------------------------------------------------
# The API page documents keras_bridge without importing TensorFlow into Sphinx (saves its
# start-up in each of the four editions); the pages' kernels import the real Keras.
autodoc_mock_imports = ["keras", "tensorflow"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# -- Copy buttons: copy the code, not the prompts or outputs ------------------------------
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_exclude = ".linenos, .gp, .go"

# -- Doctest builder (nox -s doctest) -----------------------------------------------------
doctest_global_setup = "import numpy as np"
