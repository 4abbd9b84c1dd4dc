"""The book's figures, drawn with matplotlib from the package's own numbers.

Every function returns a :class:`matplotlib.figure.Figure` built directly (no pyplot
state, no backend switch), so it is safe under any backend and leaks nothing.
Figures carry symbols and numbers only, never words: they are not translated, and
their meaning belongs in the caption and alt text of the page that shows them.

This is the only module of the package that imports matplotlib.

>>> from matplotlib.figure import Figure
>>> fig = plot_unrolled(3, 2, 4)
>>> isinstance(fig, Figure), len(fig.axes), fig._repr_png_()[:4]
(True, 1, b'\x89PNG')
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.ticker import MaxNLocator

from ._util import fmt_shape, positive_int
from .errors import SpecError
from .forward import GATES, check_weights, gate_blocks
from .summary import ModelSummary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "MAX_SQUARES",
    "MAX_STEPS",
    "plot_loss_curve",
    "plot_lstm_cell",
    "plot_lstm_trace",
    "plot_stack",
    "plot_unrolled",
    "plot_weight_blocks",
]

#: One colour per kind of vector, the same in every figure.
X_COLOR = "#4c72b0"
H_COLOR = "#dd8452"
C_COLOR = "#55a868"
BOX_COLOR = "#f2f2f2"
EDGE_COLOR = "#333333"

#: Longest vector drawn square by square; longer ones show their first squares, ⋮, the last.
MAX_SQUARES = 8
#: Most timesteps drawn one by one; longer sequences show the first ones, ⋯, the last.
MAX_STEPS = 6
_FIRST_STEPS = 3


def _integer_ticks(ax: Axes) -> None:
    """Ticks at whole numbers only on the horizontal axis (steps, epochs), as many as the
    default locator would place."""
    locator = ax.xaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)  # matplotlib's default AutoLocator is one
    locator.set_params(integer=True)


class _Figure(Figure):
    """A Figure that shows itself as a PNG in Jupyter without any pyplot backend.

    IPython's inline backend registers its Figure formatter only once pyplot has made
    a figure; a figure built directly would otherwise be shown as text. With
    ``_repr_png_`` it displays either way, rendered by Agg at a resolution that stays
    sharp when a page scales it down to a phone's width.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
        return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# The layer unrolled over time
# ---------------------------------------------------------------------------------------


def _vector(ax: Axes, x: float, y: float, n: int, size: float, color: str) -> None:
    """A vector of length ``n`` as a vertical stack of squares centred on (x, y).

    At most :data:`MAX_SQUARES` squares are drawn; a longer vector shows its first
    squares, a ⋮ and its last square (its length is in the figure's math labels).
    """
    slots: list[bool] = (
        [True] * n if n <= MAX_SQUARES else [True] * (MAX_SQUARES - 3) + [False, True]
    )
    span = len(slots) * size
    for k, filled in enumerate(slots):
        cx, cy = x, y + span / 2 - (k + 0.5) * size
        if filled:
            ax.add_patch(
                Rectangle(
                    (cx - size / 2, cy - size / 2),
                    size,
                    size,
                    facecolor=color,
                    edgecolor="white",
                    linewidth=0.8,
                    zorder=3,
                )
            )
        else:
            ax.text(
                cx,
                cy,
                "$\\vdots$",
                ha="center",
                va="center",
                fontsize=12,
                color=EDGE_COLOR,
                zorder=3,
            )


def _vector_span(n: int, size: float) -> float:
    return (n if n <= MAX_SQUARES else MAX_SQUARES - 1) * size


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], color: str) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=10,
            color=color,
            linewidth=1.2,
            shrinkA=0,
            shrinkB=0,
            zorder=2,
        )
    )


def _steps_to_draw(timesteps: int) -> list[int | None]:
    """The timesteps drawn as columns, ``None`` for the ⋯ column."""
    if timesteps <= MAX_STEPS:
        return list(range(1, timesteps + 1))
    return [*range(1, _FIRST_STEPS + 1), None, timesteps]


