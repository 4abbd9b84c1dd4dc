"""``lstm_explained.torch_weights`` against real PyTorch and real Keras (both on the CPU):
weights converted either way give the same outputs and final states, round trips give back
the same arrays, and bad input gets a one-line message naming what is allowed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_explained import SpecError, keras_to_torch, torch_to_keras  # noqa: E402

pytestmark = pytest.mark.keras

torch.set_num_threads(1)
KINDS = ("LSTM", "GRU", "SimpleRNN")
TORCH_CLASS = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "SimpleRNN": torch.nn.RNN}
ATOL = 1e-5


def keras_layer(kind: str, units: int, use_bias: bool, activation: str = "tanh") -> Any:
    layer_class = getattr(keras.layers, kind)
    return layer_class(
        units,
        activation=activation,
        use_bias=use_bias,
        return_sequences=True,
        return_state=True,
    )


def torch_layer(
    kind: str, features: int, units: int, use_bias: bool, batch_first: bool, activation: str
) -> Any:
    kwargs: dict[str, Any] = {"bias": use_bias, "batch_first": batch_first}
    if kind == "SimpleRNN":
        kwargs["nonlinearity"] = activation
    return TORCH_CLASS[kind](features, units, **kwargs)


def load(layer: Any, params: dict[str, np.ndarray]) -> None:
    layer.load_state_dict({name: torch.from_numpy(array) for name, array in params.items()})


def run_torch(layer: Any, x: np.ndarray, batch_first: bool) -> tuple[np.ndarray, list]:
    """Output as (batch, timesteps, units) and the final states as (batch, units) arrays."""
    inputs = torch.from_numpy(x if batch_first else np.ascontiguousarray(x.transpose(1, 0, 2)))
    with torch.no_grad():
        output, state = layer(inputs)
    output = output.numpy() if batch_first else output.numpy().transpose(1, 0, 2)
    states = list(state) if isinstance(state, tuple) else [state]
    return output, [s.numpy()[0] for s in states]  # (num_layers * directions, batch, units)


def run_keras(layer: Any, x: np.ndarray) -> tuple[np.ndarray, list]:
    output, *states = layer(x)
    return np.asarray(output), [np.asarray(s) for s in states]


@st.composite
def configurations(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    return {
        "kind": kind,
        "features": draw(st.integers(1, 5)),
        "units": draw(st.integers(1, 6)),
        "batch": draw(st.integers(1, 3)),
        "timesteps": draw(st.integers(1, 6)),
        "use_bias": draw(st.booleans()),
        "batch_first": draw(st.booleans()),
        "activation": draw(st.sampled_from(["tanh", "relu"])) if kind == "SimpleRNN" else "tanh",
        "seed": draw(st.integers(0, 2**32 - 1)),
    }


def random_weights(layer: Any, rng: np.random.Generator) -> list[np.ndarray]:
    """Random values for every weight, biases included, so that no block is zero."""
    return [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in layer.get_weights()]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(configurations())
def test_keras_weights_in_a_torch_layer_give_the_keras_outputs_and_states(c: dict) -> None:
    rng = np.random.default_rng(c["seed"])
    x = rng.normal(size=(c["batch"], c["timesteps"], c["features"])).astype("float32")
    k_layer = keras_layer(c["kind"], c["units"], c["use_bias"], c["activation"])
    k_layer.build((None, None, c["features"]))
    k_layer.set_weights(random_weights(k_layer, rng))
    expected, expected_states = run_keras(k_layer, x)

    params = keras_to_torch(c["kind"], *k_layer.get_weights())
    t_layer = torch_layer(
        c["kind"], c["features"], c["units"], c["use_bias"], c["batch_first"], c["activation"]
    )
    load(t_layer, params)
    output, states = run_torch(t_layer, x, c["batch_first"])

    np.testing.assert_allclose(output, expected, atol=ATOL, rtol=0)
    assert len(states) == len(expected_states) == (2 if c["kind"] == "LSTM" else 1)
    for state, expected_state in zip(states, expected_states, strict=True):  # h_n, c_n
        np.testing.assert_allclose(state, expected_state, atol=ATOL, rtol=0)

    # ... and back: the same arrays, bit for bit.
    back = torch_to_keras(c["kind"], params)
    assert len(back) == (3 if c["use_bias"] else 2)
    for got, original in zip(back, k_layer.get_weights(), strict=True):
        assert got.dtype == original.dtype
        np.testing.assert_array_equal(got, original)


@SETTINGS
@given(configurations())
def test_torch_weights_in_a_keras_layer_give_the_torch_outputs_and_states(c: dict) -> None:
    torch.manual_seed(c["seed"])
    rng = np.random.default_rng(c["seed"])
    x = rng.normal(size=(c["batch"], c["timesteps"], c["features"])).astype("float32")
    t_layer = torch_layer(
        c["kind"], c["features"], c["units"], c["use_bias"], c["batch_first"], c["activation"]
    )
    expected, expected_states = run_torch(t_layer, x, c["batch_first"])

    k_layer = keras_layer(c["kind"], c["units"], c["use_bias"], c["activation"])
    k_layer.build((None, None, c["features"]))
    k_layer.set_weights(torch_to_keras(c["kind"], t_layer.state_dict()))
    output, states = run_keras(k_layer, x)

    np.testing.assert_allclose(output, expected, atol=ATOL, rtol=0)
    for state, expected_state in zip(states, expected_states, strict=True):
        np.testing.assert_allclose(state, expected_state, atol=ATOL, rtol=0)

    # Back to PyTorch: the weights are the same arrays; an LSTM's or RNN's two biases come
    # back as their sum and a zero, a GRU's as they were.
    params = {k: v.numpy() for k, v in t_layer.state_dict().items()}
    again = keras_to_torch(c["kind"], *k_layer.get_weights())
    assert list(again) == list(params)
    for name in ("weight_ih_l0", "weight_hh_l0"):
        np.testing.assert_array_equal(again[name], params[name])
    if c["use_bias"] and c["kind"] == "GRU":
        for name in ("bias_ih_l0", "bias_hh_l0"):
            np.testing.assert_array_equal(again[name], params[name])
    elif c["use_bias"]:
        np.testing.assert_array_equal(
            again["bias_ih_l0"], params["bias_ih_l0"] + params["bias_hh_l0"]
        )
        np.testing.assert_array_equal(again["bias_hh_l0"], 0)


@pytest.mark.parametrize("kind", KINDS)
def test_a_stacked_bidirectional_torch_layer_is_a_stack_of_keras_bidirectional_layers(
    kind: str,
) -> None:
    features, units, layers = 3, 4, 2
    torch.manual_seed(0)
    t_layer = TORCH_CLASS[kind](features, units, num_layers=layers, bidirectional=True)
    x = np.random.default_rng(0).normal(size=(2, 5, features)).astype("float32")
    expected, _ = run_torch(t_layer, x, batch_first=False)
    state = t_layer.state_dict()

    model = keras.Sequential([keras.Input((None, features))])
    for _ in range(layers):
        inner = getattr(keras.layers, kind)(units, return_sequences=True)
        model.add(keras.layers.Bidirectional(inner))
    for layer, k_layer in enumerate(model.layers):
        weights = [torch_to_keras(kind, state, suffix=f"_l{layer}")]
        weights.append(torch_to_keras(kind, state, suffix=f"_l{layer}_reverse"))
        k_layer.set_weights(weights[0] + weights[1])
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=ATOL, rtol=0)
    assert expected.shape == (2, 5, 2 * units)


def test_the_torch_layer_counts_one_bias_more_than_keras() -> None:
    k_layer = keras.layers.LSTM(10)
    k_layer.build((None, None, 8))
    t_layer = torch.nn.LSTM(8, 10)
    params = keras_to_torch("LSTM", *k_layer.get_weights())
    assert k_layer.count_params() == 760
    assert sum(p.numel() for p in t_layer.parameters()) == sum(a.size for a in params.values())
    assert sum(a.size for a in params.values()) - k_layer.count_params() == 4 * 10


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------

Z = np.zeros


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: keras_to_torch("Lstm", Z((2, 8)), Z((2, 8))),
            "unknown kind 'Lstm'; use one of: LSTM, GRU, SimpleRNN",
        ),
        (
            lambda: keras_to_torch("LSTM", Z((2, 6)), Z((1, 6))),
            "kernel has shape (2, 6); a Keras LSTM kernel has shape (input_dim, 4 * units)",
        ),
        (lambda: keras_to_torch("LSTM", Z(8), Z((2, 8))), "kernel has shape (8,)"),
        (
            lambda: keras_to_torch("LSTM", Z((3, 8)), Z((3, 8))),
            "recurrent_kernel has shape (3, 8); with a kernel of shape (3, 8) (units=2) an LSTM needs (2, 8)",
        ),
        (
            lambda: keras_to_torch("LSTM", Z((3, 8)), Z((2, 8)), Z((2, 8))),
            "bias has shape (2, 8); an LSTM with units=2 needs (8,)",
        ),
        (
            lambda: keras_to_torch("GRU", Z((3, 6)), Z((2, 6)), Z(6)),
            "belongs to reset_after=False, which PyTorch does not implement",
        ),
        (
            lambda: keras_to_torch("GRU", Z((3, 6)), Z((2, 6)), Z((3, 6))),
            "bias has shape (3, 6); a GRU with units=2 and reset_after=True needs (2, 6)",
        ),
        (
            lambda: keras_to_torch("GRU", Z((3, 6)), Z((2, 6)), reset_after=False),
            "reset_after=False has no PyTorch equivalent",
        ),
        (
            lambda: keras_to_torch("LSTM", Z((3, 8)), Z((2, 8)), suffix="l1"),
            "suffix must look like '_l0'",
        ),
        (
            lambda: keras_to_torch("LSTM", np.array([["a"] * 8]), Z((2, 8))),
            "kernel must hold numbers",
        ),
        (lambda: torch_to_keras("RNN", {}), "unknown kind 'RNN'; use one of: LSTM, GRU, SimpleRNN"),
        (lambda: torch_to_keras("LSTM", [Z((8, 3))]), "params must be a mapping"),
        (
            lambda: torch_to_keras("LSTM", {"weight_ih_l0": Z((8, 3))}),
            "params lack weight_hh_l0; a torch.nn.LSTM layer has weight_ih_l0, weight_hh_l0 and, unless bias=False, bias_ih_l0 and bias_hh_l0",
        ),
        (
            lambda: torch_to_keras(
                "LSTM", {"weight_ih_l0": Z((8, 3)), "weight_hh_l0": Z((8, 2)), "bias_ih_l0": Z(8)}
            ),
            "params lack bias_hh_l0",
        ),
        (
            lambda: torch_to_keras(
                "LSTM",
                {"weight_ih_l0": Z((8, 3)), "weight_hh_l0": Z((8, 2)), "weight_hr_l0": Z((1, 2))},
            ),
            "unexpected parameter 'weight_hr_l0' (proj_size has no Keras equivalent)",
        ),
        (
            lambda: torch_to_keras(
                "LSTM",
                {"weight_ih_l0": Z((8, 3)), "weight_hh_l0": Z((8, 2)), "weight_ih_l1": Z((8, 2))},
            ),
            "params hold several layers or directions (_l0, _l1); choose one with suffix=, such as suffix='_l1'",
        ),
        (
            lambda: torch_to_keras("LSTM", {"weight_ih_l0": Z((6, 3)), "weight_hh_l0": Z((6, 2))}),
            "weight_ih_l0 has shape (6, 3); a torch.nn.LSTM has (4 * hidden_size, input_size)",
        ),
        (
            lambda: torch_to_keras("GRU", {"weight_ih_l0": Z((6, 3)), "weight_hh_l0": Z((6, 3))}),
            "weight_hh_l0 has shape (6, 3); with weight_ih_l0 of shape (6, 3) (hidden_size=2) a torch.nn.GRU needs (6, 2)",
        ),
        (
            lambda: torch_to_keras(
                "SimpleRNN",
                {
                    "weight_ih_l0": Z((2, 3)),
                    "weight_hh_l0": Z((2, 2)),
                    "bias_ih_l0": Z(2),
                    "bias_hh_l0": Z(3),
                },
            ),
            "bias_hh_l0 has shape (3,); with hidden_size=2 a torch.nn.RNN needs (2,)",
        ),
        (
            lambda: torch_to_keras("LSTM", {"weight_ih_l1": Z((8, 3)), "weight_hh_l1": Z((8, 2))}),
            "params hold the parameters _l1, not _l0; pass suffix='_l1'",
        ),
    ],
)
def test_bad_input_gets_a_one_line_message(call: Any, message: str) -> None:
    with pytest.raises(SpecError) as error:
        call()
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_tensor_that_requires_grad_is_refused_with_a_hint() -> None:
    layer = torch.nn.RNN(3, 2)
    params = dict(layer.named_parameters())
    with pytest.raises(SpecError, match="pass NumPy arrays or the tensors of state_dict"):
        torch_to_keras("SimpleRNN", params)
