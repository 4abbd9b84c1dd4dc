"""The Keras code of a model: what to paste into a script to build the stack the calculator
describes, as :func:`lstm_explained.keras_bridge.build_model` builds it.

Pure Python, like the calculator: the book's in-browser calculator shows this code next to
the shapes (it runs where Keras is not installed).

>>> print(keras_code("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]))
import keras
<BLANKLINE>
model = keras.Sequential([
    keras.Input(shape=(5, 2)),
    keras.layers.LSTM(64, return_sequences=True),
    keras.layers.LSTM(32),
])
model.summary()
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import SpecError
from .specs import LayerSpec, parse_input_shape, parse_layer

__all__ = ["keras_code", "layer_code"]


def layer_code(layer: str | LayerSpec) -> str:
    """One layer as Keras code, wrapped layers included; the arguments as written.

    >>> layer_code("Bidirectional(LSTM(8, return_sequences=True), merge_mode='sum')")
    "keras.layers.Bidirectional(keras.layers.LSTM(8, return_sequences=True), merge_mode='sum')"
    """
    spec = layer if isinstance(layer, LayerSpec) else parse_layer(layer)
    parts = [layer_code(a) if isinstance(a, LayerSpec) else repr(a) for a in spec.args]
    parts += [
        f"{key}={layer_code(value) if isinstance(value, LayerSpec) else repr(value)}"
        for key, value in spec.kwargs.items()
    ]
    return f"keras.layers.{spec.type}({', '.join(parts)})"


def keras_code(
    input_shape: str | Iterable[int | None],
    layers: Iterable[str | LayerSpec],
    *,
    batch: int | None = None,
) -> str:
    """A ``keras.Sequential`` of ``layers`` after ``keras.Input`` with the per-sample
    ``input_shape`` (and ``batch_size`` when ``batch`` is given), then ``model.summary()``.

    The layers are not checked here: give it a model :func:`~lstm_explained.shapes.summarize`
    accepts.

    >>> print(keras_code("None,2", ["GRU(4)"], batch=32).splitlines()[3])
        keras.Input(shape=(None, 2), batch_size=32),
    """
    shape = parse_input_shape(input_shape)
    if batch is not None and (isinstance(batch, bool) or not isinstance(batch, int) or batch <= 0):
        raise SpecError(f"batch size must be a positive integer, got {batch!r}")
    model_input = f"shape={shape!r}" + ("" if batch is None else f", batch_size={batch}")
    lines = [f"    keras.Input({model_input}),"]
    lines += [f"    {layer_code(layer)}," for layer in layers]
    return "\n".join(
        ["import keras", "", "model = keras.Sequential([", *lines, "])", "model.summary()"]
    )
