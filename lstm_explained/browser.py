"""What the book's in-browser calculator calls (``tools/shape-calculator``, run by Pyodide).

:func:`calculate` runs the command line, ``lstm-explained summary --json``, on the
arguments the page's form gives, and returns its result with the model's Keras code, or
the one-line message the command line prints for a mistake. Pure Python, like the
calculator: importing it needs neither NumPy nor Keras.

>>> import json
>>> data = json.loads(calculate(["summary", "--input=5,2", "--json", "--", "LSTM(4)"]))
>>> data["total_params"], data["layers"][0]["output_shapes"]
(112, [[None, 4]])
>>> print(data["keras_code"].splitlines()[-2])
])
>>> print(json.loads(calculate(["summary", "--input=5", "--json", "--", "LSTM(4)"]))["error"])
... # doctest: +ELLIPSIS
LSTM layer 'lstm' needs a 3-D input (batch, timesteps, features) but the model input is (None, 5)...
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence

from .cli import PROG, main
from .keras_code import keras_code

__all__ = ["calculate"]


def calculate(argv: Sequence[str]) -> str:
    """``lstm-explained`` run with ``argv`` (which must ask for ``--json``), as a JSON string.

    On success, the ``--json`` object plus ``"keras_code"``; on a mistake (exit status 2),
    ``{"error": message}`` with the message the command line prints after
    ``lstm-explained: error:``.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    if status != 0:
        message = err.getvalue().strip()
        return json.dumps({"error": message.removeprefix(f"{PROG}: error: ")}, ensure_ascii=False)
    data = json.loads(out.getvalue())
    data["keras_code"] = keras_code(
        data["input_shape"][1:],
        [layer["spec"] for layer in data["layers"]],
        batch=data["input_shape"][0],
    )
    return json.dumps(data, ensure_ascii=False)
