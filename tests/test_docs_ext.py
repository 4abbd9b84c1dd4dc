"""Transforms of the book's Sphinx extension (docs/_ext/lstm_book.py) on small doctrees."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
from docutils import nodes
from docutils.core import publish_doctree

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "docs" / "_ext")]
from lstm_book import KeepCJKPunctuationWithMath  # noqa: E402


def _transformed(rst: str) -> nodes.document:
    document = publish_doctree(rst, settings_overrides={"report_level": 5})
    KeepCJKPunctuationWithMath(document).run()
    return document


def test_full_width_punctuation_after_math_stays_on_its_line():
    document = _transformed("输入 :math:`x_t`，即一个向量。结果是 :math:`h_t`。")
    wrappers = [w for w in document.findall(nodes.inline) if "lstm-nobr" in w["classes"]]
    assert [w.astext() for w in wrappers] == ["x_t，", "h_t。"]
    assert all(isinstance(w.children[0], nodes.math) for w in wrappers)
    assert document.astext() == "输入 x_t，即一个向量。结果是 h_t。"


def test_other_math_is_left_alone():
    document = _transformed("Here :math:`x_t`, then :math:`h_t` and 「:math:`u`」 個.")
    wrappers = [w for w in document.findall(nodes.inline) if "lstm-nobr" in w["classes"]]
    assert [w.astext() for w in wrappers] == ["u」"]
