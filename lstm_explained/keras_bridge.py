"""The bridge to real Keras 3: the only module of the package that imports Keras.

It builds the model the calculator describes from the same layer specs
(:func:`build_model`), names each weight of a layer (:func:`named_weights`), reads back
what Keras itself reports (:func:`keras_facts`, :func:`summary_text`), compares the two
(:func:`check_keras`), and runs a built ``Sequential`` model entirely in NumPy
(:func:`numpy_predict`) so that the book can show our forward passes equal Keras.

>>> from lstm_explained.keras_bridge import build_model, named_weights
>>> model = build_model("8,8", ["LSTM(10)"], seed=0)
>>> [(name, w.shape) for name, w in named_weights(model.layers[0])]
[('kernel', (8, 40)), ('recurrent_kernel', (10, 40)), ('bias', (40,))]
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

from .errors import SpecError
from .forward import ACTIVATIONS, numpy_gru, numpy_lstm, numpy_simple_rnn
from .shapes import ModelSummary, summarize
from .specs import SUPPORTED_LAYERS, LayerSpec, parse_input_shape, parse_layer

__all__ = [
    "CheckRow",
    "KerasCheck",
    "build_layer",
    "build_model",
    "check_keras",
    "keras_facts",
    "named_weights",
    "numpy_predict",
    "set_seed",
    "summary_text",
]

Array = np.ndarray
Shape = tuple[int | None, ...]


# ---------------------------------------------------------------------------------------
# Building models
# ---------------------------------------------------------------------------------------


def set_seed(seed: int = 0) -> None:
    """Seed Python, NumPy and Keras so that a page renders the same numbers on every build.

    >>> set_seed(0); a = build_model("3,2", ["Dense(2)"]).get_weights()[0]
    >>> set_seed(0); b = build_model("3,2", ["Dense(2)"]).get_weights()[0]
    >>> bool((a == b).all())
    True
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise SpecError(f"seed must be a non-negative integer, got {seed!r}")
    keras.utils.set_random_seed(seed)


def _as_spec(layer: str | LayerSpec) -> LayerSpec:
    if isinstance(layer, LayerSpec):
        return layer
    if isinstance(layer, str):
        return parse_layer(layer)
    raise SpecError(
        f"a layer must be a string such as 'LSTM(32)' or a LayerSpec, got {type(layer).__name__}"
    )


def build_layer(spec: str | LayerSpec) -> Any:
    """The Keras layer a spec describes, e.g. ``build_layer("LSTM(4)")`` → ``keras.layers.LSTM``.

    Wrapped layers (``Bidirectional(LSTM(4))``) are built recursively. The spec is only
    parsed, never evaluated; Keras' own complaints about its arguments become a
    :class:`~lstm_explained.errors.SpecError`.

    >>> type(build_layer("Bidirectional(GRU(3), merge_mode='sum')").forward_layer).__name__
    'GRU'
    """
    spec = _as_spec(spec)
    args = [build_layer(a) if isinstance(a, LayerSpec) else a for a in spec.args]
    kwargs = {k: build_layer(v) if isinstance(v, LayerSpec) else v for k, v in spec.kwargs.items()}
    cls = getattr(keras.layers, spec.type, None)
    if cls is None or spec.type not in SUPPORTED_LAYERS:
        raise SpecError(f"unknown layer {spec.type!r}; use one of: {', '.join(SUPPORTED_LAYERS)}")
    try:
        return cls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        raise SpecError(f"Keras rejects {spec}: {_one_line(exc)}") from None


