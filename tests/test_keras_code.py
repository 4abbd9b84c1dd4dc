"""The Keras code the in-browser calculator shows (lstm_explained.keras_code), run by real
Keras 3: the model it builds has the shapes and counts the calculator gives."""

from __future__ import annotations

import pytest

keras = pytest.importorskip("keras")

from lstm_explained import summarize  # noqa: E402
from lstm_explained.keras_code import keras_code, layer_code  # noqa: E402

pytestmark = pytest.mark.keras

MODELS = [
    ("5,2", ["LSTM(64, return_sequences=True)", "LSTM(32)", "Dense(1)"], None),
    ("None,2", ["LSTM(64, return_sequences=True)", "LSTM(32, stateful=True)"], 32),
    ("10,3", ["Bidirectional(LSTM(16, return_sequences=True))", "TimeDistributed(Dense(1))"], None),
    ("20", ["Embedding(1000, 8)", "GRU(4, reset_after=False)", "Dropout(0.5)"], None),
    ("12,3", ["Conv1D(8, 3, padding='causal')", "MaxPooling1D(2)", "SimpleRNN(5)"], None),
    ("7,4", ["Bidirectional(GRU(3, return_state=True), merge_mode=None)"], 2),
    ("6,2", ["keras.layers.LSTM(3, name='encoder', return_sequences=True)", "Flatten()"], None),
]


@pytest.mark.parametrize(("input_shape", "layers", "batch"), MODELS)
def test_the_code_builds_the_model_the_calculator_describes(input_shape, layers, batch):
    expected = summarize(input_shape, layers, batch=batch)
    namespace: dict = {}
    keras.backend.clear_session()
    exec(compile(keras_code(input_shape, layers, batch=batch), "<keras_code>", "exec"), namespace)
    model = namespace["model"]
    assert model.count_params() == expected.total_params
    assert [layer.name for layer in model.layers] == [layer.name for layer in expected.layers]
    for built, layer in zip(model.layers, expected.layers, strict=True):
        outputs = built.output if isinstance(built.output, list) else [built.output]
        assert [tuple(o.shape) for o in outputs] == layer.output_shapes, layer.name
        assert [tuple(w.shape) for w in built.weights] == [w.shape for w in layer.weights]


def test_arguments_are_written_as_given():
    assert layer_code("Dense(3, 'relu', use_bias=False)") == (
        "keras.layers.Dense(3, 'relu', use_bias=False)"
    )
    assert layer_code("TimeDistributed(layer=Dense(2))") == (
        "keras.layers.TimeDistributed(layer=keras.layers.Dense(2))"
    )
