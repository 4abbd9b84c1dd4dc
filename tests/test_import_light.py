"""``import lstm_explained`` stays light: NumPy only, never TensorFlow, Keras, PyTorch or matplotlib.

Run in a fresh interpreter, because the test session itself imports Keras.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("tensorflow", "keras", "matplotlib", "jax", "torch")

CODE = """
import json, sys
import lstm_explained
from lstm_explained import cli, forward, shapes, specs, torch_weights
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def test_importing_the_package_and_cli_loads_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert "numpy" in loaded
    assert not loaded.intersection(HEAVY), sorted(loaded.intersection(HEAVY))


def test_the_bridge_does_load_keras() -> None:
    code = "import sys, lstm_explained.keras_bridge; print('keras' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "True"


# The book's in-browser calculator runs the package in Pyodide with the standard library alone:
# with NumPy unimportable, the package, the command line and the browser entry point must
# still import and compute, and only the NumPy names fail, when they are used.
WITHOUT_NUMPY = """
import importlib.abc, json, sys

class NoNumpy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "numpy":
            raise ImportError(f"No module named {name!r} (blocked)", name=name)
        return None

sys.meta_path.insert(0, NoNumpy())
import lstm_explained
from lstm_explained import browser, cli, keras_code, shapes, specs
total = lstm_explained.summarize("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]).total_params
page = json.loads(browser.calculate(["summary", "--input=5,2", "--json", "--", "GRU(3)"]))
wrong = json.loads(browser.calculate(["summary", "--input=5,2", "--json", "--", "LSTM(4, unit=3)"]))
try:
    lstm_explained.numpy_lstm
except ImportError as exc:
    lazy = str(exc)
else:
    lazy = "imported"
print(json.dumps({
    "total": total, "page": page["total_params"], "wrong": wrong["error"], "lazy": lazy,
    "loaded": sorted({m.split('.')[0] for m in sys.modules}),
}))
"""


def test_the_calculator_needs_no_numpy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_NUMPY], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["total"] == 29568
    assert result["page"] == 3 * (2 * 3 + 3 * 3 + 2 * 3)
    assert result["wrong"].startswith("unknown keyword 'unit'"), result["wrong"]
    assert "blocked" in result["lazy"], result["lazy"]
    assert "numpy" not in result["loaded"]


def test_every_public_name_resolves() -> None:
    code = (
        "import json, lstm_explained as m; "
        "print(json.dumps([n for n in m.__all__ if getattr(m, n, None) is None]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == []
