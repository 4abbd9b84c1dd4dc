"""Fixtures more than one test module needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="session")
def fresh_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gettext extraction of the current pages: one ``<page>.pot`` per page, as ``nox -s
    i18n`` writes them, holding every message a reader reads (and a translator translates).

    Run with the book's execution cache (executing only what it lacks): the alt text of a
    figure is a message too, and it lives on the cell's output image.
    """
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_nb")
    out = tmp_path_factory.mktemp("gettext")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "-1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "gettext",
            "-d",
            str(out / ".doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out
