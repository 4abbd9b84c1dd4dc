"""The cell that records which library versions a page's run used (docs/_ext/page_versions.py).

The built pages are checked in tests/test_site_editions.py (nox -s site); here, the cell and
the choice of pages, without a build.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sphinx")
sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "docs" / "_ext")]
import page_versions  # noqa: E402

NOTEBOOK_PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
---

# A page

```{code-cell} ipython3
print(1)
```
"""


def cell_code() -> str:
    """The Python source of the appended cell (its fence and tags stripped)."""
    lines = page_versions.CELL.strip().splitlines()
    assert lines[0] == "```{code-cell} ipython3" and lines[1].startswith(":tags:")
    assert lines[-1] == "```"
    return "\n".join(lines[2:-1])


def test_only_pages_that_run_code_get_the_cell():
    without_code = NOTEBOOK_PAGE.split("```")[0]
    plain = "# A page\n\n```{code-cell} ipython3\nprint(1)\n```\n"  # no kernelspec
    for text, expected in ((NOTEBOOK_PAGE, True), (without_code, False), (plain, False)):
        source = [text]
        page_versions._append_cell(None, "page", source)
        assert page_versions.runs_code(text) is expected
        assert (page_versions.CELL_TAG in source[0]) is expected
        assert source[0].startswith(text.rstrip("\n"))


def test_the_cell_records_the_libraries_the_run_imported():
    """In a fresh interpreter that imported NumPy alone, the cell glues NumPy's version and
    nothing else (myst-nb's glue replaced by a print)."""
    fake_glue = (
        "import json, sys, types\n"
        "module = types.ModuleType('myst_nb')\n"
        "module.glue = lambda name, value, display: print(json.dumps([name, value, display]))\n"
        "sys.modules['myst_nb'] = module\n"
        "import numpy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", fake_glue + cell_code()],
        capture_output=True,
        text=True,
        check=True,
    )
    name, value, display = json.loads(done.stdout)
    assert (name, value, display) == (page_versions.GLUE_KEY, {"numpy": np.__version__}, False)


def test_versions_are_shown_in_a_fixed_order():
    recorded = {"torch": "2.13.0+cpu", "numpy": "2.4.6", "keras": "3.15.1"}
    assert page_versions.shown(recorded) == ["Keras 3.15.1", "NumPy 2.4.6", "PyTorch 2.13.0+cpu"]
