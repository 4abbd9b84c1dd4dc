"""Shape and parameter calculator: what Keras 3 would build, explained as formulas.

Pure Python, no NumPy: given a per-sample input shape and Keras-syntax layer strings,
:func:`summarize` gives every layer's output shape(s), each weight's shape in
``layer.get_weights()`` order, the parameter count with the formula that produces it,
and the total — what ``model.summary()`` shows, plus *why*.

>>> s = summarize("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"])
>>> [layer.output_shapes for layer in s.layers]
[[(None, 5, 64)], [(None, 32)]]
>>> s.layers[0].formula
'4 × (2·64 + 64·64 + 64) = 17152'
>>> s.total_params
29568

Mistakes a learner makes are :class:`~lstm_explained.errors.SpecError` with one line
that says how to fix them:

>>> summarize("5,2", ["LSTM(64)", "LSTM(32)"])
Traceback (most recent call last):
...
lstm_explained.errors.SpecError: LSTM layer 'lstm_1' needs a 3-D input (batch, timesteps, features) but 'lstm' returns (None, 64), only the last step; set return_sequences=True on the previous layer
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ._util import fmt_shape, positive_int
from .arguments import check_initializer_rank
from .errors import SpecError
from .signatures import bind
from .specs import SUPPORTED_LAYERS, LayerSpec, parse_input_shape, parse_layer
from .summary import LayerSummary, ModelSummary, Shape, WeightShape

__all__ = [
    "LayerSummary",
    "ModelSummary",
    "WeightShape",
    "gru_params",
    "lstm_params",
    "simple_rnn_params",
    "summarize",
]

_RECURRENT = ("LSTM", "GRU", "SimpleRNN")
_MERGE_MODES = ("concat", "sum", "mul", "ave", None)

# --------------------------------------------------------------------------------------
# Small public helpers the book uses
# --------------------------------------------------------------------------------------


def lstm_params(input_dim: int, units: int, use_bias: bool = True) -> int:
    """Parameters of one LSTM layer: ``4 × (input_dim·units + units·units + units)``.

    Four gate blocks (i, f, c, o), each with its own input weights, recurrent weights
    and bias. The number of timesteps does not appear.

    >>> lstm_params(2, 64)
    17152
    >>> lstm_params(8, 10, use_bias=False)
    720
    """
    i, u = positive_int(input_dim, "input_dim"), positive_int(units, "units")
    return 4 * (i * u + u * u + (u if use_bias else 0))


def gru_params(input_dim: int, units: int, use_bias: bool = True, reset_after: bool = True) -> int:
    """Parameters of one GRU layer: ``3 × (input_dim·units + units·units + 2·units)``.

    With ``reset_after=True`` (Keras' default) the GRU has two bias vectors, one for the
    input projection and one for the recurrent projection; with ``reset_after=False``, one.

    >>> gru_params(2, 64)
    13056
    >>> gru_params(2, 64, reset_after=False)
    12864
    """
    i, u = positive_int(input_dim, "input_dim"), positive_int(units, "units")
    bias = (2 * u if reset_after else u) if use_bias else 0
    return 3 * (i * u + u * u + bias)


def simple_rnn_params(input_dim: int, units: int, use_bias: bool = True) -> int:
    """Parameters of one SimpleRNN layer: ``input_dim·units + units·units + units``.

    >>> simple_rnn_params(2, 64)
    4288
    """
    i, u = positive_int(input_dim, "input_dim"), positive_int(units, "units")
    return i * u + u * u + (u if use_bias else 0)


# Initializer argument -> the weight it creates (the LSTM's bias initializer is called on
# a 1-D (units,) block when unit_forget_bias=True, which is 1-D like the whole bias).
_INITIALIZED = {
    "kernel_initializer": "kernel",
    "recurrent_initializer": "recurrent_kernel",
    "bias_initializer": "bias",
    "embeddings_initializer": "embeddings",
}


def _check_initializers(spec: LayerSpec, bound: dict[str, Any], built: _Built) -> None:
    """Keras calls an initializer only for weights the layer creates (no bias without use_bias)."""
    shapes = {w.name: w.shape for w in built.weights}
    for key, weight in _INITIALIZED.items():
        if key in bound and weight in shapes:
            check_initializer_rank(spec, key, bound[key], weight, len(shapes[weight]))


def _size(value: Any) -> int:
    """A size argument that :func:`~lstm_explained.signatures.bind` has checked: a positive
    integer, or a 1-tuple of one for the convolution and pooling sizes."""
    size = value[0] if isinstance(value, list | tuple) else value
    assert isinstance(size, int) and size > 0, value
    return size


def _flag(spec: LayerSpec, key: str, bound: dict[str, Any], default: bool) -> bool:
    value = bound.get(key, default)
    if not isinstance(value, bool):
        raise SpecError(f"{key} of {spec} must be True or False, got {value!r}")
    return value


def _choice(
    spec: LayerSpec, key: str, bound: dict[str, Any], default: str, allowed: tuple[str, ...]
) -> str:
    value = bound.get(key, default)
    if isinstance(value, str) and value.lower() in allowed:
        return value.lower()
    raise SpecError(
        f"{key}={value!r} in {spec} is not allowed; use one of {', '.join(map(repr, allowed))}"
    )


def _data_format(spec: LayerSpec, bound: dict[str, Any]) -> None:
    value = bound.get("data_format")
    if value not in (None, "channels_last"):
        raise SpecError(
            f"data_format={value!r} in {spec} is not supported by the calculator; "
            "use the default 'channels_last' (batch, steps, channels)"
        )


# --------------------------------------------------------------------------------------
# Per-layer shape rules
# --------------------------------------------------------------------------------------


@dataclass
class _Built:
    output_shapes: list[Shape]
    weights: list[WeightShape]
    formula_expr: str  # the part before "= total"; "" when the layer has no weights
    multi_output_reason: str = ""  # why there are several outputs, for error messages


def _snake(name: str) -> str:
    # keras.src.utils.naming.to_snake_case
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


class _Namer:
    """Keras' auto names: one counter per prefix, like a fresh Keras session."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, spec: LayerSpec, bound: dict[str, Any]) -> str:
        given = bound.get("name")
        if given is not None:
            if not isinstance(given, str) or not given:
                raise SpecError(f"name of {spec} must be a non-empty string, got {given!r}")
            return given
        prefix = _snake(spec.type)
        n = self.counts.get(prefix, 0)
        self.counts[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"


class _Context:
    def __init__(self) -> None:
        self.namer = _Namer()
        self.names: dict[int, str] = {}  # id(spec) -> name, wrapped layers included
        self.notes: list[str] = []
        self.prev_name: str | None = None
        self.prev_type: str | None = None

    def name_tree(self, spec: LayerSpec) -> str:
        """Name a layer as Keras does: the layer it wraps first, since Python builds that
        argument before the wrapper (TimeDistributed(TimeDistributed(Dense(3))) has
        time_distributed inside time_distributed_1)."""
        bound = bind(spec)
        inner = bound.get("layer")
        if spec.type in ("Bidirectional", "TimeDistributed") and isinstance(inner, LayerSpec):
            self.name_tree(inner)
        name = self.namer(spec, bound)
        self.names[id(spec)] = name
        return name


def _last_known(spec: LayerSpec, name: str, shape: Shape) -> int:
    last = shape[-1]
    if last is None:
        raise SpecError(
            f"{spec.type} layer {name!r} gets {fmt_shape(shape)} whose last axis is None; "
            "Keras needs the number of features to create the weights — give it in --input "
            "(only timesteps may be None) and avoid Flatten over a None axis"
        )
    return last


def _rnn(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    units = _size(bound["units"])
    use_bias = _flag(spec, "use_bias", bound, True)
    return_sequences = _flag(spec, "return_sequences", bound, False)
    return_state = _flag(spec, "return_state", bound, False)
    reset_after = _flag(spec, "reset_after", bound, True) if spec.type == "GRU" else False
    for key in ("go_backwards", "unroll"):
        _flag(spec, key, bound, False)
    stateful = _flag(spec, "stateful", bound, False)
    if (
        spec.type == "LSTM"
        and use_bias
        and _flag(spec, "unit_forget_bias", bound, True)
        and "bias_initializer" in bound
        and bound["bias_initializer"] is None
    ):
        raise SpecError(
            f"bias_initializer=None in {spec} cannot be used with unit_forget_bias=True: Keras "
            "calls the bias initializer to fill the gates other than the forget gate and fails "
            "on None; leave bias_initializer out or set unit_forget_bias=False"
        )
    if len(in_shape) != 3:
        raise SpecError(_rnn_rank_message(spec.type, name, in_shape, ctx))
    if stateful and in_shape[0] is None:
        raise SpecError(
            f"{spec.type} layer {name!r} has stateful=True, which needs a fixed batch size "
            "(the states are kept per sample between batches); give it with --batch N"
        )
    batch, steps, _ = in_shape
    i = _last_known(spec, name, in_shape)
    u = units
    if spec.type == "LSTM":
        gates, cell_expr = 4, f"{i}·{u} + {u}·{u}" + (f" + {u}" if use_bias else "")
        n_states = 2
    elif spec.type == "GRU":
        gates = 3
        bias = (f" + 2·{u}" if reset_after else f" + {u}") if use_bias else ""
        cell_expr = f"{i}·{u} + {u}·{u}{bias}"
        n_states = 1
    else:
        gates, cell_expr = 1, f"{i}·{u} + {u}·{u}" + (f" + {u}" if use_bias else "")
        n_states = 1
    weights = [
        WeightShape("kernel", (i, gates * u)),
        WeightShape("recurrent_kernel", (u, gates * u)),
    ]
    if use_bias:
        bias_shape: tuple[int, ...] = (2, 3 * u) if reset_after else (gates * u,)
        weights.append(WeightShape("bias", bias_shape))
    expr = f"{gates} × ({cell_expr})" if gates > 1 else cell_expr
    out: Shape = (batch, steps, u) if return_sequences else (batch, u)
    outputs = [out] + [(batch, u)] * (n_states if return_state else 0)
    reason = (
        f"output and {n_states} state{'s' if n_states > 1 else ''}, because return_state=True"
        if return_state
        else ""
    )
    return _Built(outputs, weights, expr, reason)


def _rnn_rank_message(type_: str, name: str, in_shape: Shape, ctx: _Context) -> str:
    need = f"{type_} layer {name!r} needs a 3-D input (batch, timesteps, features)"
    if ctx.prev_name is None:
        if len(in_shape) == 2:
            return (
                f"{need} but the model input is {fmt_shape(in_shape)}, with no timesteps axis; "
                f"give the input as timesteps,features, e.g. --input 1,{in_shape[1]} "
                f"(input_shape=(1, {in_shape[1]})) or --input None,{in_shape[1]}"
            )
        return (
            f"{need} but the model input is {fmt_shape(in_shape)}; give the per-sample input "
            "as timesteps,features, e.g. --input 5,2"
        )
    if len(in_shape) == 2 and ctx.prev_type in (*_RECURRENT, "Bidirectional"):
        return (
            f"{need} but {ctx.prev_name!r} returns {fmt_shape(in_shape)}, only the last step; "
            "set return_sequences=True on the previous layer"
        )
    if len(in_shape) == 2:
        return (
            f"{need} but {ctx.prev_name!r} returns {fmt_shape(in_shape)}; add RepeatVector(n) "
            "before it to repeat the vector over n timesteps"
        )
    return (
        f"{need} but {ctx.prev_name!r} returns {fmt_shape(in_shape)} ({len(in_shape)}-D); "
        "reshape or wrap the recurrent layer in TimeDistributed"
    )


def _bidirectional(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    inner = bound["layer"]
    if not isinstance(inner, LayerSpec) or inner.type not in _RECURRENT:
        raise SpecError(
            f"Bidirectional wraps a recurrent layer (LSTM, GRU or SimpleRNN), got {inner!s} "
            f"in {spec}; write e.g. Bidirectional(LSTM(32))"
        )
    if bound.get("backward_layer") is not None:
        raise SpecError(
            f"backward_layer= in {spec} is not supported by the calculator; "
            "leave it out and Bidirectional copies the layer for the backward direction"
        )
    if inner.kwargs.get("go_backwards") is True:
        raise SpecError(
            f"{spec}: the wrapped layer must run forwards (Keras rejects go_backwards=True "
            "here); remove go_backwards=True, Bidirectional adds the backward copy itself"
        )
    inner_bound = bind(inner)
    if inner_bound.get("return_state") is True and inner_bound.get("stateful") is True:
        raise SpecError(
            f"{spec}: Keras 3 cannot build a Bidirectional layer whose wrapped layer has both "
            "return_state=True and stateful=True (its compute_mask fails); drop one of them"
        )
    merge_mode = bound.get("merge_mode", "concat")
    if merge_mode not in _MERGE_MODES:
        raise SpecError(
            f"merge_mode={merge_mode!r} in {spec} is not allowed; use one of "
            "'concat', 'sum', 'mul', 'ave' or None (two separate outputs)"
        )
    inner_name = ctx.names.get(id(inner)) or ctx.name_tree(inner)
    built = _apply_rule(inner, inner_name, in_shape, ctx)
    n_states = len(built.output_shapes) - 1
    out, states = built.output_shapes[0], built.output_shapes[1:]
    if merge_mode == "concat":
        assert out[-1] is not None
        outputs = [(*out[:-1], 2 * out[-1])]
    elif merge_mode is None:
        outputs = [out, out]
    else:
        outputs = [out]
    outputs += states + states
    weights = [WeightShape(f"forward_{w.name}", w.shape) for w in built.weights]
    weights += [WeightShape(f"backward_{w.name}", w.shape) for w in built.weights]
    reasons = []
    if merge_mode is None:
        reasons.append("forward and backward outputs, because merge_mode=None")
    if n_states:
        reasons.append(f"{n_states} states per direction, because return_state=True")
    return _Built(outputs, weights, f"2 × {built.formula_expr}", "; ".join(reasons))


def _dense(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    units = _size(bound["units"])
    use_bias = _flag(spec, "use_bias", bound, True)
    if len(in_shape) < 2:
        raise SpecError(f"Dense layer {name!r} needs at least (batch, features), got {in_shape}")
    i = _last_known(spec, name, in_shape)
    weights = [WeightShape("kernel", (i, units))]
    if use_bias:
        weights.append(WeightShape("bias", (units,)))
    expr = f"{i}·{units}" + (f" + {units}" if use_bias else "")
    return _Built([(*in_shape[:-1], units)], weights, expr)


def _embedding(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    vocab = _size(bound["input_dim"])
    dim = _size(bound["output_dim"])
    _flag(spec, "mask_zero", bound, False)
    if len(in_shape) != 2:
        where = "the model input" if ctx.prev_name is None else f"{ctx.prev_name!r} output"
        raise SpecError(
            f"Embedding layer {name!r} takes integer token ids of shape (batch, timesteps) but "
            f"{where} is {fmt_shape(in_shape)}; give --input as just the number of timesteps "
            "(e.g. --input 5), or drop Embedding for real-valued features"
        )
    return _Built([(*in_shape, dim)], [WeightShape("embeddings", (vocab, dim))], f"{vocab}·{dim}")


def _repeat_vector(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    n = _size(bound["n"])
    if len(in_shape) != 2:
        hint = (
            "set return_sequences=False on the previous layer"
            if ctx.prev_type in (*_RECURRENT, "Bidirectional")
            else "it repeats one vector per sample"
        )
        raise SpecError(
            f"RepeatVector layer {name!r} needs a 2-D input (batch, features) but gets "
            f"{fmt_shape(in_shape)}; {hint}"
        )
    return _Built([(in_shape[0], n, in_shape[1])], [], "")


def _dropout(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    rate = bound["rate"]
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
        raise SpecError(f"rate of {spec} must be a number between 0 and 1, got {rate!r}")
    noise = bound.get("noise_shape")
    if noise is not None:
        fits = len(noise) == len(in_shape) and all(
            n is None or n == 1 or d is None or n == d
            for n, d in zip(noise, in_shape, strict=False)
        )
        if not fits:
            raise SpecError(
                f"noise_shape={tuple(noise)!r} of {spec} does not fit the input "
                f"{fmt_shape(in_shape)} of layer {name!r}: it needs one entry per axis, each "
                "None, 1 or that axis' size (Keras builds it but fails when it trains)"
            )
    return _Built([in_shape], [], "")


def _flatten(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    _data_format(spec, bound)
    rest = in_shape[1:]
    size = None if any(d is None for d in rest) else math.prod(d for d in rest if d is not None)
    if size is None:
        ctx.notes.append(
            f"Flatten layer {name!r} flattens {fmt_shape(in_shape)}, which has a None axis, "
            "so its output size is None; a Dense after it cannot be built"
        )
    return _Built([(in_shape[0], size)], [], "")


def _conv_length(
    spec: LayerSpec, name: str, length: int | None, k: int, s: int, d: int, padding: str
) -> int | None:
    if length is None:
        return None
    if padding == "valid":
        out = (length - d * (k - 1) - 1) // s + 1
        if out <= 0:
            span = d * (k - 1) + 1
            raise SpecError(
                f"{spec.type} layer {name!r} would output length {out}: the window spans {span} "
                f"steps but the input has only {length}; use padding='same', a smaller "
                "kernel/pool size, or more timesteps"
            )
        return out
    return (length - 1) // s + 1


def _conv1d(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    filters = _size(bound["filters"])
    k = _size(bound["kernel_size"])
    s = _size(bound.get("strides", 1))
    d = _size(bound.get("dilation_rate", 1))
    groups = _size(bound.get("groups", 1))
    padding = _choice(spec, "padding", bound, "valid", ("valid", "same", "causal"))
    use_bias = _flag(spec, "use_bias", bound, True)
    _data_format(spec, bound)
    if s > 1 and d > 1:
        raise SpecError(
            f"{spec}: Keras does not allow strides > 1 together with dilation_rate > 1; "
            "set one of them to 1"
        )
    if filters % groups:
        raise SpecError(f"filters={filters} in {spec} must be divisible by groups={groups}")
    if len(in_shape) != 3:
        raise SpecError(
            f"Conv1D layer {name!r} needs a 3-D input (batch, steps, channels) but gets "
            f"{fmt_shape(in_shape)}"
            + ("; set return_sequences=True on the previous layer" if len(in_shape) == 2 and ctx.prev_type in (*_RECURRENT, "Bidirectional") else "")
        )  # fmt: skip
    cin = _last_known(spec, name, in_shape)
    if cin % groups:
        raise SpecError(
            f"Conv1D layer {name!r} gets {cin} input channels, not divisible by groups={groups}"
        )
    length = _conv_length(spec, name, in_shape[1], k, s, d, padding)
    weights = [WeightShape("kernel", (k, cin // groups, filters))]
    if use_bias:
        weights.append(WeightShape("bias", (filters,)))
    expr = f"{k}·{cin // groups}·{filters}" + (f" + {filters}" if use_bias else "")
    return _Built([(in_shape[0], length, filters)], weights, expr)


def _max_pooling1d(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    pool = _size(bound.get("pool_size", 2))
    strides = bound.get("strides")
    s = pool if strides is None else _size(strides)
    padding = _choice(spec, "padding", bound, "valid", ("valid", "same"))
    _data_format(spec, bound)
    if len(in_shape) != 3:
        raise SpecError(
            f"MaxPooling1D layer {name!r} needs a 3-D input (batch, steps, channels) but gets "
            f"{fmt_shape(in_shape)}"
        )
    length = _conv_length(spec, name, in_shape[1], pool, s, 1, padding)
    return _Built([(in_shape[0], length, in_shape[2])], [], "")


def _time_distributed(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    bound = bind(spec)
    inner = bound["layer"]
    if not isinstance(inner, LayerSpec):
        raise SpecError(
            f"TimeDistributed wraps a layer, got {inner!r} in {spec}; "
            "write e.g. TimeDistributed(Dense(1))"
        )
    if len(in_shape) < 3:
        raise SpecError(
            f"TimeDistributed layer {name!r} needs an input with a timesteps axis "
            f"(batch, timesteps, ...) but gets {fmt_shape(in_shape)}"
            + ("; set return_sequences=True on the previous layer" if ctx.prev_type in (*_RECURRENT, "Bidirectional") else "")
        )  # fmt: skip
    inner_name = ctx.names.get(id(inner)) or ctx.name_tree(inner)
    inner_in = (in_shape[0], *in_shape[2:])
    saved = (ctx.prev_name, ctx.prev_type)
    ctx.prev_name, ctx.prev_type = f"{name} (one timestep)", None
    built = _apply_rule(inner, inner_name, inner_in, ctx)
    ctx.prev_name, ctx.prev_type = saved
    if len(built.output_shapes) != 1:
        raise SpecError(
            f"TimeDistributed({inner}) would return several tensors; "
            "remove return_state / merge_mode=None inside TimeDistributed"
        )
    out = built.output_shapes[0]
    return _Built([(in_shape[0], in_shape[1], *out[1:])], built.weights, built.formula_expr)


def _apply_rule(spec: LayerSpec, name: str, in_shape: Shape, ctx: _Context) -> _Built:
    built = _RULES[spec.type](spec, name, in_shape, ctx)
    _check_initializers(spec, bind(spec), built)
    return built


_Rule = Callable[[LayerSpec, str, Shape, "_Context"], "_Built"]
_RULES: dict[str, _Rule] = {
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
assert set(_RULES) == set(SUPPORTED_LAYERS)


# --------------------------------------------------------------------------------------
# summarize
# --------------------------------------------------------------------------------------


def _as_spec(layer: str | LayerSpec) -> LayerSpec:
    if isinstance(layer, LayerSpec):
        return layer
    return parse_layer(layer)


def _shape_from_kwargs(spec: LayerSpec) -> tuple[int | None, ...] | None:
    """input_shape=/input_dim= of a layer (Keras 3 reads it from the outer layer only)."""
    if "input_shape" in spec.kwargs and spec.kwargs["input_shape"] is not None:
        return parse_input_shape(_seq(spec.kwargs["input_shape"], spec, "input_shape"))
    if spec.type != "Embedding" and spec.kwargs.get("input_dim") is not None:
        return parse_input_shape(_seq([spec.kwargs["input_dim"]], spec, "input_dim"))
    return None


def _wrapped_with_shape(spec: LayerSpec) -> LayerSpec | None:
    """The layer inside a wrapper, if it carries input_shape=/input_dim= (which Keras ignores)."""
    inner = spec.args[0] if spec.args else spec.kwargs.get("layer")
    if spec.type in ("Bidirectional", "TimeDistributed") and isinstance(inner, LayerSpec):
        if _shape_from_kwargs(inner) is not None:
            return inner
        return _wrapped_with_shape(inner)
    return None


def _seq(value: Any, spec: LayerSpec, key: str) -> Sequence[Any]:
    if not isinstance(value, list | tuple):
        raise SpecError(f"{key}= of {spec} must be a tuple such as (5, 2), got {value!r}")
    return value


def summarize(
    input_shape: str | Iterable[int | None] | None,
    layers: Iterable[str | LayerSpec],
    *,
    batch: int | None = None,
) -> ModelSummary:
    """Compute the shapes, weights and parameter counts Keras 3 gives a Sequential stack.

    ``input_shape`` is per sample (no batch axis), e.g. ``"5,2"`` or ``(None, 2)`` for
    any number of timesteps; ``None`` takes it from ``input_shape=`` of the first layer,
    as Keras 3 does for a Sequential model without ``keras.Input``. ``input_shape=`` on
    any layer when the model input is given is ignored, as Keras 3 ignores it after an
    ``Input``; the summary's ``notes`` say so.

    >>> s = summarize((10, 64), ["LSTM(32)", "Dense(2)"], batch=32)
    >>> [(layer.name, layer.output_shapes[0], layer.params) for layer in s.layers]
    [('lstm', (32, 32), 12416), ('dense', (32, 2), 66)]
    >>> summarize("5,2", ["GRU(3, return_state=True)"]).layers[0].output_shapes
    [(None, 3), (None, 3)]
    >>> summarize("5,2", ["LSTM(0)"])
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: units of LSTM(0) must be a positive integer, got 0
    """
    specs = [_as_spec(layer) for layer in layers]
    if not specs:
        raise SpecError("no layers given; write at least one layer such as 'LSTM(32)'")
    if batch is not None:
        batch = positive_int(batch, "batch size")
    notes: list[str] = []
    if input_shape is None:
        per_sample = _shape_from_kwargs(specs[0])
        inner = _wrapped_with_shape(specs[0])
        if per_sample is None and inner is not None:
            raise SpecError(
                f"no input shape: Keras 3 reads input_shape= only from the outer layer, not "
                f"from {inner} inside {specs[0].type}; move it onto {specs[0].type}(..., "
                "input_shape=...) or give the per-sample shape, e.g. --input 5,2"
            )
        if per_sample is None:
            raise SpecError(
                "no input shape: give the per-sample shape, e.g. --input 5,2 "
                "(timesteps, features), or input_shape=(5, 2) on the first layer"
            )
        notes.append(
            f"the model input {fmt_shape(per_sample)} comes from input_shape= of the first "
            "layer (Keras 3 warns about it and prefers keras.Input)"
        )
        ignore_from = 1
    else:
        per_sample = parse_input_shape(input_shape)
        ignore_from = 0
    for index, spec in enumerate(specs):
        inner = _wrapped_with_shape(spec)
        if inner is not None:
            notes.append(
                f"input_shape=/input_dim= of {inner} inside layer {index + 1} is ignored: "
                "Keras 3 reads it only from the outer layer"
            )
        if index < ignore_from:
            continue
        if _shape_from_kwargs(spec) is not None:
            notes.append(
                f"input_shape=/input_dim= on layer {index + 1} ({spec}) is ignored: Keras 3 "
                "warns and uses the model input instead"
            )
    ctx = _Context()
    ctx.notes = notes
    shape: Shape = (batch, *per_sample)
    model_input = shape
    results: list[LayerSummary] = []
    reason = ""
    for spec in specs:
        if results and len(results[-1].output_shapes) > 1:
            prev = results[-1]
            raise SpecError(
                f"{prev.name!r} returns {len(prev.output_shapes)} tensors ({reason}); "
                "in a Sequential model it must be the last layer"
            )
        # A wrapped layer is named too: it takes the next "lstm", "dense", ... name.
        name = ctx.name_tree(spec)
        if name == "input_layer":
            raise SpecError(
                f"{spec}: the name 'input_layer' is taken by the model's keras.Input layer "
                "(Keras needs unique names in a Sequential model), so choose another name="
            )
        if any(r.name == name for r in results):
            raise SpecError(
                f"two layers are named {name!r}; Keras needs unique names in a Sequential "
                "model, so change or drop name="
            )
        built = _apply_rule(spec, name, shape, ctx)
        params = sum(w.size for w in built.weights)
        formula = f"{built.formula_expr} = {params}" if built.formula_expr else "0"
        summary = LayerSummary(
            name=name,
            type=spec.type,
            spec=spec,
            input_shape=shape,
            output_shapes=built.output_shapes,
            weights=built.weights,
            params=params,
            formula=formula,
        )
        reason = built.multi_output_reason
        results.append(summary)
        ctx.prev_name, ctx.prev_type = name, spec.type
        shape = built.output_shapes[0]
    return ModelSummary(
        input_shape=model_input,
        layers=results,
        total_params=sum(r.params for r in results),
        notes=notes,
    )