def build_model(
    input_shape: str | Iterable[int | None],
    layers: Iterable[str | LayerSpec],
    *,
    batch: int | None = None,
    seed: int | None = None,
) -> Any:
    """A built ``keras.Sequential``: ``keras.Input(shape=input_shape, batch_size=batch)``, then
    the layers.

    ``input_shape`` is per sample, e.g. ``"5,2"`` or ``(None, 2)``. The model is checked
    with :func:`~lstm_explained.shapes.summarize` first, so a mistake gets the calculator's
    explanation instead of a Keras traceback. Layer names restart at ``lstm``, ``lstm_1``…
    for every model, as in a fresh Python session (and as the calculator names them).
    ``seed`` calls :func:`set_seed` first.

    >>> model = build_model("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"])
    >>> [layer.name for layer in model.layers], model.count_params()
    (['lstm', 'lstm_1'], 29568)
    >>> build_model("5,2", ["LSTM(64)", "LSTM(32)"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: ...return_sequences=True...
    """
    specs = [_as_spec(layer) for layer in layers]
    per_sample = parse_input_shape(input_shape)
    summarize(per_sample, specs, batch=batch)
    keras.backend.clear_session()
    if seed is not None:
        set_seed(seed)
    with warnings.catch_warnings():
        # input_shape= on a layer: the calculator already notes that Keras 3 ignores it.
        warnings.filterwarnings("ignore", message=".*input_shape.*", category=UserWarning)
        built = [build_layer(spec) for spec in specs]
        model = keras.Sequential([keras.Input(shape=per_sample, batch_size=batch), *built])
    return model


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


# ---------------------------------------------------------------------------------------
# Reading a model back
# ---------------------------------------------------------------------------------------


def _weight_name(path: str) -> str:
    """``bidirectional/forward_lstm/lstm_cell/kernel`` → ``forward_kernel``."""
    parts = path.split("/")
    direction = next(
        (p.split("_")[0] for p in parts[:-1] if p.startswith(("forward_", "backward_"))), None
    )
    return f"{direction}_{parts[-1]}" if direction else parts[-1]


def named_weights(layer: Any) -> list[tuple[str, Array]]:
    """A layer's ``get_weights()`` with a name for each array, in the same order.

    Names are Keras' own (``kernel``, ``recurrent_kernel``, ``bias``, ``embeddings``);
    a ``Bidirectional`` layer's are prefixed ``forward_`` and ``backward_``.

    >>> model = build_model("6,3", ["Bidirectional(SimpleRNN(2))"])
    >>> [(n, w.shape) for n, w in named_weights(model.layers[0])]  # doctest: +NORMALIZE_WHITESPACE
    [('forward_kernel', (3, 2)), ('forward_recurrent_kernel', (2, 2)), ('forward_bias', (2,)),
     ('backward_kernel', (3, 2)), ('backward_recurrent_kernel', (2, 2)), ('backward_bias', (2,))]
    """
    if not hasattr(layer, "weights") or not hasattr(layer, "get_weights"):
        raise SpecError(f"named_weights needs a Keras layer, got {type(layer).__name__}")
    if not layer.built:
        raise SpecError(
            f"layer {layer.name!r} has no weights yet: build it first, e.g. call it on an "
            "input or put it in a model that starts with keras.Input"
        )
    arrays = layer.get_weights()
    return [(_weight_name(w.path), a) for w, a in zip(layer.weights, arrays, strict=True)]


def _output_shapes(layer: Any) -> list[Shape]:
    out = layer.output
    outs = list(out) if isinstance(out, list | tuple) else [out]
    return [tuple(o.shape) for o in outs]


def keras_facts(model: Any) -> list[dict[str, Any]]:
    """What Keras reports for each layer of a built model: name, type, output shapes,
    weight names and shapes (``get_weights()`` order) and the parameter count.

    >>> keras_facts(build_model("5,2", ["LSTM(3)"]))  # doctest: +NORMALIZE_WHITESPACE
    [{'name': 'lstm', 'type': 'LSTM', 'output_shapes': [(None, 3)],
      'weights': [('kernel', (2, 12)), ('recurrent_kernel', (3, 12)), ('bias', (12,))],
      'params': 72}]
    """
    return [
        {
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shapes": _output_shapes(layer),
            "weights": [(name, tuple(a.shape)) for name, a in named_weights(layer)],
            "params": int(layer.count_params()),
        }
        for layer in model.layers
    ]


