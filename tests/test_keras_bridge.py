"""The Keras bridge against real Keras 3: models it builds, what it reads back, and
``numpy_predict`` equal to Keras on random stacks of every supported layer and flag."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

keras = pytest.importorskip("keras")

from lstm_explained import SpecError, summarize  # noqa: E402
from lstm_explained import keras_bridge as kb  # noqa: E402

pytestmark = pytest.mark.keras

RNN = ("LSTM", "GRU", "SimpleRNN")
SEED = ["LSTM(64, return_sequences=True)", "LSTM(32)"]


# ---------------------------------------------------------------------------------------
# Random Sequential stacks, written as the layer strings a reader would type
# ---------------------------------------------------------------------------------------


@st.composite
def rnn_spec(draw: Any, *, sequences: bool | None = None, state: bool = False) -> str:
    kind = draw(st.sampled_from(RNN))
    units = draw(st.integers(1, 6))
    kwargs = {
        "return_sequences": draw(st.booleans()) if sequences is None else sequences,
        "use_bias": draw(st.booleans()),
        "go_backwards": draw(st.booleans()),
        "activation": draw(st.sampled_from(["tanh", "relu", "sigmoid"])),
    }
    if state:
        kwargs["return_state"] = draw(st.booleans())
    if kind != "SimpleRNN":
        kwargs["recurrent_activation"] = draw(st.sampled_from(["sigmoid", "hard_sigmoid"]))
    if kind == "GRU":
        kwargs["reset_after"] = draw(st.booleans())
    return f"{kind}({units}, " + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"


@st.composite
def stacks(draw: Any) -> tuple[tuple[int | None, ...], list[str], bool]:
    """(per-sample input shape, layer strings, whether the input is token ids)."""
    timesteps = draw(st.integers(1, 7))
    ids = draw(st.booleans())
    layers: list[str] = []
    if ids:
        shape: tuple[int | None, ...] = (timesteps,)
        layers.append(
            f"Embedding({draw(st.integers(2, 9))}, {draw(st.integers(1, 4))}, "
            f"mask_zero={draw(st.booleans())})"
        )
    else:
        shape = (draw(st.sampled_from([timesteps, None])), draw(st.integers(1, 5)))
    rank = 3
    for position in range(draw(st.integers(1, 4))):
        last = position == 3
        if rank == 3:
            choice = draw(
                st.sampled_from(
                    ["rnn", "bidirectional", "conv", "pool", "dropout", "td", "dense", "flatten"]
                )
            )
            if choice == "rnn":
                layer = draw(rnn_spec(state=last))
            elif choice == "bidirectional":
                inner = draw(rnn_spec())
                inner = inner.replace("go_backwards=True", "go_backwards=False")
                mode = draw(st.sampled_from(["concat", "sum", "ave", "mul"]))
                layer = f"Bidirectional({inner}, merge_mode={mode!r})"
            elif choice == "conv":
                layer = (
                    f"Conv1D({draw(st.integers(1, 4))}, {draw(st.integers(1, 3))}, "
                    f"strides={draw(st.integers(1, 2))}, "
                    f"padding={draw(st.sampled_from(['valid', 'same', 'causal']))!r}, "
                    f"activation={draw(st.sampled_from(['linear', 'relu', 'tanh']))!r})"
                )
            elif choice == "pool":
                layer = (
                    f"MaxPooling1D({draw(st.integers(1, 3))}, "
                    f"padding={draw(st.sampled_from(['valid', 'same']))!r})"
                )
            elif choice == "dropout":
                layer = "Dropout(0.5)"
            elif choice == "td":
                layer = f"TimeDistributed(Dense({draw(st.integers(1, 4))}))"
            elif choice == "dense":
                layer = f"Dense({draw(st.integers(1, 4))}, activation='softmax')"
            else:
                layer = "Flatten()"
        else:
            choice = draw(st.sampled_from(["dense", "repeat", "dropout"]))
            layer = {
                "dense": f"Dense({draw(st.integers(1, 4))}, activation='tanh')",
                "repeat": f"RepeatVector({draw(st.integers(1, 3))})",
                "dropout": "Dropout(0.2)",
            }[choice]
        layers.append(layer)
        if "return_state=True" in layer:
            break
        if layer.startswith(("Flatten", "LSTM", "GRU", "SimpleRNN", "Bidirectional")):
            rank = 3 if "return_sequences=True" in layer else 2
        elif layer.startswith("RepeatVector"):
            rank = 3
    return shape, layers, ids


def _input(shape: tuple[int | None, ...], ids: bool, vocab: int, rng: np.random.Generator) -> Any:
    batch = int(rng.integers(1, 4))
    concrete = [int(rng.integers(1, 8)) if d is None else d for d in shape]
    if ids:
        x = rng.integers(1, vocab, size=(batch, *concrete))
        x[:, int(rng.integers(1, concrete[0] + 1)) :] = 0  # padding at the end of each row
        return x.astype("int32")
    return rng.normal(size=(batch, *concrete)).astype("float32")


def _close(ours: Any, theirs: Any) -> None:
    ours = ours if isinstance(ours, list) else [ours]
    theirs = theirs if isinstance(theirs, list | tuple) else [theirs]
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        b = np.asarray(b)
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, atol=1e-5, rtol=1e-5)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(stacks(), st.integers(0, 2**16))
def test_numpy_predict_equals_keras_on_random_stacks(stack: Any, seed: int) -> None:
    shape, layers, ids = stack
    try:
        summarize(shape, layers)
    except SpecError:
        assume(False)  # e.g. a convolution longer than the sequence: Keras rejects it too
    model = kb.build_model(shape, layers, seed=seed % 1000)
    rng = np.random.default_rng(seed)
    vocab = model.layers[0].input_dim if ids else 0
    x = _input(shape, ids, vocab, rng)
    try:
        summarize(x.shape[1:], layers)
    except SpecError:
        with pytest.raises(SpecError, match="needs at least"):
            kb.numpy_predict(model, x)
        assume(False)  # this sequence is too short for a convolution or pooling window
    _close(kb.numpy_predict(model, x), model(x, training=False))


@pytest.mark.parametrize("mode", ["concat", "sum", "ave", "mul", None])
@pytest.mark.parametrize("kind", RNN)
def test_bidirectional_merge_modes_with_masks_and_states(kind: str, mode: str | None) -> None:
    layers = [
        "Embedding(7, 3, mask_zero=True)",
        f"Bidirectional({kind}(4, return_sequences=True, return_state=True), merge_mode={mode!r})",
    ]
    model = kb.build_model((6,), layers, seed=1)
    x = np.array([[3, 1, 4, 1, 5, 0], [2, 6, 0, 0, 0, 0]], dtype="int32")
    _close(kb.numpy_predict(model, x), model(x, training=False))


def test_numpy_predict_matches_model_predict_on_the_seed_model() -> None:
    model = kb.build_model("5,2", SEED, seed=0)
    x = np.random.default_rng(3).normal(size=(32, 5, 2)).astype("float32")
    _close(kb.numpy_predict(model, x), model.predict(x, verbose=0))


# ---------------------------------------------------------------------------------------
# Building, reading back, comparing
# ---------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, derandomize=True)
@given(stacks())
def test_check_keras_agrees_on_random_stacks(stack: Any) -> None:
    shape, layers, _ = stack
    try:
        summarize(shape, layers)
    except SpecError:
        assume(False)
    check = kb.check_keras(shape, layers)
    assert check.agree, check.to_text()
    assert len(check.rows) == 3 * len(layers) + 1


def test_check_keras_reports_a_disagreement(monkeypatch: pytest.MonkeyPatch) -> None:
    real = summarize

    def off_by_one(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        result.layers[1].params += 1
        return result

    monkeypatch.setattr(kb, "summarize", off_by_one)
    check = kb.check_keras("5,2", SEED)
    assert not check.agree
    [bad] = check.disagreements
    assert (bad.layer, bad.what) == ("lstm_1 (LSTM)", "params")
    model = kb.build_model("5,2", SEED)
    text = check.to_text()
    assert f"≠  Keras {model.layers[1].count_params()}" in text
    assert text.splitlines()[-1] == f"✗ 1/{len(check.rows)} differ: lstm_1 (LSTM) params"


def test_build_model_names_restart_and_match_the_calculator() -> None:
    layers = ["Bidirectional(LSTM(3, return_sequences=True))", "GRU(2)", "Dense(1)"]
    first = kb.build_model("4,2", layers)
    second = kb.build_model("4,2", layers)
    names = [layer.name for layer in summarize("4,2", layers).layers]
    assert [layer.name for layer in first.layers] == names
    assert [layer.name for layer in second.layers] == names


def test_build_model_batch_and_none_timesteps() -> None:
    model = kb.build_model((None, 3), ["LSTM(2, stateful=True)"], batch=4)
    assert tuple(model.inputs[0].shape) == (4, None, 3)
    assert model.layers[0].stateful


def test_set_seed_makes_weights_reproducible() -> None:
    kb.set_seed(7)
    a = kb.build_model("3,2", ["LSTM(4)"]).get_weights()
    kb.set_seed(7)
    b = kb.build_model("3,2", ["LSTM(4)"]).get_weights()
    c = kb.build_model("3,2", ["LSTM(4)"], seed=8).get_weights()
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_named_weights_follow_get_weights_order() -> None:
    model = kb.build_model("6,3", ["Bidirectional(GRU(2, reset_after=True))", "Dense(2)"])
    for layer in model.layers:
        named = kb.named_weights(layer)
        arrays = layer.get_weights()
        assert len(named) == len(arrays)
        for (_, ours), theirs in zip(named, arrays, strict=True):
            assert np.array_equal(ours, theirs)
    names = [n for n, _ in kb.named_weights(model.layers[0])]
    assert names[:3] == ["forward_kernel", "forward_recurrent_kernel", "forward_bias"]
    assert names[3:] == ["backward_kernel", "backward_recurrent_kernel", "backward_bias"]


def test_keras_facts_agree_with_the_layers() -> None:
    model = kb.build_model("5,2", ["LSTM(4, return_state=True)"])
    [facts] = kb.keras_facts(model)
    layer = model.layers[0]
    assert facts["params"] == layer.count_params()
    assert facts["output_shapes"] == [tuple(t.shape) for t in layer.output]
    assert [shape for _, shape in facts["weights"]] == [w.shape for w in layer.get_weights()]


def test_summary_text_is_keras_summary() -> None:
    model = kb.build_model("5,2", SEED)
    text = kb.summary_text(model)
    assert text.startswith(f'Model: "{model.name}"')
    assert f"Total params: {model.count_params():,}" in text
    for layer in model.layers:
        assert f"{layer.name} ({type(layer).__name__})" in text
        assert f"{layer.count_params():,}" in text


# ---------------------------------------------------------------------------------------
# Errors: one clear line, never a traceback from inside Keras
# ---------------------------------------------------------------------------------------


def test_build_model_explains_a_missing_return_sequences() -> None:
    with pytest.raises(SpecError, match="return_sequences=True"):
        kb.build_model("5,2", ["LSTM(64)", "LSTM(32)"])


def test_build_layer_reports_what_keras_rejects() -> None:
    with pytest.raises(SpecError, match=r"Keras rejects Dense\(4, activation='nope'\)") as info:
        kb.build_layer("Dense(4, activation='nope')")
    assert "\n" not in str(info.value)
    # build_model asks the calculator first, which knows Keras' activation names.
    with pytest.raises(SpecError, match=r"activation='nope' in Dense.*not an activation") as info:
        kb.build_model("5,2", ["Dense(4, activation='nope')"])
    assert "\n" not in str(info.value)


def test_build_layer_unknown_layer_lists_the_supported_ones() -> None:
    with pytest.raises(SpecError, match="LSTM, GRU, SimpleRNN"):
        kb.build_layer(kb.LayerSpec("LayerNormalization"))


def test_build_model_rejects_a_non_layer() -> None:
    with pytest.raises(SpecError, match="a layer must be a string"):
        kb.build_model("5,2", [42])  # type: ignore[list-item]


def test_set_seed_rejects_a_negative_seed() -> None:
    with pytest.raises(SpecError, match="non-negative integer"):
        kb.set_seed(-1)


def test_named_weights_of_an_unbuilt_layer() -> None:
    with pytest.raises(SpecError, match="no weights yet"):
        kb.named_weights(keras.layers.LSTM(3))


def test_numpy_predict_names_an_unsupported_layer() -> None:
    model = keras.Sequential([keras.Input((4, 3)), keras.layers.LayerNormalization()])
    with pytest.raises(SpecError, match=r"cannot run layer 'layer_normalization' \("):
        kb.numpy_predict(model, np.zeros((1, 4, 3), "float32"))


def test_numpy_predict_names_an_unsupported_activation() -> None:
    model = kb.build_model("4,3", ["Dense(2, activation='gelu')"])
    with pytest.raises(SpecError, match=r"activation 'gelu'.*supported: hard_sigmoid"):
        kb.numpy_predict(model, np.zeros((1, 4, 3), "float32"))


def test_numpy_predict_checks_the_input_shape() -> None:
    model = kb.build_model("4,3", ["LSTM(2)"])
    with pytest.raises(
        SpecError, match=r"x has shape \(1, 4, 2\); the model takes \(batch, 4, 3\)"
    ):
        kb.numpy_predict(model, np.zeros((1, 4, 2), "float32"))


def test_numpy_predict_refuses_stateful_layers() -> None:
    model = kb.build_model("4,3", ["LSTM(2, stateful=True)"], batch=1)
    with pytest.raises(SpecError, match="stateful"):
        kb.numpy_predict(model, np.zeros((1, 4, 3), "float32"))


def test_numpy_predict_checks_embedding_ids() -> None:
    model = kb.build_model((3,), ["Embedding(5, 2)", "LSTM(2)"])
    with pytest.raises(SpecError, match=r"takes ids in 0\.\.4, got 0\.\.9"):
        kb.numpy_predict(model, np.array([[0, 9, 1]]))


def test_numpy_predict_needs_a_model() -> None:
    with pytest.raises(SpecError, match=r"needs a built keras\.Sequential"):
        kb.numpy_predict("model", np.zeros((1, 2)))


def test_input_shape_on_a_layer_is_ignored_quietly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = kb.build_model(
            "10,2", ["LSTM(4, return_sequences=True)", "LSTM(3, input_shape=(7, 7))"]
        )
    assert (
        model.count_params()
        == summarize("10,2", ["LSTM(4, return_sequences=True)", "LSTM(3)"]).total_params
    )
