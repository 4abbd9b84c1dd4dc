"""The NumPy forward passes against real Keras 3 layers, and the forward module's errors.

Every expected value comes from calling a Keras layer on the same input with the same
weights; only the error-message tests state what they expect by hand.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_explained import (
    GATES,
    SpecError,
    gate_blocks,
    gate_slice,
    lstm_trace,
    numpy_gru,
    numpy_lstm,
    numpy_simple_rnn,
)

ATOL = 1e-5
CELLS = ("LSTM", "GRU", "SimpleRNN")
NUMPY_FUNCTIONS = {"LSTM": numpy_lstm, "GRU": numpy_gru, "SimpleRNN": numpy_simple_rnn}
STATE_COUNT = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1}
ACTIVATION_NAMES = ("tanh", "sigmoid", "relu", "linear", "hard_sigmoid")


@pytest.fixture(scope="module")
def keras() -> Any:
    return pytest.importorskip("keras")


def _as_list(result: Any) -> list[np.ndarray]:
    if isinstance(result, list | tuple):
        return [np.asarray(r) for r in result]
    return [np.asarray(result)]


def _keras_layer(
    keras: Any,
    cell: str,
    units: int,
    input_shape: tuple,
    seed: int,
    scale: float = 0.8,
    **kwargs: Any,
) -> Any:
    """A built Keras layer whose weights (biases included) are random, not Keras' zeros."""
    layer = getattr(keras.layers, cell)(units, **kwargs)
    layer.build(input_shape)
    rng = np.random.default_rng(seed)
    layer.set_weights(
        [rng.uniform(-scale, scale, size=w.shape).astype("float32") for w in layer.get_weights()]
    )
    return layer


def _keras_call(layer: Any, x: np.ndarray, mask: Any, initial_state: Any) -> list[np.ndarray]:
    kwargs: dict[str, Any] = {}
    if mask is not None:
        kwargs["mask"] = mask
    if initial_state is not None:
        kwargs["initial_state"] = list(initial_state)
    return _as_list(layer(x, **kwargs))


@st.composite
def configs(draw: st.DrawFn, cell: str) -> dict[str, Any]:
    batch = draw(st.integers(1, 4))
    timesteps = draw(st.integers(1, 7))
    cfg: dict[str, Any] = {
        "cell": cell,
        "batch": batch,
        "timesteps": timesteps,
        "input_dim": draw(st.integers(1, 5)),
        "units": draw(st.integers(1, 6)),
        "seed": draw(st.integers(0, 2**32 - 1)),
        "initial_state": draw(st.booleans()),
        "layer": {
            "use_bias": draw(st.booleans()),
            "return_sequences": draw(st.booleans()),
            "return_state": draw(st.booleans()),
            "go_backwards": draw(st.booleans()),
            "activation": draw(st.sampled_from(ACTIVATION_NAMES)),
        },
    }
    if cell != "SimpleRNN":
        cfg["layer"]["recurrent_activation"] = draw(st.sampled_from(ACTIVATION_NAMES))
    if cell == "GRU":
        cfg["layer"]["reset_after"] = draw(st.booleans())
    # Random boolean masks: rows with leading, trailing, scattered or no masked steps.
    cfg["mask"] = draw(
        st.none()
        | st.lists(
            st.lists(st.booleans(), min_size=timesteps, max_size=timesteps),
            min_size=batch,
            max_size=batch,
        )
    )
    return cfg


def _compare_with_keras(keras: Any, cfg: dict[str, Any]) -> None:
    cell, units = cfg["cell"], cfg["units"]
    shape = (cfg["batch"], cfg["timesteps"], cfg["input_dim"])
    rng = np.random.default_rng(cfg["seed"] + 1)
    x = rng.normal(size=shape).astype("float32")
    mask = None if cfg["mask"] is None else np.array(cfg["mask"], dtype=bool)
    initial_state = None
    if cfg["initial_state"]:
        initial_state = [
            rng.normal(size=(shape[0], units)).astype("float32") for _ in range(STATE_COUNT[cell])
        ]
    # relu and linear let values grow without bound, and with them float32 rounding, which
    # neither Keras nor NumPy can avoid: such draws get smaller weights.
    bounded = {"tanh", "sigmoid", "hard_sigmoid"}
    activations = {
        cfg["layer"].get("activation", "tanh"),
        cfg["layer"].get("recurrent_activation", "sigmoid"),
    }
    scale = 0.8 if activations <= bounded else 0.3
    layer = _keras_layer(keras, cell, units, shape, cfg["seed"], scale, **cfg["layer"])
    expected = _keras_call(layer, x, mask, initial_state)
    kwargs = {k: v for k, v in cfg["layer"].items() if k != "use_bias"}
    weights = layer.get_weights()
    if not cfg["layer"]["use_bias"]:
        weights.append(None)
    got = _as_list(
        NUMPY_FUNCTIONS[cell](x, *weights, mask=mask, initial_state=initial_state, **kwargs)
    )
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g.shape == e.shape
        assert g.dtype == np.float32
        # 1e-5 absolute; beyond magnitude 1 (unbounded activations) float32 only keeps
        # relative precision, so rtol scales the same 1e-5.
        np.testing.assert_allclose(g, e, atol=ATOL, rtol=ATOL)


