"""The tests' two ways to ask real Keras 3 about a model, both through the bridge.

* :func:`assert_keras_agrees`: the calculator's answer against the model Keras builds, with
  :func:`lstm_explained.keras_bridge.check_keras`, the same comparison ``--check-keras`` prints;
* :func:`keras_builds`: real Keras alone, no calculator involved, to see what it refuses.

The bridge imports Keras, so it is imported when a test first calls one of these.
"""

from __future__ import annotations

import warnings
from typing import Any


def assert_keras_agrees(per_sample: Any, layers: list[str], batch: int | None = None) -> Any:
    """Every shape, weight, name and count of the calculator equals Keras'; each formula ends
    with its layer's count. Returns the :class:`~lstm_explained.keras_bridge.KerasCheck`."""
    from lstm_explained.keras_bridge import check_keras

    check = check_keras(per_sample, layers, batch=batch)
    assert check.agree, check.to_text()
    for layer in check.summary.layers:
        assert layer.formula.endswith(f"= {layer.params}") or (
            layer.params == 0 and layer.formula == "0"
        ), layer.formula
    return check


def keras_builds(
    per_sample: tuple[int | None, ...] | None, layers: list[str], batch: int | None = None
) -> tuple[Any, list[dict[str, Any]]] | Exception:
    """Real Keras alone: the bridge's ``build_layer`` for each layer, then ``keras.Sequential``
    (after ``keras.Input(per_sample, batch)`` unless ``per_sample`` is None). The built model
    and its :func:`~lstm_explained.keras_bridge.keras_facts`, or the exception Keras raised."""
    import keras

    from lstm_explained.keras_bridge import build_layer, keras_facts

    keras.backend.clear_session()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras 3 warns about input_shape= on layers
            built = [build_layer(layer) for layer in layers]
            start = [] if per_sample is None else [keras.Input(shape=per_sample, batch_size=batch)]
            model = keras.Sequential([*start, *built])
            return model, keras_facts(model)
    except Exception as exc:  # anything Keras raises means it refuses the model
        return exc
