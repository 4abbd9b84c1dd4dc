"""The Russian, Chinese and Japanese editions are complete, current and keep every machine part
of a message intact.

* Every page of ``docs/`` has a catalog ``docs/locales/<lang>/LC_MESSAGES/<page>.po`` in every
  translation, and no catalog is left over from a page that is gone. While pages exist and
  ``docs/locales`` does not, this FAILS: a missing translation is not a pass.
* Each catalog is 100% translated and has no fuzzy entry.
* Each catalog is current: every message that a fresh gettext extraction of its page yields is
  in the catalog (run ``nox -s i18n`` after editing an English page, then translate).
* In every entry, the msgstr keeps the msgid's glue roles, cross-reference targets
  (``{ref}``, ``{doc}``, ``{numref}``, ``{term}``, ``{func}``…; the visible text of
  ``{ref}`text <target>``` may be translated, the target may not), inline code, math
  (``$…$``, ``$$…$$``, ``{math}``), substitutions and link targets: the same multiset.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

polib = pytest.importorskip("polib")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LOCALES = DOCS / "locales"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext")]
from book_pages import page_sources  # noqa: E402
from languages import TRANSLATIONS  # noqa: E402


def page_names() -> list[str]:
    """Docnames of the book's pages (``questions/weight-shapes``…)."""
    return list(page_sources(DOCS))


def catalog_path(lang: str, page: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{page}.po"


def all_catalogs() -> list[Path]:
    return sorted(LOCALES.glob("*/LC_MESSAGES/**/*.po")) if LOCALES.is_dir() else []


def _id(path: Path) -> str:
    return path.relative_to(LOCALES).as_posix()


# --- the parts of a message that must survive translation ----------------------------------

_ROLE = re.compile(
    r"\{(?P<name>[\w:.+-]+)\}(?P<ticks>`+)(?P<body>(?:(?!(?P=ticks)).)+?)(?P=ticks)", re.S
)
# A reST role (docstrings on the API page). Sphinx parses every translated message of a page with
# that page's parser, so on a MyST page the translation writes it as {name}`body`: the same part.
_RST_ROLE = re.compile(
    r"(?<![\w`:]):(?P<name>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)?):(?P<ticks>`)(?P<body>[^`]+?)`(?!`)"
)
_EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_INLINE_CODE = re.compile(r"(?P<ticks>`+)(?P<body>(?:(?!(?P=ticks)).)+?)(?P=ticks)", re.S)
_DISPLAY_MATH = re.compile(r"\$\$(?P<body>.+?)\$\$", re.S)
_MATH = re.compile(r"(?<![\\$])\$(?P<body>(?!\s)[^$]+?(?<![\\\s]))\$")
_SUBSTITUTION = re.compile(r"\{\{\s*(?P<body>.+?)\s*\}\}")
_LINK = re.compile(r"\]\(\s*<?(?P<body>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(?P<body>(?:https?|mailto):[^>\s]+)>")
# Roles whose content is all machine text (kept whole, never translated).
_LITERAL_ROLES = ("glue", "math", "eq", "code", "kbd", "file", "samp", "command", "envvar")


def protected_parts(message: str) -> Counter:
    """The multiset of parts a translation must keep verbatim."""
    parts: Counter = Counter()

    def role(m: re.Match) -> str:
        name, body = m["name"], m["body"]
        if name.split(":")[0] in _LITERAL_ROLES:
            parts[(f"{{{name}}}", body)] += 1
        else:
            explicit = _EXPLICIT_TARGET.match(body)
            target = explicit["target"] if explicit else body
            parts[(f"{{{name}}}", target.strip())] += 1
        return " "

    text = _RST_ROLE.sub(role, _ROLE.sub(role, message))
    for kind, pattern in (
        ("code", _INLINE_CODE),
        ("math", _DISPLAY_MATH),
        ("math", _MATH),
        ("substitution", _SUBSTITUTION),
        ("link", _LINK),
        ("link", _AUTOLINK),
    ):
        for m in pattern.finditer(text):
            parts[(kind, m["body"])] += 1
        text = pattern.sub(" ", text)
    return parts


def _is_math_block(msgid: str) -> bool:
    """amsmath/``$$`` blocks become whole messages of LaTeX: they must be copied unchanged."""
    return msgid.lstrip().startswith("\\") and not re.search(
        r"[A-Za-z]{3,}\s+[a-z]{3,}\s", re.sub(r"\\[A-Za-z]+", "", msgid)
    )


def mismatches(msgid: str, msgstr: str) -> list[str]:
    """What the translation lost or added, in words a translator can act on."""
    if _is_math_block(msgid):
        return [] if msgstr.strip() == msgid.strip() else ["math block changed"]
    source, target = protected_parts(msgid), protected_parts(msgstr)
    problems = [
        f"missing {kind} {body!r}"
        for (kind, body), n in (source - target).items()
        for _ in range(n)
    ]
    problems += [
        f"extra {kind} {body!r}" for (kind, body), n in (target - source).items() for _ in range(n)
    ]
    return problems


# --- the checker on examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        (
            "Here $n$ = {glue:text}`eq_features` units.",
            "Здесь $n$ = {glue:text}`eq_features` единиц.",
        ),
        ("See {ref}`q-weight-shapes`.", "См. {ref}`q-weight-shapes`."),
        ("See {ref}`the shapes <q-weight-shapes>`.", "См. {ref}`о формах <q-weight-shapes>`."),
        ("Call `get_weights()` twice.", "`get_weights()` を2回呼びます。"),
        ("Read [the guide](https://keras.io/guides/).", "阅读[指南](https://keras.io/guides/)。"),
        (
            "{func}`~lstm_explained.forward.lstm_trace` records $h_{t-1}$.",
            "$h_{t-1}$ は {func}`~lstm_explained.forward.lstm_trace` が記録します。",
        ),
        (
            "Raises :class:`~lstm_explained.errors.SpecError` for ``units=0``.",
            "Для ``units=0`` вызывает {class}`~lstm_explained.errors.SpecError`.",
        ),
        ("See :py:func:`numpy_lstm`.", "参见 {py:func}`numpy_lstm`。"),
        (
            "\\underbrace{W}_{(n,\\,4u)} = \\begin{bmatrix} W_i \\end{bmatrix}",
            "\\underbrace{W}_{(n,\\,4u)} = \\begin{bmatrix} W_i \\end{bmatrix}",
        ),
    ],
)
def test_checker_accepts_faithful_translations(msgid, msgstr):
    assert mismatches(msgid, msgstr) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Here {glue:text}`eq_units` units.", "Здесь {glue:text}`eq_unit` единиц.", "glue"),
        ("Here {glue:text}`eq_units` units.", "Здесь 10 единиц.", "glue"),
        ("See {ref}`q-weight-shapes`.", "См. {ref}`q-weight-shape`.", "q-weight-shapes"),
        ("Call `get_weights()`.", "Вызовите get_weights().", "get_weights()"),
        ("Call `units`.", "Вызовите `юниты`.", "units"),
        ("Use :func:`gate_slice`.", "Используйте `gate_slice`.", "missing {func}"),
        ("The size is $u$.", "Размер равен u.", "math"),
        ("The size is $u$.", "Размер $u$ и $n$.", "extra"),
        (
            "Read [the guide](https://keras.io/guides/).",
            "Читайте [руководство](https://keras.io/).",
            "link",
        ),
        (
            "\\begin{aligned} a &= b \\end{aligned}",
            "\\begin{aligned} a &= c \\end{aligned}",
            "math block",
        ),
    ],
)
def test_checker_flags_changed_parts(msgid, msgstr, expected):
    found = mismatches(msgid, msgstr)
    assert found and any(expected in problem for problem in found), found


