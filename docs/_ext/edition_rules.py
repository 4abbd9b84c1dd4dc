"""Rules that make each translated edition read as if written in its language (issue 10), applied
at build time so that no catalog has to carry them by hand (i18n/TERMS.md §8):

* **Numbers in prose.** A glued integer (``{glue:text}``) is written the way the edition's
  language writes numbers: Russian groups thousands with a narrow no-break space from five
  digits on (12 416), Chinese with a comma from five digits on (12,416; GB/T 15835-2011 lets
  four-digit numbers stand unsplit), Japanese with a comma from four digits on (1,024). Only
  glued values are touched, never code cells or their outputs, which stay as the program
  printed them; the English edition is left as it is.
* **Worked formulas** glued as text (``… = 12416``) get the same grouping in their numbers.
* **Decimals in Russian prose.** A glued decimal takes the decimal comma (0,0608, «умножается на
  3,1»), and e-notation becomes a power of ten (8,9·10⁻⁸), as Russian typesetting writes them;
  a glued number after a program name or «версия» is a version and keeps its point. Chinese and
  Japanese keep the decimal point, as they write it.
* **Russian no-break spaces**, where Russian typesetting puts them: before a dash (``слой —``),
  between a number and its unit (``4 Б``, and after a glued number: ``12 416 параметров``),
  in a name with its version (``Keras 3``).
* **Lists of shapes in Chinese and Japanese prose.** A glued value that is a list of two or more
  tuples, as ``", ".join`` writes it (``(2, 4, 5), (2, 5), (2, 5)``), is joined the way the
  language lists things: Chinese ``(2, 4, 5)、(2, 5) 和 (2, 5)``, Japanese
  ``(2, 4, 5)、(2, 5)、(2, 5)``. Only the commas between the tuples change, never those inside one.
* **Display formulas in Chinese and Japanese** lose the English comma or full stop at their end:
  the sentence before them already ended in 。 or ：.
* **The colon after a label.** docutils writes the name of a field (the API page's "Parameters:",
  "Return type:") with a half-width colon of its own; the HTML translator writes the edition's
  colon instead, taken from the catalog string that also joins the language menu's label and
  value (``%(label)s: %(language)s``, full-width ``：`` in zh_CN and ja).
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
# A glued decimal (0.0608) or one in e-notation (8.9e-08), as Python prints them.
DECIMAL = re.compile(r"^([-−]?\d+)\.(\d+)$")
E_NOTATION = re.compile(r"^([-−]?\d+)(?:\.(\d+))?e([-+]?)0*(\d+)$")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# A number right after these words is a version (Keras 3.5), not a decimal.
VERSION_BEFORE = re.compile(
    r"(?:Keras|TensorFlow|Python|PyTorch|NumPy|Sphinx|верси[яиюей]|выпуск[аеу]?)\s*$"
)
CJK_LANGUAGES = ("zh_CN", "ja")

# A glued list of shapes (or other flat tuples, as Python prints them: (2, 5), (16,), (None, 5))
# and how each language joins it: (between two items, before the last one).
TUPLE = r"\([^()]*\)"
TUPLE_LIST = re.compile(rf"{TUPLE}(?:, {TUPLE})+")
LIST_STYLE: dict[str, tuple[str, str]] = {
    "zh_CN": ("、", " 和 "),
    "ja": ("、", "、"),
}

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


def group_digits_in_formula(text: str, lang: str) -> str:
    """A glued worked formula (``4 × (64·32 + 32·32 + 32) = 12416``) with its long numbers grouped
    like the glued integers around it; text without ``=`` (shapes, versions, printed lines) is
    returned unchanged.

    >>> group_digits_in_formula("4 × (2·64 + 64·64 + 64) = 17152", "ru")
    '4 × (2·64 + 64·64 + 64) = 17\u202f152'
    """
    if "=" not in text or lang not in NUMBER_STYLE:
        return text
    return re.sub(r"(?<![\d.,])\d+(?![\d.,])", lambda m: group_digits(m.group(0), lang), text)


def join_glued_list(text: str, lang: str) -> str:
    """A glued list of two or more tuples joined as ``lang`` lists things; any other text, and
    every edition without a rule, returned unchanged.

    >>> join_glued_list("(2, 4, 5), (2, 5), (2, 5)", "zh_CN")
    '(2, 4, 5)、(2, 5) 和 (2, 5)'
    >>> join_glued_list("(4, 5), (4, 5)", "ja"), join_glued_list("(4, 5), (4, 5)", "ru")
    ('(4, 5)、(4, 5)', '(4, 5), (4, 5)')
    """
    style = LIST_STYLE.get(lang)
    if not style or not TUPLE_LIST.fullmatch(text):
        return text
    between, before_last = style
    items = re.findall(TUPLE, text)
    return between.join(items[:-1]) + before_last + items[-1]


def russian_decimal(text: str) -> str:
    """A glued decimal as Russian prose writes it: a decimal comma (0,0608), and e-notation as a
    power of ten (8,9·10⁻⁸; an exact zero, 0.0e+00, is 0). Anything else is returned unchanged.

    >>> russian_decimal("0.0608"), russian_decimal("8.9e-08"), russian_decimal("(8, 40)")
    ('0,0608', '8,9·10⁻⁸', '(8, 40)')
    """
    match = DECIMAL.match(text)
    if match:
        return f"{match.group(1)},{match.group(2)}"
    match = E_NOTATION.match(text)
    if not match:
        return text
    whole, fraction, sign, exponent = match.groups()
    if not whole.lstrip("-−").strip("0") and not (fraction or "").strip("0"):
        return "0"
    mantissa = f"{whole},{fraction}" if fraction else whole
    if exponent == "0":
        return mantissa
    return f"{mantissa}·10" + f"{'-' if sign == '-' else ''}{exponent}".translate(SUPERSCRIPT)


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
    """Glued integers and lists of shapes in prose written for the edition's language (after
    myst-nb has resolved the glue references of translated messages, priority 5)."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        lang = _language(self.config)
        if lang not in NUMBER_STYLE:
            return
        for inline in list(self.document.findall(nodes.inline)):
            if "pasted-text" not in inline["classes"] or not _is_prose(inline):
                continue
            value = inline.astext()
            grouped = join_glued_list(value, lang)
            grouped = group_digits_in_formula(group_digits(grouped, lang), lang)
            if lang == "ru" and grouped == value and not _after_version_name(inline):
                grouped = russian_decimal(value)
            if grouped != value:
                inline.children = [nodes.Text(grouped)]
            if lang == "ru" and INTEGER.match(value):
                following = inline.next_node(descend=False, siblings=True)
                if isinstance(following, nodes.Text) and str(following).startswith(" "):
                    inline.parent.replace(following, nodes.Text(NBSP + str(following)[1:]))


