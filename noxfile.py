"""Developer tasks. ``nox`` alone runs what CI runs: lint, the type check, the tests, the strict
docs build of every edition and the browser tests of the built site.

Docs: ``nox -s docs`` (all editions; ``nox -s docs -- en`` for some), ``docs-live``,
``i18n`` (re-extract and update the catalogs), ``i18n-rules`` (re-apply the
catalog fixes of i18n/TERMS.md §8), ``serve``, ``browser`` (the built site in Chromium).
``lock`` rewrites requirements/*.txt, the exact versions every session installs."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import nox
from packaging.version import Version

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests", "docs", "site", "browser"]

PYTHON = "3.11"
HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = Path(HERE, "docs")
BUILD = DOCS / "_build"
SITE = BUILD / "site"  # the publishable site: index.html + one folder per edition
HTML = BUILD / "html"  # where each edition is built before it is copied into the site
GETTEXT = BUILD / "gettext"
LOCALES = DOCS / "locales"
STRICT = ("-nW", "--keep-going")
NODE_TOOLS = Path(HERE, "tests", "node")  # axe-core and Lighthouse for the browser tests
NODE_MATH = DOCS / "_node"  # MathJax, which typesets the formulas while the book is built
# Tests of the built site (nox -s site) and of the site in a browser (nox -s browser): the tests
# session leaves them out by path, so they are neither run nor collected and skipped there.
SITE_TESTS = (
    "tests/test_notebook_downloads.py",
    "tests/test_linking.py",
    "tests/test_site_editions.py",
)
BROWSER_TESTS = ("tests/test_browser.py",)


def _load(name: str, path: Path):
    """Import a module of docs/ by path (the noxfile runs outside the docs' venv)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_languages = _load("languages", DOCS / "languages.py")
LANGUAGES: dict[str, str] = _languages.LANGUAGES
SOURCE_LANGUAGE: str = _languages.SOURCE_LANGUAGE
TRANSLATIONS: tuple[str, ...] = _languages.TRANSLATIONS


def _env(session: nox.Session) -> None:
    """Quiet, CPU-only, reproducible TensorFlow; write bytecode so imports stay fast."""
    session.env.update(
        {
            "PYTHONDONTWRITEBYTECODE": "",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TF_ENABLE_ONEDNN_OPTS": "0",
            "CUDA_VISIBLE_DEVICES": "-1",
            "KERAS_BACKEND": "tensorflow",
            "PYTHONHASHSEED": "0",
        }
    )
    find_links = _pip_find_links()
    if find_links and not os.environ.get("UV_FIND_LINKS"):
        session.env["UV_FIND_LINKS"] = find_links


def _pip_find_links() -> str:
    """pip's find-links (PIP_FIND_LINKS, else `pip config`), comma-separated as uv reads them.

    uv reads no pip configuration. A machine whose pip finds a CPU-only torch wheel in a
    find-links folder would otherwise install the registry's torch with its CUDA packages;
    the `torch` extra pins the version so that the local wheel (a `+cpu` local version) wins.
    """
    value = os.environ.get("PIP_FIND_LINKS", "")
    pip = shutil.which("pip") or shutil.which("pip3")
    for key in ("global.find-links", "install.find-links"):
        if value or not pip:
            break
        done = subprocess.run([pip, "config", "get", key], capture_output=True, text=True)
        value = done.stdout if done.returncode == 0 else ""
    return ",".join(value.split())


# -- The lock ------------------------------------------------------------------------------
# Every session installs exactly the versions pinned in one file of requirements/ (hashes
# required, anything else removed) and the project itself without its dependencies, so the
# tests run against what the docs ran, on any machine and any day. `nox -s lock` writes the
# files from pyproject.toml: book.txt (every extra: the package, the book, its tests) and one
# file per dependency group (lint, i18n-rules, tools, typecheck), each of those constrained by book.txt.
# The pins are for the sessions' platform: CPython 3.11 on x86-64 Linux (glibc 2.28 or newer).
REQUIREMENTS = Path(HERE, "requirements")
BOOK_LOCK = "book"
GROUP_LOCKS = ("lint", "i18n-rules", "tools", "typecheck")
LOCK_PLATFORM = "x86_64-manylinux_2_28"


def install_locked(session: nox.Session, name: str = BOOK_LOCK, *, project: bool = True) -> None:
    """Install requirements/<name>.txt exactly, then (``project``) this package, editable and
    without dependencies: hatchling, its build backend, is pinned in book.txt as well."""
    lock = REQUIREMENTS / f"{name}.txt"
    if not lock.is_file():
        session.error(f"{lock.relative_to(HERE)} is missing: run `nox -s lock`")
    if session.venv_backend == "uv":
        session.run_install("uv", "pip", "sync", "--require-hashes", str(lock), external=True)
    else:
        session.install("--require-hashes", "-r", str(lock))
    if project:
        session.install("--no-deps", "--no-build-isolation", "-e", ".")


def _torch_cpu_constraint(session: nox.Session) -> Path:
    """A constraints file pinning torch to the newest CPU-only wheel (``+cpu``) found in the
    find-links folders (UV_FIND_LINKS, set by `_env` from pip's find-links): the registry's
    torch of the same version pulls several GB of CUDA packages."""
    versions = []
    find_links = session.env.get("UV_FIND_LINKS") or os.environ.get("UV_FIND_LINKS", "")
    for folder in filter(None, find_links.split(",")):
        for wheel in Path(folder).glob("torch-*+cpu-*.whl"):
            versions.append(wheel.name.split("-")[1])
    if not versions:
        session.error(
            "no CPU-only torch wheel (torch-<version>+cpu-...whl) in a find-links folder: "
            "download one (README, PyTorch) and point pip's find-links or UV_FIND_LINKS at it"
        )
    newest = max(versions, key=Version)
    constraint = Path(session.create_tmp()) / "torch-cpu.txt"
    constraint.write_text(f"torch=={newest}\n")
    return constraint


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Write requirements/*.txt from pyproject.toml, keeping the pins that still fit; pass uv's
    options after `--`: `nox -s lock -- --upgrade`, `nox -s lock -- --upgrade-package keras`."""
    _env(session)
    if (REQUIREMENTS / "tools.txt").is_file():
        install_locked(session, "tools", project=False)
    else:
        session.install("uv>=0.4")
    REQUIREMENTS.mkdir(exist_ok=True)
    compile_ = (
        "uv", "pip", "compile", "--quiet", "--generate-hashes", "--python-version", PYTHON,
        "--python-platform", LOCK_PLATFORM, "--custom-compile-command", "nox -s lock",
        *session.posargs,
    )  # fmt: skip
    book = REQUIREMENTS / f"{BOOK_LOCK}.txt"
    session.run(
        *compile_, "pyproject.toml", "--all-extras", "--group", "pyproject.toml:build",
        "--constraints", str(_torch_cpu_constraint(session)), "--output-file", str(book),
    )  # fmt: skip
    for group in GROUP_LOCKS:
        session.run(
            *compile_, "--group", f"pyproject.toml:{group}", "--constraints", str(book),
            "--output-file", str(REQUIREMENTS / f"{group}.txt"),
        )  # fmt: skip


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check; zizmor on the GitHub workflows and Dependabot's settings
    (every persona's findings, offline: no GitHub API calls)."""
    install_locked(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("zizmor", "--offline", "--persona=auditor", "--no-progress", ".github")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package (settings in pyproject.toml), which ships py.typed.

    matplotlib is installed for its types; Keras is not (it has none to offer, and the bridge
    only passes its objects through as ``Any``)."""
    install_locked(session, "typecheck")
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit, property and doctests of the package, against real Keras."""
    _env(session)
    # book.txt holds the docs extra too: tests/test_catalogs.py and tests/test_docs_prose.py
    # extract the messages with Sphinx (the catalogs must be current; no typed numbers).
    install_locked(session)
    # The site and browser tests need a built site: `nox -s site` and `nox -s browser` run them
    # after `docs`.
    install_node_tools(session, NODE_MATH)  # tests/test_math_svg.py typesets with MathJax
    ignored = [f"--ignore={path}" for path in (*SITE_TESTS, *BROWSER_TESTS)]
    session.run("pytest", *ignored, "-m", "not browser and not site", *session.posargs)


def sphinx_build(session: nox.Session, builder: str, out: Path, *options: str) -> None:
    """Strict (-nW --keep-going) ``sphinx-build -b <builder> <options>`` of docs/ into ``out``,
    its doctrees in docs/_build/doctrees/<name of out>."""
    session.run(
        "sphinx-build",
        *STRICT,
        "-b",
        builder,
        *options,
        "-d",
        str(BUILD / "doctrees" / out.name),
        str(DOCS),
        str(out),
    )


# Pyodide's core, which docs/_ext/live_calculator.py copies into every edition (the shape
# calculator that runs in the reader's browser).
VENDOR_NODE = Path(HERE, "vendor")


def build_site(session: nox.Session, languages: list[str] | None = None) -> Path:
    """Build the editions into docs/_build/site/<lang>/ and write the root index.html.

    English is built first: it executes the pages and fills the one jupyter-cache
    (docs/_build/.jupyter_cache) that the other editions then read instead of re-running.
    Each edition is built in docs/_build/html/<lang> (its doctrees in docs/_build/doctrees/<lang>)
    and then copied into the site: myst-nb keeps its executed notebooks next to the output
    folder (docs/_build/html/jupyter_execute), which must not be published yet must persist for
    incremental rebuilds. A later session (e.g. the browser tests) can call this and use the
    returned site folder.
    """
    languages = languages or list(LANGUAGES)
    install_node_tools(session, VENDOR_NODE)  # Pyodide, vendored into every edition
    unknown = sorted(set(languages) - set(LANGUAGES))
    if unknown:
        session.error(f"unknown language(s) {unknown}; the editions are {list(LANGUAGES)}")
    ordered = sorted(languages, key=lambda lang: lang != SOURCE_LANGUAGE)
    install_node_tools(session, NODE_MATH)
    for lang in ordered:
        sphinx_build(session, "html", HTML / lang, "-D", f"language={lang}")
    for lang in ordered:
        if not (HTML / lang).is_dir():  # nox --install-only runs no sphinx-build
            continue
        shutil.rmtree(SITE / lang, ignore_errors=True)
        shutil.copytree(HTML / lang, SITE / lang, ignore=shutil.ignore_patterns(".buildinfo"))
    # index.html, 404.html, sitemap.xml (index of the editions' sitemaps) and robots.txt,
    # rendered from Jinja templates: in the docs' venv, which has Jinja (Sphinx needs it).
    session.run("python", str(DOCS / "_ext" / "site_root.py"), str(SITE))
    session.log(f"site: {SITE}/index.html (editions: {', '.join(ordered)})")
    return SITE


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Strict (-nW --keep-going) build of every edition, or of those named: nox -s docs -- en ru."""
    _env(session)
    install_locked(session)
    build_site(session, list(session.posargs) or None)


def install_node_tools(session: nox.Session, folder: Path = NODE_TOOLS) -> None:
    """The npm packages of ``folder`` as pinned in its package-lock.json (`npm ci`, skipped
    while node_modules matches the lock file): axe-core and Lighthouse for the browser tests
    (tests/node), MathJax for the build (docs/_node), Pyodide for the live calculator (vendor). No install scripts run: no package may
    download a browser; Lighthouse drives Debian's Chromium."""
    lock = folder / "package-lock.json"
    installed = folder / "node_modules" / ".package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        session.error(
            "npm is missing: install Node.js (>= 18.16) and npm; `bash .ci/run` installs "
            "Debian's nodejs and npm"
        )
    session.run(
        "npm",
        "ci",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--prefix",
        str(folder),
        external=True,
    )


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Tests of the built site that need no browser (marker ``site``): the notebook each page
    offers for download, executed from an empty folder (tests/test_notebook_downloads.py),
    a Sphinx project linking to every edition through intersphinx (tests/test_linking.py), and
    each edition's language in its HTML (tests/test_site_editions.py; all four editions needed).
    Builds the site first if docs/_build/site/index.html is missing."""
    _env(session)
    install_locked(session)
    if not (SITE / "index.html").is_file():
        build_site(session)
    session.run(
        "pytest",
        "-m",
        "site",
        *SITE_TESTS,
        *session.posargs,
        env={"LSTM_EXPLAINED_SITE": str(SITE), "LSTM_EXPLAINED_ALL_EDITIONS": "1"},
    )


@nox.session(python=PYTHON)
def browser(session: nox.Session) -> None:
    """The built site in Debian's headless Chromium (tests/test_browser.py): every page of all
    four editions, search, the language switcher; screenshots in docs/_build/screenshots/. The
    in-browser shape calculator (``-- -k calculator``).

    Also axe-core on every page at 1280 and 390 px, and Lighthouse (mobile) on question pages;
    both from tests/node (npm ci). Builds the site first if docs/_build/site/index.html is
    missing. Chromium comes from the system (`bash .ci/run` installs it), never from a download.
    """
    _env(session)
    install_locked(session)
    if not (SITE / "index.html").is_file():
        build_site(session)
    install_node_tools(session)
    session.run(
        "pytest",
        "-m",
        "browser",
        *BROWSER_TESTS,
        *session.posargs,
        env={"LSTM_EXPLAINED_ALL_EDITIONS": "1", "LSTM_EXPLAINED_SITE": str(SITE)},
    )


@nox.session(name="docs-live", python=PYTHON)
def docs_live(session: nox.Session) -> None:
    """Rebuild the English edition on every save and serve it with live reload."""
    _env(session)
    install_locked(session)
    install_node_tools(session, VENDOR_NODE)
    install_node_tools(session, NODE_MATH)
    session.run(
        "sphinx-autobuild",
        "-b",
        "html",
        "-d",
        str(BUILD / "doctrees" / "live"),
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--ignore",
        str(BUILD / "*"),
        "--watch",
        str(Path(HERE, "lstm_explained")),
        *session.posargs,
        str(DOCS),
        str(BUILD / "live"),
    )


@nox.session(python=PYTHON)
def i18n(session: nox.Session) -> None:
    """Re-extract the message templates from a clean gettext build and update the catalogs.

    Catalogs of pages that no longer exist are removed, so none lingers untranslated.
    """
    _env(session)
    install_locked(session)
    shutil.rmtree(GETTEXT, ignore_errors=True)
    sphinx_build(session, "gettext", GETTEXT)
    # sphinx.pot holds our templates' interface strings: those are translated with the theme's
    # in docs/_theme_locales (see conf.py), not in a page catalog.
    (GETTEXT / "sphinx.pot").unlink(missing_ok=True)
    lang_args = [arg for lang in TRANSLATIONS for arg in ("-l", lang)]
    session.run("sphinx-intl", "update", "-p", str(GETTEXT), "-d", str(LOCALES), *lang_args)
    templates = {pot.relative_to(GETTEXT).with_suffix("") for pot in GETTEXT.rglob("*.pot")}
    for lang in TRANSLATIONS:
        messages = LOCALES / lang / "LC_MESSAGES"
        for po in sorted(messages.rglob("*.po")):
            if po.relative_to(messages).with_suffix("") not in templates:
                session.log(f"removing stale catalog {po.relative_to(HERE)}")
                po.unlink()
                po.with_suffix(".mo").unlink(missing_ok=True)
        for folder in sorted(messages.rglob("*"), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    # stat exits 1 while anything is untranslated or fuzzy: here it is a report of what is left
    # to translate (tests/test_catalogs.py is what fails on an incomplete catalog).
    session.run("sphinx-intl", "stat", "-d", str(LOCALES), *lang_args, success_codes=[0, 1])


@nox.session(name="i18n-rules", python=PYTHON)
def i18n_rules(session: nox.Session) -> None:
    """Re-apply the mechanical catalog fixes of i18n/TERMS.md §8 (after a merge, say): the review
    edits of i18n/review_edits.py, then no space between CJK text and a link that renders CJK
    (i18n/cjk_links.py). ``nox -s i18n-rules -- --check`` changes nothing and fails if the link
    spacing needs fixing."""
    install_locked(session, "i18n-rules", project=False)
    if "--check" not in session.posargs:
        session.run("python", "i18n/review_edits.py", success_codes=[0, 1])
    session.run("python", "i18n/cjk_links.py", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve docs/_build/site on 127.0.0.1 (building it first if it is missing)."""
    _env(session)
    if not (SITE / "index.html").is_file():
        install_locked(session)
        build_site(session)
    port = session.posargs[0] if session.posargs else "8000"
    session.log(f"serving {SITE} at http://127.0.0.1:{port}/  (Ctrl+C to stop)")
    session.run(
        "python", "-m", "http.server", port, "--bind", "127.0.0.1", "--directory", str(SITE)
    )
