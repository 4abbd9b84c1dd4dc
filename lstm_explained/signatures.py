"""Keras 3.15's layer signatures, as data, and binding a layer spec's arguments to them.

For each supported layer: its positional parameters in order (``keras.layers.LSTM.__init__``
and its siblings), the ones it requires, the keyword-only arguments every layer or some layers
take, and the arguments Keras 3 removed. :func:`bind` names a spec's arguments as Keras would
and checks each value with :mod:`lstm_explained.arguments`;
``tests/test_keras_arguments.py`` checks the signatures against the installed Keras.

>>> from lstm_explained.specs import parse_layer
>>> bind(parse_layer("LSTM(64, 'relu', return_sequences=True)"))
{'units': 64, 'activation': 'relu', 'return_sequences': True}
>>> bind(parse_layer("LSTM(64, input_length=5)"))
Traceback (most recent call last):
...
lstm_explained.errors.SpecError: input_length= in LSTM(64, input_length=5) was removed in Keras 3; the input shape fixes the sequence length
"""

from __future__ import annotations

import difflib
from typing import Any

from .arguments import check_argument, checked_keys
from .errors import SpecError
from .specs import LayerSpec

__all__ = [
    "BASE_KWARGS",
    "EXAMPLES",
    "EXTRA_KWARGS",
    "REMOVED_IN_KERAS3",
    "REQUIRED",
    "SIGNATURES",
    "bind",
]

_RNN_INITIALIZERS = (
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
)
#: Each layer's positional-or-keyword parameters, in the order of its ``__init__``.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "LSTM": (
        "units", "activation", "recurrent_activation", "use_bias", *_RNN_INITIALIZERS,
        "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout", "seed", "return_sequences", "return_state",
        "go_backwards", "stateful", "unroll", "use_cudnn",
    ),
    "GRU": (
        "units", "activation", "recurrent_activation", "use_bias", *_RNN_INITIALIZERS,
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout", "seed", "return_sequences", "return_state",
        "go_backwards", "stateful", "unroll", "reset_after", "use_cudnn",
    ),
    "SimpleRNN": (
        "units", "activation", "use_bias", *_RNN_INITIALIZERS,
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout", "return_sequences", "return_state",
        "go_backwards", "stateful", "unroll", "seed",
    ),
    "Bidirectional": ("layer", "merge_mode", "weights", "backward_layer"),
    "Dense": (
        "units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint", "lora_rank", "lora_alpha", "quantization_config",
    ),
    "TimeDistributed": ("layer",),
    "Embedding": (
        "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
        "embeddings_constraint", "mask_zero", "weights", "lora_rank", "lora_alpha",
        "quantization_config",
    ),
    "RepeatVector": ("n",),
    "Dropout": ("rate", "noise_shape", "seed"),
    "Flatten": ("data_format",),
    "Conv1D": (
        "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
        "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint",
    ),
    "MaxPooling1D": ("pool_size", "strides", "padding", "data_format", "name"),
}  # fmt: skip

#: The parameters a layer cannot do without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "LSTM": ("units",),
    "GRU": ("units",),
    "SimpleRNN": ("units",),
    "Bidirectional": ("layer",),
    "Dense": ("units",),
    "TimeDistributed": ("layer",),
    "Embedding": ("input_dim", "output_dim"),
    "RepeatVector": ("n",),
    "Dropout": ("rate",),
    "Conv1D": ("filters", "kernel_size"),
}

#: A layer as a learner would write it, for the messages about a missing argument.
EXAMPLES: dict[str, str] = {
    "LSTM": "LSTM(32)",
    "GRU": "GRU(32)",
    "SimpleRNN": "SimpleRNN(32)",
    "Bidirectional": "Bidirectional(LSTM(32))",
    "Dense": "Dense(1)",
    "TimeDistributed": "TimeDistributed(Dense(1))",
    "Embedding": "Embedding(1000, 64)",
    "RepeatVector": "RepeatVector(5)",
    "Dropout": "Dropout(0.2)",
    "Conv1D": "Conv1D(16, 3)",
}

#: Keyword arguments every Keras 3 layer takes (keyword-only, in keras.layers.Layer).
BASE_KWARGS = (
    "name", "dtype", "trainable", "autocast", "input_shape", "input_dim", "activity_regularizer",
)  # fmt: skip
#: Keyword-only arguments some layers take through **kwargs: keras.layers.RNN's
#: zero_output_for_mask; the LSTM and GRU cells' implementation (SimpleRNN has none);
#: BaseConv's LoRA arguments.
EXTRA_KWARGS: dict[str, tuple[str, ...]] = {
    "LSTM": ("implementation", "zero_output_for_mask"),
    "GRU": ("implementation", "zero_output_for_mask"),
    "SimpleRNN": ("zero_output_for_mask",),
    "Conv1D": ("lora_rank", "lora_alpha"),
}

#: Keras 2 arguments that Keras 3 removed, with what to do instead.
REMOVED_IN_KERAS3: dict[str, str] = {
    "batch_input_shape": "give the shape with --input (input_shape=) and the batch with --batch",
    "batch_size": "give the batch size with --batch",
    "input_length": "the input shape fixes the sequence length",
    "time_major": "inputs are always (batch, timesteps, features)",
    "return_all_outputs": "use return_sequences",
}


def bind(spec: LayerSpec) -> dict[str, Any]:
    """The arguments of ``spec`` by parameter name, bound as Keras' signature binds them, each
    value checked; a :class:`~lstm_explained.errors.SpecError` for anything Keras would refuse
    or that the calculator cannot follow."""
    sig = SIGNATURES[spec.type]
    if len(spec.args) > len(sig):
        raise SpecError(
            f"{spec} has {len(spec.args)} positional arguments but {spec.type} takes at most "
            f"{len(sig)} ({', '.join(sig)}); pass the others by keyword"
        )
    bound = dict(zip(sig, spec.args, strict=False))
    allowed = set(sig) | set(BASE_KWARGS) | set(EXTRA_KWARGS.get(spec.type, ()))
    for key, value in spec.kwargs.items():
        if key in bound:
            raise SpecError(f"{spec} gives {key} twice, by position and by keyword; keep one")
        if key not in allowed:
            if key in REMOVED_IN_KERAS3:
                raise SpecError(
                    f"{key}= in {spec} was removed in Keras 3; {REMOVED_IN_KERAS3[key]}"
                )
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"{spec.type} accepts {', '.join(sig)}, name"
            )
            raise SpecError(f"unknown keyword {key!r} for {spec.type} in {spec}; {hint}")
        bound[key] = value
    for req in REQUIRED.get(spec.type, ()):
        if req not in bound:
            raise SpecError(
                f"{spec} is missing {req}; write e.g. {EXAMPLES.get(spec.type, spec.type)}"
            )
    for key, value in bound.items():
        check_argument(spec, key, value)
    if spec.type != "Embedding" and bound.get("input_dim") is not None and "input_shape" in bound:
        raise SpecError(
            f"{spec} gives both input_dim= and input_shape=, which Keras 3 refuses "
            "(it reads input_dim= and then finds input_shape= unexpected); keep one"
        )
    return bound


assert all(
    set(sig) | set(BASE_KWARGS) | set(EXTRA_KWARGS.get(t, ())) <= checked_keys()
    for t, sig in SIGNATURES.items()
), "every argument the calculator binds needs a check in lstm_explained.arguments"
