"""Build helpers of the book that ``conf.py`` should not have to spell out.

* MathJax is served from the site itself: the files come from the ``django-static-mathjax``
  wheel (MathJax 3, no Django needed; it is in the ``docs`` extra) and are copied once into
  ``docs/_build/_vendor/mathjax`` which every edition adds to its ``_static``. No page of the
  site asks another host for anything.
* The language switcher and ``<link rel="alternate" hreflang>``: each page gets
  ``language_links``, relative links to the same page in every edition
  (``docs/_build/site/<lang>/<pagename>.html``).
* Glue roles inside translated messages: Sphinx parses each msgstr as a separate little
  document that has no notebook attached, so myst-nb cannot find the glue data and the
  translated editions would silently lose every glued number. In a translated message, the
  ``{glue}`` and ``{glue:text}`` roles are turned into myst-nb's own cross-document form
  (``/<this page>::key``), which it resolves from the page's executed glue cache.
* The execution cache is keyed by each page's code, not by the package the code imports: a
  change to ``lstm_explained`` would leave stale outputs. :func:`invalidate_stale_cache`
  empties the cache when the package's source has changed since the cache was filled.
* Guards that fail the build instead of shipping a broken search: Chinese needs jieba to
  segment words, and the search script Sphinx writes must define the stemmer it assigns
  (Sphinx 9.0 writes ``window.Stemmer = ChineseStemmer;`` for Chinese, a class that does not
  exist, so the search page throws; see the pin in ``pyproject.toml``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

DOCS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(DOCS))

from languages import (
    AUTHORS,
    LANGUAGE_LABEL,
    LANGUAGES,
    SEARCH_PLACEHOLDER,
    html_lang,
)

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


def vendor_mathjax() -> Path:
    """Copy MathJax into ``docs/_build/_vendor/mathjax`` once; return the folder to add to
    ``html_static_path``. The copy is made beside the target and renamed, so builds running
    at the same time never see half a copy."""
    target = VENDOR_DIR / "mathjax"
    stamp = target / ".source"
    es5 = mathjax_source()
    source = f"{es5}\n{' '.join(MATHJAX_PARTS)}"  # a new list of parts refreshes the copy
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == source:
        return VENDOR_DIR
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="mathjax-", dir=VENDOR_DIR))
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
    return VENDOR_DIR


def package_fingerprint(package: Path) -> str:
    """SHA-256 over the package's Python sources (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_cache(cache: Path, package: Path, environment: str = "") -> str:
    """Empty the jupyter-cache when ``package`` or ``environment`` (a fingerprint of the
    installed distributions) changed since the cache was filled.

    The first edition built after a change re-runs every page; the other editions of the
    same build find the fresh stamp and reuse its results. Returns the fingerprint, which
    ``conf.py`` sets as ``lstm_explained_fingerprint``: a config value that rebuilds the
    environment when it changes, so Sphinx re-reads pages whose own source did not change.
    """
    stamp = cache / "lstm_explained.sha256"
    fingerprint = package_fingerprint(package)
    if environment:
        fingerprint = hashlib.sha256(f"{fingerprint} {environment}".encode()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return fingerprint
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n")
    return fingerprint


def compile_theme_catalogs(folder: Path) -> None:
    """Compile ``<lang>/LC_MESSAGES/*.po`` to ``.mo`` where the ``.mo`` is older or missing.

    Called from conf.py: Sphinx loads interface catalogs right after reading conf.py and only
    compiles ``.po`` files later, so a fresh checkout would otherwise show these strings in English.
    """
    from sphinx.util.i18n import CatalogInfo

    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):  # sphinx.po, booktheme.po
        info = CatalogInfo(str(po.parent), po.stem, "utf-8")
        if info.is_outdated():
            info.write_mo(po.parents[1].name)


