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