# --- the catalogs -------------------------------------------------------------------------------


def test_every_page_has_a_catalog_in_every_language():
    pages = page_names()
    assert pages, "no pages under docs/"
    assert LOCALES.is_dir(), (
        "docs/locales is missing while the book has pages: run `nox -s i18n` to create the "
        f"catalogs for {', '.join(TRANSLATIONS)}, then translate them"
    )
    missing = [
        str(catalog_path(lang, page).relative_to(ROOT))
        for lang in TRANSLATIONS
        for page in pages
        if not catalog_path(lang, page).is_file()
    ]
    assert not missing, (
        "pages without a catalog (run `nox -s i18n`, then translate):\n" + "\n".join(missing)
    )


def test_no_catalog_of_a_page_that_is_gone():
    pages = set(page_names())
    stale = []
    for po in all_catalogs():
        lang, _, *rest = po.relative_to(LOCALES).parts
        page = Path(*rest).with_suffix("").as_posix()
        if lang not in TRANSLATIONS or page not in pages:
            stale.append(str(po.relative_to(ROOT)))
    assert not stale, (
        "catalogs without a page or outside the editions (nox -s i18n removes them):\n"
        + "\n".join(stale)
    )


@pytest.mark.parametrize("catalog", all_catalogs(), ids=_id)
def test_catalog_is_complete(catalog):
    po = polib.pofile(str(catalog))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, (
        f"{catalog.relative_to(ROOT)}: {po.percent_translated()}% translated; "
        f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy, e.g. "
        f"{(untranslated + fuzzy)[0][:80]!r}"
    )


@pytest.mark.parametrize("catalog", all_catalogs(), ids=_id)
def test_translations_keep_roles_code_math_and_links(catalog):
    problems = []
    for entry in polib.pofile(str(catalog)).translated_entries():
        for problem in mismatches(entry.msgid, entry.msgstr):
            problems.append(f"{problem} in {entry.msgid[:70]!r}")
    assert not problems, f"{catalog.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.docs
@pytest.mark.parametrize("catalog", all_catalogs(), ids=_id)
def test_catalog_is_current(catalog, fresh_templates):
    _lang, _, *rest = catalog.relative_to(LOCALES).parts
    template = fresh_templates / Path(*rest).with_suffix(".pot")
    if not template.is_file():
        pytest.fail(f"{catalog.relative_to(ROOT)}: its page yields no messages any more")
    translated = {e.msgid for e in polib.pofile(str(catalog)).translated_entries()}
    new = [e.msgid for e in polib.pofile(str(template)) if e.msgid not in translated]
    assert not new, (
        f"{catalog.relative_to(ROOT)} is behind its English page ({len(new)} new or changed "
        f"messages; run `nox -s i18n` and translate), e.g. {new[0][:100]!r}"
    )
