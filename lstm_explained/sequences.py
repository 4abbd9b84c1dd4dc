"""Arranging a long series for a stateful recurrent layer (NumPy only).

A stateful layer keeps the last states of sample ``i`` of a batch and starts sample ``i`` of
the next batch from them. :func:`stateful_batches` cuts a series into that order: ``batch_size``
consecutive streams, each cut into consecutive windows, so that row ``i`` of every batch
continues row ``i`` of the batch before it.

>>> import numpy as np
>>> batches = stateful_batches(np.arange(12), batch_size=2, window=3)
>>> batches[..., 0]
array([[ 0,  1,  2],
       [ 6,  7,  8],
       [ 3,  4,  5],
       [ 9, 10, 11]])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._util import positive_int
from .errors import SpecError

__all__ = ["stateful_batches"]


def stateful_batches(series: Any, batch_size: int, window: int) -> np.ndarray:
    """Cut a series into windows ordered for a stateful layer: ``(batches * batch_size, window,
    features)``.

    ``series`` is ``(length,)`` or ``(length, features)``. It is split into ``batch_size``
    streams of equal, consecutive parts; each stream is cut into windows of ``window`` steps;
    the windows are then ordered batch by batch, so that rows ``k * batch_size + i`` for
    ``k = 0, 1, …`` are the consecutive windows of stream ``i``. Pass the result to
    ``fit(..., batch_size=batch_size, shuffle=False)`` or feed it ``batch_size`` rows at a time.
    Steps that do not fill a whole window of every stream are dropped from the end.

    >>> import numpy as np
    >>> x = stateful_batches(np.arange(20).reshape(10, 2), batch_size=1, window=4)
    >>> x.shape, x[1, 0].tolist()
    ((2, 4, 2), [8, 9])
    >>> stateful_batches(np.arange(5), batch_size=2, window=3)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: a series of 5 steps is too short for 2 streams of at least one window of 3 steps (6 steps)
    """
    batch_size = positive_int(batch_size, "batch_size")
    window = positive_int(window, "window")
    array = np.asarray(series)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise SpecError(
            f"series must be (length,) or (length, features), got an array of shape {array.shape}"
        )
    length, features = array.shape
    per_stream = length // batch_size // window
    if per_stream == 0:
        raise SpecError(
            f"a series of {length} steps is too short for {batch_size} streams of at least one "
            f"window of {window} steps ({batch_size * window} steps)"
        )
    used = array[: batch_size * per_stream * window]
    streams = used.reshape(batch_size, per_stream, window, features)
    return streams.transpose(1, 0, 2, 3).reshape(per_stream * batch_size, window, features)