def plot_unrolled(
    timesteps: int, input_dim: int, units: int, *, return_sequences: bool = False
) -> Figure:
    """One recurrent cell applied ``timesteps`` times: the layer unrolled over time.

    Each column is the same cell (the same ``W``, ``U``, ``b``) at step ``t``. The input
    vector ``x_t`` (``input_dim`` squares) enters from below; the hidden state ``h_t``
    and cell state ``c_t`` (``units`` squares each) are carried to the next step. The
    layer outputs ``h_T``, or every ``h_t`` with ``return_sequences``. Vectors longer than
    :data:`MAX_SQUARES` are drawn with a ⋮ and labelled with their length; more than
    :data:`MAX_STEPS` timesteps are drawn as the first steps, ⋯, and the last step.

    >>> fig = plot_unrolled(10, 64, 32)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "$t = 10$" in texts, r"$x_t \\in \\mathbb{R}^{64}$" in texts
    (True, True)
    >>> plot_unrolled(0, 2, 4)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: timesteps must be a positive integer, got 0
    """
    timesteps = positive_int(timesteps, "timesteps")
    input_dim = positive_int(input_dim, "input_dim")
    units = positive_int(units, "units")
    return_sequences = bool(return_sequences)

    sq = 0.22  # side of one square
    slot = sq * MAX_SQUARES
    box_w, box_h = 1.7, 2 * slot + 0.9
    pitch = 3.3  # distance between columns
    y_c, y_h = box_h - 0.3 - slot / 2, 0.3 + slot / 2  # wires of c (top) and h (bottom)
    x_top = -0.5 - slot / 2  # centre of the x_t stacks
    out_y = box_h + 0.5 + slot / 2  # centre of the output stacks

    columns = _steps_to_draw(timesteps)
    fig = _Figure(figsize=(8.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")

    def state_pair(xg: float, t: int) -> None:
        _vector(ax, xg, y_c, units, sq, C_COLOR)
        _vector(ax, xg, y_h, units, sq, H_COLOR)
        top = y_c + _vector_span(units, sq) / 2 + 0.05
        ax.text(xg, top, f"$c_{{{t}}}$", ha="center", va="bottom", fontsize=12)
        bottom = y_h - _vector_span(units, sq) / 2 - 0.05
        ax.text(xg, bottom, f"$h_{{{t}}}$", ha="center", va="top", fontsize=12)

    # Initial states h_0, c_0 enter the first cell from the left.
    first_left = 0.0
    state_pair(first_left - (pitch - box_w) / 2, 0)
    for y in (y_c, y_h):
        _arrow(ax, (first_left - (pitch - box_w) + 0.1, y), (first_left, y), EDGE_COLOR)

    for col, t in enumerate(columns):
        left = col * pitch
        centre = left + box_w / 2
        is_last = col == len(columns) - 1
        if t is None:  # the ⋯ column stands for the steps not drawn
            rows = [y_c, y_h, box_h / 2, x_top] + ([out_y] if return_sequences else [])
            for y in rows:
                ax.text(centre, y, "$\\cdots$", ha="center", va="center", fontsize=16)
        else:
            ax.add_patch(
                FancyBboxPatch(
                    (left, 0),
                    box_w,
                    box_h,
                    boxstyle="round,pad=0,rounding_size=0.15",
                    facecolor=BOX_COLOR,
                    edgecolor=EDGE_COLOR,
                    linewidth=1.2,
                    zorder=1,
                )
            )
            ax.text(centre, box_h / 2 + 0.25, f"$t = {t}$", ha="center", va="center", fontsize=13)
            ax.text(centre, box_h / 2 - 0.3, "$W, U, b$", ha="center", va="center", fontsize=11)
            # x_t from below
            _vector(ax, centre, x_top, input_dim, sq, X_COLOR)
            x_span = _vector_span(input_dim, sq)
            _arrow(ax, (centre, x_top + x_span / 2 + 0.02), (centre, 0), X_COLOR)
            ax.text(
                centre,
                x_top - x_span / 2 - 0.08,
                f"$x_{{{t}}}$",
                ha="center",
                va="top",
                fontsize=12,
            )
            # output h_t above
            if return_sequences or is_last:
                out_span = _vector_span(units, sq)
                _arrow(ax, (centre, box_h), (centre, out_y - out_span / 2 - 0.05), H_COLOR)
                _vector(ax, centre, out_y, units, sq, H_COLOR)
                ax.text(
                    centre + 0.25,
                    out_y,
                    f"$h_{{{t}}}$",
                    ha="left",
                    va="center",
                    fontsize=12,
                )
        if is_last:
            break
        # States carried to the next column (through the gap between columns).
        right = left + box_w if t is not None else centre + 0.35
        next_left = left + pitch if columns[col + 1] is not None else left + pitch + 0.3
        for y in (y_c, y_h):
            _arrow(ax, (right, y), (next_left, y), EDGE_COLOR)
        carried = t if t is not None else timesteps - 1
        state_pair((left + box_w + left + pitch) / 2, carried)

    # The lengths of the vectors, once, as math text.
    for y, symbol, length, color in (
        (x_top, "x", input_dim, X_COLOR),
        (y_c, "c", units, C_COLOR),
        (y_h, "h", units, H_COLOR),
    ):
        label = f"${symbol}_t \\in \\mathbb{{R}}^{{{length}}}$"
        ax.text(-(pitch - box_w) - 0.1, y, label, ha="right", va="center", fontsize=13, color=color)
    width = (len(columns) - 1) * pitch + box_w
    ax.set_xlim(-(pitch - box_w) - 2.2, width + 0.6)
    ax.set_ylim(x_top - slot / 2 - 0.6, out_y + slot / 2 + 0.2)
    return fig


# ---------------------------------------------------------------------------------------
# One LSTM step: the gates and the weight blocks they use
# ---------------------------------------------------------------------------------------

#: The LSTM gates in Keras' block order: (gate, its output, its activation).
_CELL_GATES = (
    ("i", "$i_t$", "$\\sigma$"),
    ("f", "$f_t$", "$\\sigma$"),
    ("c", "$\\tilde c_t$", "$\\tanh$"),
    ("o", "$o_t$", "$\\sigma$"),
)


def _pale(color: str, amount: float = 0.25) -> tuple[float, float, float]:
    """``color`` mixed with white: a light fill under black text."""
    r, g, b = to_rgb(color)
    return (1 - amount * (1 - r), 1 - amount * (1 - g), 1 - amount * (1 - b))


def plot_lstm_cell(input_dim: int, units: int) -> Figure:
    """One LSTM step: the four gates and the blocks of Keras' weights that each one uses.

    From the bottom: the kernel ``W`` multiplies ``x_t``, the recurrent kernel ``U``
    multiplies the previous hidden state, the bias ``b`` is added; each array is cut into
    the blocks of the gates ``i, f, c, o`` in Keras' order, each block labelled with its
    columns (``W_f`` is ``kernel[:, u:2u]``), and each column of blocks feeds the gate
    above it. At the top, the previous cell state becomes ``c_t = f_t ⊙ c_{t-1} + i_t ⊙
    c̃_t`` and ``h_t = o_t ⊙ tanh(c_t)`` leaves. The sizes are written as the shapes
    Keras reports.

    >>> fig = plot_lstm_cell(8, 10)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "$W_f$\\n[:, 10:20]" in texts, "recurrent_kernel (10, 40)" in texts
    (True, True)
    >>> plot_lstm_cell(8, 0)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: units must be a positive integer, got 0
    """
    input_dim = positive_int(input_dim, "input_dim")
    units = positive_int(units, "units")
    n_gates = len(_CELL_GATES)
    arrays = (
        ("W", "kernel", (input_dim, n_gates * units), X_COLOR, "$x_t$", input_dim),
        ("U", "recurrent_kernel", (units, n_gates * units), H_COLOR, "$h_{t-1}$", units),
        ("b", "bias", (n_gates * units,), "#999999", None, None),
    )

    def columns(k: int, one_d: bool) -> str:
        inner = f"{k * units}:{(k + 1) * units}"
        return f"[{inner}]" if one_d else f"[:, {inner}]"

    # Data units are inches: the axes fill the figure and the limits equal its size.
    widest = max(len(columns(k, False)) for k in range(n_gates))
    col = max(1.2, 0.108 * widest + 0.17)  # 13 pt monospace is 0.108 in a character
    # Room for the longest side label, e.g. (128,) under h_{t-1}: 16 pt is 0.135 in a digit.
    label = 0.135 * len(fmt_shape((max(input_dim, units),)))
    left, right = max(0.95, label + 0.45), max(0.75, label + 0.1)
    x_end = left + n_gates * col + 0.15  # where c_t and h_t leave
    width = x_end + right
    bar_h, bar_gap = 0.68, 0.36
    y_bar = [0.3 + k * (bar_h + bar_gap) for k in range(len(arrays))]
    box_w, box_h = 0.72, 0.5
    y_box = y_bar[-1] + bar_h + 0.42  # bottom of the gate boxes
    y_mul = y_box + box_h + 0.6  # i_t ⊙ c̃_t and o_t ⊙ tanh(c_t)
    y_tanh = y_mul + 0.6
    y_c = y_tanh + 0.6  # the cell-state line
    height = y_c + 0.45
    r = 0.13  # radius of the ⊙ and + nodes

    fig = _Figure(figsize=(width, height))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    cx = [left + (k + 0.5) * col for k in range(n_gates)]

    def state(x: float, y: float, symbol: str, size: int, color: str) -> None:
        """A vector's symbol with its shape under it, e.g. h_t over (10,)."""
        text = f"{symbol}\n{fmt_shape((size,))}"
        ax.text(x, y, text, ha="left", va="center", fontsize=16, color=color, linespacing=1.3)

    def node(x: float, y: float, *, plus: bool) -> None:
        ax.add_patch(
            Circle((x, y), r, facecolor="white", edgecolor=EDGE_COLOR, linewidth=1.3, zorder=5)
        )
        if plus:
            ax.text(x, y, "$+$", ha="center", va="center", fontsize=15, zorder=6)
        else:  # ⊙: element-by-element product
            ax.add_patch(Circle((x, y), 0.03, color=EDGE_COLOR, zorder=6))

    # The three weight arrays, cut into gate blocks, with what each one multiplies.
    for (symbol, name, shape, color, operand, operand_size), y0 in zip(arrays, y_bar, strict=True):
        for k, (gate, _, _) in enumerate(_CELL_GATES):
            ax.add_patch(
                Rectangle(
                    (left + k * col, y0),
                    col,
                    bar_h,
                    facecolor=_pale(color),
                    edgecolor=EDGE_COLOR,
                    linewidth=1.2,
                    zorder=3,
                )
            )
            ax.text(
                cx[k],
                y0 + bar_h / 2,
                f"${symbol}_{gate}$\n{columns(k, len(shape) == 1)}",
                ha="center",
                va="center",
                fontsize=13,
                family="monospace",
                linespacing=1.45,
                zorder=4,
            )
        ax.text(
            left,
            y0 - 0.05,
            f"{name} {fmt_shape(shape)}",
            ha="left",
            va="top",
            fontsize=12,
            family="monospace",
            color="#444444",
        )
        if operand is not None and operand_size is not None:
            state(0.08, y0 + bar_h / 2, operand, operand_size, color)
            _arrow(ax, (left - 0.3, y0 + bar_h / 2), (left, y0 + bar_h / 2), color)

    # The gates: each column of blocks feeds one activation.
    top = y_box + box_h
    for k, (_, output, activation) in enumerate(_CELL_GATES):
        _arrow(ax, (cx[k], y_bar[-1] + bar_h), (cx[k], y_box), EDGE_COLOR)
        ax.add_patch(
            FancyBboxPatch(
                (cx[k] - box_w / 2, y_box),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=BOX_COLOR,
                edgecolor=EDGE_COLOR,
                linewidth=1.3,
                zorder=3,
            )
        )
        ax.text(cx[k], y_box + box_h / 2, activation, ha="center", va="center", fontsize=17)
        ax.text(cx[k] + 0.07, top + 0.08, output, ha="left", va="bottom", fontsize=17, zorder=5)

    # i_t and c̃_t meet at a product below the + on the cell-state line; f_t crosses i_t.
    ci, cf, cc, co = cx
    gap = 0.08  # the line of i_t breaks where the line of f_t crosses it
    ax.plot([ci, ci, cf - gap], [top, y_mul, y_mul], color=EDGE_COLOR, linewidth=1.2, zorder=2)
    _arrow(ax, (cf + gap, y_mul), (cc - r, y_mul), EDGE_COLOR)
    _arrow(ax, (cc, top), (cc, y_mul - r), EDGE_COLOR)
    node(cc, y_mul, plus=False)
    _arrow(ax, (cc, y_mul + r), (cc, y_c - r), EDGE_COLOR)
    _arrow(ax, (cf, top), (cf, y_c - r), EDGE_COLOR)

    # The cell state: c_{t-1} ⊙ f_t, + i_t ⊙ c̃_t, out as c_t.
    state(0.08, y_c, "$c_{t-1}$", units, C_COLOR)
    _arrow(ax, (left - 0.3, y_c), (cf - r, y_c), C_COLOR)
    node(cf, y_c, plus=False)
    _arrow(ax, (cf + r, y_c), (cc - r, y_c), C_COLOR)
    node(cc, y_c, plus=True)
    _arrow(ax, (cc + r, y_c), (x_end, y_c), C_COLOR)
    state(x_end + 0.06, y_c, "$c_t$", units, C_COLOR)

    # h_t = o_t ⊙ tanh(c_t), out to the right.
    _arrow(ax, (co, y_c), (co, y_tanh + 0.17), C_COLOR)
    ax.add_patch(
        FancyBboxPatch(
            (co - 0.34, y_tanh - 0.17),
            0.68,
            0.34,
            boxstyle="round,pad=0,rounding_size=0.17",
            facecolor="white",
            edgecolor=EDGE_COLOR,
            linewidth=1.1,
            zorder=3,
        )
    )
    ax.text(co, y_tanh, "$\\tanh$", ha="center", va="center", fontsize=14, zorder=4)
    _arrow(ax, (co, y_tanh - 0.17), (co, y_mul + r), EDGE_COLOR)
    _arrow(ax, (co, top), (co, y_mul - r), EDGE_COLOR)
    node(co, y_mul, plus=False)
    _arrow(ax, (co + r, y_mul), (x_end, y_mul), H_COLOR)
    state(x_end + 0.06, y_mul, "$h_t$", units, H_COLOR)
    return fig


# ---------------------------------------------------------------------------------------
# Weights as heatmaps split into gate blocks
# ---------------------------------------------------------------------------------------

#: The index that numbers the rows of each weight (the bias has no row index).
_ROW_INDEX = {"W": "$k$", "U": "$j'$"}


def plot_weight_blocks(
    kernel: Any, recurrent_kernel: Any, bias: Any, *, cell: str = "LSTM"
) -> Figure:
    """The kernel, recurrent kernel and bias as heatmaps split into their gate blocks.

    Arguments are what ``layer.get_weights()`` returns; ``bias`` may be ``None``
    (``use_bias=False``) and is (2, 3·units) for a ``GRU`` with ``reset_after=True``.
    Each heatmap is cut by :func:`~lstm_explained.forward.gate_blocks` and each block is
    labelled with its symbol and shape, e.g. ``W_f (8, 10)``. One colour scale, centred
    on zero, serves all three.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> fig = plot_weight_blocks(rng.normal(size=(8, 40)), rng.normal(size=(10, 40)), np.zeros(40))
    >>> len(fig.axes)                                  # three heatmaps and the colour bar
    4
    >>> "$W_f$ (8, 10)" in [t.get_text() for t in fig.axes[0].texts]
    True
    >>> plot_weight_blocks(np.zeros((8, 30)), np.zeros((10, 40)), None)
    Traceback (most recent call last):
    ...
    lstm_explained.errors.SpecError: kernel shape (8, 30) does not match recurrent_kernel (10, 40): expected (input_dim, 40) for LSTM with 10 units
    """
    w, u, b, units = check_weights(kernel, recurrent_kernel, bias, cell, dtype=np.float64)
    weights = [("W", w), ("U", u)] + ([] if b is None else [("b", b)])
    gates = GATES[cell]
    rows = [a.shape[0] if a.ndim == 2 else 1 for _, a in weights]
    tallest = max(rows)
    ratios = [max(r, 0.18 * tallest) for r in rows]
    vmax = max(float(np.abs(a).max()) for _, a in weights) or 1.0

    fig = _Figure(figsize=(8.0, 1.2 + 0.9 * len(weights) + 0.08 * min(sum(rows), 40)))
    fig.set_layout_engine("constrained")
    grid = fig.add_gridspec(len(weights), 1, height_ratios=ratios)
    image = None
    for k, (symbol, a) in enumerate(weights):
        ax = fig.add_subplot(grid[k])
        shown = a if a.ndim == 2 else a[None, :]
        image = ax.imshow(
            shown, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto", interpolation="nearest"
        )
        blocks = gate_blocks(a, cell)
        edge = 0
        for g in gates:
            block = blocks[g]
            width = block.shape[-1]
            if edge:
                ax.axvline(edge - 0.5, color="black", linewidth=2.0)
            ax.text(
                edge - 0.5 + width / 2,
                -0.5,
                f"${symbol}_{g}$ {fmt_shape(block.shape)}",
                ha="center",
                va="bottom",
                fontsize=10,
                clip_on=False,
            )
            edge += width
        ax.set_ylabel(f"${symbol}$\n{fmt_shape(a.shape)}", rotation=0, ha="right", va="center")
        # Rows on the right: k indexes the features (rows of W), j' the units of h_{t-1}
        # (rows of U); a GRU's two bias rows are numbered without a letter.
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("left")
        if a.ndim == 2:
            ax.set_yticks(sorted({0, a.shape[0] - 1}))
            row_index = _ROW_INDEX.get(symbol)
            if row_index is not None:
                twin = ax.secondary_yaxis("right")
                twin.set_yticks([])
                twin.set_ylabel(row_index, rotation=0, ha="left", va="center", fontsize=12)
        else:
            ax.set_yticks([])
        ax.tick_params(labelsize=9, length=2)
        # Columns: j, the unit, counted from 0 inside each gate block; ticks on the last
        # heatmap only, since all three have the same columns.
        if k == len(weights) - 1:
            ticks = sorted({e + d for e in range(0, a.shape[-1], units) for d in (0, units - 1)})
            ax.set_xticks(ticks, [str(t % units) for t in ticks])
            ax.set_xlabel("$j$", fontsize=12)
        else:
            ax.set_xticks([])
    assert image is not None
    fig.colorbar(image, ax=fig.axes, shrink=0.8, aspect=25, pad=0.02)
    return fig


# ---------------------------------------------------------------------------------------
# A stacked model's data flow
# ---------------------------------------------------------------------------------------


def _layer_label(spec: Any) -> str:
    """``LSTM(64)``: the layer type and its first argument, keywords left out."""
    args = getattr(spec, "args", ())
    if not args:
        return str(getattr(spec, "type", spec))
    first = args[0]
    inner = _layer_label(first) if hasattr(first, "type") else repr(first)
    return f"{spec.type}({inner})"


def plot_stack(summary: ModelSummary) -> Figure:
    """The data flow of a (stacked) model, top to bottom, with the shape on every arrow.

    ``summary`` comes from :func:`~lstm_explained.shapes.summarize`. The input ``x``,
    one box per layer (``LSTM(64)``: type and first argument), the output ``y``; each
    arrow carries the shape of the tensor travelling along it and each box its number
    of parameters, with their sum ``Σ`` at the bottom.

    >>> from lstm_explained.shapes import summarize
    >>> fig = plot_stack(summarize("10,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]))
    >>> texts = [t.get_text().strip() for t in fig.axes[0].texts]
    >>> [t for t in texts if t.startswith("(")]
    ['(None, 10, 2)', '(None, 10, 64)', '(None, 32)']
    >>> "LSTM(64)" in texts, "17152" in texts
    (True, True)
    """
    layers = getattr(summary, "layers", None)
    if layers is None or not hasattr(summary, "input_shape"):
        raise SpecError(
            "plot_stack needs a ModelSummary from summarize(input_shape, layers), "
            f"got {type(summary).__name__}"
        )
    if not layers:
        raise SpecError("the model has no layers; give summarize() at least one layer")

    # Data units are inches: the axes fill the figure and the limits equal its size.
    labels = [_layer_label(layer.spec) for layer in layers]
    width = max(len(label) for label in labels)
    box_w = max(2.4, 0.1 * width + 0.6)  # 12 pt monospace is 0.1 in a character
    box_h, gap = 0.5, 0.75
    pitch = box_h + gap
    side = 2.0  # room right of the boxes for the parameter counts
    n = len(layers)
    x0, x1 = -box_w / 2 - 0.15, box_w / 2 + side
    y1, y0 = box_h / 2 + 0.1, -(n + 1) * pitch - box_h / 2 - 0.1
    fig = _Figure(figsize=(x1 - x0, y1 - y0))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)

    def box(y: float, text: str, *, math: bool = False) -> None:
        ax.add_patch(
            FancyBboxPatch(
                (-box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor="white" if math else BOX_COLOR,
                edgecolor=EDGE_COLOR,
                linewidth=1.2,
            )
        )
        family = "sans-serif" if math else "monospace"
        ax.text(0, y, text, ha="center", va="center", fontsize=12, family=family)

    def arrow(y: float, shapes: list[Any]) -> None:
        _arrow(ax, (0, y - box_h / 2), (0, y - pitch + box_h / 2), EDGE_COLOR)
        text = "\n".join(fmt_shape(s) for s in shapes)
        ax.text(0.1, y - pitch / 2, text, ha="left", va="center", fontsize=11)

    def count(y: float, text: str) -> None:
        ax.text(box_w / 2 + 0.2, y, text, ha="left", va="center", fontsize=11, color="#555555")

    y = 0.0
    box(y, "$x$", math=True)
    shapes_in = [summary.input_shape] + [layer.output_shapes[0] for layer in layers[:-1]]
    for layer, label, shape_in in zip(layers, labels, shapes_in, strict=True):
        arrow(y, [shape_in])
        y -= pitch
        box(y, label)
        count(y, f"{layer.params}")
    arrow(y, list(layers[-1].output_shapes))
    y -= pitch
    box(y, "$y$", math=True)
    count(y, f"$\\Sigma$ = {summary.total_params}")
    return fig


# ---------------------------------------------------------------------------------------
# Gates and states over time
# ---------------------------------------------------------------------------------------

_TRACE_PANELS = (
    ("i", "$i_t$", (0.0, 1.0)),
    ("f", "$f_t$", (0.0, 1.0)),
    ("c_tilde", "$\\tilde c_t$", (-1.0, 1.0)),
    ("o", "$o_t$", (0.0, 1.0)),
    ("c", "$c_t$", None),
    ("h", "$h_t$", (-1.0, 1.0)),
)


#: The colours of the units in the trace, repeated when there are more units.
_UNIT_COLORS = tuple(f"C{k}" for k in range(10))


def plot_lstm_trace(trace: Mapping[str, Any]) -> Figure:
    """The gates, the candidate and both states of an LSTM over time, one line per unit.

    ``trace`` is what :func:`~lstm_explained.forward.lstm_trace` returns: keys ``i``,
    ``f``, ``c_tilde``, ``o``, ``c``, ``h``, each (batch, timesteps, units). The first
    sample of the batch is drawn, one panel per key, with ``t`` counted from 1. Each
    unit keeps its colour in every panel, and a legend above the panels names it
    ``j = 0, 1, …`` as ``trace[key][0, :, j]`` indexes it (up to ten units; more would
    repeat the colours, so then there is no legend).

    >>> import numpy as np
    >>> from lstm_explained.forward import lstm_trace
    >>> rng = np.random.default_rng(0)
    >>> trace = lstm_trace(rng.normal(size=(1, 12, 2)), rng.normal(size=(2, 12)),
    ...                    rng.normal(size=(3, 12)), None)
    >>> fig = plot_lstm_trace(trace)
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['$i_t$', '$f_t$', '$\\\\tilde c_t$', '$o_t$', '$c_t$', '$h_t$']
    >>> len(fig.axes[0].lines)                         # one line per unit
    3
    """
    if not isinstance(trace, Mapping):
        raise SpecError(f"trace must be the dict lstm_trace() returns, got {type(trace).__name__}")
    keys = [k for k, _, _ in _TRACE_PANELS]
    missing = [k for k in keys if k not in trace]
    if missing:
        raise SpecError(
            f"trace is missing {', '.join(missing)}; it needs the keys {', '.join(keys)} "
            "as lstm_trace() returns them"
        )
    arrays = {k: np.asarray(trace[k], dtype=float) for k in keys}
    shape = arrays["h"].shape
    if len(shape) != 3 or 0 in shape:
        raise SpecError(
            f"trace arrays must be (batch, timesteps, units) and non-empty, got {shape}"
        )
    for k, a in arrays.items():
        if a.shape != shape:
            raise SpecError(
                f"trace[{k!r}] has shape {a.shape} but trace['h'] has {shape}; all must match"
            )
    timesteps, units = shape[1], shape[2]
    t = np.arange(1, timesteps + 1)
    fig = _Figure(figsize=(8.0, 4.6), layout="constrained")
    axes = fig.subplots(2, 3, sharex=True)
    colors = [_UNIT_COLORS[u % len(_UNIT_COLORS)] for u in range(units)]
    marker = "o" if timesteps <= 20 else None
    for ax, (key, label, limits) in zip(axes.flat, _TRACE_PANELS, strict=True):
        values = arrays[key][0]
        for u in range(units):
            ax.plot(t, values[:, u], color=colors[u], linewidth=1.3, marker=marker, markersize=3)
        ax.set_ylabel(label, fontsize=13, rotation=0, ha="right", va="center")
        if limits is not None and limits[0] <= values.min() and values.max() <= limits[1]:
            low, high = limits
            pad = 0.06 * (high - low)
            ax.set_ylim(low - pad, high + pad)
        ax.grid(True, linewidth=0.4, alpha=0.5)
    if units <= len(_UNIT_COLORS):
        # One entry per unit, j counted from 0 as in trace["h"][0, :, j]; with more units
        # than colours a colour would name several units, so there is no legend.
        fig.legend(
            handles=axes[0, 0].lines,
            labels=[f"$j = {u}$" for u in range(units)],
            loc="outside upper center",
            ncols=min(units, 5),
            fontsize=11,
            frameon=False,
        )
    for ax in axes[-1]:
        ax.set_xlabel("$t$", fontsize=12)
        _integer_ticks(ax)
    if timesteps == 1:
        axes[0, 0].set_xlim(0.5, 1.5)
    return fig


# ---------------------------------------------------------------------------------------
# Training: the loss after each epoch
# ---------------------------------------------------------------------------------------


def plot_loss_curve(history: Mapping[str, Sequence[float]]) -> Figure:
    """The loss after each epoch, as ``History.history`` from ``model.fit`` holds it.

    ``history`` maps ``"loss"`` (and optionally ``"val_loss"``) to one value per epoch;
    other keys (metrics) are ignored. The training loss is a solid line with circles, the
    validation loss a dashed line with squares; the legend shows the keys, which are code.
    Epochs are counted from 1 on the horizontal axis.

    >>> fig = plot_loss_curve({"loss": [1.0, 0.5, 0.25], "val_loss": [1.2, 0.6, 0.4]})
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['loss', 'val_loss']
    >>> fig.axes[0].lines[0].get_xdata().tolist()
    [1, 2, 3]
    """
    if not isinstance(history, Mapping):
        raise SpecError(
            f"history must be a dict such as History.history, got {type(history).__name__}"
        )
    if "loss" not in history:
        raise SpecError(
            f"history has no 'loss' key (it has {sorted(history) or 'none'}); pass "
            "model.fit(...).history"
        )
    curves: dict[str, np.ndarray] = {}
    for key in ("loss", "val_loss"):
        if key in history:
            values = np.asarray(history[key], dtype=float)
            if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
                raise SpecError(
                    f"history[{key!r}] must be a non-empty list of finite numbers, one per epoch"
                )
            curves[key] = values
    if len({v.size for v in curves.values()}) > 1:
        sizes = ", ".join(f"{k}: {v.size}" for k, v in curves.items())
        raise SpecError(f"loss and val_loss must have one value per epoch each, got {sizes}")
    epochs = np.arange(1, curves["loss"].size + 1)
    fig = _Figure(figsize=(6.0, 3.4), layout="constrained")
    ax = fig.add_subplot()
    styles = {"loss": (X_COLOR, "-", "o"), "val_loss": (H_COLOR, "--", "s")}
    marker_size = 4 if epochs.size <= 40 else 0
    for key, values in curves.items():
        color, linestyle, marker = styles[key]
        ax.plot(
            epochs,
            values,
            label=key,
            linewidth=1.6,
            markersize=marker_size,
            color=color,
            linestyle=linestyle,
            marker=marker,
        )
    ax.set_xlabel("$k$", fontsize=12)
    ax.set_ylabel("$L$", fontsize=12, rotation=0, ha="right", va="center")
    _integer_ticks(ax)
    ax.grid(True, linewidth=0.4, alpha=0.5)
    legend = ax.legend(frameon=False, prop={"family": "monospace"})
    legend.set_in_layout(True)
    if epochs.size == 1:
        ax.set_xlim(0.5, 1.5)
    return fig
