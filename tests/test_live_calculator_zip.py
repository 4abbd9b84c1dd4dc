"""The package as the in-browser calculator receives it (docs/_ext/live_calculator.py): one zip
of every module, imported from the zip alone, with NumPy unimportable, as Pyodide imports it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "docs" / "_ext"), str(ROOT / "docs")]
from live_calculator import package_zip_name, write_package_zip  # noqa: E402

FROM_ZIP = """
import importlib.abc, json, sys

class NoNumpy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "numpy":
            raise ImportError(f"No module named {name!r} (blocked)", name=name)

sys.meta_path.insert(0, NoNumpy())
sys.path[:] = [sys.argv[1]] + [p for p in sys.path if "site-packages" not in p and p not in ("", ".")]
from lstm_explained.browser import calculate
import lstm_explained
data = json.loads(calculate(["summary", "--input=5,2", "--json", "--", "LSTM(64)", "Dense(1)"]))
print(json.dumps({"file": lstm_explained.__file__, "total": data["total_params"]}))
"""


def test_the_zip_holds_every_module_and_runs_without_numpy(tmp_path: Path) -> None:
    archive = write_package_zip(tmp_path)
    assert archive.name == package_zip_name()
    with zipfile.ZipFile(archive) as opened:
        names = sorted(opened.namelist())
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "lstm_explained").rglob("*.py")
        if "__pycache__" not in path.parts
    )
    assert names == modules
    done = subprocess.run(
        [sys.executable, "-I", "-c", FROM_ZIP, str(archive)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["file"].startswith(str(archive)), result
    assert result["total"] == 4 * (2 * 64 + 64 * 64 + 64) + 65


def test_the_same_sources_give_the_same_zip(tmp_path: Path) -> None:
    first = write_package_zip(tmp_path / "a").read_bytes()
    second = write_package_zip(tmp_path / "b").read_bytes()
    assert first == second
