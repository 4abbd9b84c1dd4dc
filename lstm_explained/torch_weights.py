"""Weights of Keras recurrent layers in PyTorch's layout, and back, with NumPy alone.

A Keras ``LSTM``, ``GRU`` or ``SimpleRNN`` and a PyTorch ``torch.nn.LSTM``, ``GRU`` or
``RNN`` compute the same function when they hold the same weights, but they store them
differently:

- **Transposed.** Keras multiplies a row vector from the left, ``x @ kernel`` with a kernel of
  shape ``(input_dim, G * units)``; PyTorch stores ``weight_ih_l0`` as ``(G * units, input_dim)``
  and computes ``x @ weight_ih_l0.T``. The same holds for the recurrent kernel and
  ``weight_hh_l0``. ``G`` is the number of gate blocks: 4 for an LSTM, 3 for a GRU, 1 for a
  simple RNN.
- **Gate order.** An LSTM has the same order in both (Keras ``i, f, c, o``, PyTorch
  ``i, f, g, o``: PyTorch calls the candidate ``g``). A GRU does not: Keras stores ``z, r, h``
  and PyTorch ``r, z, n``, so the first two blocks change places.
- **Two biases.** PyTorch adds ``bias_ih_l0`` and ``bias_hh_l0``; a Keras LSTM and SimpleRNN have
  one bias, which is their sum. A Keras GRU with ``reset_after=True`` (the default) has two,
  stored as the rows of a ``(2, 3 * units)`` bias, because the reset gate multiplies the
  recurrent term *with* its bias; that is the GRU PyTorch implements. The older variant,
  ``reset_after=False``, has a ``(3 * units,)`` bias and no PyTorch equivalent: it is refused.

Only the default activations carry over (``tanh`` and ``sigmoid``; a SimpleRNN's ``relu``
matches ``torch.nn.RNN(nonlinearity="relu")``). Nothing here imports PyTorch: the results are
NumPy arrays, loaded with ``load_state_dict`` after ``torch.from_numpy``.

>>> import numpy as np
>>> kernel = np.zeros((3, 4 * 5), dtype="float32")              # LSTM(5) on 3 features
>>> recurrent_kernel = np.zeros((5, 4 * 5), dtype="float32")
>>> bias = np.zeros(4 * 5, dtype="float32")
>>> params = keras_to_torch("LSTM", kernel, recurrent_kernel, bias)
>>> {name: array.shape for name, array in params.items()}
{'weight_ih_l0': (20, 3), 'weight_hh_l0': (20, 5), 'bias_ih_l0': (20,), 'bias_hh_l0': (20,)}
>>> sum(array.size for array in params.values()), kernel.size + recurrent_kernel.size + bias.size
(200, 180)
>>> [w.shape for w in torch_to_keras("LSTM", params)]
[(3, 20), (5, 20), (20,)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from ._util import fmt_shape
from .errors import SpecError

__all__ = ["KINDS", "TORCH_GATES", "keras_to_torch", "torch_to_keras"]

Array = np.ndarray

#: The gate blocks of each kind of layer, in the order PyTorch stores their rows
#: (Keras' order is :data:`lstm_explained.forward.GATES`).
TORCH_GATES: dict[str, tuple[str, ...]] = {
    "LSTM": ("i", "f", "g", "o"),
    "GRU": ("r", "z", "n"),
    "SimpleRNN": ("h",),
}

#: The kinds of layer converted, by their Keras names, with the PyTorch class of each.
KINDS: dict[str, str] = {
    "LSTM": "torch.nn.LSTM",
    "GRU": "torch.nn.GRU",
    "SimpleRNN": "torch.nn.RNN",
}

# Position in Keras' order of each block in PyTorch's order: a GRU swaps z and r.
_KERAS_BLOCK_OF_TORCH: dict[str, tuple[int, ...]] = {
    "LSTM": (0, 1, 2, 3),
    "GRU": (1, 0, 2),
    "SimpleRNN": (0,),
}
_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
_KEY = re.compile(r"(weight|bias)_(ih|hh)(_l\d+(?:_reverse)?)")
_SUFFIX = re.compile(r"_l\d+(?:_reverse)?")


def _kind(kind: Any) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        raise SpecError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return kind


def _a(kind: str) -> str:
    return ("an " if kind == "LSTM" else "a ") + kind


def _suffix(suffix: Any) -> str:
    if suffix is None:
        return "_l0"
    if not isinstance(suffix, str) or not _SUFFIX.fullmatch(suffix):
        raise SpecError(
            f"suffix must look like '_l0', '_l1' or '_l0_reverse' (PyTorch's layer and "
            f"direction), got {suffix!r}"
        )
    return suffix


def _array(value: Any, name: str) -> Array:
    try:
        array = np.asarray(value)
    except Exception as error:  # e.g. a torch tensor that requires grad
        raise SpecError(
            f"{name} cannot be read as an array ({type(error).__name__}: {error}); "
            f"pass NumPy arrays or the tensors of state_dict()"
        ) from None
    if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise SpecError(f"{name} must hold numbers, got an array of dtype {array.dtype}")
    return array


def _reorder(weight: Array, kind: str, axis: int) -> Array:
    """Cut ``weight`` into gate blocks along ``axis`` and swap them between the two orders.

    The permutation is its own inverse (a GRU swaps the first two blocks), so the same call
    goes from Keras to PyTorch and back.
    """
    blocks = np.split(weight, len(TORCH_GATES[kind]), axis=axis)
    return np.ascontiguousarray(
        np.concatenate([blocks[k] for k in _KERAS_BLOCK_OF_TORCH[kind]], axis=axis)
    )


def keras_to_torch(
    kind: str,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any = None,
    *,
    reset_after: bool = True,
    suffix: str | None = None,
) -> dict[str, Array]:
    """The weights of a Keras layer as PyTorch names and lays them out.

    ``kernel``, ``recurrent_kernel`` and ``bias`` are what ``layer.get_weights()`` returns
    (without ``bias`` when the layer has ``use_bias=False``). The result maps PyTorch's
    parameter names (``weight_ih_l0``, ``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0``) to
    NumPy arrays of the same dtype, ready for ``load_state_dict`` of a ``torch.nn.LSTM``,
    ``GRU`` or ``RNN`` built with ``input_size``, ``hidden_size`` and ``bias`` to match.

    - ``kind`` is ``"LSTM"``, ``"GRU"`` or ``"SimpleRNN"`` (``torch.nn.RNN``).
    - The kernels are transposed, and a GRU's ``z`` and ``r`` blocks swap places.
    - A Keras LSTM or SimpleRNN has one bias where PyTorch adds two: the bias becomes
      ``bias_ih_l0`` and ``bias_hh_l0`` is zero, which gives the same sums.
    - A GRU must be Keras' ``reset_after=True`` (the default): its ``(2, 3 * units)`` bias gives
      ``bias_ih_l0`` from the first row and ``bias_hh_l0`` from the second. A ``(3 * units,)``
      bias is that of ``reset_after=False``, which PyTorch does not implement; without a bias the
      two variants have the same shapes, so pass ``reset_after=layer.reset_after`` to be sure.
    - ``suffix`` names another layer or direction of a stacked or bidirectional PyTorch layer,
      such as ``"_l1"`` or ``"_l0_reverse"`` (default ``"_l0"``).

    >>> import numpy as np
    >>> units = 2
    >>> kernel = np.arange(3 * 3 * units).reshape(3, 3 * units)     # GRU(2) on 3 features
    >>> kernel                                                      # columns z z r r h h
    array([[ 0,  1,  2,  3,  4,  5],
           [ 6,  7,  8,  9, 10, 11],
           [12, 13, 14, 15, 16, 17]])
    >>> params = keras_to_torch("GRU", kernel, np.zeros((units, 3 * units)))
    >>> params["weight_ih_l0"]                                      # rows r r z z n n
    array([[ 2,  8, 14],
           [ 3,  9, 15],
           [ 0,  6, 12],
           [ 1,  7, 13],
           [ 4, 10, 16],
           [ 5, 11, 17]])
    >>> keras_to_torch("GRU", kernel, np.zeros((2, 6)), np.zeros(6))
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: a GRU bias of shape (6,) belongs to reset_after=False, which PyTorch does not implement; build the Keras GRU with reset_after=True (the default), whose bias has shape (2, 6)
    """
    kind = _kind(kind)
    suffix = _suffix(suffix)
    gates = len(TORCH_GATES[kind])
    if kind == "GRU" and not reset_after:
        raise SpecError(
            "a GRU with reset_after=False has no PyTorch equivalent (torch.nn.GRU applies the "
            "reset gate after the recurrent product); build the Keras GRU with reset_after=True"
        )
    kernel = _array(kernel, "kernel")
    recurrent_kernel = _array(recurrent_kernel, "recurrent_kernel")
    if kernel.ndim != 2 or kernel.shape[1] == 0 or kernel.shape[1] % gates:
        raise SpecError(
            f"kernel has shape {fmt_shape(kernel.shape)}; a Keras {kind} kernel has shape "
            f"(input_dim, {gates} * units)"
        )
    units = kernel.shape[1] // gates
    if recurrent_kernel.shape != (units, gates * units):
        raise SpecError(
            f"recurrent_kernel has shape {fmt_shape(recurrent_kernel.shape)}; with a kernel of "
            f"shape {fmt_shape(kernel.shape)} (units={units}) {_a(kind)} needs "
            f"{fmt_shape((units, gates * units))}"
        )
    params = {
        "weight_ih" + suffix: _reorder(kernel, kind, axis=1).T.copy(),
        "weight_hh" + suffix: _reorder(recurrent_kernel, kind, axis=1).T.copy(),
    }
    if bias is None:
        return params
    bias = _array(bias, "bias")
    if kind == "GRU":
        if bias.shape == (gates * units,):
            raise SpecError(
                f"a GRU bias of shape {fmt_shape(bias.shape)} belongs to reset_after=False, which "
                f"PyTorch does not implement; build the Keras GRU with reset_after=True (the "
                f"default), whose bias has shape {fmt_shape((2, gates * units))}"
            )
        if bias.shape != (2, gates * units):
            raise SpecError(
                f"bias has shape {fmt_shape(bias.shape)}; a GRU with units={units} and "
                f"reset_after=True needs {fmt_shape((2, gates * units))}"
            )
        params["bias_ih" + suffix] = _reorder(bias[0], kind, axis=0)
        params["bias_hh" + suffix] = _reorder(bias[1], kind, axis=0)
        return params
    if bias.shape != (gates * units,):
        raise SpecError(
            f"bias has shape {fmt_shape(bias.shape)}; {_a(kind)} with units={units} needs "
            f"{fmt_shape((gates * units,))}"
        )
    params["bias_ih" + suffix] = _reorder(bias, kind, axis=0)
    params["bias_hh" + suffix] = np.zeros_like(params["bias_ih" + suffix])
    return params


def torch_to_keras(
    kind: str, params: Mapping[str, Any], *, suffix: str | None = None
) -> list[Array]:
    """The weights of a PyTorch layer as Keras' ``set_weights`` takes them.

    ``params`` maps PyTorch's parameter names to arrays: ``layer.state_dict()`` of a
    ``torch.nn.LSTM``, ``GRU`` or ``RNN`` (its tensors convert to NumPy on the CPU) or the result
    of :func:`keras_to_torch`. The result is ``[kernel, recurrent_kernel, bias]``, or
    ``[kernel, recurrent_kernel]`` for a layer built with ``bias=False``.

    - A Keras LSTM or SimpleRNN has one bias: it becomes ``bias_ih_l0 + bias_hh_l0``. This is
      the one step with no exact conversion. The layer computes the same function (only the
      rounding of float32 sums, done in another order, differs), but the two biases cannot be
      recovered from their sum: converting back gives the sum as ``bias_ih_l0`` and zeros as
      ``bias_hh_l0``.
    - A GRU becomes Keras' ``reset_after=True`` (the default), with both biases as the rows of a
      ``(2, 3 * units)`` bias; its ``r`` and ``z`` blocks swap places.
    - ``params`` must hold one layer and direction; for a stacked or bidirectional PyTorch layer,
      choose one with ``suffix`` (``"_l1"``, ``"_l0_reverse"``). PyTorch's ``proj_size`` has no
      Keras equivalent and is refused.

    >>> import numpy as np
    >>> params = {
    ...     "weight_ih_l0": np.ones((4, 3)), "weight_hh_l0": np.ones((4, 1)),
    ...     "bias_ih_l0": np.full(4, 0.5), "bias_hh_l0": np.full(4, 0.25),
    ... }                                                            # torch.nn.LSTM(3, 1)
    >>> kernel, recurrent_kernel, bias = torch_to_keras("LSTM", params)
    >>> kernel.shape, recurrent_kernel.shape, bias
    ((3, 4), (1, 4), array([0.75, 0.75, 0.75, 0.75]))
    >>> torch_to_keras("LSTM", {"weight_ih_l0": np.ones((4, 3))})
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: params lack weight_hh_l0; a torch.nn.LSTM layer has weight_ih_l0, weight_hh_l0 and, unless bias=False, bias_ih_l0 and bias_hh_l0
    """
    kind = _kind(kind)
    chosen = _suffix(suffix)
    gates = len(TORCH_GATES[kind])
    if not isinstance(params, Mapping):
        raise SpecError(
            f"params must be a mapping of PyTorch parameter names to arrays, such as "
            f"layer.state_dict(), got {type(params).__name__}"
        )
    expected = ", ".join(name + chosen for name in _NAMES[:2])
    usage = (
        f"a {KINDS[kind]} layer has {expected} and, unless bias=False, "
        f"bias_ih{chosen} and bias_hh{chosen}"
    )
    suffixes = set()
    for key in params:
        match = _KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            hint = (
                " (proj_size has no Keras equivalent)" if str(key).startswith("weight_hr") else ""
            )
            raise SpecError(f"unexpected parameter {key!r}{hint}; {usage}")
        suffixes.add(match.group(3))
    if suffix is None and len(suffixes) > 1:
        raise SpecError(
            f"params hold several layers or directions ({', '.join(sorted(suffixes))}); "
            f"choose one with suffix=, such as suffix={sorted(suffixes)[-1]!r}"
        )
    if suffix is None and suffixes and suffixes != {chosen}:
        (only,) = suffixes
        raise SpecError(f"params hold the parameters {only}, not {chosen}; pass suffix={only!r}")
    for name in _NAMES[:2]:
        if name + chosen not in params:
            raise SpecError(f"params lack {name + chosen}; {usage}")
    has_bias = [name + chosen in params for name in _NAMES[2:]]
    if any(has_bias) and not all(has_bias):
        missing = "bias_hh" if has_bias[0] else "bias_ih"
        raise SpecError(f"params lack {missing}{chosen}; {usage}")
    weight_ih = _array(params["weight_ih" + chosen], "weight_ih" + chosen)
    weight_hh = _array(params["weight_hh" + chosen], "weight_hh" + chosen)
    if weight_ih.ndim != 2 or weight_ih.shape[0] == 0 or weight_ih.shape[0] % gates:
        raise SpecError(
            f"weight_ih{chosen} has shape {fmt_shape(weight_ih.shape)}; a {KINDS[kind]} has "
            f"({gates} * hidden_size, input_size)"
        )
    units = weight_ih.shape[0] // gates
    if weight_hh.shape != (gates * units, units):
        raise SpecError(
            f"weight_hh{chosen} has shape {fmt_shape(weight_hh.shape)}; with weight_ih{chosen} of "
            f"shape {fmt_shape(weight_ih.shape)} (hidden_size={units}) a {KINDS[kind]} needs "
            f"{fmt_shape((gates * units, units))}"
        )
    weights = [
        _reorder(weight_ih.T, kind, axis=1),
        _reorder(weight_hh.T, kind, axis=1),
    ]
    if not all(has_bias):
        return weights
    biases = []
    for name in _NAMES[2:]:
        array = _array(params[name + chosen], name + chosen)
        if array.shape != (gates * units,):
            raise SpecError(
                f"{name + chosen} has shape {fmt_shape(array.shape)}; with hidden_size={units} a "
                f"{KINDS[kind]} needs {fmt_shape((gates * units,))}"
            )
        biases.append(_reorder(array, kind, axis=0))
    if kind == "GRU":
        weights.append(np.stack(biases))
    else:
        weights.append(biases[0] + biases[1])
    return weights
