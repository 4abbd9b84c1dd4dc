"""A built Keras ``Sequential`` model run in NumPy, with the model's own weights.

:func:`numpy_predict` reads each layer's configuration and ``get_weights()`` and computes what
``model.predict`` computes, with :mod:`lstm_explained.forward` for the recurrent layers. It
never imports Keras: it only reads the model it is given, so that the book can show that its
NumPy forward passes equal Keras (:mod:`lstm_explained.keras_bridge` re-exports it, next to
the functions that build such models).

Each supported layer type has one function in :data:`LAYERS`: ``(layer, x, mask)`` to
``(output, mask passed on)``, with Keras 3's mask propagation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import SpecError
from .forward import ACTIVATIONS, numpy_gru, numpy_lstm, numpy_simple_rnn
from .specs import SUPPORTED_LAYERS

__all__ = ["LAYERS", "numpy_predict"]

Array = np.ndarray
#: One layer in NumPy: ``(layer, x, mask)`` to ``(output, the mask passed on)``.
LayerFunction = Callable[[Any, Any, Array | None], tuple[Any, Array | None]]


def _softmax(x: Array) -> Array:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    softmax: Array = e / e.sum(axis=-1, keepdims=True)
    return softmax


_OUTPUT_ACTIVATIONS = {**ACTIVATIONS, "softmax": _softmax}


def _act(layer: Any, name: Any) -> Any:
    if name is None:
        return ACTIVATIONS["linear"]
    if not isinstance(name, str) or name not in _OUTPUT_ACTIVATIONS:
        raise SpecError(
            f"numpy_predict cannot run activation {name!r} of layer {layer.name!r}; "
            f"supported: {', '.join(sorted(_OUTPUT_ACTIVATIONS))}"
        )
    return _OUTPUT_ACTIVATIONS[name]


_CELLS = {"LSTM": numpy_lstm, "GRU": numpy_gru, "SimpleRNN": numpy_simple_rnn}


def _rnn(layer: Any, x: Array, mask: Array | None) -> tuple[Any, Array | None]:
    kind = type(layer).__name__
    config = layer.get_config()
    weights = layer.get_weights()
    bias = weights[2] if config["use_bias"] else None
    keywords: dict[str, Any] = {
        "return_sequences": config["return_sequences"],
        "return_state": config["return_state"],
        "go_backwards": config["go_backwards"],
        "mask": mask,
        "activation": config["activation"],
    }
    if kind in ("LSTM", "GRU"):
        keywords["recurrent_activation"] = config["recurrent_activation"]
    if kind == "GRU":
        keywords["reset_after"] = config["reset_after"]
    if config.get("stateful"):
        raise SpecError(
            f"numpy_predict runs each batch from zero states; layer {layer.name!r} is stateful"
        )
    out = _CELLS[kind](x, weights[0], weights[1], bias, **keywords)
    if mask is not None and config["return_sequences"] and layer.zero_output_for_mask:
        # Outputs come in the order the layer walked the sequence, reversed for go_backwards.
        zero = (mask[:, ::-1] if config["go_backwards"] else mask)[:, :, None]
        if config["return_state"]:
            out = [np.where(zero, out[0], 0.0).astype(np.float32), *out[1:]]
        else:
            out = np.where(zero, out, 0.0).astype(np.float32)
    return out, (mask if config["return_sequences"] else None)


def _bidirectional(layer: Any, x: Array, mask: Array | None) -> tuple[Any, Array | None]:
    forward, _ = _rnn(layer.forward_layer, x, mask)
    backward, _ = _rnn(layer.backward_layer, x, mask)
    if layer.return_state:
        f_states, b_states = forward[1:], backward[1:]
        forward, backward = forward[0], backward[0]
    if layer.return_sequences:
        backward = backward[:, ::-1]
    mode = layer.merge_mode
    if mode == "concat":
        merged: Any = np.concatenate([forward, backward], axis=-1)
    elif mode == "sum":
        merged = forward + backward
    elif mode == "ave":
        merged = (forward + backward) / 2
    elif mode == "mul":
        merged = forward * backward
    else:
        merged = [forward, backward]
    out_mask = mask if layer.return_sequences else None
    if layer.return_state:
        head = merged if isinstance(merged, list) else [merged]
        return [*head, *f_states, *b_states], out_mask
    return merged, out_mask


def _too_short(layer: Any, length: int, window: int) -> str:
    return (
        f"layer {layer.name!r} needs at least {window} timesteps, got {length}; "
        "use padding='same' or a longer sequence"
    )


def _conv1d(layer: Any, x: Array, mask: Array | None) -> tuple[Array, None]:
    config = layer.get_config()
    if config.get("data_format", "channels_last") != "channels_last":
        raise SpecError(f"numpy_predict runs Conv1D with channels_last only ({layer.name!r})")
    weights = layer.get_weights()
    kernel = weights[0]
    (size,), (stride,), (dilation,) = (
        config["kernel_size"],
        config["strides"],
        config["dilation_rate"],
    )
    groups = config.get("groups", 1)
    span = (size - 1) * dilation + 1
    length = x.shape[1]
    if config["padding"] == "causal":
        x = np.pad(x, ((0, 0), (span - 1, 0), (0, 0)))
    elif config["padding"] == "same":
        out_len = -(-length // stride)
        total = max((out_len - 1) * stride + span - length, 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    out_len = (x.shape[1] - span) // stride + 1
    if out_len <= 0:
        raise SpecError(_too_short(layer, length, span))
    starts = np.arange(out_len) * stride
    # windows: (batch, out_len, size, channels)
    windows = x[:, starts[:, None] + np.arange(size)[None, :] * dilation, :]
    in_per, out_per = kernel.shape[1], kernel.shape[2] // groups
    outs = [
        np.einsum(
            "blkc,kcf->blf",
            windows[..., g * in_per : (g + 1) * in_per],
            kernel[:, :, g * out_per : (g + 1) * out_per],
        )
        for g in range(groups)
    ]
    y = np.concatenate(outs, axis=-1)
    if config["use_bias"]:
        y = y + weights[1]
    return _act(layer, config["activation"])(y).astype(np.float32), None


def _max_pooling1d(layer: Any, x: Array, mask: Array | None) -> tuple[Array, None]:
    config = layer.get_config()
    if config.get("data_format", "channels_last") != "channels_last":
        raise SpecError(f"numpy_predict runs MaxPooling1D with channels_last only ({layer.name!r})")
    (size,) = config["pool_size"]
    (stride,) = config["strides"]
    length = x.shape[1]
    if config["padding"] == "same":
        out_len = -(-length // stride)
        total = max((out_len - 1) * stride + size - length, 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)), constant_values=-np.inf)
    out_len = (x.shape[1] - size) // stride + 1
    if out_len <= 0:
        raise SpecError(_too_short(layer, length, size))
    starts = np.arange(out_len) * stride
    return x[:, starts[:, None] + np.arange(size)[None, :], :].max(axis=2), None


def _dense(layer: Any, x: Array, mask: Array | None) -> tuple[Array, Array | None]:
    weights = layer.get_weights()
    y = x @ weights[0]
    if layer.use_bias:
        y = y + weights[1]
    return _act(layer, layer.get_config()["activation"])(y).astype(np.float32), mask


def _embedding(layer: Any, x: Any, mask: Array | None) -> tuple[Array, Array | None]:
    (table,) = layer.get_weights()
    ids = np.asarray(x).astype(np.int64)
    if ids.min(initial=0) < 0 or ids.max(initial=0) >= table.shape[0]:
        raise SpecError(
            f"Embedding {layer.name!r} takes ids in 0..{table.shape[0] - 1}, "
            f"got {ids.min()}..{ids.max()}"
        )
    return table[ids], (ids != 0 if layer.mask_zero else None)


def _dropout(layer: Any, x: Array, mask: Array | None) -> tuple[Array, Array | None]:
    return x, mask  # inference: dropout does nothing


def _flatten(layer: Any, x: Array, mask: Array | None) -> tuple[Array, Array | None]:
    return x.reshape(x.shape[0], -1), None


def _repeat_vector(layer: Any, x: Array, mask: Array | None) -> tuple[Array, Array | None]:
    return np.repeat(x[:, None, :], layer.n, axis=1), None


def _time_distributed(layer: Any, x: Array, mask: Array | None) -> tuple[Array, Array | None]:
    batch, steps = x.shape[:2]
    # The wrapped layer sees one timestep at a time; the time mask passes around it.
    y, _ = _apply(layer.layer, x.reshape(batch * steps, *x.shape[2:]), None)
    return y.reshape(batch, steps, *y.shape[1:]), mask


#: The NumPy function of each layer type numpy_predict runs, by Keras class name.
LAYERS: dict[str, LayerFunction] = {
    "LSTM": _rnn,
    "GRU": _rnn,
    "SimpleRNN": _rnn,
    "Bidirectional": _bidirectional,
    "Dense": _dense,
    "TimeDistributed": _time_distributed,
    "Embedding": _embedding,
    "RepeatVector": _repeat_vector,
    "Dropout": _dropout,
    "Flatten": _flatten,
    "Conv1D": _conv1d,
    "MaxPooling1D": _max_pooling1d,
}
assert set(LAYERS) == set(SUPPORTED_LAYERS)


def _apply(layer: Any, x: Any, mask: Array | None) -> tuple[Any, Array | None]:
    """One layer in NumPy: (output, mask passed on), with Keras 3's mask propagation."""
    kind = type(layer).__name__
    if kind not in LAYERS:
        raise SpecError(
            f"numpy_predict cannot run layer {layer.name!r} ({kind}); "
            f"supported: {', '.join(SUPPORTED_LAYERS)}"
        )
    return LAYERS[kind](layer, x, mask)


