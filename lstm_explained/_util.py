"""Small helpers every module of the package uses, written once.

Shapes as Python prints them, lines wrapped after commas, messages on one line, and the
positive-integer check behind many one-line :class:`~lstm_explained.errors.SpecError` messages.

>>> fmt_shape((None, 5, 64)), fmt_shape((40,))
('(None, 5, 64)', '(40,)')
>>> positive_int(0, "units")
Traceback (most recent call last):
...
lstm_explained.errors.SpecError: units must be a positive integer, got 0
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import SpecError

__all__ = ["fmt_shape", "one_line", "positive_int", "wrap"]


def fmt_shape(shape: Sequence[Any]) -> str:
    """A shape as Python prints a tuple, ``None`` for an unknown axis: ``(None, 5, 64)``,
    ``(40,)``."""
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def one_line(message: object) -> str:
    """A message with every run of whitespace, line breaks included, made one space.

    >>> one_line("Keras rejects\\n  this   layer")
    'Keras rejects this layer'
    """
    return " ".join(str(message).split())


def positive_int(value: Any, name: str, *, suffix: str = "") -> int:
    """``value`` as an ``int`` if it is a positive integer (NumPy's included, never a bool);
    else a :class:`~lstm_explained.errors.SpecError` naming ``name`` and the value, followed by
    ``suffix`` (e.g. a hint)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise SpecError(f"{name} must be a positive integer, got {value!r}{suffix}")
    return int(value)


def wrap(head: str, items: Iterable[str], width: int = 100) -> list[str]:
    """``head`` then ``items`` joined by ``", "``, broken after a comma so that no line passes
    ``width`` (unless one item alone does); later lines are indented under the first item.

    >>> wrap("  weights: ", ["kernel (2, 256)", "recurrent_kernel (64, 256)"], width=40)
    ['  weights: kernel (2, 256),', '           recurrent_kernel (64, 256)']
    >>> wrap("  ✓ output ", [])
    ['  ✓ output ']
    """
    lines: list[str] = []
    current = ""
    for item in items:
        if current and len(head) + len(current) + 2 + len(item) > width:
            lines.append(head + current + ",")
            head, current = " " * len(head), item
        else:
            current = f"{current}, {item}" if current else item
    lines.append(head + current)
    return lines