def _language_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Relative links to ``pagename`` in every edition, for the switcher and hreflang."""
    up = "../" * (pagename.count("/") + 1)
    current = app.config.language or "en"
    context["language_links"] = [
        {
            "code": code,
            "lang": html_lang(code),
            "name": name,
            "href": f"{up}{code}/{pagename}.html",
            "current": code == current,
        }
        for code, name in LANGUAGES.items()
    ]
    context["current_language_name"] = LANGUAGES.get(current, current)
    context["language_label"] = LANGUAGE_LABEL.get(current, LANGUAGE_LABEL["en"])


_STEMMER_ASSIGN = re.compile(r"^\s*(?:window\.)?Stemmer\s*=\s*([A-Za-z_$][\w$]*)\s*;", re.M)


def check_search_script(outdir: Path) -> None:
    """Fail when ``language_data.js`` assigns a stemmer class it never defines."""
    script = outdir / "_static" / "language_data.js"
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    for name in _STEMMER_ASSIGN.findall(text):
        defined = re.search(
            rf"\b(?:class|function|var|let|const)\s+{re.escape(name)}\b|\b{re.escape(name)}\s*=\s*function",
            text,
        )
        if not defined:
            raise ExtensionError(
                f"{script} assigns Stemmer = {name}, which it never defines: the search page of "
                "this edition would throw in the browser. This Sphinx release ships a broken "
                "search script for this language; use the Sphinx versions pinned in pyproject.toml."
            )


JIEBA_USER_DICT = DOCS / "_search" / "jieba_userdict.txt"


def _config_inited(app: Sphinx, config) -> None:
    """Settings that depend on the edition: ``-D language=`` is applied after conf.py runs."""
    lang = config.language or "en"
    if lang.startswith("zh"):
        if importlib.util.find_spec("jieba") is None:
            raise ExtensionError(
                "the Chinese edition needs jieba for word segmentation in search: "
                "install the docs extra"
            )
        config.html_search_options = {**config.html_search_options, "dict": str(JIEBA_USER_DICT)}
    mathjax = dict(config.mathjax3_config or {})
    mathjax["loader"] = {**mathjax.get("loader", {}), "load": MATHJAX_COMPONENTS}
    config.mathjax3_config = mathjax
    config.author = AUTHORS.get(lang, AUTHORS["en"])
    # "2026, authors"; Chinese and Japanese put no half-width comma between year and name.
    separator = " " if lang in ("zh_CN", "ja") else ", "
    config.copyright = f"{config.copyright.split(',')[0]}{separator}{config.author}"
    options = dict(config.html_theme_options)
    options.setdefault("search_bar_text", SEARCH_PLACEHOLDER.get(lang, SEARCH_PLACEHOLDER["en"]))
    config.html_theme_options = options


def _glue_in_translations() -> None:
    """Let ``{glue}``/``{glue:text}`` in a translated message read this page's glue cache."""
    from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole

    def patch(cls: type, with_format: bool) -> None:
        if getattr(cls, "_lstm_book_patched", False):
            return
        original = cls.run

        def run(self):
            document = self.document
            source = str(getattr(document, "current_source", "") or "")
            own_page = "::" not in self.text
            if source.endswith("<translated>") and "nb_renderer" not in document and own_page:
                env = document.settings.env
                page = "/" + Path(env.doc2path(env.docname, base=False)).as_posix()
                text = self.text
                if with_format and ":" not in text:
                    text += ":s"
                self.text = f"{page}::{text}"
            return original(self)

        cls.run = run
        cls._lstm_book_patched = True

    patch(PasteRoleAny, with_format=False)
    patch(PasteTextRole, with_format=True)


# Closing punctuation of Chinese and Japanese text, which must not start a line.
CJK_CLOSING = "，。、；：？！）」』”’】》"


class KeepCJKPunctuationWithMath(SphinxPostTransform):
    """Keep a full-width comma or full stop on the line of the inline formula before it.

    MathJax draws ``$x_t$`` as an inline block, and the browser may break the line right after
    it, so that "，" starts the next line, which Chinese and Japanese typography forbids. The
    formula and the punctuation are wrapped in one ``<span class="lstm-nobr">`` (CSS:
    ``white-space: nowrap``).
    """

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for math in list(self.document.findall(nodes.math)):
            following = math.next_node(descend=False, siblings=True)
            if not isinstance(following, nodes.Text) or following.astext()[:1] not in CJK_CLOSING:
                continue
            text = following.astext()
            parent = math.parent
            wrapper = nodes.inline(classes=["lstm-nobr"])
            parent.replace(math, wrapper)
            wrapper += math
            wrapper += nodes.Text(text[0])
            if text[1:]:
                parent.replace(following, nodes.Text(text[1:]))
            else:
                parent.remove(following)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        check_search_script(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    _glue_in_translations()
    app.setup_extension("search_ja")  # the search page splits Japanese queries like the index
    app.setup_extension("search_zh")  # ... and Chinese queries into the index's words
    app.setup_extension("edition_rules")  # numbers, typography, interface strings per edition
    app.add_config_value("lstm_explained_fingerprint", "", "env", types=[str])
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _language_links)
    app.connect("build-finished", _build_finished)
    app.add_post_transform(KeepCJKPunctuationWithMath)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
