"""The calculator against real Keras 3: shapes, weight shapes, counts, names; and its errors.

Every expected number comes from a Keras model built from the same layer specs; none is
typed by hand except in the error-message tests, which check what the message says.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_explained import (
    LayerSpec,
    parse_layer,
    summarize,
)

RNN = ("LSTM", "GRU", "SimpleRNN")


# ---------------------------------------------------------------------------------------
# Building the same model in Keras (independently of keras_bridge)
# ---------------------------------------------------------------------------------------


def _keras_layer(keras: Any, spec: LayerSpec) -> Any:
    args = [_keras_layer(keras, a) if isinstance(a, LayerSpec) else a for a in spec.args]
    kwargs = {
        k: _keras_layer(keras, v) if isinstance(v, LayerSpec) else v for k, v in spec.kwargs.items()
    }
    return getattr(keras.layers, spec.type)(*args, **kwargs)


def keras_model(per_sample: Any, layers: list[str], batch: int | None = None) -> Any:
    """A fresh-session keras.Sequential: keras.Input(shape, batch_size) + the layers."""
    import keras

    keras.backend.clear_session()
    specs = [parse_layer(t) for t in layers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras 3 warns about input_shape= on layers
        built = [_keras_layer(keras, s) for s in specs]
        if per_sample is None:
            return keras.Sequential(built)
        return keras.Sequential([keras.Input(shape=tuple(per_sample), batch_size=batch), *built])


def _weight_name(path: str) -> str:
    parts = path.split("/")
    direction = next(
        (p.split("_")[0] for p in parts if p.startswith(("forward_", "backward_"))), None
    )
    return f"{direction}_{parts[-1]}" if direction else parts[-1]


def keras_facts(model: Any) -> list[dict[str, Any]]:
    facts = []
    for layer in model.layers:
        out = layer.output
        outs = list(out) if isinstance(out, list | tuple) else [out]
        facts.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "output_shapes": [tuple(o.shape) for o in outs],
                "weights": [(_weight_name(w.path), tuple(w.shape)) for w in layer.weights],
                "weight_shapes": [tuple(a.shape) for a in layer.get_weights()],
                "params": layer.count_params(),
            }
        )
    return facts


def assert_matches_keras(per_sample: Any, layers: list[str], batch: int | None = None) -> None:
    ours = summarize(per_sample, layers, batch=batch)
    model = keras_model(per_sample, layers, batch)
    theirs = keras_facts(model)
    assert len(ours.layers) == len(theirs)
    assert ours.input_shape == tuple(model.inputs[0].shape)
    for mine, real in zip(ours.layers, theirs, strict=True):
        context = f"{mine.spec} on {mine.input_shape}"
        assert mine.name == real["name"], context
        assert mine.type == real["type"], context
        assert mine.output_shapes == real["output_shapes"], context
        assert [(w.name, w.shape) for w in mine.weights] == real["weights"], context
        assert [w.shape for w in mine.weights] == real["weight_shapes"], context
        assert mine.params == real["params"], context
        assert mine.formula.endswith(f"= {real['params']}") or (
            real["params"] == 0 and mine.formula == "0"
        )
    assert ours.total_params == model.count_params()


# ---------------------------------------------------------------------------------------
# Random stacks of every supported layer and flag
# ---------------------------------------------------------------------------------------

IGNORED_RNN = {
    "activation": st.sampled_from(["tanh", "relu", "sigmoid"]),
    "dropout": st.sampled_from([0.0, 0.25]),
    "recurrent_dropout": st.sampled_from([0.0, 0.1]),
    "kernel_initializer": st.sampled_from(["glorot_uniform", "ones"]),
    "go_backwards": st.booleans(),
    "unroll": st.booleans(),
    "name": st.sampled_from(["encoder", "my_rnn"]),
}


def _render(type_: str, args: list[Any], kwargs: dict[str, Any]) -> str:
    return str(LayerSpec(type_, tuple(args), kwargs))


@st.composite
def ignored(draw: Any, options: dict[str, Any]) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(options)), max_size=2, unique=True))
    return {k: draw(options[k]) for k in keys}


@st.composite
def rnn_layer(draw: Any, *, last: bool, timesteps: int | None, batch: int | None) -> LayerSpec:
    type_ = draw(st.sampled_from(RNN))
    units = draw(st.integers(1, 6))
    kwargs: dict[str, Any] = {}
    args: list[Any] = [units]
    if draw(st.booleans()):
        args, kwargs = [], {"units": units}
    for key in ("return_sequences", "use_bias"):
        if draw(st.booleans()):
            kwargs[key] = draw(st.booleans())
    if type_ == "GRU" and draw(st.booleans()):
        kwargs["reset_after"] = draw(st.booleans())
    if last and draw(st.booleans()):
        kwargs["return_state"] = draw(st.booleans())
    if batch is not None and draw(st.integers(0, 4)) == 0:
        kwargs["stateful"] = True  # Keras needs a fixed batch size for it
    extra = draw(ignored(IGNORED_RNN))
    if timesteps is None:
        extra.pop("unroll", None)  # Keras cannot unroll an unknown number of steps
    extra.pop("name", None) if draw(st.booleans()) else None
    kwargs.update(extra)
    if type_ != "SimpleRNN" and args and "use_bias" in kwargs and draw(st.booleans()):
        # Positional binding as in Keras: LSTM(units, activation, recurrent_activation, use_bias)
        args = [units, kwargs.pop("activation", "tanh"), "sigmoid", kwargs.pop("use_bias")]
    return LayerSpec(type_, tuple(args), kwargs)


@st.composite
def layer_for(
    draw: Any, shape: tuple[Any, ...], *, last: bool, names: set[str], batch: int | None
) -> str:
    """A random supported layer that accepts per-sample ``shape``."""
    if len(shape) == 1:
        kind = draw(st.sampled_from(["Dense", "Dropout", "RepeatVector"]))
    else:
        kinds = ["RNN", "RNN", "Bidirectional", "Dense", "TimeDistributed", "Conv1D",
                 "MaxPooling1D", "Dropout"]  # fmt: skip
        if shape[0] is not None or last:
            kinds.append("Flatten")
        kind = draw(st.sampled_from(kinds))
    timesteps = shape[0] if len(shape) == 2 else None
    if kind == "RNN":
        spec = draw(rnn_layer(last=last, timesteps=timesteps, batch=batch))
        if spec.kwargs.get("name") in names:
            spec = LayerSpec(
                spec.type, spec.args, {k: v for k, v in spec.kwargs.items() if k != "name"}
            )
        return str(spec)
    if kind == "Bidirectional":
        inner = draw(rnn_layer(last=last, timesteps=timesteps, batch=batch))
        inner = LayerSpec(
            inner.type,
            inner.args,
            {k: v for k, v in inner.kwargs.items() if k not in ("name", "go_backwards")},
        )
        modes = ["concat", "sum", "mul", "ave"] + ([None] if last else [])
        kwargs = {}
        if draw(st.booleans()):
            kwargs["merge_mode"] = draw(st.sampled_from(modes))
        return _render("Bidirectional", [inner], kwargs)
    if kind == "Dense":
        units = draw(st.integers(1, 6))
        if draw(st.booleans()):
            return _render(
                "Dense", [units, draw(st.sampled_from([None, "relu"])), draw(st.booleans())], {}
            )
        return _render(
            "Dense",
            [units],
            draw(
                st.fixed_dictionaries(
                    {}, optional={"use_bias": st.booleans(), "activation": st.just("softmax")}
                )
            ),
        )
    if kind == "TimeDistributed":
        inner = draw(st.sampled_from(["dense", "dropout"]))
        if inner == "dense":
            return _render(
                "TimeDistributed",
                [LayerSpec("Dense", (draw(st.integers(1, 5)),), {"use_bias": draw(st.booleans())})],
                {},
            )
        return _render("TimeDistributed", [LayerSpec("Dropout", (0.5,), {})], {})
    if kind == "Dropout":
        return _render("Dropout", [draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))], {})
    if kind == "Flatten":
        return _render("Flatten", [], {})
    if kind == "RepeatVector":
        return _render("RepeatVector", [draw(st.integers(1, 4))], {})
    length = shape[0]
    if kind == "Conv1D":
        channels = shape[1]
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if channels % g == 0]))
        filters = groups * draw(st.integers(1, 3))
        padding = draw(st.sampled_from(["valid", "same", "causal"]))
        dilation = draw(st.integers(1, 3))
        strides = 1 if dilation > 1 else draw(st.integers(1, 3))
        max_k = 4 if length is None or padding != "valid" else max(1, (length - 1) // dilation + 1)
        kernel = draw(st.integers(1, min(4, max_k)))
        kwargs: dict[str, Any] = {"padding": padding}
        if strides > 1:
            kwargs["strides"] = strides
        if dilation > 1:
            kwargs["dilation_rate"] = dilation
        if groups > 1:
            kwargs["groups"] = groups
        if draw(st.booleans()):
            kwargs["use_bias"] = draw(st.booleans())
        if draw(st.booleans()):
            kwargs["activation"] = "relu"
        return _render("Conv1D", [filters, draw(st.sampled_from([kernel, (kernel,)]))], kwargs)
    padding = draw(st.sampled_from(["valid", "same"]))
    max_pool = 3 if length is None or padding == "same" else min(3, length)
    kwargs = {"pool_size": draw(st.integers(1, max_pool)), "padding": padding}
    if draw(st.booleans()):
        kwargs["strides"] = draw(st.integers(1, 3))
    return _render("MaxPooling1D", [], kwargs)


@st.composite
def stacks(draw: Any) -> tuple[tuple[Any, ...], list[str], int | None]:
    timesteps = draw(st.one_of(st.none(), st.integers(1, 7)))
    batch = draw(st.one_of(st.none(), st.integers(1, 4)))
    layers: list[str] = []
    if draw(st.integers(0, 5)) == 0:
        per_sample: tuple[Any, ...] = (timesteps,)
        layers.append(
            _render(
                "Embedding",
                [draw(st.integers(2, 20)), draw(st.integers(1, 4))],
                draw(st.fixed_dictionaries({}, optional={"mask_zero": st.booleans()})),
            )
        )
    else:
        per_sample = (timesteps, draw(st.integers(1, 4)))
    n = draw(st.integers(1, 4))
    names: set[str] = set()
    for index in range(n):
        current = (
            summarize(per_sample, layers, batch=batch).layers[-1].output_shapes[0][1:]
            if layers
            else per_sample
        )
        layer = draw(layer_for(tuple(current), last=index == n - 1, names=names, batch=batch))
        names.add(str(parse_layer(layer).kwargs.get("name")))
        layers.append(layer)
    return per_sample, layers, batch


@pytest.mark.keras
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stacks())
def test_random_stacks_match_keras(stack: tuple[Any, list[str], int | None]) -> None:
    per_sample, layers, batch = stack
    assert_matches_keras(per_sample, layers, batch)
