"""Formulas typeset while the book is built (docs/_ext/math_svg.py, MathJax in Node.js).

Needs Node.js and ``npm ci --prefix docs/_node`` (``nox -s tests`` runs it); without them the
tests fail with the message the build would give.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
from docutils import nodes
from sphinx.errors import ExtensionError

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "docs" / "_ext")]
from math_svg import TypesetError, Typesetter, display_tex  # noqa: E402

USE = re.compile(r'xlink:href="#([^"]+)"')


@pytest.fixture
def typesetter(tmp_path: Path):
    typesetter = Typesetter(tmp_path)
    yield typesetter
    typesetter.close()


def test_a_formula_is_svg_for_the_eye_and_mathml_for_a_screen_reader(typesetter) -> None:
    html = typesetter.typeset(r"h_t = o_t \odot \tanh(c_t)", display=False)
    assert html.startswith('<mjx-container class="MathJax" jax="SVG"')
    svg = re.search(r"<svg [^>]*>", html).group(0)
    assert 'aria-hidden="true"' in svg
    assert re.search(r'width="[\d.]+ex"', svg), "sizes in ex follow the text's font size"
    mathml = re.search(r"<mjx-assistive-mml [^>]*><math [^>]*>(.*)</math>", html).group(1)
    assert "<mi>h</mi>" in mathml and "<mo>⊙</mo>" in mathml and "<mi>tanh</mi>" in mathml
    used = set(USE.findall(html))
    assert used and used <= set(typesetter.glyphs)
    assert all(typesetter.glyphs[glyph].startswith(f'<path id="{glyph}"') for glyph in used)


def test_display_math_is_a_block(typesetter) -> None:
    html = typesetter.typeset(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", display=True)
    assert 'display="true"' in html.split(">", 1)[0]
    assert '<mjx-assistive-mml unselectable="on" display="block">' in html


def test_mistakes_fail_instead_of_showing_red_text(typesetter) -> None:
    with pytest.raises(TypesetError, match="Missing close brace"):
        typesetter.typeset(r"\frac{1}{2", display=False)
    with pytest.raises(TypesetError, match=r"Undefined control sequence \\notamacro"):
        typesetter.typeset(r"\notamacro x", display=False)
    # The process is still there for the next formula.
    assert "<svg" in typesetter.typeset("x", display=False)


def test_typeset_formulas_are_cached_for_the_next_build(tmp_path: Path) -> None:
    first = Typesetter(tmp_path)
    html = first.typeset(r"W \in \mathbb{R}^{n \times 4u}", display=False)
    css = first.css()
    first.close()
    again = Typesetter(tmp_path)
    assert again.typeset(r"W \in \mathbb{R}^{n \times 4u}", display=False) == html
    assert again.css() == css and "mjx-assistive-mml" in css
    assert again._process is None, "a cached formula starts no Node.js"
    assert set(USE.findall(html)) <= set(again.glyphs)


def test_each_page_defines_the_glyphs_its_formulas_use_once(typesetter) -> None:
    body = typesetter.typeset("x + x", display=False) + typesetter.typeset("x_t", display=True)
    definitions = typesetter.glyph_definitions(body)
    assert definitions.startswith('<svg id="MJX-SVG-global-cache" style="display: none"')
    defined = re.findall(r'<path id="([^"]+)"', definitions)
    assert sorted(defined) == sorted(set(USE.findall(body)))
    assert typesetter.glyph_definitions("<p>no math</p>") == ""
    with pytest.raises(ExtensionError, match="never typeset"):
        typesetter.glyph_definitions('<use xlink:href="#MJX-TEX-I-NOPE"></use>')


def test_display_tex_matches_sphinx_mathjax_markup() -> None:
    def block(text: str, **options) -> nodes.math_block:
        return nodes.math_block(text, text, **options)

    assert display_tex(block("a = b")) == "a = b"
    assert display_tex(block(r"a \\ b")) == r"\begin{split}a \\ b\end{split}"
    assert display_tex(block(r"\begin{align}x\end{align}", nowrap=True)) == (
        r"\begin{align}x\end{align}"
    )