def summary_text(model: Any, *, line_length: int | None = None) -> str:
    """``model.summary()`` as a string (Keras 3's table, with its totals), for pages and tests.

    >>> print(summary_text(build_model("8,8", ["LSTM(10)"])))  # doctest: +ELLIPSIS
    Model: "sequential"
    ...
    │ lstm (LSTM)                     │ (None, 10)             │         760 │
    ...
     Total params: 760 (2.97 KB)
    ...
    """
    parts: list[str] = []

    def collect(text: str, line_break: bool | None = None) -> None:
        parts.append(text)

    model.summary(print_fn=collect, line_length=line_length)
    return "\n".join(part.rstrip("\n") for part in parts).rstrip()


# ---------------------------------------------------------------------------------------
# The calculator side by side with Keras
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    """One compared value: a layer's output shapes, weights or count, or the total."""

    layer: str
    what: str
    ours: str
    keras: str

    @property
    def agree(self) -> bool:
        return self.ours == self.keras


@dataclass
class KerasCheck:
    """The calculator's summary and Keras' own report of the same model, row by row."""

    summary: ModelSummary
    rows: list[CheckRow] = field(default_factory=list)
    keras_version: str = field(default_factory=lambda: keras.__version__)

    @property
    def agree(self) -> bool:
        return all(row.agree for row in self.rows)

    @property
    def disagreements(self) -> list[CheckRow]:
        return [row for row in self.rows if not row.agree]

    def to_text(self) -> str:
        """Each layer's values once with ✓ where Keras agrees; both values where it does not."""
        out = [
            f"Input shape: {_fmt(self.summary.input_shape)}    compared with Keras "
            f"{self.keras_version}",
            "─" * 72,
        ]
        previous = None
        for row in self.rows:
            if row.layer != previous and row.what:
                out.append(row.layer)
            previous = row.layer
            value = row.ours if row.agree else f"ours {row.ours}  ≠  Keras {row.keras}"
            mark = "✓" if row.agree else "✗"
            if row.what:
                out.extend(_wrap(f"  {mark} {row.what:<8} ", value))
            else:
                out.append("─" * 72)
                out.append(f"{mark} {row.layer}: {value}")
        bad = self.disagreements
        out.append(
            f"✓ {len(self.rows)}/{len(self.rows)} agree"
            if not bad
            else f"✗ {len(bad)}/{len(self.rows)} differ: "
            + "; ".join(f"{r.layer} {r.what}".strip() for r in bad)
        )
        return "\n".join(out)

    def __str__(self) -> str:
        return self.to_text()


def _fmt(shape: Sequence[Any]) -> str:
    return (
        "("
        + ", ".join("None" if d is None else str(d) for d in shape)
        + ("," if len(shape) == 1 else "")
        + ")"
    )


def _wrap(head: str, text: str, width: int = 100) -> list[str]:
    """``head`` then ``text``, broken after commas so that no line passes ``width``."""
    lines, current = [], head
    for piece in text.split(", "):
        candidate = piece if current == head else f"{current}, {piece}"
        if current != head and len(candidate) > width:
            lines.append(current + ",")
            current = " " * len(head) + piece
        else:
            current = head + piece if current == head else candidate
    lines.append(current)
    return lines


def _fmt_shapes(shapes: Iterable[Sequence[Any]]) -> str:
    return ", ".join(_fmt(s) for s in shapes)


def _fmt_weights(weights: Iterable[tuple[str, Sequence[int]]]) -> str:
    return ", ".join(f"{name} {_fmt(shape)}" for name, shape in weights) or "-"


