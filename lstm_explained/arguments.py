"""The argument values the calculator accepts: only values Keras 3 accepts too.

Pure Python data and checks, no Keras: the names Keras knows for activations,
initializers, regularizers and constraints (as ``keras.activations.get`` and its
siblings look them up in Keras 3.15; ``tests/test_keras_arguments.py`` checks these
lists against the installed Keras), and one check per argument name that raises a
one-line :class:`~lstm_explained.errors.SpecError` naming the layer, the argument, the
value and what is allowed.

Where Keras quietly converts a value of the wrong type (``go_backwards='valid'`` runs
backwards because the string is truthy; ``dropout=-2`` is clipped to 0), the calculator
refuses it instead, so that its answer never rests on a conversion the user did not mean.

>>> check_argument(parse_layer("Dense(3, 'causal')"), "activation", "causal")
Traceback (most recent call last):
...
lstm_explained.errors.SpecError: activation='causal' in Dense(3, 'causal') is not an activation Keras knows; use None or one of 'celu', 'elu', 'exponential', 'gelu', 'glu', 'hard_shrink', 'hard_sigmoid', 'hard_silu', 'hard_swish', 'hard_tanh', 'leaky_relu', 'linear', 'log_sigmoid', 'log_softmax', 'mish', 'relu', 'relu6', 'selu', 'sigmoid', 'silu', 'soft_shrink', 'softmax', 'softplus', 'softsign', 'sparse_plus', 'sparse_sigmoid', 'sparsemax', 'squareplus', 'swish', 'tanh', 'tanh_shrink', 'threshold'
>>> check_argument(parse_layer("LSTM(4, activation='rleu')"), "activation", "rleu")
Traceback (most recent call last):
...
lstm_explained.errors.SpecError: activation='rleu' in LSTM(4, activation='rleu') is not an activation Keras knows; did you mean 'relu'? Use None or a name such as 'tanh', 'relu', 'sigmoid', 'softmax', 'linear'
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from .errors import SpecError
from .specs import LayerSpec, parse_layer  # noqa: F401  (parse_layer: the doctests)

__all__ = [
    "ACTIVATIONS",
    "CONSTRAINTS",
    "DTYPES",
    "INITIALIZERS",
    "MAX_SIZE",
    "REFUSED_INITIALIZERS",
    "REFUSED_REGULARIZERS",
    "REGULARIZERS",
    "check_argument",
    "check_initializer_rank",
]

#: Activation names ``keras.activations.get`` knows (keras.src.activations.ALL_OBJECTS_DICT).
ACTIVATIONS: tuple[str, ...] = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
)  # fmt: skip

#: Initializer names ``keras.initializers.get`` knows, class names and snake_case.
INITIALIZERS: tuple[str, ...] = (
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "IdentityInitializer", "Initializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal",
    "OrthogonalInitializer", "RandomNormal", "RandomUniform", "STFT", "STFTInitializer",
    "TruncatedNormal", "VarianceScaling", "Zeros", "constant", "glorot_normal",
    "glorot_uniform", "he_normal", "he_uniform", "identity", "initializer", "lecun_normal",
    "lecun_uniform", "normal", "one", "ones", "orthogonal", "random_normal", "random_uniform",
    "stft", "truncated_normal", "uniform", "variance_scaling", "zero", "zeros",
)  # fmt: skip

#: Names Keras knows but cannot build a layer with when given as a bare name.
REFUSED_INITIALIZERS: dict[str, str] = {
    **dict.fromkeys(
        ("Constant", "constant"),
        "as a bare name it has no value, and Keras fails when it builds the weights",
    ),
    **dict.fromkeys(
        ("Initializer", "initializer"),
        "it is the abstract base class, which Keras cannot call to create weights",
    ),
    **dict.fromkeys(
        ("STFT", "STFTInitializer", "stft"),
        "it needs SciPy and is meant for spectrogram kernels, not recurrent layers",
    ),
}

#: Initializers that only work on weights of some ranks: name -> (min rank, max rank).
_RANKED_INITIALIZERS: dict[str, tuple[int, int | None]] = {
    **dict.fromkeys(("Identity", "IdentityInitializer", "identity"), (2, 2)),
    **dict.fromkeys(("Orthogonal", "OrthogonalInitializer", "orthogonal"), (2, None)),
}

#: Regularizer names ``keras.regularizers.get`` knows.
REGULARIZERS: tuple[str, ...] = (
    "L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "l1", "l1l2", "l2",
    "orthogonal_regularizer", "regularizer",
)  # fmt: skip

#: Regularizer names Keras knows that the calculator refuses, with the reason.
REFUSED_REGULARIZERS: dict[str, str] = dict.fromkeys(
    ("Regularizer", "regularizer"),
    "it is the abstract base class, which adds nothing and which Keras cannot copy or save "
    "(Bidirectional fails copying the layer)",
)

#: Constraint names ``keras.constraints.get`` knows.
CONSTRAINTS: tuple[str, ...] = (
    "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "constraint", "max_norm",
    "min_max_norm", "non_neg", "unit_norm",
)  # fmt: skip

#: dtype= values the calculator accepts: floating-point dtype policies (None = float32).
DTYPES: tuple[str, ...] = (
    "float16", "bfloat16", "float32", "float64", "mixed_float16", "mixed_bfloat16",
)  # fmt: skip

_COMMON_ACTIVATIONS = ("tanh", "relu", "sigmoid", "softmax", "linear")
_INT64 = (-(2**63), 2**63 - 1)


def _quote(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(map(repr, names))


def _closest(value: Any, names: tuple[str, ...]) -> str | None:
    if not isinstance(value, str):
        return None
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if not close:
        close = [n for n in names if n.lower() == value.lower()]
    return close[0] if close else None


def _kind(value: Any) -> str:
    if isinstance(value, LayerSpec):
        return f"the layer {value}"
    if isinstance(value, dict):
        return f"{value!r} (a configuration dict, which the calculator does not read)"
    return repr(value)


def _named(
    what: str, names: tuple[str, ...], shown: tuple[str, ...] | None = None
) -> Callable[[LayerSpec, str, Any], None]:
    shown_names = names if shown is None else shown

    def check(spec: LayerSpec, key: str, value: Any) -> None:
        if value is None or (isinstance(value, str) and value in names):
            return
        close = _closest(value, names)
        if close is not None:
            more = "a name such as " if shown is not None else "one of "
            raise SpecError(
                f"{key}={_kind(value)} in {spec} is not {what} Keras knows; did you mean "
                f"{close!r}? Use None or {more}{_quote(shown_names)}"
            )
        raise SpecError(
            f"{key}={_kind(value)} in {spec} is not {what} Keras knows; use None or one of "
            f"{_quote(names)}"
        )

    return check


def _refusing(
    known: Callable[[LayerSpec, str, Any], None], refused: dict[str, str], instead: str
) -> Callable[[LayerSpec, str, Any], None]:
    """``known``, and then a refusal of the names Keras knows but cannot use here."""

    def check(spec: LayerSpec, key: str, value: Any) -> None:
        known(spec, key, value)
        if value in refused:
            raise SpecError(
                f"{key}={value!r} in {spec} is not accepted: {refused[value]}; use e.g. {instead}"
            )

    return check


_activation = _named("an activation", ACTIVATIONS, _COMMON_ACTIVATIONS)
_regularizer = _refusing(
    _named("a regularizer", REGULARIZERS), REFUSED_REGULARIZERS, "'l1', 'l2' or 'l1l2'"
)
_constraint = _named("a constraint", CONSTRAINTS)
_initializer = _refusing(
    _named(
        "an initializer",
        INITIALIZERS,
        ("glorot_uniform", "orthogonal", "zeros", "ones", "he_normal"),
    ),
    REFUSED_INITIALIZERS,
    "'glorot_uniform', 'orthogonal', 'zeros' or 'ones'",
)


def _flag(spec: LayerSpec, key: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise SpecError(f"{key} of {spec} must be True or False, got {_kind(value)}")


#: Largest size the calculator takes for one axis (TensorFlow's int32 shape limit).
MAX_SIZE = 2**31 - 1


def _count(spec: LayerSpec, key: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        kind = f"{value!r} (a bool)" if isinstance(value, bool) else _kind(value)
        raise SpecError(f"{key} of {spec} must be a positive integer, got {kind}")
    if value > MAX_SIZE:
        raise SpecError(
            f"{key} of {spec} is {value}, more than Keras can create weights for; use a "
            f"positive integer up to {MAX_SIZE}"
        )


def _size(spec: LayerSpec, key: str, value: Any) -> None:
    if key == "strides" and value is None and spec.type == "MaxPooling1D":
        return
    if isinstance(value, list | tuple):
        if len(value) != 1:
            raise SpecError(f"{key} of {spec} must be one integer or a 1-tuple, got {value!r}")
        value = value[0]
    _count(spec, key, value)


def _rate(spec: LayerSpec, key: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        clipped = (
            " (Keras would clip it into that range silently)"
            if key != "rate" and isinstance(value, int | float) and not isinstance(value, bool)
            else ""
        )
        raise SpecError(
            f"{key} of {spec} must be a number between 0 and 1, got {_kind(value)}{clipped}"
        )


def _seed(spec: LayerSpec, key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not _INT64[0] <= value <= _INT64[1]:
        raise SpecError(
            f"seed of {spec} must be None or an integer that fits in 64 bits, got {_kind(value)}"
        )


def _noise_shape(spec: LayerSpec, key: str, value: Any) -> None:
    if value is None:
        return
    ok = isinstance(value, list | tuple) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in value
    )
    if not ok:
        raise SpecError(
            f"noise_shape of {spec} must be None or a tuple of positive integers and None, "
            f"one per input axis, e.g. (None, 1, 8); got {_kind(value)}"
        )


def _padding(spec: LayerSpec, key: str, value: Any) -> None:
    if spec.type == "Conv1D":
        allowed: tuple[str, ...] = ("valid", "same", "causal")
        if isinstance(value, str) and value.lower() in allowed:  # Keras lower-cases it
            return
    else:
        allowed = ("valid", "same")
        if value in allowed:  # Keras' pooling layers compare it as written
            return
    raise SpecError(f"{key}={_kind(value)} in {spec} is not allowed; use one of {_quote(allowed)}")


def _data_format(spec: LayerSpec, key: str, value: Any) -> None:
    if value not in (None, "channels_last"):
        raise SpecError(
            f"data_format={_kind(value)} in {spec} is not supported by the calculator; "
            "use the default 'channels_last' (batch, steps, channels)"
        )


def _merge_mode(spec: LayerSpec, key: str, value: Any) -> None:
    if not isinstance(value, str | None) or value not in ("concat", "sum", "mul", "ave", None):
        raise SpecError(
            f"merge_mode={_kind(value)} in {spec} is not allowed; use one of "
            "'concat', 'sum', 'mul', 'ave' or None (two separate outputs)"
        )


def _name(spec: LayerSpec, key: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or "/" in value:
        raise SpecError(
            f"name of {spec} must be a non-empty string without '/', got {_kind(value)}"
        )


def _dtype(spec: LayerSpec, key: str, value: Any) -> None:
    if value is not None and value not in DTYPES:
        raise SpecError(
            f"dtype={_kind(value)} in {spec} is not supported by the calculator; use None "
            f"or one of {_quote(DTYPES)}"
        )


def _use_cudnn(spec: LayerSpec, key: str, value: Any) -> None:
    if not (value == "auto" or isinstance(value, bool)):
        raise SpecError(f"use_cudnn of {spec} must be 'auto', True or False, got {_kind(value)}")


def _implementation(spec: LayerSpec, key: str, value: Any) -> None:
    if isinstance(value, bool) or value not in (1, 2):
        raise SpecError(f"implementation of {spec} must be 1 or 2, got {_kind(value)}")


def _input_shape(spec: LayerSpec, key: str, value: Any) -> None:
    if value is None:
        return
    ok = (
        isinstance(value, list | tuple)
        and len(value) > 0
        and all(
            d is None or (isinstance(d, int) and not isinstance(d, bool) and 0 < d <= MAX_SIZE)
            for d in value
        )
    )
    if not ok:
        raise SpecError(
            f"input_shape= of {spec} must be a tuple such as (5, 2) of positive integers "
            f"and None, got {_kind(value)}"
        )


def _input_dim(spec: LayerSpec, key: str, value: Any) -> None:
    if spec.type == "Embedding" or value is not None:
        _count(spec, key, value)


def _not_covered(spec: LayerSpec, key: str, value: Any) -> None:
    if value is not None:
        raise SpecError(
            f"{key}= in {spec} is not covered by the calculator; leave it out (or None) "
            "to see the shapes and counts of the plain layer"
        )


def _layer(spec: LayerSpec, key: str, value: Any) -> None:
    return None  # checked by the wrapper's own rule, which knows what it may wrap


_CHECKS: dict[str, Callable[[LayerSpec, str, Any], None]] = {
    "activation": _activation,
    "recurrent_activation": _activation,
    **dict.fromkeys(
        (
            "kernel_initializer",
            "recurrent_initializer",
            "bias_initializer",
            "embeddings_initializer",
        ),
        _initializer,
    ),
    **dict.fromkeys(
        (
            "kernel_regularizer",
            "recurrent_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "embeddings_regularizer",
        ),
        _regularizer,
    ),
    **dict.fromkeys(
        ("kernel_constraint", "recurrent_constraint", "bias_constraint", "embeddings_constraint"),
        _constraint,
    ),
    **dict.fromkeys(
        (
            "use_bias",
            "unit_forget_bias",
            "return_sequences",
            "return_state",
            "go_backwards",
            "stateful",
            "unroll",
            "reset_after",
            "mask_zero",
            "trainable",
            "autocast",
            "zero_output_for_mask",
        ),
        _flag,
    ),
    **dict.fromkeys(("units", "filters", "n", "output_dim", "groups"), _count),
    **dict.fromkeys(("kernel_size", "strides", "dilation_rate", "pool_size"), _size),
    **dict.fromkeys(("dropout", "recurrent_dropout", "rate"), _rate),
    "seed": _seed,
    "noise_shape": _noise_shape,
    "padding": _padding,
    "data_format": _data_format,
    "merge_mode": _merge_mode,
    "name": _name,
    "dtype": _dtype,
    "use_cudnn": _use_cudnn,
    "implementation": _implementation,
    "input_shape": _input_shape,
    "input_dim": _input_dim,
    **dict.fromkeys(
        ("weights", "backward_layer", "lora_rank", "lora_alpha", "quantization_config"),
        _not_covered,
    ),
    "layer": _layer,
}


def check_argument(spec: LayerSpec, key: str, value: Any) -> None:
    """Raise a one-line :class:`SpecError` unless Keras accepts ``key=value`` as it is.

    >>> check_argument(parse_layer("LSTM(3, go_backwards='valid')"), "go_backwards", "valid")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: go_backwards of LSTM(3, go_backwards='valid') must be True or False, got 'valid'
    """
    _CHECKS[key](spec, key, value)


def checked_keys() -> frozenset[str]:
    """Every argument name :func:`check_argument` knows."""
    return frozenset(_CHECKS)


def check_initializer_rank(spec: LayerSpec, key: str, value: Any, weight: str, rank: int) -> None:
    """Identity works on 2-D weights only and Orthogonal on 2-D or more (Keras raises on others).

    >>> check_initializer_rank(parse_layer("Dense(2, bias_initializer='identity')"),
    ...                        "bias_initializer", "identity", "bias", 1)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: bias_initializer='identity' in Dense(2, bias_initializer='identity') cannot initialize bias, which is 1-D: Keras' identity initializer needs a 2-D weight; leave bias_initializer out or use e.g. 'zeros'
    """
    if value not in _RANKED_INITIALIZERS:
        return
    low, high = _RANKED_INITIALIZERS[value]
    if rank >= low and (high is None or rank <= high):
        return
    need = f"a {low}-D weight" if high == low else f"a weight of {low} or more dimensions"
    raise SpecError(
        f"{key}={value!r} in {spec} cannot initialize {weight}, which is {rank}-D: Keras' "
        f"{value.lower().removesuffix('initializer')} initializer needs {need}; leave {key} out "
        "or use e.g. 'zeros'"
    )