def numpy_predict(model: Any, x: Any) -> Any:
    """Run a built ``keras.Sequential`` of supported layers in NumPy, with Keras' weights.

    Recurrent layers use :func:`~lstm_explained.forward.numpy_lstm` and its siblings;
    masks from ``Embedding(mask_zero=True)`` are passed on as Keras 3 passes them.
    The result equals ``model.predict(x)`` to float32 precision.

    >>> from lstm_explained.keras_bridge import build_model
    >>> model = build_model("4,3", ["LSTM(5, return_sequences=True)", "Dense(2)"], seed=0)
    >>> x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    >>> bool(np.allclose(numpy_predict(model, x), model.predict(x, verbose=0), atol=1e-5))
    True
    """
    if not hasattr(model, "layers") or not hasattr(model, "inputs"):
        raise SpecError(f"numpy_predict needs a built keras.Sequential, got {type(model).__name__}")
    expected = tuple(model.inputs[0].shape)[1:] if model.inputs else None
    embeds = bool(model.layers) and type(model.layers[0]).__name__ == "Embedding"
    x = np.asarray(x) if embeds else np.asarray(x, dtype=np.float32)
    if expected is not None:
        ok = x.ndim == len(expected) + 1 and all(
            e is None or e == d for e, d in zip(expected, x.shape[1:], strict=True)
        )
        if not ok:
            raise SpecError(
                f"x has shape {x.shape}; the model takes (batch, "
                + ", ".join("None" if e is None else str(e) for e in expected)
                + ")"
            )
    mask = None
    out: Any = x
    for index, layer in enumerate(model.layers):
        if isinstance(out, list):
            raise SpecError(
                f"layer {model.layers[index - 1].name!r} returns a list (return_state=True); "
                "only the last layer of a Sequential model may"
            )
        out, mask = _apply(layer, out, mask)
    return out
