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

from ._util import fmt_shape, one_line, wrap
from .errors import SpecError
from .numpy_model import numpy_predict  # NumPy only; here beside the models it runs
from .shapes import summarize
from .specs import SUPPORTED_LAYERS, LayerSpec, parse_input_shape, parse_layer
from .summary import ModelSummary, Shape

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
        raise SpecError(f"Keras rejects {spec}: {one_line(exc)}") from None


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
    return _sequential(per_sample, specs, batch=batch, seed=seed)


def _sequential(
    per_sample: Shape | None,
    specs: list[LayerSpec],
    *,
    batch: int | None = None,
    seed: int | None = None,
) -> Any:
    """``keras.Sequential`` of the layers after a fresh session, starting with ``keras.Input``
    unless ``per_sample`` is None (then Keras takes the input from the first layer's
    ``input_shape=``)."""
    keras.backend.clear_session()
    if seed is not None:
        set_seed(seed)
    with warnings.catch_warnings():
        # input_shape= on a layer: the calculator already notes what Keras 3 does with it.
        warnings.filterwarnings("ignore", message=".*input_shape.*", category=UserWarning)
        built = [build_layer(spec) for spec in specs]
        start = [] if per_sample is None else [keras.Input(shape=per_sample, batch_size=batch)]
        return keras.Sequential([*start, *built])


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
            f"Input shape: {fmt_shape(self.summary.input_shape)}    compared with Keras "
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
                # Split at every ", ", inside shapes too, as this table always has.
                out.extend(wrap(f"  {mark} {row.what:<8} ", value.split(", ")))
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


def _fmt_shapes(shapes: Iterable[Sequence[Any]]) -> str:
    return ", ".join(fmt_shape(s) for s in shapes)


def _fmt_weights(weights: Iterable[tuple[str, Sequence[int]]]) -> str:
    return ", ".join(f"{name} {fmt_shape(shape)}" for name, shape in weights) or "-"


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
    check = KerasCheck(summary=ours)
    if input_shape is None and batch is None:
        # The calculator took the model input from input_shape= of the first layer: Keras is
        # left to do the same (no keras.Input), and the two model inputs are compared too.
        model = _sequential(None, specs)
        keras_input = fmt_shape(tuple(model.inputs[0].shape))
        check.rows.append(
            CheckRow("Model input", "shape", fmt_shape(ours.input_shape), keras_input)
        )
    else:
        model = build_model(ours.input_shape[1:], specs, batch=batch)
    theirs = keras_facts(model)
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
