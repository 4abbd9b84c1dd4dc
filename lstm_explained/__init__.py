"""LSTM Explained: the companion package of the book.

The core needs only NumPy. Keras is imported by :mod:`lstm_explained.keras_bridge`
alone, and matplotlib by :mod:`lstm_explained.figures`; neither is imported here. PyTorch is
never imported: :mod:`lstm_explained.torch_weights` converts weights with NumPy alone.

The shape calculator needs nothing but Python: the names whose modules need NumPy (the
forward passes and the PyTorch weight conversion) are imported when first used (PEP 562), so
``import lstm_explained`` works where NumPy is missing, as in the book's calculator that runs
in the reader's browser.

>>> from lstm_explained import summarize
>>> summarize("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]).total_params
29568
"""

from __future__ import annotations

import importlib
from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

from .errors import SpecError
from .shapes import (
    LayerSummary,
    ModelSummary,
    WeightShape,
    gru_params,
    lstm_params,
    simple_rnn_params,
    summarize,
)
from .specs import SUPPORTED_LAYERS, LayerSpec, parse_input_shape, parse_layer, parse_layers

if TYPE_CHECKING:  # what the names below are, for type checkers and editors
    from .forward import (
        GATES,
        gate_blocks,
        gate_slice,
        lstm_trace,
        numpy_gru,
        numpy_lstm,
        numpy_simple_rnn,
    )
    from .torch_weights import keras_to_torch, torch_to_keras

try:
    __version__ = _metadata.version("lstm-explained")
except _metadata.PackageNotFoundError:  # a source tree on sys.path, never installed
    __version__ = "0+unknown"

#: Public names whose module needs NumPy: imported on first access (PEP 562).
_LAZY = {
    "GATES": "forward",
    "gate_blocks": "forward",
    "gate_slice": "forward",
    "lstm_trace": "forward",
    "numpy_gru": "forward",
    "numpy_lstm": "forward",
    "numpy_simple_rnn": "forward",
    "keras_to_torch": "torch_weights",
    "torch_to_keras": "torch_weights",
}


def __getattr__(name: str) -> Any:
    """``lstm_explained.numpy_lstm`` and the other NumPy names, imported when first used.

    >>> import lstm_explained
    >>> lstm_explained.numpy_lstm.__module__
    'lstm_explained.forward'
    """
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "GATES",
    "SUPPORTED_LAYERS",
    "LayerSpec",
    "LayerSummary",
    "ModelSummary",
    "SpecError",
    "WeightShape",
    "__version__",
    "gate_blocks",
    "gate_slice",
    "gru_params",
    "keras_to_torch",
    "lstm_params",
    "lstm_trace",
    "numpy_gru",
    "numpy_lstm",
    "numpy_simple_rnn",
    "parse_input_shape",
    "parse_layer",
    "parse_layers",
    "simple_rnn_params",
    "summarize",
    "torch_to_keras",
]