@pytest.mark.keras
@settings(max_examples=30, deadline=None)
@given(cfg=configs("LSTM"))
def test_lstm_matches_keras(keras: Any, cfg: dict[str, Any]) -> None:
    _compare_with_keras(keras, cfg)


@pytest.mark.keras
@settings(max_examples=30, deadline=None)
@given(cfg=configs("GRU"))
def test_gru_matches_keras(keras: Any, cfg: dict[str, Any]) -> None:
    _compare_with_keras(keras, cfg)


@pytest.mark.keras
@settings(max_examples=30, deadline=None)
@given(cfg=configs("SimpleRNN"))
def test_simple_rnn_matches_keras(keras: Any, cfg: dict[str, Any]) -> None:
    _compare_with_keras(keras, cfg)


@pytest.mark.keras
@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("go_backwards", [False, True])
def test_masked_steps_as_keras(keras: Any, cell: str, go_backwards: bool) -> None:
    """Leading, trailing, inner and all-masked rows, with an initial state: Keras carries the
    states over and repeats the previous output (zeros before the first real step)."""
    mask = np.array(
        [
            [False, False, True, True, True],
            [True, True, True, False, False],
            [True, False, True, False, True],
            [False, False, False, False, False],
        ]
    )
    cfg = {
        "cell": cell,
        "batch": 4,
        "timesteps": 5,
        "input_dim": 3,
        "units": 4,
        "seed": 7,
        "initial_state": True,
        "mask": mask.tolist(),
        "layer": {
            "use_bias": True,
            "return_sequences": True,
            "return_state": True,
            "go_backwards": go_backwards,
        },
    }
    _compare_with_keras(keras, cfg)


# ---------------------------------------------------------------------------------------
# Gate blocks: the names match what the blocks do inside Keras
# ---------------------------------------------------------------------------------------


@pytest.mark.keras
@pytest.mark.parametrize("cell", CELLS)
def test_gate_blocks_are_keras_splits(keras: Any, cell: str) -> None:
    layer = _keras_layer(keras, cell, 5, (2, 3, 4), seed=3)
    gates = GATES[cell]
    for weight in layer.weights:
        splits = keras.ops.split(weight.value, len(gates), axis=-1)
        blocks = gate_blocks(weight.numpy(), cell)
        assert list(blocks) == list(gates)
        for gate, split in zip(gates, splits, strict=True):
            np.testing.assert_array_equal(blocks[gate], keras.ops.convert_to_numpy(split))
            np.testing.assert_array_equal(
                blocks[gate], weight.numpy()[..., gate_slice(5, gate, cell)]
            )


@pytest.mark.keras
def test_lstm_gate_names_do_what_they_say_in_keras(keras: Any) -> None:
    """Forget gate open and input gate shut (through the blocks named "f" and "i"): Keras
    keeps the cell state exactly. Then shut the output gate: Keras outputs h = 0."""
    units = 3
    layer = _keras_layer(keras, "LSTM", units, (2, 4, 2), seed=5)
    kernel, recurrent_kernel, bias = layer.get_weights()
    for w in (kernel, recurrent_kernel):
        for g in ("i", "f"):
            gate_blocks(w)[g][...] = 0.0
    gate_blocks(bias)["f"][...] = 100.0
    gate_blocks(bias)["i"][...] = -100.0
    layer.set_weights([kernel, recurrent_kernel, bias])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 2)).astype("float32")
    h0, c0 = (rng.normal(size=(2, units)).astype("float32") for _ in range(2))
    layer.return_state = True
    _, _, c = _as_list(layer(x, initial_state=[h0, c0]))
    np.testing.assert_allclose(c, c0, atol=ATOL)

    for w in (kernel, recurrent_kernel):
        gate_blocks(w)["o"][...] = 0.0
    gate_blocks(bias)["o"][...] = -100.0
    layer.set_weights([kernel, recurrent_kernel, bias])
    h, _, _ = _as_list(layer(x, initial_state=[h0, c0]))
    np.testing.assert_allclose(h, 0.0, atol=ATOL)


