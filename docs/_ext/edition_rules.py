"""Rules that make each translated edition read as if written in its language (issue 10), applied
at build time so that no catalog has to carry them by hand (i18n/TERMS.md §8):

* **Numbers in prose.** A glued integer (``{glue:text}``) is written the way the edition's
  language writes numbers: Russian groups thousands with a narrow no-break space from five
  digits on (12 416), Chinese with a comma from five digits on (12,416; GB/T 15835-2011 lets
  four-digit numbers stand unsplit), Japanese with a comma from four digits on (1,024). Only
  glued values are touched, never code cells or their outputs, which stay as the program
  printed them; the English edition is left as it is.
* **Russian no-break spaces**, where Russian typesetting puts them: before a dash (``слой —``),
  between a number and its unit (``4 Б``, and after a glued number: ``12 416 параметров``),
  in a name with its version (``Keras 3``).
* **Display formulas in Chinese and Japanese** lose the English comma or full stop at their end:
  the sentence before them already ended in 。 or ：.
* **Interface strings** all come from the theme catalogs in ``docs/_theme_locales`` (sphinx.po for
  Sphinx's and the themes' template strings, booktheme.po for sphinx-book-theme's own):
  - theme templates that write an English label as a literal (``aria-label="Main"``) are
    rewritten, as they are loaded, to look it up in the catalog (``_('Main')``);
  - the search page's messages (``translations.js``) get the catalog's entries on top of
    Sphinx's (the Japanese and Russian result counts are empty in Sphinx's catalogs, and its
    Chinese one is written for an older message);
  - sphinx-copybutton's tooltips come from the catalog (it ships no Japanese);
  - the general index's entry for a module says "module" in the edition's language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

DOCS = Path(__file__).resolve().parents[1]
THEME_LOCALES = DOCS / "_theme_locales"

# How a glued integer is written in prose: (thousands separator, fewest digits to group).
NUMBER_STYLE: dict[str, tuple[str, int]] = {
    "ru": ("\u202f", 5),
    "zh_CN": (",", 5),
    "ja": (",", 4),
}
INTEGER = re.compile(r"^([-−]?)(\d+)$")
CJK_LANGUAGES = ("zh_CN", "ja")

# Text that is not prose: left exactly as written.
NOT_PROSE = (
    nodes.literal,
    nodes.literal_block,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
    nodes.FixedTextElement,
    addnodes.desc_signature,
)

NBSP = "\u00a0"
RUSSIAN_RULES = [
    # before a dash
    (re.compile(r" (?=—)"), NBSP),
    # a name and its version: Keras 3, Python 3.11
    (re.compile(r"\b(Keras|TensorFlow|Python|PyTorch|NumPy|Sphinx) (?=\d)"), rf"\1{NBSP}"),
    # a number and its unit
    (re.compile(r"(?<=\d) (?=(?:Б|КБ|МБ|ГБ|бит|%|мс|мкс|с|ч)(?!\w))"), NBSP),
]


def group_digits(text: str, lang: str) -> str:
    """``text`` with its thousands grouped for ``lang`` if it is a plain integer."""
    style = NUMBER_STYLE.get(lang)
    match = INTEGER.match(text)
    if not style or not match:
        return text
    separator, fewest = style
    sign, digits = match.groups()
    if len(digits) < fewest:
        return text
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + separator.join(groups)


def russian_typography(text: str) -> str:
    for pattern, replacement in RUSSIAN_RULES:
        text = pattern.sub(replacement, text)
    return text


def strip_formula_punctuation(latex: str) -> str:
    """A display formula without the English comma or full stop that ends it."""
    end = re.search(r"(\s*\\end\{[a-z*]+\}\s*)$", latex)
    body, tail = (latex[: end.start()], end.group(1)) if end else (latex, "")
    stripped = re.sub(r"(?:\s|\\[,;:! ]|\\q?quad)*[.,;]\s*$", "", body)
    return stripped + tail if stripped != body else latex


def _is_prose(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, NOT_PROSE):
            return False
        parent = parent.parent
    return True


def _language(app_or_config) -> str:
    config = getattr(app_or_config, "config", app_or_config)
    return config.language or "en"


class EditionTypography(SphinxTransform):
    """Russian no-break spaces and CJK display formulas, on the translated text (read phase,
    so that titles in the navigation get them too)."""

    # after the translation of messages (i18n.Locale, 20), before the environment collects
    # titles and tables of contents (DoctreeReadEvent, 880)
    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        lang = _language(self.config)
        if lang == "ru":
            for text in list(self.document.findall(nodes.Text)):
                if text.parent is None or not _is_prose(text):
                    continue
                new = russian_typography(str(text))
                if new != str(text):
                    text.parent.replace(text, nodes.Text(new))
        if lang in CJK_LANGUAGES:
            for block in self.document.findall(nodes.math_block):
                latex = block.astext()
                new = strip_formula_punctuation(latex)
                if new != latex:
                    block.children = [nodes.Text(new)]


class FormatGluedNumbers(SphinxPostTransform):
    """Glued integers in prose written for the edition's language (after myst-nb has resolved
    the glue references of translated messages, priority 5)."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        lang = _language(self.config)
        if lang not in NUMBER_STYLE:
            return
        for inline in list(self.document.findall(nodes.inline)):
            if "pasted-text" not in inline["classes"] or not _is_prose(inline):
                continue
            value = inline.astext()
            grouped = group_digits(value, lang)
            if grouped != value:
                inline.children = [nodes.Text(grouped)]
            if lang == "ru" and INTEGER.match(value):
                following = inline.next_node(descend=False, siblings=True)
                if isinstance(following, nodes.Text) and str(following).startswith(" "):
                    inline.parent.replace(following, nodes.Text(NBSP + str(following)[1:]))