def _after_version_name(inline: nodes.Element) -> bool:
    index = inline.parent.index(inline)
    previous = inline.parent[index - 1] if index > 0 else None
    return isinstance(previous, nodes.Text) and bool(VERSION_BEFORE.search(str(previous)))


# The catalog string that joins a label and its value (the language menu's aria-label).
LABEL_TEMPLATE = "%(label)s: %(language)s"


def label_colon(template: str = LABEL_TEMPLATE) -> str:
    """The colon after a label, as the edition's translation of LABEL_TEMPLATE writes it, without
    the space that follows it (``:`` in en and ru, ``：`` in zh_CN and ja).

    >>> label_colon("%(label)s：%(language)s"), label_colon()
    ('：', ':')
    """
    return (template % {"label": "", "language": ""}).rstrip()


class EditionFieldColon:
    """HTML translator mixin: a field's name ends in the edition's colon (``参数：``), not in the
    half-width one docutils writes (``<span class="colon">:</span>``)."""

    DOCUTILS_COLON = '<span class="colon">:</span>'

    def depart_field_name(self, node: nodes.Element) -> None:
        from sphinx.locale import _

        super().depart_field_name(node)  # type: ignore[misc]
        colon = label_colon(str(_(LABEL_TEMPLATE)))
        body = self.body  # type: ignore[attr-defined]
        if colon != ":" and self.DOCUTILS_COLON in body[-1]:
            body[-1] = body[-1].replace(self.DOCUTILS_COLON, f'<span class="colon">{colon}</span>')


def _add_field_colon(app: Sphinx) -> None:
    """Put EditionFieldColon on top of the builder's translator, whatever registered it (the
    theme wraps Sphinx's at builder-inited, before this runs)."""
    if app.builder.format != "html":
        return
    base = app.registry.translators.get(app.builder.name) or app.builder.default_translator_class
    if issubclass(base, EditionFieldColon):
        return
    translator = type(f"Edition{base.__name__}", (EditionFieldColon, base), {})
    app.set_translator(app.builder.name, translator, override=True)


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
    app.connect("builder-inited", _add_field_colon, priority=900)  # after the theme's (500)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