@pytest.mark.keras
@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_update_gate_name_in_keras(keras: Any, reset_after: bool) -> None:
    """The update gate "z" at 1 keeps h: Keras returns the initial state unchanged."""
    layer = _keras_layer(keras, "GRU", 3, (2, 4, 2), seed=6, reset_after=reset_after)
    kernel, recurrent_kernel, bias = layer.get_weights()
    gate_blocks(kernel, "GRU")["z"][...] = 0.0
    gate_blocks(recurrent_kernel, "GRU")["z"][...] = 0.0
    gate_blocks(bias, "GRU")["z"][...] = 100.0
    layer.set_weights([kernel, recurrent_kernel, bias])
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 4, 2)).astype("float32")
    h0 = rng.normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(_as_list(layer(x, initial_state=[h0]))[0], h0, atol=ATOL)


def test_gate_slice_covers_the_weight_in_order() -> None:
    for cell, gates in GATES.items():
        slices = [gate_slice(7, g, cell) for g in gates]
        columns = np.concatenate([np.arange(7 * len(gates))[s] for s in slices])
        np.testing.assert_array_equal(columns, np.arange(7 * len(gates)))


# ---------------------------------------------------------------------------------------
# lstm_trace
# ---------------------------------------------------------------------------------------


@pytest.mark.keras
@settings(max_examples=15, deadline=None)
@given(
    batch=st.integers(1, 3),
    timesteps=st.integers(1, 6),
    input_dim=st.integers(1, 4),
    units=st.integers(1, 5),
    use_bias=st.booleans(),
    with_state=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_lstm_trace_agrees_with_numpy_lstm_and_keras(
    keras: Any,
    batch: int,
    timesteps: int,
    input_dim: int,
    units: int,
    use_bias: bool,
    with_state: bool,
    seed: int,
) -> None:
    shape = (batch, timesteps, input_dim)
    options = {"use_bias": use_bias, "return_sequences": True, "return_state": True}
    layer = _keras_layer(keras, "LSTM", units, shape, seed, **options)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=shape).astype("float32")
    state = [rng.normal(size=(batch, units)).astype("float32") for _ in range(2)]
    state = state if with_state else None
    weights = layer.get_weights() + ([] if use_bias else [None])
    trace = lstm_trace(x, *weights, initial_state=state)
    assert set(trace) == {"i", "f", "c_tilde", "o", "c", "h"}
    for value in trace.values():
        assert value.shape == (batch, timesteps, units)
    seq, h, c = _as_list(layer(x, initial_state=state))
    np.testing.assert_allclose(trace["h"], seq, atol=ATOL)
    np.testing.assert_allclose(trace["h"][:, -1], h, atol=ATOL)
    np.testing.assert_allclose(trace["c"][:, -1], c, atol=ATOL)
    np.testing.assert_allclose(trace["h"][:, -1], numpy_lstm(x, *weights, initial_state=state))
    # The recorded gates rebuild the recorded states.
    c_prev = np.concatenate(
        [(state[1] if state else np.zeros((batch, units)))[:, None], trace["c"][:, :-1]], axis=1
    )
    np.testing.assert_allclose(
        trace["c"], trace["f"] * c_prev + trace["i"] * trace["c_tilde"], atol=ATOL
    )
    np.testing.assert_allclose(trace["h"], trace["o"] * np.tanh(trace["c"]), atol=ATOL)


# ---------------------------------------------------------------------------------------
# Errors: one line of SpecError naming the problem
# ---------------------------------------------------------------------------------------

X = np.zeros((2, 5, 3), dtype="float32")
LSTM_W = (np.zeros((3, 16)), np.zeros((4, 16)), np.zeros(16))
GRU_W = (np.zeros((3, 12)), np.zeros((4, 12)), np.zeros((2, 12)))
RNN_W = (np.zeros((3, 4)), np.zeros((4, 4)), np.zeros(4))


