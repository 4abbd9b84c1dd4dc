"""stateful_batches: a stateful Keras layer fed its batches in order gives what a stateless
layer gives on the whole streams."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_explained import SpecError
from lstm_explained.sequences import stateful_batches


@settings(max_examples=8, deadline=None)
@given(
    batch_size=st.integers(1, 3),
    windows=st.integers(1, 3),
    window=st.integers(1, 4),
    features=st.integers(1, 3),
    extra=st.integers(0, 5),
    seed=st.integers(0, 2**16),
)
def test_stateful_layer_on_the_batches_equals_a_stateless_layer_on_the_streams(
    batch_size: int, windows: int, window: int, features: int, extra: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    length = batch_size * windows * window + extra % (batch_size * window)
    series = rng.normal(size=(length, features)).astype("float32")
    batches = stateful_batches(series, batch_size, window)
    assert batches.shape == (windows * batch_size, window, features)

    keras.utils.set_random_seed(seed)
    stateful = keras.layers.LSTM(3, stateful=True, return_sequences=True)
    stateless = keras.layers.LSTM(3, return_sequences=True)
    streams = series[: batch_size * windows * window].reshape(batch_size, -1, features)
    whole = np.asarray(stateless(streams))
    stateful.build((batch_size, window, features))
    stateful.set_weights(stateless.get_weights())
    pieces = [
        np.asarray(stateful(batches[k * batch_size : (k + 1) * batch_size])) for k in range(windows)
    ]
    assert np.allclose(np.concatenate(pieces, axis=1), whole, atol=1e-5)


def test_windows_of_a_stream_are_consecutive() -> None:
    batches = stateful_batches(np.arange(24), batch_size=2, window=4)
    assert batches[..., 0].tolist() == [
        [0, 1, 2, 3],
        [12, 13, 14, 15],
        [4, 5, 6, 7],
        [16, 17, 18, 19],
        [8, 9, 10, 11],
        [20, 21, 22, 23],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.arange(10), 0, 2), "batch_size must be a positive integer, got 0"),
        ((np.arange(10), 2, 2.5), "window must be a positive integer, got 2.5"),
        ((np.arange(10), True, 2), "batch_size must be a positive integer, got True"),
        ((np.zeros((2, 3, 4)), 1, 1), r"series must be \(length,\) or \(length, features\)"),
        ((np.arange(7), 2, 4), "a series of 7 steps is too short for 2 streams"),
    ],
)
def test_bad_arguments_get_one_clear_line(args: tuple, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        stateful_batches(*args)
