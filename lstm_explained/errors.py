"""The one exception type the package raises for bad user input."""

from __future__ import annotations

__all__ = ["SpecError"]


class SpecError(ValueError):
    """A layer string, input shape or layer configuration that cannot be used.

    The message names the problem and what is allowed, in one line, so the CLI
    can print it as it is.

    >>> raise SpecError("units must be a positive integer, got 0")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: units must be a positive integer, got 0
    """
