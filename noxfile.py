"""Developer tasks. ``nox`` alone runs the whole test suite (what CI runs)."""

from __future__ import annotations

import os

import nox

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]

PYTHON = "3.11"
HERE = os.path.dirname(os.path.abspath(__file__))


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


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit, property and doctests of the package, against real Keras."""
    _env(session)
    session.install("-e", ".[keras,plots,test]")
    session.run("pytest", *session.posargs)
