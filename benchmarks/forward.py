"""How fast is numpy_lstm next to Keras on the same weights? (a script, not a test)

    python benchmarks/forward.py [--repeats N] [--batch B] [--threads T]

For each configuration, with one Keras model and its own weights, it prints the median
time of:

- ``numpy``: :func:`lstm_explained.numpy_lstm` (one call per LSTM layer);
- ``matmul``: the same matrix products alone (the input projection, then ``h @ U`` once
  per step), no gates: the floor any implementation of the recurrence pays;
- ``predict``: ``model.predict(x, verbose=0)``, the call the issue asks about;
- ``on_batch``: ``model.predict_on_batch(x)`` (compiled, without predict's data pipeline);
- ``eager``: ``model(x)``, the layers called directly, uncompiled;

and the ratios ``numpy / matmul`` and ``numpy / predict``. Every row first checks that
NumPy and Keras agree within 1e-5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np

from lstm_explained import numpy_lstm

#: (label, batch, timesteps, features, [(units, return_sequences), ...])
SEED_CONFIGS = [
    ("LSTM(1) on (1,1)", 1, 1, [(1, False)]),
    ("LSTM(1) on (1,2)", 1, 2, [(1, False)]),
    ("LSTM(10) on (8,8)", 8, 8, [(10, False)]),
    ("LSTM(64,rs)+LSTM(32) on (5,2)", 5, 2, [(64, True), (32, False)]),
    ("LSTM(32) on (10,64)", 10, 64, [(32, False)]),
    ("LSTM(10) on (13,5)", 13, 5, [(10, False)]),
    ("LSTM(10) on (100,5)", 100, 5, [(10, False)]),
]
LARGE = ("LSTM(128) on (100,64)", 100, 64, [(128, False)])


def median_ms(fn: Callable[[], object], repeats: int, budget_s: float = 3.0) -> float:
    """Median wall time of ``fn`` in ms, after one warm-up call; stops early past budget_s."""
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < repeats and (len(times) < 5 or time.perf_counter() - start < budget_s):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def build(keras, timesteps: int, features: int, layers: list[tuple[int, bool]], seed: int):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(timesteps, features))])
    for units, return_sequences in layers:
        model.add(keras.layers.LSTM(units, return_sequences=return_sequences))
    rng = np.random.default_rng(seed)
    # Random biases too (Keras initialises them to 0/1), scaled to keep gates unsaturated.
    model.set_weights(
        [rng.uniform(-0.3, 0.3, size=w.shape).astype("float32") for w in model.get_weights()]
    )
    return model


def run_config(keras, config, batch: int, repeats: int) -> dict[str, float | str]:
    label, timesteps, features, layers = config
    model = build(keras, timesteps, features, layers, seed=0)
    weights = [layer.get_weights() for layer in model.layers]
    x = np.random.default_rng(1).normal(size=(batch, timesteps, features)).astype("float32")

    def numpy_forward() -> np.ndarray:
        out = x
        for (_, return_sequences), w in zip(layers, weights, strict=True):
            out = numpy_lstm(out, *w, return_sequences=return_sequences)
        return out

    # The same matrix products with no gates: one input projection per layer, then one
    # h @ U per step. Inputs of the next layer have the right shape but are not recomputed.
    def matmul_only() -> None:
        inp = x
        for (units, _), (kernel, recurrent_kernel, _) in zip(layers, weights, strict=True):
            xw = inp.reshape(-1, inp.shape[-1]) @ kernel  # noqa: F841 - timed, not used
            h = np.ones((batch, units), dtype=np.float32)
            for _ in range(timesteps):
                z = h @ recurrent_kernel  # noqa: F841
            inp = np.ones((batch, timesteps, units), dtype=np.float32)

    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(numpy_forward(), expected, atol=1e-5)

    row: dict[str, float | str] = {"config": label, "shape": f"{batch}×{timesteps}×{features}"}
    row["numpy"] = median_ms(numpy_forward, repeats)
    row["matmul"] = median_ms(matmul_only, repeats)
    row["predict"] = median_ms(lambda: model.predict(x, verbose=0), repeats)
    row["on_batch"] = median_ms(lambda: model.predict_on_batch(x), repeats)
    row["eager"] = median_ms(lambda: model(x), repeats)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50, help="timed calls per cell")
    parser.add_argument("--batch", type=int, default=32, help="batch of the seed configs")
    parser.add_argument("--large-batch", type=int, default=32, help="batch of the large config")
    args = parser.parse_args()

    import keras

    rows = [run_config(keras, c, args.batch, args.repeats) for c in SEED_CONFIGS]
    rows.append(run_config(keras, LARGE, args.large_batch, args.repeats))

    head = (
        f"{'configuration':<31} {'B×T×F':>10} {'numpy':>8} {'matmul':>8} {'np/mm':>6} "
        f"{'predict':>8} {'np/pred':>7} {'on_batch':>8} {'eager':>8}"
    )
    print(f"median ms over up to {args.repeats} calls; numpy {np.__version__}, "
          f"keras {keras.__version__} ({keras.backend.backend()}), {os.cpu_count()} CPUs")  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['config']:<31} {r['shape']:>10} {r['numpy']:8.3f} {r['matmul']:8.3f} "
            f"{r['numpy'] / r['matmul']:6.2f} {r['predict']:8.3f} "
            f"{r['numpy'] / r['predict']:7.3f} {r['on_batch']:8.3f} {r['eager']:8.3f}"
        )


if __name__ == "__main__":
    main()
