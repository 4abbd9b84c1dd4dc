"""LSTM Explained: the companion package of the book.

The core needs only NumPy. Keras is imported by :mod:`lstm_explained.keras_bridge`
alone, and matplotlib by :mod:`lstm_explained.figures`; neither is imported here. PyTorch is
never imported: :mod:`lstm_explained.torch_weights` converts weights with NumPy alone.

>>> from lstm_explained import summarize
>>> summarize("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]).total_params
29568
"""

from __future__ import annotations

from importlib import metadata as _metadata

from .errors import SpecError
from .forward import (
    GATES,
    gate_blocks,
    gate_slice,
    lstm_trace,
    numpy_gru,
    numpy_lstm,
    numpy_simple_rnn,
)
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
from .torch_weights import keras_to_torch, torch_to_keras

try:
    __version__ = _metadata.version("lstm-explained")
except _metadata.PackageNotFoundError:  # a source tree on sys.path, never installed
    __version__ = "0+unknown"

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