def check_keras(
    input_shape: str | Iterable[int | None],
    layers: Iterable[str | LayerSpec],
    *,
    batch: int | None = None,
) -> KerasCheck:
    """Build the model in Keras and compare every shape and count with the calculator.

    >>> check = check_keras("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"])
    >>> check.agree, len(check.rows)
    (True, 7)
    >>> print(check.to_text().splitlines()[-1])
    ✓ 7/7 agree
    """
    specs = [_as_spec(layer) for layer in layers]
    ours = summarize(input_shape, specs, batch=batch)
    model = build_model(ours.input_shape[1:], specs, batch=batch)
    theirs = keras_facts(model)
    check = KerasCheck(summary=ours)
    for mine, real in zip(ours.layers, theirs, strict=True):
        label = f"{real['name']} ({real['type']})"
        if mine.name != real["name"] or mine.type != real["type"]:
            check.rows.append(CheckRow(label, "layer", f"{mine.name} ({mine.type})", label))
        check.rows += [
            CheckRow(
                label, "output", _fmt_shapes(mine.output_shapes), _fmt_shapes(real["output_shapes"])
            ),
            CheckRow(
                label,
                "weights",
                _fmt_weights((w.name, w.shape) for w in mine.weights),
                _fmt_weights(real["weights"]),
            ),
            CheckRow(label, "params", str(mine.params), str(real["params"])),
        ]
    check.rows.append(
        CheckRow("Total params", "", str(ours.total_params), str(model.count_params()))
    )
    return check


# ---------------------------------------------------------------------------------------
# Running a Keras model in NumPy
# ---------------------------------------------------------------------------------------


def _softmax(x: Array) -> Array:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


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


def _conv1d(layer: Any, x: Array) -> Array:
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
    return _act(layer, config["activation"])(y)


def _max_pooling1d(layer: Any, x: Array) -> Array:
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
    return x[:, starts[:, None] + np.arange(size)[None, :], :].max(axis=2)


def _apply(layer: Any, x: Any, mask: Array | None) -> tuple[Any, Array | None]:
    """One layer in NumPy: (output, mask passed on), with Keras 3's mask propagation."""
    kind = type(layer).__name__
    if kind in _CELLS:
        return _rnn(layer, x, mask)
    if kind == "Bidirectional":
        return _bidirectional(layer, x, mask)
    if kind == "Dense":
        weights = layer.get_weights()
        y = x @ weights[0]
        if layer.use_bias:
            y = y + weights[1]
        return _act(layer, layer.get_config()["activation"])(y).astype(np.float32), mask
    if kind == "Embedding":
        (table,) = layer.get_weights()
        ids = np.asarray(x).astype(np.int64)
        if ids.min(initial=0) < 0 or ids.max(initial=0) >= table.shape[0]:
            raise SpecError(
                f"Embedding {layer.name!r} takes ids in 0..{table.shape[0] - 1}, "
                f"got {ids.min()}..{ids.max()}"
            )
        return table[ids], (ids != 0 if layer.mask_zero else None)
    if kind == "Dropout":
        return x, mask
    if kind == "Flatten":
        return x.reshape(x.shape[0], -1), None
    if kind == "RepeatVector":
        return np.repeat(x[:, None, :], layer.n, axis=1), None
    if kind == "Conv1D":
        return _conv1d(layer, x).astype(np.float32), None
    if kind == "MaxPooling1D":
        return _max_pooling1d(layer, x), None
    if kind == "TimeDistributed":
        batch, steps = x.shape[:2]
        # The wrapped layer sees one timestep at a time; the time mask passes around it.
        y, _ = _apply(layer.layer, x.reshape(batch * steps, *x.shape[2:]), None)
        return y.reshape(batch, steps, *y.shape[1:]), mask
    raise SpecError(
        f"numpy_predict cannot run layer {layer.name!r} ({kind}); supported: {', '.join(SUPPORTED_LAYERS)}"
    )


def numpy_predict(model: Any, x: Any) -> Any:
    """Run a built ``keras.Sequential`` of supported layers in NumPy, with Keras' weights.

    Recurrent layers use :func:`~lstm_explained.forward.numpy_lstm` and its siblings;
    masks from ``Embedding(mask_zero=True)`` are passed on as Keras 3 passes them.
    The result equals ``model.predict(x)`` to float32 precision.

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
