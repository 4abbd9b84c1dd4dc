"""Layer specifications: Keras-syntax strings parsed with :mod:`ast`, never evaluated.

A spec records what the user wrote (layer type, positional and keyword arguments);
it does not know shapes. :mod:`lstm_explained.shapes` binds the arguments and
computes shapes and counts; :mod:`lstm_explained.keras_bridge` builds the real layer.

>>> spec = parse_layer("LSTM(64, return_sequences=True)")
>>> spec.type, spec.args, dict(spec.kwargs)
('LSTM', (64,), {'return_sequences': True})
>>> parse_layer("Bidirectional(LSTM(8), merge_mode='sum')").args[0].type
'LSTM'
>>> parse_input_shape("None,2")
(None, 2)
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from .errors import SpecError

__all__ = [
    "SUPPORTED_LAYERS",
    "LayerSpec",
    "parse_input_shape",
    "parse_layer",
    "parse_layers",
]

#: Layer types the calculator, the CLI and the Keras bridge understand.
SUPPORTED_LAYERS: tuple[str, ...] = (
    "LSTM",
    "GRU",
    "SimpleRNN",
    "Bidirectional",
    "Dense",
    "TimeDistributed",
    "Embedding",
    "RepeatVector",
    "Dropout",
    "Flatten",
    "Conv1D",
    "MaxPooling1D",
)

_MODULE_PREFIXES = ("keras.layers.", "layers.", "tf.keras.layers.", "kl.")


@dataclass(frozen=True)
class LayerSpec:
    """One layer as the user wrote it, e.g. ``LSTM(64, return_sequences=True)``.

    ``args`` holds literal values, or a nested :class:`LayerSpec` for the wrapped
    layer of ``Bidirectional`` and ``TimeDistributed``.
    """

    type: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kwargs", MappingProxyType(dict(self.kwargs)))

    def __str__(self) -> str:
        parts = [str(a) if isinstance(a, LayerSpec) else repr(a) for a in self.args]
        parts += [
            f"{k}={v}" if isinstance(v, LayerSpec) else f"{k}={v!r}" for k, v in self.kwargs.items()
        ]
        return f"{self.type}({', '.join(parts)})"

    def __repr__(self) -> str:
        return f"parse_layer({str(self)!r})"

    def __hash__(self) -> int:
        return hash(str(self))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LayerSpec) and str(self) == str(other)


def _unknown_layer(name: str) -> SpecError:
    close = difflib.get_close_matches(name, SUPPORTED_LAYERS, n=1, cutoff=0.6)
    if not close:
        close = [n for n in SUPPORTED_LAYERS if n.lower() == name.lower()]
    hint = f"did you mean {close[0]!r}? " if close else ""
    return SpecError(
        f"unknown layer {name!r}; {hint}supported layers: {', '.join(SUPPORTED_LAYERS)}"
    )


def _layer_name(func: ast.expr, text: str) -> str:
    dotted = ast.unparse(func)
    for prefix in _MODULE_PREFIXES:
        if dotted.startswith(prefix):
            dotted = dotted[len(prefix) :]
            break
    if not isinstance(func, ast.Name | ast.Attribute) or "." in dotted:
        raise SpecError(f"expected a layer name such as LSTM(...) in {text!r}, got {dotted!r}")
    if dotted not in SUPPORTED_LAYERS:
        raise _unknown_layer(dotted)
    return dotted


def _value(node: ast.expr, text: str) -> Any:
    if isinstance(node, ast.Call):
        return _call(node, text)
    if isinstance(node, ast.Starred):
        raise SpecError(f"*arguments are not supported in {text!r}; write the values out")
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise SpecError(
            f"argument {ast.unparse(node)!r} in {text!r} is not a literal; "
            "use numbers, strings, True/False/None, tuples or lists"
        ) from None


def _call(node: ast.Call, text: str) -> LayerSpec:
    name = _layer_name(node.func, text)
    args = tuple(_value(a, text) for a in node.args)
    kwargs: dict[str, Any] = {}
    for kw in node.keywords:
        if kw.arg is None:
            raise SpecError(f"**keyword arguments are not supported in {text!r}; write them out")
        if kw.arg in kwargs:
            raise SpecError(f"keyword {kw.arg!r} is given twice in {text!r}")
        kwargs[kw.arg] = _value(kw.value, text)
    return LayerSpec(name, args, kwargs)


def parse_layer(text: str) -> LayerSpec:
    """Parse one layer written in Keras syntax, e.g. ``"GRU(32, reset_after=False)"``.

    Only literal arguments are accepted; nothing is evaluated.

    >>> parse_layer("keras.layers.Dense(2)")
    parse_layer('Dense(2)')
    >>> parse_layer("LSTM(units)")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: argument 'units' in 'LSTM(units)' is not a literal; use numbers, strings, True/False/None, tuples or lists
    """
    if not isinstance(text, str):
        raise SpecError(f"a layer must be given as a string such as 'LSTM(32)', got {text!r}")
    stripped = text.strip()
    if not stripped:
        raise SpecError("empty layer string; write a layer such as 'LSTM(32)'")
    if len(stripped) > 2000:
        raise SpecError("layer string is longer than 2000 characters")
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        raise SpecError(f"cannot parse {stripped!r}: {exc.msg}") from None
    body = tree.body
    if isinstance(body, ast.Name | ast.Attribute):
        name = _layer_name(body, stripped)
        raise SpecError(f"{stripped!r} is missing its arguments; write it as {name}(...)")
    if not isinstance(body, ast.Call):
        raise SpecError(f"expected a layer such as LSTM(32), got {stripped!r}")
    return _call(body, stripped)


def parse_layers(texts: Iterable[str]) -> list[LayerSpec]:
    """Parse several layer strings; see :func:`parse_layer`.

    >>> [s.type for s in parse_layers(["LSTM(4)", "Dense(1)"])]
    ['LSTM', 'Dense']
    """
    return [parse_layer(t) for t in texts]


def parse_input_shape(text: str | int | Iterable[int | None]) -> tuple[int | None, ...]:
    """Parse a per-sample input shape such as ``"5,2"``, ``"(None, 8)"`` or ``[10, 64]``.

    Each entry is a positive integer or ``None`` (any length, e.g. timesteps).

    >>> parse_input_shape("(10, 64)")
    (10, 64)
    >>> parse_input_shape("5,x")
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: input shape entry 'x' is not a positive integer or None; write e.g. --input 5,2 or --input None,2
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = [text]
    if isinstance(text, str):
        raw = text.strip().strip("()[]")
        items: list[Any] = [p.strip() for p in raw.split(",") if p.strip()]
    else:
        try:
            # a bool is an int to the type checker, but not a shape: it fails here
            items = list(cast("Iterable[Any]", text))
        except TypeError:
            raise SpecError(
                f"input shape {text!r} is not a sequence; write e.g. (5, 2) or '5,2'"
            ) from None
    if not items:
        raise SpecError("empty input shape; write e.g. --input 5,2 (timesteps, features)")
    shape: list[int | None] = []
    for item in items:
        if item is None or (isinstance(item, str) and item.lower() == "none"):
            shape.append(None)
            continue
        value: Any = item
        if isinstance(item, str):
            value = int(item) if item.isdigit() else item
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise SpecError(
                f"input shape entry {item!r} is not a positive integer or None; "
                "write e.g. --input 5,2 or --input None,2"
            )
        if value >= 2**31:
            raise SpecError(
                f"input shape entry {item!r} is more than Keras can build a model for; "
                "use sizes below 2**31"
            )
        shape.append(value)
    return tuple(shape)
