"""What the page "Linking to this book" recommends works: a Sphinx project that links to the
book through intersphinx, with the inventory names the page gives, builds without a warning
(``-nW``), using every page label in every edition and the package's functions under the names
people import them by.

The inventories are the built editions' own ``objects.inv`` files (``docs/_build/site``), read
from disk, so the test needs no network. A project that names the Chinese inventory
``lstm_zh_CN`` must fail, with the message the page warns about: ``:ref:`` lowercases its target.

Marker ``site``: ``nox -s site`` runs it after ``nox -s docs``. Skipped without a built site.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import source_pages
from built_site import HOW_TO_BUILD, LANGUAGES, SITE, SOURCE_LANGUAGE, built_editions

pytestmark = pytest.mark.site
pytest.importorskip("sphinx")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


book_pages = _load("book_pages")
api_names = _load("api_names")

EDITIONS = built_editions()
if not EDITIONS:
    pytest.skip(f"no built site in {SITE}: {HOW_TO_BUILD}", allow_module_level=True)

BASE = "https://example.org/lstm/"


def build_course(tmp_path: Path, names: dict[str, str], body: str) -> subprocess.CompletedProcess:
    source = tmp_path / "src"
    source.mkdir()
    mapping = ",\n".join(
        f"    {name!r}: ({BASE + lang + '/'!r}, {str(SITE / lang / 'objects.inv')!r})"
        for lang, name in names.items()
    )
    (source / "conf.py").write_text(
        'project = "course"\n'
        'extensions = ["sphinx.ext.intersphinx"]\n'
        f"intersphinx_mapping = {{\n{mapping}\n}}\n"
        "intersphinx_disabled_reftypes = []\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(f"Course\n======\n\n{body}\n", encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-nW",
            "-q",
            "-E",
            str(source),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_all_four_editions_are_built() -> None:
    assert list(LANGUAGES) == EDITIONS, f"built: {EDITIONS}; {HOW_TO_BUILD}"


def test_every_label_in_every_edition_and_the_api_resolve(tmp_path: Path) -> None:
    names = {lang: book_pages.inventory_name(lang, SOURCE_LANGUAGE) for lang in EDITIONS}
    labels = [page.label for page in source_pages.book_pages(DOCS)]
    lines = [f"* :ref:`{names[lang]}:{label}`" for lang in EDITIONS for label in labels]
    source = names[SOURCE_LANGUAGE]
    for short, documented in api_names.public_names().items():
        lines.append(f"* :py:obj:`{source}:{short}` and :py:obj:`{source}:{documented}`")
    lines.append(f"* :py:func:`{source}:lstm_explained.keras_bridge.build_model`")
    done = build_course(tmp_path, names, "\n".join(lines))
    assert done.returncode == 0, done.stderr[-4000:]
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for lang in EDITIONS:
        assert f"{BASE}{lang}/questions/weight-shapes.html" in html


def test_a_mixed_case_inventory_name_is_not_found(tmp_path: Path) -> None:
    lang = "zh_CN"
    if lang not in EDITIONS:
        pytest.skip("the Chinese edition is not built")
    done = build_course(tmp_path, {lang: "lstm_zh_CN"}, ":ref:`lstm_zh_CN:q-weight-shapes`")
    assert done.returncode != 0
    assert "lstm_zh_cn:q-weight-shapes" in done.stderr, done.stderr[-2000:]