class TranslateModuleIndexEntries(SphinxTransform):
    """The Python domain writes the index entry of a module as ``module; <name>`` in English."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        from sphinx.locale import _

        word = str(_("module"))
        if word == "module":
            return
        for index in self.document.findall(addnodes.index):
            index["entries"] = [
                (kind, re.sub(r"^module; ", f"{word}; ", value), *rest)
                if kind == "pair"
                else (kind, value, *rest)
                for kind, value, *rest in index["entries"]
            ]


# Theme template literals that are interface strings in English, rewritten to be looked up in
# the catalogs: (literal in the template source, replacement).
TEMPLATE_REWRITES: list[tuple[str, str]] = [
    ('aria-label="Main"', "aria-label=\"{{ _('Main') }}\""),
    ('aria-label="Page"', "aria-label=\"{{ _('Page') }}\""),
    ('aria-label="Announcement"', "aria-label=\"{{ _('Announcement') }}\""),
    (
        "{{ translate('By') }} {{ author }}",
        "{{ _('By %(author)s') % {'author': author} }}",
    ),
]


class TranslatingTemplateLoader(BuiltinTemplateLoader):
    """Sphinx's template loader, with the English literals of TEMPLATE_REWRITES turned into
    catalog look-ups in every template it loads (the theme's and ours)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        for literal, replacement in TEMPLATE_REWRITES:
            source = source.replace(literal, replacement)
        return source, filename, uptodate


def _catalog(lang: str, domain: str):
    """Our catalog of ``domain`` for ``lang``, read with Babel (for the JavaScript strings)."""
    from babel.messages.pofile import read_po

    path = THEME_LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def _js_messages(lang: str) -> dict[str, Any]:
    catalog = _catalog(lang, "sphinx")
    messages: dict[str, Any] = {}
    for message in catalog or []:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    return messages


TRANSLATIONS_JS = re.compile(r"^(\s*Documentation\.addTranslations\()(.*)(\);?\s*)$", re.S)


def merge_translations_js(script: str, ours: dict[str, Any]) -> str:
    """Sphinx's ``translations.js`` with our catalog's entries for the messages it holds (and
    for the search result count, which it may hold under an older key or not at all)."""
    match = TRANSLATIONS_JS.match(script)
    if not match:
        return script
    data = json.loads(match.group(2))
    forms = max((len(v) for v in data["messages"].values() if isinstance(v, list)), default=1)
    for key in ours:
        if key in data["messages"] or key.startswith("Search finished"):
            value = ours[key]
            if isinstance(value, list):
                value = (value + [value[-1]] * forms)[: max(forms, len(value))]
            data["messages"][key] = value
    body = json.dumps(data, ensure_ascii=False, indent=4)
    return f"{match.group(1)}{body}{match.group(3)}"


COPYBUTTON_MESSAGES = {
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}


def patch_copybutton_js(script: str, html_lang: str, ours: dict[str, Any]) -> str:
    """sphinx-copybutton's script with the edition's tooltips taken from our catalog."""
    messages = {key: ours[msgid] for key, msgid in COPYBUTTON_MESSAGES.items() if msgid in ours}
    marker = "let locale = 'en'"
    if not messages or marker not in script:
        return script
    line = f"messages[{json.dumps(html_lang)}] = {json.dumps(messages, ensure_ascii=False)};\n"
    if line in script:
        return script
    return script.replace(marker, line + marker, 1)


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    lang = _language(app)
    if exception is not None or app.builder.format != "html" or lang == "en":
        return
    ours = _js_messages(lang)
    static = Path(app.outdir) / "_static"
    translations = static / "translations.js"
    if translations.is_file():
        text = translations.read_text(encoding="utf-8")
        translations.write_text(merge_translations_js(text, ours), encoding="utf-8")
    copybutton = static / "copybutton.js"
    if copybutton.is_file():
        text = copybutton.read_text(encoding="utf-8")
        patched = patch_copybutton_js(text, lang.replace("_", "-"), ours)
        copybutton.write_text(patched, encoding="utf-8")


def compile_theme_catalogs(folder: Path, lang: str) -> None:
    """Compile ``<folder>/<lang>/LC_MESSAGES/*.po`` to ``.mo`` where the ``.mo`` is older or
    missing. Sphinx compiles the ``sphinx`` domain of its ``locale_dirs`` itself before any
    extension loads, but not ``booktheme``, which is loaded below."""
    from sphinx.util.i18n import CatalogInfo

    for po in sorted((folder / lang / "LC_MESSAGES").glob("*.po")):  # sphinx.po, booktheme.po
        info = CatalogInfo(str(po.parent), po.stem, "utf-8")
        if info.is_outdated():
            info.write_mo(lang)


def _config_inited(app: Sphinx, config) -> None:
    lang = _language(config)
    if not config.template_bridge:
        config.template_bridge = f"{__name__}.TranslatingTemplateLoader"
    # sphinx-book-theme registers its own catalog ("booktheme") when the theme loads, after
    # this: ours, loaded first, takes precedence and the theme's stays the fallback.
    from sphinx import locale

    compile_theme_catalogs(THEME_LOCALES, lang)
    locale.init([str(THEME_LOCALES)], lang, "booktheme")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.add_transform(EditionTypography)
    app.add_transform(TranslateModuleIndexEntries)
    app.add_post_transform(FormatGluedNumbers)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
