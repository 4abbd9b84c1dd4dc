"""The package's public names under the name people import them by.

``from lstm_explained import numpy_lstm`` is how the book and its readers use the package, but
the API page documents each function in the module that defines it
(``lstm_explained.forward.numpy_lstm``). This extension adds the short name
(``lstm_explained.numpy_lstm``) of every name in ``lstm_explained.__all__`` to the Python domain
as an alias of the documented object, so that ``{py:func}`lstm_explained.numpy_lstm``` resolves
in the book and, through the ``objects.inv`` inventory, in other Sphinx projects
(tests/test_linking.py checks both names from outside). Aliases are not shown in the search.
"""

from __future__ import annotations

import importlib
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
PACKAGE = "lstm_explained"


def public_names(package: str = PACKAGE) -> dict[str, str]:
    """``{short name: documented name}`` for the functions and classes the package re-exports,
    e.g. ``{"lstm_explained.numpy_lstm": "lstm_explained.forward.numpy_lstm", ...}``."""
    module = importlib.import_module(package)
    names = {}
    for name in module.__all__:
        obj = getattr(module, name)
        home = getattr(obj, "__module__", None)
        if callable(obj) and home and home != package:
            names[f"{package}.{name}"] = f"{home}.{obj.__qualname__}"
    return names


def add_aliases(app: Sphinx, env: BuildEnvironment) -> None:
    python = env.get_domain("py")
    objects = python.objects
    for short, documented in public_names().items():
        entry = objects.get(documented)
        if entry is None:
            LOGGER.warning(
                "%s is not documented, so %s cannot point to it",
                documented,
                short,
                type="lstm_book",
            )
            continue
        if short not in objects or objects[short].aliased:
            objects[short] = entry._replace(aliased=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-updated", lambda app, env: add_aliases(app, env) or [])
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
