"""What the calculator answers, and its two renderings: the text table and the JSON format.

:func:`~lstm_explained.shapes.summarize` returns a :class:`ModelSummary`: one
:class:`LayerSummary` per layer, each with its :class:`WeightShape` list. ``to_text()`` is
the table ``lstm-explained summary`` prints; ``to_dict()`` and :func:`to_json` are the stable
format of ``lstm-explained summary --json`` (:data:`FORMAT_VERSION`).

>>> print(to_json({"name": "kernel", "shape": [2, 256]}))
{"name": "kernel", "shape": [2, 256]}
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from ._util import fmt_shape, wrap
from .specs import LayerSpec

__all__ = ["FORMAT_VERSION", "LayerSummary", "ModelSummary", "Shape", "WeightShape", "to_json"]

#: A tensor's shape, batch axis first; ``None`` for an axis of any size.
Shape = tuple[int | None, ...]

#: Version of the ``to_dict()`` / ``--json`` format; bumped on any incompatible change.
FORMAT_VERSION = 1


@dataclass
class WeightShape:
    """One weight array as ``layer.get_weights()`` returns it.

    >>> w = WeightShape("kernel", (2, 256))
    >>> w.size, str(w)
    (512, 'kernel (2, 256)')
    """

    name: str
    shape: tuple[int, ...]

    @property
    def size(self) -> int:
        """Number of parameters in this weight."""
        return math.prod(self.shape)

    def __str__(self) -> str:
        return f"{self.name} {fmt_shape(self.shape)}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape)}


@dataclass
class LayerSummary:
    """One layer of a :class:`ModelSummary`.

    ``input_shape`` and every entry of ``output_shapes`` have the batch axis first
    (``None`` unless a batch size was given). ``output_shapes`` is always a list: one
    shape, or several for ``return_state=True`` and ``Bidirectional(merge_mode=None)``.
    """

    name: str
    type: str
    spec: LayerSpec
    input_shape: Shape
    output_shapes: list[Shape]
    weights: list[WeightShape]
    params: int
    formula: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "spec": str(self.spec),
            "input_shape": list(self.input_shape),
            "output_shapes": [list(s) for s in self.output_shapes],
            "weights": [w.to_dict() for w in self.weights],
            "params": self.params,
            "formula": self.formula,
        }


@dataclass
class ModelSummary:
    """Shapes, weights and parameter counts of a Sequential stack, with formulas.

    ``input_shape`` is the model input with the batch axis first. ``notes`` records
    things Keras would do silently, e.g. ignore ``input_shape=`` on a layer.

    >>> s = summarize("10,64", ["LSTM(32)", "Dense(2)"])
    >>> print(s.to_json(indent=None)[:58])
    {"version": 1, "input_shape": [null, 10, 64], "layers": [{
    """

    input_shape: Shape
    layers: list[LayerSummary]
    total_params: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON-ready format printed by ``lstm-explained summary --json``."""
        return {
            "version": FORMAT_VERSION,
            "input_shape": list(self.input_shape),
            "layers": [layer.to_dict() for layer in self.layers],
            "total_params": self.total_params,
            "notes": list(self.notes),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string (non-ASCII symbols kept as they are)."""
        return to_json(self.to_dict(), indent)

    def to_text(self) -> str:
        """A table in the spirit of ``model.summary()``, with each count's formula.

        >>> print(summarize("8,8", ["LSTM(10)"]).to_text())
        Input shape: (None, 8, 8)
        ────────────────────────────────────────────────────────────────────
        Layer (type)   Output shape   Param #  Formula
        ────────────────────────────────────────────────────────────────────
        lstm (LSTM)    (None, 10)         760  4 × (8·10 + 10·10 + 10) = 760
          weights: kernel (8, 40), recurrent_kernel (10, 40), bias (40,)
        ────────────────────────────────────────────────────────────────────
        Total params: 760
        """
        header = ("Layer (type)", "Output shape", "Param #", "Formula")
        rows = []
        for layer in self.layers:
            outs = layer.output_shapes
            out = (
                fmt_shape(outs[0])
                if len(outs) == 1
                else "[" + ", ".join(map(fmt_shape, outs)) + "]"
            )
            rows.append((f"{layer.name} ({layer.type})", out, f"{layer.params:,}", layer.formula))
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]

        def line(r: tuple[str, str, str, str]) -> str:
            return (
                f"{r[0]:<{widths[0]}}   {r[1]:<{widths[1]}}   {r[2]:>{widths[2]}}  {r[3]}".rstrip()
            )

        body = []
        for layer, r in zip(self.layers, rows, strict=True):
            body.append(line(r))
            if layer.weights:
                # 98: the weights' lines have always left two columns spare
                body += wrap("  weights: ", [str(w) for w in layer.weights], width=98)
        rule = "─" * max(len(s) for s in [line(header), *body])
        out_lines = [f"Input shape: {fmt_shape(self.input_shape)}", rule, line(header), rule]
        out_lines += body
        out_lines += [rule, f"Total params: {self.total_params:,}"]
        out_lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(out_lines)

    def __str__(self) -> str:
        return self.to_text()


def to_json(data: Any, indent: int | None = 2) -> str:
    """``data`` as JSON with non-ASCII symbols kept (the formulas' ``×`` and ``·``): nested
    objects indented by ``indent`` spaces, but lists of numbers (shapes) and short flat objects
    (weights) on one line; everything on one line with ``indent=None``.

    >>> print(to_json({"weights": [{"name": "bias", "shape": [40]}], "formula": "4 × 10"}))
    {
      "weights": [
        {"name": "bias", "shape": [40]}
      ],
      "formula": "4 × 10"
    }
    """
    if indent is None:
        return json.dumps(data, ensure_ascii=False)
    return _dump(data, indent, 0)


def _dump(value: Any, indent: int, level: int) -> str:
    """JSON with nested objects indented but lists of numbers (shapes) on one line."""
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(value, dict) and value:
        flat = json.dumps(value, ensure_ascii=False)
        if len(flat) <= 60 and not any(isinstance(v, dict) for v in value.values()):
            return flat  # e.g. {"name": "kernel", "shape": [2, 256]}
        items = [f"{inner}{json.dumps(k)}: {_dump(v, indent, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
        items = [inner + _dump(v, indent, level + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


# The calculator's public module, lstm_explained.shapes, re-exports these types: the API page
# documents them there and other projects link to them by those names (intersphinx), so that is
# the name they give, as NumPy's set_module does for its functions. Their doctests run there
# too, with summarize at hand.
for _type in (WeightShape, LayerSummary, ModelSummary):
    _type.__module__ = "lstm_explained.shapes"
del _type