def _error(call: Any) -> str:
    with pytest.raises(SpecError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: numpy_lstm(X[0], *LSTM_W), ["x must be 3-D", "(5, 3)", "x[None]"]),
        (lambda: numpy_lstm(np.zeros((2, 0, 3)), *LSTM_W), ["no timesteps"]),
        (lambda: numpy_lstm([["a"]], *LSTM_W), ["x must be an array of numbers"]),
        (
            lambda: numpy_lstm(np.zeros((2, 5, 8)), *LSTM_W),
            ["kernel (3, 16) does not match x with 8 features", "expected (8, 16)"],
        ),
        (
            lambda: numpy_lstm(X, LSTM_W[0], np.zeros((4, 12)), LSTM_W[2]),
            ["recurrent_kernel must be (units, 4 * units)", "(4, 12)"],
        ),
        (
            lambda: numpy_lstm(X, LSTM_W[0], np.zeros((5, 20)), LSTM_W[2]),
            ["kernel (3, 16) does not match", "5 units", "expected (3, 20)"],
        ),
        (
            lambda: numpy_lstm(X, *LSTM_W[:2], np.zeros(12)),
            ["bias shape (12,)", "expected (16,)", "None for use_bias=False"],
        ),
        (
            lambda: numpy_gru(X, *GRU_W[:2], np.zeros(12)),
            ["bias shape (12,)", "GRU", "expected (2, 12)"],
        ),
        (
            lambda: numpy_gru(X, *GRU_W, reset_after=False),
            ["bias shape (2, 12)", "expected (12,)"],
        ),
        (lambda: numpy_simple_rnn(X, *RNN_W[:2], np.zeros(5)), ["bias shape (5,)", "(4,)"]),
        (
            lambda: numpy_lstm(X, *LSTM_W, initial_state=[np.zeros((2, 4))]),
            ["initial_state for LSTM must be [h, c]"],
        ),
        (
            lambda: numpy_lstm(X, *LSTM_W, initial_state=[np.zeros((2, 4)), np.zeros((3, 4))]),
            ["initial_state shape (3, 4)", "(2, 4)"],
        ),
        (
            lambda: numpy_gru(X, *GRU_W, initial_state=[np.zeros((2, 4))] * 2),
            ["initial_state for GRU must be h or [h]"],
        ),
        (
            lambda: numpy_simple_rnn(X, *RNN_W, initial_state=np.zeros((2, 5))),
            ["initial_state shape (2, 5)", "(2, 4)"],
        ),
        (lambda: numpy_lstm(X, *LSTM_W, mask=np.ones((2, 4), bool)), ["mask shape (2, 4)"]),
        (
            lambda: numpy_lstm(X, *LSTM_W, mask=np.full((2, 5), "yes")),
            ["mask must be boolean"],
        ),
        (
            lambda: numpy_lstm(X, *LSTM_W, activation="swish"),
            ["unsupported activation 'swish'", "hard_sigmoid, linear, relu, sigmoid, tanh"],
        ),
        (
            lambda: numpy_gru(X, *GRU_W, recurrent_activation="softmax"),
            ["unsupported recurrent_activation 'softmax'", "tanh"],
        ),
        (lambda: gate_slice(4, "x"), ["unknown LSTM gate 'x'", "i, f, c, o"]),
        (lambda: gate_slice(4, "i", cell="GRU"), ["unknown GRU gate 'i'", "z, r, h"]),
        (lambda: gate_slice(0, "i"), ["units must be a positive integer", "0"]),
        (lambda: gate_slice(4, "i", cell="Dense"), ["unknown cell 'Dense'", "LSTM, GRU"]),
        (lambda: gate_blocks(np.zeros((3, 10))), ["4 equal gate blocks", "(3, 10)"]),
        (lambda: gate_blocks(np.float32(1.0), "GRU"), ["3 equal gate blocks", "()"]),
        (lambda: lstm_trace(X, *GRU_W), ["recurrent_kernel must be (units, 4 * units)"]),
    ],
)
def test_error_messages(call: Any, words: list[str]) -> None:
    message = _error(call)
    for word in words:
        assert word in message, (word, message)


def test_outputs_are_float32_for_float64_input() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 3))
    for fn, weights in ((numpy_lstm, LSTM_W), (numpy_gru, GRU_W), (numpy_simple_rnn, RNN_W)):
        out = fn(x, *(rng.normal(size=w.shape) for w in weights))
        assert out.dtype == np.float32 and out.shape == (2, 4)


def test_initial_state_and_mask_spellings() -> None:
    """A bare array or a one-item list for one-state cells, a tuple for LSTM, 0/1 masks."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 5, 3)).astype("float32")
    h0 = rng.normal(size=(2, 4)).astype("float32")
    mask = np.array([[1, 1, 0, 1, 0], [0, 1, 1, 1, 1]])
    for fn, weights in ((numpy_gru, GRU_W), (numpy_simple_rnn, RNN_W)):
        w = [rng.normal(size=a.shape) for a in weights]
        np.testing.assert_array_equal(
            fn(x, *w, initial_state=h0, mask=mask),
            fn(x, *w, initial_state=[h0], mask=mask.astype(bool)),
        )
    w = [rng.normal(size=a.shape) for a in LSTM_W]
    np.testing.assert_array_equal(
        numpy_lstm(x, *w, initial_state=(h0, h0)), numpy_lstm(x, *w, initial_state=[h0, h0])
    )
