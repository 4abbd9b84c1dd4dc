"""Layer strings are parsed with ast, never evaluated; bad ones give one-line SpecErrors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_explained import (
    SUPPORTED_LAYERS,
    LayerSpec,
    SpecError,
    parse_input_shape,
    parse_layer,
    parse_layers,
)


def test_positional_keyword_and_nested_arguments() -> None:
    spec = parse_layer("Bidirectional(LSTM(8, return_sequences=True), merge_mode=None)")
    assert spec.type == "Bidirectional"
    assert spec.args == (LayerSpec("LSTM", (8,), {"return_sequences": True}),)
    assert dict(spec.kwargs) == {"merge_mode": None}
    assert parse_layer("Conv1D(4, (3,), padding='same')").args == (4, (3,))
    assert parse_layer("Dropout(-0.5)").args == (-0.5,)


@pytest.mark.parametrize("prefix", ["", "keras.layers.", "layers.", "tf.keras.layers.", "kl."])
def test_module_prefixes_are_accepted(prefix: str) -> None:
    assert parse_layer(f"{prefix}GRU(3)") == LayerSpec("GRU", (3,), {})


def test_specs_are_immutable_values() -> None:
    a, b = parse_layers(["LSTM(4, use_bias=False)", " LSTM(4,use_bias=False) "])
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    with pytest.raises(TypeError):
        a.kwargs["use_bias"] = True  # type: ignore[index]
    assert eval(repr(a), {"parse_layer": parse_layer}) == a


literals = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-1000, 1000),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.text("abcdefghij_ ", max_size=8),
    ),
    lambda inner: st.tuples(inner, inner) | st.lists(inner, max_size=3),
    max_leaves=4,
)
names = st.sampled_from(["units", "activation", "return_sequences", "padding", "rate"])


@st.composite
def specs(draw: Any, depth: int = 0) -> LayerSpec:
    type_ = draw(st.sampled_from(SUPPORTED_LAYERS))
    args: list[Any] = draw(st.lists(literals, max_size=3))
    if depth == 0 and draw(st.booleans()):
        args.insert(0, draw(specs(depth=1)))
    kwargs = draw(st.dictionaries(names, literals, max_size=3))
    return LayerSpec(type_, tuple(args), kwargs)


@settings(max_examples=60, deadline=None)
@given(specs())
def test_str_round_trips(spec: LayerSpec) -> None:
    assert parse_layer(str(spec)) == spec


BAD_LAYERS = [
    ("LSTM(units)", ["not a literal"]),
    ("LSTM(4, activation=tf.nn.relu)", ["not a literal"]),
    ("LSTM(2 + 2)", ["not a literal"]),
    ("__import__('os').system('echo hi')", ["expected a layer name"]),
    ("eval('1')", ["unknown layer 'eval'"]),
    ("Lstm(4)", ["unknown layer 'Lstm'", "did you mean 'LSTM'", "supported layers:"]),
    ("lstm(4)", ["did you mean 'LSTM'"]),
    ("Dense", ["missing its arguments", "Dense(...)"]),
    ("LSTM(4", ["cannot parse"]),
    ("", ["empty layer string"]),
    ("   ", ["empty layer string"]),
    ("4", ["expected a layer such as LSTM(32)"]),
    ("LSTM(*[4])", ["*arguments"]),
    ("LSTM(**{'units': 4})", ["**keyword"]),
    ("LSTM(4, units=4, units=5)", ["given twice"]),
    ("LSTM(" + "1," * 1200 + ")", ["longer than 2000"]),
    ("LSTM(4); import os", ["cannot parse"]),
]


@pytest.mark.parametrize(("text", "words"), BAD_LAYERS)
def test_bad_layer_strings(text: str, words: list[str]) -> None:
    with pytest.raises(SpecError) as info:
        parse_layer(text)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_layer_must_be_a_string() -> None:
    with pytest.raises(SpecError, match="as a string"):
        parse_layer(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("5,2", (5, 2)),
        ("(10, 64)", (10, 64)),
        ("[None, 2]", (None, 2)),
        ("none,2", (None, 2)),
        ("7", (7,)),
        ((3, None, 4), (3, None, 4)),
        ([8], (8,)),
        (6, (6,)),
    ],
)
def test_input_shapes(text: Any, shape: tuple[Any, ...]) -> None:
    assert parse_input_shape(text) == shape


@pytest.mark.parametrize(
    "text", ["", "()", "5,x", "5,0", "-5,2", "5.5,2", (True, 2), (0,), 2.5, "5,,2x"]
)
def test_bad_input_shapes(text: Any) -> None:
    with pytest.raises(SpecError) as info:
        parse_input_shape(text)
    assert "\n" not in str(info.value)
