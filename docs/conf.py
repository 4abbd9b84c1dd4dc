"""Sphinx configuration of the LSTM Explained book (all four editions).

Build one edition: ``sphinx-build -nW --keep-going -b html -D language=ru docs docs/_build/site/ru``
(``nox -s docs`` builds them all). Notebooks run once: every edition shares one jupyter-cache.

Importing this file does nothing but define settings: the work a build needs (MathJax copied
into the site, the notebook cache checked against the package, the theme's catalogs compiled)
happens in the extensions' build events. What differs between editions is described once, in
``docs/languages.py``, and turned into settings by :func:`edition_settings` once ``-D language=``
is known.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))
sys.path.insert(0, str(DOCS / "_ext"))

from languages import LANGUAGES, SOURCE_LANGUAGE, Edition, edition
from site_root import base_url, repository_url
from sphinx.errors import ConfigError

# -- Project -----------------------------------------------------------------------------
project = "LSTM Explained"
YEAR = "2026"
# The source edition's; edition_settings() sets each edition's own, here and in copyright.
author = edition(SOURCE_LANGUAGE).author
copyright = edition(SOURCE_LANGUAGE).copyright(YEAR)

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
    "sphinx_copybutton",
    "sphinx_design",
    "execution",  # the kernels' environment; a change to the package re-runs the pages
    "language_switcher",  # the same page in every edition (switcher, hreflang)
    "glue_translated",  # glued numbers inside translated messages
    "cjk_text",  # CJK line breaking around formulas; Chinese and Japanese search queries
    "edition_rules",  # numbers, typography, interface strings per edition
    "book_pages",  # the lists of pages on "Linking to this book", from the environment
    "site_meta",  # per-edition sitemap; Open Graph descriptions; outputs kept out of catalogs
    "notebook_download",  # each page that shows code offers its executed notebook (.ipynb)
    "api_names",  # lstm_explained.numpy_lstm also names lstm_explained.forward.numpy_lstm
    "math_svg",  # formulas typeset to SVG at build time (MathJax in Node.js): no MathJax in pages
    "reader_ready",  # one lean stylesheet, deferred scripts, sized figures, absolute hreflang
    "live_calculator",  # the shape calculator in the reader's browser (Pyodide, vendored)
    "search_index_entries",  # an incremental build keeps the search index's index entries
    "page_versions",  # the footer names the library versions the page's own run used
]
root_doc = "index"
# _node: the npm package that typesets the formulas (its node_modules hold Markdown files).
exclude_patterns = [
    "_build",
    "_node",
    "**.ipynb_checkpoints",
    "README.md",
    "Thumbs.db",
    ".DS_Store",
]
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
# Pages import the package: a change to it re-runs every page once (docs/_ext/execution.py).
lstm_explained_package = str(DOCS.parent / "lstm_explained")
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
# that its own catalogs leave in English (kept by hand; docs/_ext/edition_rules.py compiles and
# loads them). Interface strings no catalog provides are in docs/languages.py.
locale_dirs = ["locales/", "_theme_locales/"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = False  # line numbers would churn every catalog on every edit
# Alt text is always a message. The "image" target would add each image's path as one more
# (to swap in a localized picture), and a figure cell's path is a hash of its pixels, so
# every redrawn figure would leave the catalogs behind.
gettext_additional_targets: list[str] = []

# -- HTML --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
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

# The published site's root ($LSTM_EXPLAINED_BASE_URL; a placeholder otherwise).
# edition_settings() makes html_baseurl each edition's root (<root><lang>/).
SITE_ROOT = base_url()
html_baseurl = SITE_ROOT
site_url = SITE_ROOT  # the site's root, for the sitemap and the absolute hreflang links
myst_substitutions = {"lstm_base_url": SITE_ROOT, "lstm_repository_url": REPOSITORY_URL}
ogp_social_cards = {"enable": False}  # no generated images, no fonts fetched
ogp_enable_meta_description = False  # every page sets its own in its front matter

# Formulas are typeset while the book is built (docs/_ext/math_svg.py): SVG with MathML for
# screen readers, and no page loads MathJax.
html_math_renderer = "svg"

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


# -- Per edition ----------------------------------------------------------------------------
# Sphinx applies `-D language=` after running this file; the settings that depend on the
# edition are computed from its description (docs/languages.py) when the configuration is
# complete.

JIEBA_USER_DICT = DOCS / "_search" / "jieba_userdict.txt"


def og_locale_tags(current: Edition) -> list[str]:
    """Open Graph locale tags: this edition's, then every other edition's as an alternate."""
    return [
        f'<meta property="og:locale" content="{current.og_locale}" />',
        *(
            f'<meta property="og:locale:alternate" content="{other.og_locale}" />'
            for other in map(edition, LANGUAGES)
            if other.code != current.code
        ),
    ]


def edition_settings(current: Edition, site_root: str, theme_options: dict[str, Any]) -> dict:
    """The settings of one edition: its authors, search, and the addresses of its pages
    (``<site_root><code>/``, from which ``<link rel="canonical">`` and ``og:url`` are made).

    >>> settings = edition_settings(edition("ja"), "https://example.org/", {})
    >>> settings["html_baseurl"], settings["copyright"]
    ('https://example.org/ja/', '2026 LSTM Explained 執筆チーム')
    """
    site_root = site_root.rstrip("/") + "/"
    settings: dict[str, Any] = {
        "author": current.author,
        "copyright": current.copyright(YEAR),
        "html_theme_options": {**theme_options, "search_bar_text": current.search_placeholder},
        "site_url": site_root,
        "html_baseurl": f"{site_root}{current.code}/",
        "ogp_site_url": f"{site_root}{current.code}/",
        "ogp_custom_meta_tags": [
            *og_locale_tags(current),
            '<meta name="twitter:card" content="summary" />',
        ],
    }
    if current.code.startswith("zh"):
        # Sphinx segments Chinese with jieba; the user dictionary keeps the book's terms whole.
        if importlib.util.find_spec("jieba") is None:
            raise ConfigError(
                "the Chinese edition needs jieba for word segmentation in search: "
                "install the docs extra (pip install -e '.[docs]')"
            )
        settings["html_search_options"] = {"dict": str(JIEBA_USER_DICT)}
    return settings


def apply_edition_settings(app, config) -> None:
    """Set the edition's settings (``config-inited``): ``-D language=`` is known by then."""
    settings = edition_settings(
        edition(config.language), config.site_url, config.html_theme_options
    )
    if "html_search_options" in settings:
        settings["html_search_options"] = {
            **config.html_search_options,
            **settings["html_search_options"],
        }
    for name, value in settings.items():
        setattr(config, name, value)


def setup(app) -> None:
    app.connect("config-inited", apply_edition_settings)
