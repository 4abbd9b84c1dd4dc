"""The calculator against real Keras 3: shapes, weight shapes, counts, names; and its errors.

Every expected number comes from a Keras model built from the same layer specs, compared
through the bridge's ``check_keras`` (tests/keras_models.py); none is typed by hand except in
the error-message tests, which check what the message says.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keras_models import assert_keras_agrees, keras_builds

from lstm_explained import (
    LayerSpec,
    SpecError,
    gru_params,
    lstm_params,
    parse_layer,
    simple_rnn_params,
    summarize,
)

RNN = ("LSTM", "GRU", "SimpleRNN")


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
        if inner.kwargs.get("return_state") and inner.kwargs.get("stateful"):
            # Keras 3's Bidirectional cannot build this pair (the calculator says so).
            inner = LayerSpec(
                inner.type, inner.args, {k: v for k, v in inner.kwargs.items() if k != "stateful"}
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
    assert_keras_agrees(per_sample, layers, batch)


@pytest.mark.keras
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    length=st.integers(1, 9),
    kind=st.sampled_from(["Conv1D", "MaxPooling1D"]),
    size=st.integers(1, 6),
    strides=st.integers(1, 4),
    dilation=st.integers(1, 3),
    padding=st.sampled_from(["valid", "same", "causal"]),
)
def test_conv_and_pool_lengths_and_their_errors_match_keras(
    length: int, kind: str, size: int, strides: int, dilation: int, padding: str
) -> None:
    """Every output length Keras accepts is ours; every length <= 0 is a SpecError."""
    if kind == "Conv1D":
        if strides > 1 and dilation > 1:
            dilation = 1
        layer = (
            f"Conv1D(2, {size}, strides={strides}, dilation_rate={dilation}, padding={padding!r})"
        )
    else:
        padding = "same" if padding == "causal" else padding
        layer = f"MaxPooling1D({size}, strides={strides}, padding={padding!r})"
    try:
        summarize((length, 3), [layer])
    except SpecError as exc:
        assert "would output length" in str(exc)
        refused = keras_builds((length, 3), [layer])
        assert isinstance(refused, ValueError) and "zero or negative" in str(refused)
    else:
        assert_keras_agrees((length, 3), [layer])


# ---------------------------------------------------------------------------------------
# The five questions' models (seeds), exactly
# ---------------------------------------------------------------------------------------

KERAS2_LSTM_SIGNATURE = (
    "activation='tanh', recurrent_activation='hard_sigmoid', use_bias=True, "
    "kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', "
    "bias_initializer='zeros', unit_forget_bias=True, kernel_regularizer=None, "
    "recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
    "kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0, "
    "recurrent_dropout=0.0, implementation=1, return_sequences=False, return_state=False, "
    "go_backwards=False, stateful=False, unroll=False"
)


@pytest.mark.keras
@pytest.mark.parametrize(
    ("per_sample", "layers", "batch"),
    [
        # multidimensional input: LSTM(units, input_shape=(timesteps, features)), no Input
        (None, ["LSTM(1, input_shape=(1, 1))"], None),
        (None, ["LSTM(3, input_shape=(4, 2))"], None),
        # weight shapes of LSTM(10) on (8, 8)
        (None, ["LSTM(10, return_sequences=False, input_shape=(8, 8))"], None),
        # what units means: the Keras 2 signature quoted in the question still builds
        ((5, 1), [f"LSTM(1, {KERAS2_LSTM_SIGNATURE})"], None),
        (
            (5, 3),
            [f"LSTM(4, {KERAS2_LSTM_SIGNATURE.replace('stateful=False', 'stateful=True')})"],
            2,
        ),
        # stacked LSTM inputs: both layers carry input_shape=; Keras uses the first only
        (
            None,
            [
                "LSTM(64, input_shape=[10, 2], return_sequences=True)",
                "LSTM(32, input_shape=[10, 2])",
            ],
            None,
        ),
        ((10, 2), ["LSTM(64, return_sequences=True)", "LSTM(32)"], 32),
        # timesteps and parameters: LSTM(32) on (10, 64) then Dense(2); timesteps don't count
        (None, ["LSTM(32, input_shape=(10, 64))", "Dense(2)"], None),
        ((None, 64), ["LSTM(32)", "Dense(2)"], None),
        ((1000, 64), ["LSTM(32)", "Dense(2)"], None),
    ],
)
def test_seed_models_match_keras(per_sample: Any, layers: list[str], batch: int | None) -> None:
    assert_keras_agrees(per_sample, layers, batch)


@pytest.mark.keras
def test_seed_formulas_read_as_the_book_explains_them() -> None:
    from lstm_explained.keras_bridge import build_model

    model = build_model((10, 64), ["LSTM(32)", "Dense(2)"])
    lstm, dense = (layer.count_params() for layer in model.layers)
    s = summarize("10,64", ["LSTM(32)", "Dense(2)"])
    assert s.layers[0].formula == f"4 × (64·32 + 32·32 + 32) = {lstm}"
    assert s.layers[1].formula == f"32·2 + 2 = {dense}"
    assert lstm_params(64, 32) == lstm
    assert "timesteps" not in s.layers[0].formula


def test_input_shape_on_layers_is_recorded_in_notes() -> None:
    from_layer = summarize(
        None,
        ["LSTM(64, input_shape=(10, 2), return_sequences=True)", "LSTM(32, input_shape=(10, 2))"],
    )
    assert from_layer.input_shape == (None, 10, 2)
    assert len(from_layer.notes) == 2
    assert "first layer" in from_layer.notes[0] and "ignored" in from_layer.notes[1]
    with_input = summarize("5,2", ["LSTM(4, input_shape=(9, 9))"])
    assert with_input.layers[0].input_shape == (None, 5, 2)
    assert "ignored" in with_input.notes[0]
    assert "Note:" in with_input.to_text()


@pytest.mark.keras
@settings(max_examples=15, deadline=None)
@given(
    input_dim=st.integers(1, 40),
    units=st.integers(1, 40),
    use_bias=st.booleans(),
    reset_after=st.booleans(),
)
def test_param_helpers_match_keras(
    input_dim: int, units: int, use_bias: bool, reset_after: bool
) -> None:
    layers = [
        f"LSTM({units}, use_bias={use_bias}, return_sequences=True)",
        f"GRU({units}, use_bias={use_bias}, reset_after={reset_after}, return_sequences=True)",
        f"SimpleRNN({units}, use_bias={use_bias})",
    ]
    from lstm_explained.keras_bridge import build_model

    model = build_model((3, input_dim), layers)
    counts = [layer.count_params() for layer in model.layers]
    assert lstm_params(input_dim, units, use_bias) == counts[0]
    assert gru_params(units, units, use_bias, reset_after) == counts[1]
    assert simple_rnn_params(units, units, use_bias) == counts[2]


def test_to_dict_is_the_documented_format() -> None:
    import json

    s = summarize("5,2", ["Bidirectional(GRU(3, return_state=True), merge_mode=None)"], batch=4)
    data = json.loads(s.to_json())
    assert set(data) == {"version", "input_shape", "layers", "total_params", "notes"}
    (layer,) = data["layers"]
    assert set(layer) == {
        "name",
        "type",
        "spec",
        "input_shape",
        "output_shapes",
        "weights",
        "params",
        "formula",
    }
    assert all(isinstance(shape, list) for shape in layer["output_shapes"])
    assert len(layer["output_shapes"]) == 4
    assert [w["name"] for w in layer["weights"]][:3] == [
        "forward_kernel",
        "forward_recurrent_kernel",
        "forward_bias",
    ]
    assert data["total_params"] == sum(x["params"] for x in data["layers"])
    assert layer["formula"].startswith("2 × 3 × (")
    assert str(s) == s.to_text()


# ---------------------------------------------------------------------------------------
# Error messages: one line, says what is wrong and how to fix it
# ---------------------------------------------------------------------------------------

ERRORS = [
    # (input, layers, batch, words the message must contain, Keras also rejects it)
    ("2", ["LSTM(4)"], None, ["no timesteps axis", "--input 1,2"], True),
    (
        "5,2",
        ["LSTM(4)", "GRU(3)"],
        None,
        ["'lstm' returns (None, 4)", "set return_sequences=True on the previous layer"],
        True,
    ),
    ("5,2", ["Bidirectional(LSTM(4))", "LSTM(3)"], None, ["return_sequences=True"], True),
    ("5,2", ["LSTM(0)"], None, ["units", "positive integer", "got 0"], True),
    ("5,2", ["LSTM(-3)"], None, ["positive integer", "got -3"], True),
    ("5,2", ["LSTM(2.5)"], None, ["positive integer", "2.5"], False),
    ("5,2", ["Dense(True)"], None, ["positive integer", "True (a bool)"], False),
    ("5,2", ["GRU('32')"], None, ["positive integer", "'32'"], True),
    (
        "5,2",
        ["LSTM(4, return_sequence=True)"],
        None,
        ["unknown keyword 'return_sequence'", "did you mean 'return_sequences'"],
        True,
    ),
    (
        "5,2",
        ["Dense(4, kernel_initialiser='ones')"],
        None,
        ["did you mean 'kernel_initializer'"],
        True,
    ),
    ("5,2", ["LSTM(4, input_length=5)"], None, ["removed in Keras 3"], True),
    (
        "5,2",
        ["LSTM(4, batch_input_shape=(1, 5, 2))"],
        None,
        ["removed in Keras 3", "--batch"],
        True,
    ),
    (
        "5,2",
        ["Lstm(4)"],
        None,
        ["unknown layer 'Lstm'", "did you mean 'LSTM'", "supported layers: LSTM, GRU"],
        None,
    ),
    ("5,2", ["Conv2D(4, 3)"], None, ["unknown layer 'Conv2D'", "Conv1D"], None),
    (
        "5,2",
        ["Bidirectional(LSTM(3), merge_mode='avg')"],
        None,
        ["merge_mode='avg'", "'concat', 'sum', 'mul', 'ave' or None"],
        True,
    ),
    ("5,2", ["Bidirectional(Dense(3))"], None, ["wraps a recurrent layer"], True),
    (
        "5,2",
        ["Conv1D(3, 2, padding='full')"],
        None,
        ["padding='full'", "'valid', 'same', 'causal'"],
        True,
    ),
    (
        "5,2",
        ["MaxPooling1D(2, padding='causal')"],
        None,
        ["padding='causal'", "'valid', 'same'"],
        True,
    ),
    ("None,2", ["Flatten()", "Dense(3)"], None, ["last axis is None", "Flatten"], True),
    (
        "3,2",
        ["Conv1D(2, 5)"],
        None,
        ["would output length", "spans 5 steps", "padding='same'"],
        True,
    ),
    ("3,2", ["MaxPooling1D(4)"], None, ["would output length 0"], True),
    (
        "5,2",
        ["Embedding(10, 3)"],
        None,
        ["token ids of shape (batch, timesteps)", "--input 5"],
        False,
    ),
    (
        "5,2",
        ["LSTM(3, return_state=True)", "Dense(1)"],
        None,
        ["returns 3 tensors", "return_state=True", "last layer"],
        True,
    ),
    (
        "5,2",
        ["Bidirectional(LSTM(3), merge_mode=None)", "Dense(1)"],
        None,
        ["returns 2 tensors", "merge_mode=None"],
        True,
    ),
    ("5,2", ["LSTM()"], None, ["missing units", "LSTM(32)"], True),
    ("5,2", ["RepeatVector(2)"], None, ["(batch, features)", "(None, 5, 2)"], True),
    (
        "5,2",
        ["LSTM(3, return_sequences=True)", "RepeatVector(2)"],
        None,
        ["return_sequences=False"],
        True,
    ),
    ("5,2", ["LSTM(3, stateful=True)"], None, ["fixed batch size", "--batch"], True),
    ("5,2", ["Bidirectional(LSTM(3, go_backwards=True))"], None, ["go_backwards=True"], True),
    (
        "5,2",
        ["Conv1D(3, 3, strides=2, dilation_rate=2)"],
        None,
        ["strides > 1", "dilation_rate > 1"],
        True,
    ),
    ("5,2", ["Dropout(1.5)"], None, ["between 0 and 1"], True),
    ("5,2", ["LSTM(3, return_sequences='yes')"], None, ["True or False"], False),
    ("5,2", ["LSTM(3, 'tanh', activation='relu')"], None, ["activation twice"], True),
    (
        "5,2",
        [
            "Dense(3, 'relu', True, 'ones', 'zeros', None, None, None, None, None, None, None, None, None)"
        ],
        None,
        ["positional arguments"],
        True,
    ),
    ("5,None", ["LSTM(3)"], None, ["last axis is None"], True),
    ("5,2", ["LSTM(units)"], None, ["not a literal"], None),
    (
        "5,2",
        ["LSTM(3, name='lstm', return_sequences=True)", "LSTM(2)"],
        None,
        ["named 'lstm'", "unique"],
        True,
    ),
    ("5,2", ["TimeDistributed(LSTM(3))"], None, ["3-D input"], True),
    ("5,2", [], None, ["no layers"], None),
    ("5,0", ["LSTM(3)"], None, ["not a positive integer"], None),
    (None, ["LSTM(3)"], None, ["no input shape", "--input 5,2"], None),
    ("5,2", ["LSTM(3)"], 0, ["batch size must be a positive integer"], None),
]


@pytest.mark.parametrize(("shape", "layers", "batch", "words", "keras_rejects"), ERRORS)
def test_error_messages_say_what_is_wrong(
    shape: Any, layers: list[str], batch: Any, words: list[str], keras_rejects: bool | None
) -> None:
    with pytest.raises(SpecError) as info:
        summarize(shape, layers, batch=batch)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.keras
@pytest.mark.parametrize(
    ("shape", "layers", "batch"),
    [(s, ls, b) for s, ls, b, _, rejects in ERRORS if rejects],
)
def test_keras_rejects_what_we_reject(shape: str, layers: list[str], batch: Any) -> None:
    """Our SpecErrors stand for models Keras 3 would not build (or would not accept)."""
    from lstm_explained.specs import parse_input_shape

    refused = keras_builds(parse_input_shape(shape), layers, batch)
    assert isinstance(refused, ValueError | TypeError), refused
