"""Forward passes of Keras' recurrent layers, written in NumPy.

The functions take exactly what ``layer.get_weights()`` returns for a Keras 3 layer and
return what calling the layer returns, to float32 precision. Keras' own source
(``keras/src/layers/rnn/lstm.py``, ``gru.py``, ``simple_rnn.py``, ``rnn.py`` and the
TensorFlow backend's ``rnn()``) is the reference for every rule followed here.

Keras stores all the gates of a cell side by side in one matrix: an LSTM's ``kernel``
is ``(input_dim, 4 * units)`` with the columns of the input gate first, then the forget
gate, the candidate and the output gate. :data:`GATES`, :func:`gate_slice` and
:func:`gate_blocks` name those blocks.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> x = rng.normal(size=(2, 5, 3)).astype("float32")   # 2 sequences, 5 steps, 3 features
>>> kernel = rng.normal(size=(3, 4 * 8)).astype("float32")
>>> recurrent_kernel = rng.normal(size=(8, 4 * 8)).astype("float32")
>>> bias = np.zeros(4 * 8, dtype="float32")
>>> numpy_lstm(x, kernel, recurrent_kernel, bias).shape
(2, 8)
>>> gate_blocks(kernel)["f"].shape                      # W_f, Keras 2's kernel_f
(3, 8)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._util import positive_int
from .errors import SpecError

__all__ = [
    "ACTIVATIONS",
    "GATES",
    "gate_blocks",
    "gate_slice",
    "lstm_trace",
    "numpy_gru",
    "numpy_lstm",
    "numpy_simple_rnn",
]

#: The gate blocks of each cell, in the order Keras stores their columns.
GATES: dict[str, tuple[str, ...]] = {
    "LSTM": ("i", "f", "c", "o"),
    "GRU": ("z", "r", "h"),
    "SimpleRNN": ("h",),
}

Array = np.ndarray
Activation = Callable[[Array], Array]


# ---------------------------------------------------------------------------------------
# Activations, as Keras 3 defines them
# ---------------------------------------------------------------------------------------


def _sigmoid(x: Array) -> Array:
    # σ(x) = 1 / (1 + e^(-x)). NumPy's exp is about twice as fast as its tanh, and the gates
    # are most of an LSTM step's time (benchmarks/forward.py). For x < -88, e^(-x) overflows
    # float32 to inf and 1 / inf gives the right limit, 0: the warning is not needed.
    with np.errstate(over="ignore"):
        sigma: Array = 1.0 / (1.0 + np.exp(-x))
    return sigma


def _hard_sigmoid(x: Array) -> Array:
    # Keras 3: relu6(x + 3) / 6, i.e. x/6 + 1/2 clipped to [0, 1] (Keras 2 used x/5).
    clipped: Array = np.clip(x / 6.0 + 0.5, 0.0, 1.0)
    return clipped


def _relu(x: Array) -> Array:
    positive: Array = np.maximum(x, 0.0)
    return positive


def _linear(x: Array) -> Array:
    return x


#: Activation names accepted by ``activation=`` and ``recurrent_activation=``.
ACTIVATIONS: dict[str, Activation] = {
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "hard_sigmoid": _hard_sigmoid,
    "relu": _relu,
    "linear": _linear,
}


def _activation(name: str | None, argument: str) -> Activation:
    if name is None:  # Keras treats activation=None as "linear"
        return _linear
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise SpecError(
            f"unsupported {argument} {name!r}; use one of: {', '.join(sorted(ACTIVATIONS))}"
        )
    return ACTIVATIONS[name]


# ---------------------------------------------------------------------------------------
# Gate blocks
# ---------------------------------------------------------------------------------------


def _gates(cell: str) -> tuple[str, ...]:
    if cell not in GATES:
        raise SpecError(f"unknown cell {cell!r}; use one of: {', '.join(GATES)}")
    return GATES[cell]


def gate_slice(units: int, gate: str, cell: str = "LSTM") -> slice:
    """The columns of one gate's block in a Keras weight of the given ``cell``.

    >>> gate_slice(64, "f")                  # the forget gate of LSTM(64)
    slice(64, 128, None)
    >>> gate_slice(32, "h", cell="GRU")
    slice(64, 96, None)
    >>> gate_slice(8, "g")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: unknown LSTM gate 'g'; use one of: i, f, c, o
    """
    gates = _gates(cell)
    units = positive_int(units, "units")
    if gate not in gates:
        raise SpecError(f"unknown {cell} gate {gate!r}; use one of: {', '.join(gates)}")
    k = gates.index(gate)
    return slice(k * units, (k + 1) * units)


def gate_blocks(weight: Any, cell: str = "LSTM") -> dict[str, Array]:
    """Split a Keras weight (kernel, recurrent kernel or bias) into its gate blocks.

    The last axis is cut into equal blocks named as in :data:`GATES`; the results are
    views of ``weight``. ``gate_blocks(kernel)["f"]`` is ``W_f``, which Keras 2 exposed as
    ``kernel_f``.

    >>> import numpy as np
    >>> kernel = np.arange(2 * 12).reshape(2, 12)          # LSTM(3) on 2 features
    >>> blocks = gate_blocks(kernel)
    >>> list(blocks), blocks["f"].shape
    (['i', 'f', 'c', 'o'], (2, 3))
    >>> blocks["f"]
    array([[ 3,  4,  5],
           [15, 16, 17]])
    >>> gate_blocks(np.zeros((2, 9)), cell="GRU")["r"].shape   # GRU bias, reset_after=True
    (2, 3)
    """
    gates = _gates(cell)
    w = np.asarray(weight)
    if w.ndim == 0 or w.shape[-1] % len(gates) or w.shape[-1] == 0:
        raise SpecError(
            f"a {cell} weight's last axis holds {len(gates)} equal gate blocks; got shape {w.shape}"
        )
    units = w.shape[-1] // len(gates)
    return {g: w[..., gate_slice(units, g, cell)] for g in gates}


# ---------------------------------------------------------------------------------------
# Checking the arguments (one clear line instead of a NumPy traceback)
# ---------------------------------------------------------------------------------------


def _float_array(value: Any, name: str, dtype: type[np.floating[Any]] = np.float32) -> Array:
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise SpecError(f"{name} must be an array of numbers, got {type(value).__name__}") from None


def check_weights(
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    cell: str,
    *,
    features: int | None = None,
    bias_shapes: Callable[[int], tuple[tuple[int, ...], ...]] | None = None,
    dtype: type[np.floating[Any]] = np.float32,
) -> tuple[Array, Array, Array | None, int]:
    """The weights of a ``cell`` layer as arrays of ``dtype``, and its number of units; a
    one-line :class:`~lstm_explained.errors.SpecError` for any shape that does not fit.

    The forward passes give ``features`` (the input's last axis) and the bias shapes of the
    cell's variant; the figures take any input size and either GRU bias.

    >>> kernel, recurrent_kernel, bias, units = check_weights(
    ...     np.zeros((8, 40)), np.zeros((10, 40)), None, "LSTM")
    >>> kernel.dtype, bias, units
    (dtype('float32'), None, 10)
    >>> check_weights(np.zeros((8, 40)), np.zeros((10, 40)), None, "LSTM", features=3)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: kernel (8, 40) does not match x with 3 features and recurrent_kernel with 10 units: expected (3, 40)
    """
    n = len(_gates(cell))
    recurrent_kernel = _float_array(recurrent_kernel, "recurrent_kernel", dtype)
    shape = recurrent_kernel.shape
    if len(shape) != 2 or shape[0] == 0 or shape[1] != n * shape[0]:
        raise SpecError(
            f"recurrent_kernel must be (units, {n} * units) for {cell}, got shape {shape}"
        )
    units = shape[0]
    kernel = _float_array(kernel, "kernel", dtype)
    if features is not None:
        if kernel.shape != (features, n * units):
            raise SpecError(
                f"kernel {kernel.shape} does not match x with {features} features and "
                f"recurrent_kernel with {units} units: expected {(features, n * units)}"
            )
    elif kernel.ndim != 2:
        raise SpecError(f"kernel must be 2-D, got shape {kernel.shape}")
    elif kernel.shape[0] == 0 or kernel.shape[1] != n * units:
        raise SpecError(
            f"kernel shape {kernel.shape} does not match recurrent_kernel {shape}: "
            f"expected (input_dim, {n * units}) for {cell} with {units} units"
        )
    if bias is not None:
        bias = _float_array(bias, "bias", dtype)
        allowed = (
            bias_shapes(units)
            if bias_shapes is not None
            else ((n * units,), *([(2, n * units)] if cell == "GRU" else []))
        )
        if bias.shape not in allowed:
            expected = " or ".join(str(s) for s in allowed)
            raise SpecError(
                f"bias shape {bias.shape} is wrong for {cell} with {units} units: "
                f"expected {expected}, or None for use_bias=False"
            )
    return kernel, recurrent_kernel, bias, units


def _check_weights(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    cell: str,
    bias_shapes: Callable[[int], tuple[tuple[int, ...], ...]],
) -> tuple[Array, Array, Array, Array | None, int]:
    """Cast to float32 and check shapes; return x, kernel, recurrent_kernel, bias, units."""
    x = _float_array(x, "x")
    if x.ndim != 3:
        raise SpecError(
            f"x must be 3-D (batch, timesteps, features), got shape {x.shape}; "
            "for a single sequence use x[None]"
        )
    if x.shape[1] == 0:
        raise SpecError(f"x has no timesteps: shape {x.shape}")
    kernel, recurrent_kernel, bias, units = check_weights(
        kernel, recurrent_kernel, bias, cell, features=x.shape[2], bias_shapes=bias_shapes
    )
    return x, kernel, recurrent_kernel, bias, units


def _check_initial_state(
    initial_state: Any, count: int, batch: int, units: int, cell: str
) -> list[Array]:
    """Zeros when not given, as Keras; else ``count`` arrays of shape (batch, units)."""
    if initial_state is None:
        return [np.zeros((batch, units), dtype=np.float32) for _ in range(count)]
    if count == 1 and not isinstance(initial_state, list | tuple):
        initial_state = [initial_state]
    if not isinstance(initial_state, list | tuple) or len(initial_state) != count:
        what = "[h, c]" if count == 2 else "h or [h]"
        raise SpecError(f"initial_state for {cell} must be {what}, each (batch, units)")
    states = [_float_array(s, "initial_state") for s in initial_state]
    for s in states:
        if s.shape != (batch, units):
            raise SpecError(
                f"initial_state shape {s.shape} does not match (batch, units) = {(batch, units)}"
            )
    return states


def _check_mask(mask: Any, batch: int, timesteps: int) -> Array | None:
    if mask is None:
        return None
    m = np.asarray(mask)
    if m.shape != (batch, timesteps):
        raise SpecError(
            f"mask shape {m.shape} does not match x: expected (batch, timesteps) = "
            f"{(batch, timesteps)}"
        )
    if m.dtype != bool and not np.issubdtype(m.dtype, np.number):
        raise SpecError(f"mask must be boolean (True = use this step), got dtype {m.dtype}")
    return m.astype(bool)


def _input_projection(x: Array, kernel: Array, bias: Array | None) -> Array:
    """x·W + b for every step at once: ONE matrix product, laid out time-major.

    Returns (timesteps, batch, n_gates * units), so that step ``t`` is the contiguous
    block ``xw[t]``.
    """
    batch, timesteps, features = x.shape
    xw = x.transpose(1, 0, 2).reshape(timesteps * batch, features) @ kernel
    if bias is not None:
        xw += bias
    time_major: Array = xw.reshape(timesteps, batch, kernel.shape[1])
    return time_major


def _steps(mask: Array | None, timesteps: int, go_backwards: bool) -> tuple[range, Array | None]:
    """The order Keras walks the sequence in, and the mask as (timesteps, batch, 1)."""
    order = range(timesteps - 1, -1, -1) if go_backwards else range(timesteps)
    return order, None if mask is None else mask.T[:, :, None]


def _result(
    outputs: Array | None,
    output: Array,
    states: list[Array],
    return_sequences: bool,
    return_state: bool,
) -> Array | list[Array]:
    result = outputs if return_sequences else output
    assert result is not None
    return [result, *states] if return_state else result


# ---------------------------------------------------------------------------------------
# The three cells
# ---------------------------------------------------------------------------------------


#: What :func:`_lstm_step` returns and :func:`lstm_trace` records, in that order.
_TRACE_KEYS = ("i", "f", "c_tilde", "o", "c", "h")


def _lstm_step(
    xw: Array,
    t: int,
    h: Array,
    c: Array,
    recurrent_kernel: Array,
    act: Activation,
    rec_act: Activation,
) -> tuple[Array, Array, Array, Array, Array, Array]:
    """Step t of the loop of numpy_lstm and lstm_trace, from the previous h and c:
    the gates i, f, c_tilde, o and the new c and h, in that order (_TRACE_KEYS)."""
    u = h.shape[1]
    z = xw[t] + h @ recurrent_kernel  # (batch, 4·units): i | f | c̃ | o
    i = rec_act(z[:, 0 * u : 1 * u])
    f = rec_act(z[:, 1 * u : 2 * u])
    c_tilde = act(z[:, 2 * u : 3 * u])
    o = rec_act(z[:, 3 * u : 4 * u])
    c_new = f * c + i * c_tilde
    h_new = o * act(c_new)
    return i, f, c_tilde, o, c_new, h_new


def numpy_lstm(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    initial_state: Sequence[Any] | None = None,
    return_sequences: bool = False,
    return_state: bool = False,
    go_backwards: bool = False,
    mask: Any = None,
    activation: str | None = "tanh",
    recurrent_activation: str | None = "sigmoid",
) -> Array | list[Array]:
    """Keras 3 ``LSTM`` in NumPy, on the weights of ``layer.get_weights()``.

    At each step ``t``, with ``x_t`` of shape (batch, input_dim) and ``h``, ``c`` of
    shape (batch, units), σ the recurrent activation and tanh the activation::

        i_t = σ(x_t·W_i + h_{t-1}·U_i + b_i)          input gate
        f_t = σ(x_t·W_f + h_{t-1}·U_f + b_f)          forget gate
        c̃_t = tanh(x_t·W_c + h_{t-1}·U_c + b_c)       candidate cell state
        o_t = σ(x_t·W_o + h_{t-1}·U_o + b_o)          output gate
        c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t
        h_t = o_t ⊙ tanh(c_t)

    ``kernel`` is ``[W_i W_f W_c W_o]`` (input_dim, 4·units), ``recurrent_kernel`` is
    ``[U_i U_f U_c U_o]`` (units, 4·units) and ``bias`` is ``[b_i b_f b_c b_o]`` (4·units,)
    or ``None`` (``use_bias=False``). ``h`` and ``c`` start at zero unless
    ``initial_state=[h0, c0]``.

    Returns the last ``h`` (batch, units), or every ``h`` (batch, timesteps, units) with
    ``return_sequences``; with ``return_state``, the list ``[output, h, c]``.
    ``go_backwards`` reads the sequence from its end and, as Keras, returns the sequence
    in that reversed order. ``mask`` (batch, timesteps), True for real steps: at a masked
    step ``h`` and ``c`` are carried over unchanged and the output repeats the previous
    step's output (zeros before the first real step), as Keras does.

    One unit, one step, every weight 1 and no bias, so all four gates see the same
    ``1·1 + 0·1 = 1``:

    >>> import numpy as np
    >>> ones = np.ones((1, 4), dtype="float32")
    >>> output, h, c = numpy_lstm([[[1.0]]], ones, ones, None, return_state=True)
    >>> sigma, tanh = 1 / (1 + np.exp(-1.0)), np.tanh(1.0)
    >>> c_by_hand = sigma * 0.0 + sigma * tanh          # f·c0 + i·c̃
    >>> h_by_hand = sigma * np.tanh(c_by_hand)          # o·tanh(c)
    >>> print(round(float(c[0, 0]), 6), round(float(c_by_hand), 6))
    0.55677 0.55677
    >>> print(round(float(h[0, 0]), 6), round(float(h_by_hand), 6))
    0.369606 0.369606
    >>> numpy_lstm(np.zeros((2, 5, 3)), ones, ones, None)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: kernel (1, 4) does not match x with 3 features and recurrent_kernel with 1 units: expected (3, 4)
    """
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        x, kernel, recurrent_kernel, bias, "LSTM", lambda u: ((4 * u,),)
    )
    act = _activation(activation, "activation")
    rec_act = _activation(recurrent_activation, "recurrent_activation")
    batch, timesteps, _ = x.shape
    h, c = _check_initial_state(initial_state, 2, batch, units, "LSTM")
    mask = _check_mask(mask, batch, timesteps)

    xw = _input_projection(x, kernel, bias)  # x_t·W + b, all t: (timesteps, batch, 4·units)
    order, keep = _steps(mask, timesteps, go_backwards)
    output = np.zeros((batch, units), dtype=np.float32)
    outputs = np.empty((batch, timesteps, units), dtype=np.float32) if return_sequences else None

    for n, t in enumerate(order):
        *_, c_new, h_new = _lstm_step(xw, t, h, c, recurrent_kernel, act, rec_act)
        if keep is None:
            h, c, output = h_new, c_new, h_new
        else:
            h = np.where(keep[t], h_new, h)
            c = np.where(keep[t], c_new, c)
            output = np.where(keep[t], h_new, output)
        if outputs is not None:
            outputs[:, n] = output
    return _result(outputs, output, [h, c], return_sequences, return_state)


def numpy_gru(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    reset_after: bool = True,
    initial_state: Any = None,
    return_sequences: bool = False,
    return_state: bool = False,
    go_backwards: bool = False,
    mask: Any = None,
    activation: str | None = "tanh",
    recurrent_activation: str | None = "sigmoid",
) -> Array | list[Array]:
    """Keras 3 ``GRU`` in NumPy, on the weights of ``layer.get_weights()``.

    Gate blocks in Keras' order z (update), r (reset), h (candidate)::

        z_t = σ(x_t·W_z + b_z + h_{t-1}·U_z + b'_z)
        r_t = σ(x_t·W_r + b_r + h_{t-1}·U_r + b'_r)
        ĥ_t = tanh(x_t·W_h + b_h + r_t ⊙ (h_{t-1}·U_h + b'_h))    reset_after=True
        ĥ_t = tanh(x_t·W_h + b_h + (r_t ⊙ h_{t-1})·U_h)           reset_after=False
        h_t = z_t ⊙ h_{t-1} + (1 - z_t) ⊙ ĥ_t

    With ``reset_after=True`` (the Keras default) ``bias`` is (2, 3·units): row 0 is the
    input bias ``b``, row 1 the recurrent bias ``b'``. With ``reset_after=False`` it is
    (3·units,) and there is no ``b'``. ``bias=None`` for ``use_bias=False``.
    Return values, ``initial_state`` (``h0`` or ``[h0]``), ``go_backwards`` and ``mask``
    behave as in :func:`numpy_lstm`; the only state is ``h``.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(4, 6, 3))
    >>> kernel, recurrent_kernel = rng.normal(size=(3, 15)), rng.normal(size=(5, 15))
    >>> output, h = numpy_gru(x, kernel, recurrent_kernel, np.zeros((2, 15)), return_state=True)
    >>> output.shape, bool(np.array_equal(output, h))
    ((4, 5), True)
    >>> numpy_gru(x, kernel, recurrent_kernel, np.zeros(15))
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: bias shape (15,) is wrong for GRU with 5 units: expected (2, 15), or None for use_bias=False
    """
    reset_after = bool(reset_after)
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        x,
        kernel,
        recurrent_kernel,
        bias,
        "GRU",
        lambda u: ((2, 3 * u),) if reset_after else ((3 * u,),),
    )
    act = _activation(activation, "activation")
    rec_act = _activation(recurrent_activation, "recurrent_activation")
    batch, timesteps, _ = x.shape
    (h,) = _check_initial_state(initial_state, 1, batch, units, "GRU")
    mask = _check_mask(mask, batch, timesteps)

    input_bias, recurrent_bias = (
        (bias[0], bias[1]) if reset_after and bias is not None else (bias, None)
    )
    xw = _input_projection(x, kernel, input_bias)  # (timesteps, batch, 3·units)
    order, keep = _steps(mask, timesteps, go_backwards)
    u = units
    u_zr, u_h = recurrent_kernel[:, : 2 * u], recurrent_kernel[:, 2 * u :]
    output = np.zeros((batch, units), dtype=np.float32)
    outputs = np.empty((batch, timesteps, units), dtype=np.float32) if return_sequences else None

    for n, t in enumerate(order):
        if reset_after:
            hu = h @ recurrent_kernel  # (batch, 3·units)
            if recurrent_bias is not None:
                hu += recurrent_bias
        else:
            hu = h @ u_zr  # (batch, 2·units): U_h waits for the reset gate
        z = rec_act(xw[t][:, :u] + hu[:, :u])
        r = rec_act(xw[t][:, u : 2 * u] + hu[:, u : 2 * u])
        if reset_after:
            h_hat = act(xw[t][:, 2 * u :] + r * hu[:, 2 * u :])
        else:
            h_hat = act(xw[t][:, 2 * u :] + (r * h) @ u_h)
        h_new = z * h + (1.0 - z) * h_hat
        if keep is None:
            h, output = h_new, h_new
        else:
            h = np.where(keep[t], h_new, h)
            output = np.where(keep[t], h_new, output)
        if outputs is not None:
            outputs[:, n] = output
    return _result(outputs, output, [h], return_sequences, return_state)


def numpy_simple_rnn(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    activation: str | None = "tanh",
    initial_state: Any = None,
    return_sequences: bool = False,
    return_state: bool = False,
    go_backwards: bool = False,
    mask: Any = None,
) -> Array | list[Array]:
    """Keras 3 ``SimpleRNN`` in NumPy, on the weights of ``layer.get_weights()``::

        h_t = tanh(x_t·W + h_{t-1}·U + b)

    ``kernel`` (input_dim, units), ``recurrent_kernel`` (units, units), ``bias`` (units,)
    or ``None``. Everything else as in :func:`numpy_lstm`; the only state is ``h``.

    >>> import numpy as np
    >>> x = np.array([[[1.0], [2.0]]])            # one sequence: 1, then 2
    >>> w, u = np.array([[0.5]]), np.array([[1.0]])
    >>> h1 = np.tanh(1.0 * 0.5)
    >>> h2 = np.tanh(2.0 * 0.5 + h1 * 1.0)
    >>> out = numpy_simple_rnn(x, w, u, None, return_sequences=True)
    >>> bool(np.allclose(out[0, :, 0], [h1, h2]))
    True
    >>> numpy_simple_rnn(x, w, u, None, activation="softmax")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: unsupported activation 'softmax'; use one of: hard_sigmoid, linear, relu, sigmoid, tanh
    """
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        x, kernel, recurrent_kernel, bias, "SimpleRNN", lambda u: ((u,),)
    )
    act = _activation(activation, "activation")
    batch, timesteps, _ = x.shape
    (h,) = _check_initial_state(initial_state, 1, batch, units, "SimpleRNN")
    mask = _check_mask(mask, batch, timesteps)

    xw = _input_projection(x, kernel, bias)  # (timesteps, batch, units)
    order, keep = _steps(mask, timesteps, go_backwards)
    output = np.zeros((batch, units), dtype=np.float32)
    outputs = np.empty((batch, timesteps, units), dtype=np.float32) if return_sequences else None

    for n, t in enumerate(order):
        h_new = act(xw[t] + h @ recurrent_kernel)
        if keep is None:
            h, output = h_new, h_new
        else:
            h = np.where(keep[t], h_new, h)
            output = np.where(keep[t], h_new, output)
        if outputs is not None:
            outputs[:, n] = output
    return _result(outputs, output, [h], return_sequences, return_state)


# ---------------------------------------------------------------------------------------
# Looking inside the LSTM cell
# ---------------------------------------------------------------------------------------


def lstm_trace(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    *,
    initial_state: Sequence[Any] | None = None,
) -> dict[str, Array]:
    """Every intermediate value of :func:`numpy_lstm` (default activations), step by step.

    Returns a dict with keys ``"i"``, ``"f"``, ``"c_tilde"``, ``"o"``, ``"c"``, ``"h"``,
    each of shape (batch, timesteps, units): the gates, the candidate and the two states
    after each step. ``trace["h"][:, -1]`` is what ``LSTM(units)`` returns.

    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(2, 7, 3))
    >>> kernel, recurrent_kernel = rng.normal(size=(3, 16)), rng.normal(size=(4, 16))
    >>> trace = lstm_trace(x, kernel, recurrent_kernel, None)
    >>> sorted(trace), trace["f"].shape
    (['c', 'c_tilde', 'f', 'h', 'i', 'o'], (2, 7, 4))
    >>> bool(np.allclose(trace["h"][:, -1], numpy_lstm(x, kernel, recurrent_kernel, None)))
    True
    >>> bool(np.allclose(trace["c"][:, 0], trace["i"][:, 0] * trace["c_tilde"][:, 0]))  # c0 = 0
    True
    """
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        x, kernel, recurrent_kernel, bias, "LSTM", lambda u: ((4 * u,),)
    )
    batch, timesteps, _ = x.shape
    h, c = _check_initial_state(initial_state, 2, batch, units, "LSTM")
    xw = _input_projection(x, kernel, bias)
    trace = {k: np.empty((batch, timesteps, units), np.float32) for k in _TRACE_KEYS}
    for t in range(timesteps):
        values = _lstm_step(xw, t, h, c, recurrent_kernel, np.tanh, _sigmoid)
        for key, value in zip(_TRACE_KEYS, values, strict=True):
            trace[key][:, t] = value
        c, h = values[4], values[5]
    return trace
