"""Glued numbers inside translated messages.

Sphinx parses each translated message (msgstr) as a little document of its own, with no
notebook attached (the general problem: MyST-NB does not support Sphinx's internationalization
workflow, https://github.com/executablebooks/MyST-NB/issues/587). In such a document myst-nb's
``{glue}`` and ``{glue:text}`` roles find no glue data, and the translated editions would lose
every glued number. The roles registered here are myst-nb's own, which in a translated message
paste from this page in myst-nb's cross-document form (``/<this page's source>::key``); myst-nb
then resolves them from the page's executed cache. Everywhere else they are myst-nb's roles
unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole
from sphinx.application import Sphinx


def _in_translated_message(role: PasteRoleAny | PasteTextRole) -> bool:
    """Whether the role is in a translated message and pastes from this page."""
    document = role.document
    source = str(getattr(document, "current_source", "") or "")
    return (
        source.endswith("<translated>") and "nb_renderer" not in document and "::" not in role.text
    )


def _this_page(role: PasteRoleAny | PasteTextRole) -> str:
    env = role.document.settings.env
    return "/" + Path(env.doc2path(env.docname, base=False)).as_posix()


class TranslatedPasteRoleAny(PasteRoleAny):
    """``{glue}`` (and ``{glue:}``, ``{glue:any}``), also inside translated messages."""

    def run(self):
        if _in_translated_message(self):
            self.text = f"{_this_page(self)}::{self.text}"
        return super().run()


class TranslatedPasteTextRole(PasteTextRole):
    """``{glue:text}``, also inside translated messages."""

    def run(self):
        if _in_translated_message(self):
            # the cross-document form needs the format: `key` is read as `key:s`
            text = self.text if ":" in self.text else f"{self.text}:s"
            self.text = f"{_this_page(self)}::{text}"
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.add_role("glue", TranslatedPasteRoleAny(), override=True)
    for name in ("", "any"):
        app.add_role_to_domain("glue", name, TranslatedPasteRoleAny(), override=True)
    app.add_role_to_domain("glue", "text", TranslatedPasteTextRole(), override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
