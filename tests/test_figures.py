"""The book's figures: what they show is computed from their inputs, and they hold no words.

Expected labels and counts are derived from the arguments (shapes, units, parameter
counts from the shape calculator, trace values from ``lstm_trace``); only the error
messages are stated by hand.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle
from matplotlib.text import Text

from lstm_explained import GATES, SUPPORTED_LAYERS, SpecError, gate_slice, lstm_trace, summarize
from lstm_explained.figures import (
    C_COLOR,
    H_COLOR,
    MAX_SQUARES,
    MAX_STEPS,
    X_COLOR,
    plot_loss_curve,
    plot_lstm_cell,
    plot_lstm_trace,
    plot_stack,
    plot_unrolled,
    plot_weight_blocks,
)

CELLS = tuple(GATES)
#: Code tokens a figure may show: layer types, Keras' None for an unknown axis, and the
#: names of an LSTM's weights as Keras spells them (the cell figure shows kernel[:, 0:10]).
CODE_TOKENS = frozenset(SUPPORTED_LAYERS) | {"None", "kernel", "recurrent_kernel", "bias"}


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def render(fig: Figure) -> bytes:
    """Draw the figure to PNG (this also fills in tick labels) and return the bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


def texts(fig: Figure) -> list[str]:
    """Render the figure to PNG, then return every non-empty text it drew.

    Rendering fills in the tick labels, so they are checked as well as labels and
    annotations.
    """
    assert render(fig).startswith(b"\x89PNG")
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def words(text: str) -> list[str]:
    """ASCII words of three or more letters, outside TeX commands and code tokens."""
    without_tex = re.sub(r"\\[A-Za-z]+", " ", text)
    tokens = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", without_tex)
    return [t for t in tokens if sum(ch.isalpha() for ch in t) >= 3 and t not in CODE_TOKENS]


def assert_no_words(shown: list[str]) -> None:
    found = sorted({w for t in shown for w in words(t)})
    assert not found, f"figure contains words: {found}"


def squares(fig: Figure, color: str) -> int:
    """How many vector squares of one colour a diagram draws."""
    from matplotlib.colors import to_rgba

    target = to_rgba(color)
    return sum(
        1
        for ax in fig.axes
        for p in ax.patches
        if type(p) is Rectangle and np.allclose(p.get_facecolor(), target)
    )


def drawn_squares(n: int) -> int:
    """Squares a vector of length n is drawn with: all, or the capped ones around ⋮."""
    return n if n <= MAX_SQUARES else MAX_SQUARES - 2


def drawn_steps(timesteps: int) -> int:
    return timesteps if timesteps <= MAX_STEPS else 4


def fmt(shape: tuple[Any, ...]) -> str:
    inner = ", ".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def weights(cell: str, input_dim: int, units: int, bias: str, seed: int = 0) -> tuple:
    """Random arrays in the shapes ``layer.get_weights()`` has for this cell."""
    n = len(GATES[cell])
    rng = np.random.default_rng(seed)
    kernel = rng.normal(size=(input_dim, n * units))
    recurrent = rng.normal(size=(units, n * units))
    b = {
        "none": None,
        "flat": rng.normal(size=(n * units,)),
        "two_rows": rng.normal(size=(2, n * units)),
    }[bias]
    return kernel, recurrent, b


# ---------------------------------------------------------------------------------------
# The language-neutrality detector itself
# ---------------------------------------------------------------------------------------


def test_word_detector_flags_words_and_passes_symbols() -> None:
    assert words("Kernel") == ["Kernel"]
    assert words("timestep 3") == ["timestep"]
    assert words("LSTM(64)") == []
    assert words("(None, 10, 64)") == []
    assert words(r"$\tilde c_t$") == []
    assert words(r"$x_t \in \mathbb{R}^{64}$") == []
    assert words("Bidirectional(LSTM(16))") == []
    fig = plot_unrolled(2, 2, 2)
    fig.axes[0].set_title("Unrolled")
    with pytest.raises(AssertionError, match="Unrolled"):
        assert_no_words(texts(fig))


# ---------------------------------------------------------------------------------------
# plot_unrolled
# ---------------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None)
@given(
    timesteps=st.integers(1, 14),
    input_dim=st.integers(1, 80),
    units=st.integers(1, 80),
    return_sequences=st.booleans(),
)
def test_unrolled_shows_lengths_steps_and_vectors(
    timesteps: int, input_dim: int, units: int, return_sequences: bool
) -> None:
    fig = plot_unrolled(timesteps, input_dim, units, return_sequences=return_sequences)
    shown = texts(fig)
    assert rf"$x_t \in \mathbb{{R}}^{{{input_dim}}}$" in shown
    assert rf"$h_t \in \mathbb{{R}}^{{{units}}}$" in shown
    assert rf"$c_t \in \mathbb{{R}}^{{{units}}}$" in shown
    steps = drawn_steps(timesteps)
    step_labels = [t for t in shown if t.startswith("$t = ")]
    assert len(step_labels) == steps
    assert step_labels[0] == "$t = 1$" and step_labels[-1] == f"$t = {timesteps}$"
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == steps  # one cell per drawn timestep, however many units
    assert (timesteps > MAX_STEPS) == any(r"\cdots" in t for t in shown)
    # vectors: x_t per step; h and c carried into every column (h_0, c_0 included, and
    # both sides of the ⋯ column); one output h_T, or one per step with return_sequences
    columns = steps + (timesteps > MAX_STEPS)
    outputs = steps if return_sequences else 1
    assert squares(fig, X_COLOR) == steps * drawn_squares(input_dim)
    assert squares(fig, C_COLOR) == columns * drawn_squares(units)
    assert squares(fig, H_COLOR) == (columns + outputs) * drawn_squares(units)
    long_vectors = (input_dim > MAX_SQUARES) or (units > MAX_SQUARES)
    assert long_vectors == any(r"\vdots" in t for t in shown)
    assert f"$h_{{{timesteps}}}$" in shown
    assert_no_words(shown)


def test_unrolled_draws_each_unit_as_a_square() -> None:
    """LSTM(5) on 3 features over 4 steps: the picture of the units-vs-timesteps page."""
    fig = plot_unrolled(4, 3, 5)
    assert squares(fig, X_COLOR) == 4 * 3
    assert squares(fig, C_COLOR) == 4 * 5  # c_0 … c_3 carried into the next cell
    assert squares(fig, H_COLOR) == 5 * 5  # h_0 … h_3 carried, and the output h_4
    shown = texts(fig)
    assert "$h_{4}$" in shown and "$x_{4}$" in shown and "$x_{5}$" not in shown


def test_unrolled_is_deterministic() -> None:
    assert render(plot_unrolled(10, 64, 32)) == render(plot_unrolled(10, 64, 32))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 2, 4), "timesteps must be a positive integer, got 0"),
        ((3, -1, 4), "input_dim must be a positive integer, got -1"),
        ((3, 2, 0), "units must be a positive integer, got 0"),
        ((3, 2, 2.5), "units must be a positive integer, got 2.5"),
        ((True, 2, 4), "timesteps must be a positive integer, got True"),
    ],
)
def test_unrolled_rejects_bad_sizes(args: tuple, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        plot_unrolled(*args)


# ---------------------------------------------------------------------------------------
# plot_lstm_cell
# ---------------------------------------------------------------------------------------

LSTM_GATES = GATES["LSTM"]
#: What each gate box computes and the symbol of its output, in Keras' block order.
GATE_BOXES = {"i": ("$\\sigma$", "$i_t$"), "f": ("$\\sigma$", "$f_t$"),
              "c": ("$\\tanh$", "$\\tilde c_t$"), "o": ("$\\sigma$", "$o_t$")}  # fmt: skip
BLOCK = re.compile(
    r"^\$(?P<symbol>[WUb])_(?P<gate>[ifco])\$\n\[(?P<axis>:, )?(?P<a>\d+):(?P<b>\d+)\]$"
)


def cell_blocks(fig: Figure) -> dict[tuple[str, str], slice]:
    """The blocks the cell figure labels, as {(symbol, gate): the columns it names}."""
    found = {}
    for text in texts(fig):
        match = BLOCK.match(text)
        if match:
            one_d = match["axis"] is None
            assert one_d == (match["symbol"] == "b"), text  # W and U are 2-D, b is 1-D
            key = (match["symbol"], match["gate"])
            assert key not in found, f"{key} labelled twice"
            found[key] = slice(int(match["a"]), int(match["b"]))
    return found


def overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap: labels printed over each other."""
    drawn = [t for t in fig.axes[0].texts if t.get_text().strip()]
    boxes = [t.get_window_extent() for t in drawn]
    return [
        (drawn[a].get_text(), drawn[b].get_text())
        for a in range(len(drawn))
        for b in range(a + 1, len(drawn))
        if boxes[a].overlaps(boxes[b])
    ]


@settings(max_examples=12, deadline=None)
@given(input_dim=st.integers(1, 2000), units=st.integers(1, 2000))
def test_cell_shows_every_gate_block_with_its_columns(input_dim: int, units: int) -> None:
    fig = plot_lstm_cell(input_dim, units)
    shown = texts(fig)
    # twelve blocks: W, U and b of each gate, each naming its columns in Keras' order
    blocks = cell_blocks(fig)
    assert set(blocks) == {(s, g) for s in "WUb" for g in LSTM_GATES}
    for (_, gate), columns in blocks.items():
        assert columns == gate_slice(units, gate)
    patches = fig.axes[0].patches
    assert sum(type(p) is Rectangle for p in patches) == 12
    four = len(LSTM_GATES) * units
    for label in (f"kernel ({input_dim}, {four})", f"recurrent_kernel ({units}, {four})",
                  f"bias ({four},)"):  # fmt: skip
        assert label in shown
    # four gate boxes, in block order, with their activations and outputs
    boxes = [p for p in patches if isinstance(p, FancyBboxPatch) and p.get_facecolor()[0] < 1]
    assert len(boxes) == len(LSTM_GATES)
    centres = [box.get_x() + box.get_width() / 2 for box in boxes]
    assert centres == sorted(centres)
    for box, centre, gate in zip(boxes, centres, LSTM_GATES, strict=True):
        middle = (centre, box.get_y() + box.get_height() / 2)
        inside = [t.get_text() for t in fig.axes[0].texts if np.allclose(t.get_position(), middle)]
        activation, output = GATE_BOXES[gate]
        assert inside == [activation]
        assert output in shown
    # the states in and out, with their shapes; three products and one sum
    for label, size in (("x_t", input_dim), ("h_{t-1}", units), ("c_{t-1}", units),
                        ("c_t", units), ("h_t", units)):  # fmt: skip
        assert f"${label}$\n({size},)" in shown
    circles = [p for p in patches if type(p) is Circle and p.get_radius() > 0.1]
    assert len(circles) == 4 and shown.count("$+$") == 1
    assert not overlapping_texts(fig)
    assert_no_words(shown)


def test_cell_blocks_line_up_with_their_gates() -> None:
    """Each gate box stands above the column of its three blocks."""
    fig = plot_lstm_cell(8, 10)
    patches = fig.axes[0].patches
    boxes = [p for p in patches if isinstance(p, FancyBboxPatch) and p.get_facecolor()[0] < 1]
    blocks = [p for p in patches if type(p) is Rectangle]
    block_centres = sorted({round(b.get_x() + b.get_width() / 2, 6) for b in blocks})
    box_centres = [round(b.get_x() + b.get_width() / 2, 6) for b in boxes]
    assert box_centres == block_centres
    assert min(b.get_y() for b in boxes) > max(b.get_y() + b.get_height() for b in blocks)


def test_cell_is_deterministic() -> None:
    assert render(plot_lstm_cell(8, 10)) == render(plot_lstm_cell(8, 10))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 4), "input_dim must be a positive integer, got 0"),
        ((3, -2), "units must be a positive integer, got -2"),
        ((3, 2.0), "units must be a positive integer, got 2.0"),
        ((False, 2), "input_dim must be a positive integer, got False"),
    ],
)
def test_cell_rejects_bad_sizes(args: tuple, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        plot_lstm_cell(*args)


@pytest.mark.keras
@settings(max_examples=4, deadline=None)
@given(
    input_dim=st.integers(1, 6),
    units=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_cell_blocks_compute_what_keras_computes(input_dim: int, units: int, seed: int) -> None:
    """Two LSTM steps computed with the columns the figure names give Keras' output.

    The blocks are cut from a real layer's weights exactly as the figure labels them, and
    the figure's wiring (c_t = f_t c_{t-1} + i_t c̃_t, h_t = o_t tanh c_t) is followed.
    """
    bridge = pytest.importorskip("lstm_explained.keras_bridge")
    model = bridge.build_model((2, input_dim), [f"LSTM({units})"], seed=0)
    layer = model.layers[0]
    rng = np.random.default_rng(seed)
    layer.set_weights([rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()])
    kernel, recurrent_kernel, bias = layer.get_weights()
    arrays = {"W": kernel, "U": recurrent_kernel, "b": bias}
    blocks = {
        (symbol, gate): arrays[symbol][..., columns]
        for (symbol, gate), columns in cell_blocks(plot_lstm_cell(input_dim, units)).items()
    }
    x = rng.normal(size=(3, 2, input_dim)).astype("float32")
    h = c = np.zeros((3, units))
    for t in range(2):
        pre = {g: x[:, t] @ blocks["W", g] + h @ blocks["U", g] + blocks["b", g] for g in "ifco"}
        i, f, o = (1 / (1 + np.exp(-pre[g])) for g in "ifo")
        c = f * c + i * np.tanh(pre["c"])
        h = o * np.tanh(c)
    assert np.allclose(h, model.predict(x, verbose=0), atol=1e-5)


# ---------------------------------------------------------------------------------------
# plot_weight_blocks
# ---------------------------------------------------------------------------------------


def bias_kinds(cell: str) -> list[str]:
    return ["none", "flat", "two_rows"] if cell == "GRU" else ["none", "flat"]


@settings(max_examples=12, deadline=None)
@given(
    data=st.data(),
    cell=st.sampled_from(CELLS),
    input_dim=st.integers(1, 20),
    units=st.integers(1, 20),
)
def test_weight_blocks_label_every_gate_with_its_shape(
    data: st.DataObject, cell: str, input_dim: int, units: int
) -> None:
    bias_kind = data.draw(st.sampled_from(bias_kinds(cell)))
    kernel, recurrent, bias = weights(cell, input_dim, units, bias_kind)
    fig = plot_weight_blocks(kernel, recurrent, bias, cell=cell)
    gates = GATES[cell]
    expected = [("W", kernel), ("U", recurrent)] + ([] if bias is None else [("b", bias)])
    heatmaps = [ax for ax in fig.axes if ax.images]
    assert len(heatmaps) == len(expected)
    for ax, (symbol, weight) in zip(heatmaps, expected, strict=True):
        labels = [t.get_text() for t in ax.texts]
        block_shape = (*weight.shape[:-1], units)
        assert labels == [f"${symbol}_{g}$ {fmt(block_shape)}" for g in gates]
        assert f"${symbol}$\n{fmt(weight.shape)}" == ax.get_ylabel()
        separators = [line.get_xdata()[0] for line in ax.lines]
        assert separators == [k * units - 0.5 for k in range(1, len(gates))]
        image = ax.images[0].get_array()
        assert np.allclose(image, weight if weight.ndim == 2 else weight[None])
        # rows numbered on the right, first and last: k for W, j' for U, none for b
        rows = weight.shape[0] if weight.ndim == 2 else 0
        assert list(ax.get_yticks()) == (sorted({0, rows - 1}) if rows else [])
        row_labels = [child.get_ylabel() for child in ax.child_axes]
        assert row_labels == ({"W": ["$k$"], "U": ["$j'$"]}.get(symbol, []) if rows else [])
    # columns: j counted from 0 inside each block, on the bottom heatmap only
    bottom = heatmaps[-1]
    assert bottom.get_xlabel() == "$j$"
    assert all(not ax.get_xticks().size and not ax.get_xlabel() for ax in heatmaps[:-1])
    ticks = [int(t) for t in bottom.get_xticks()]
    assert ticks == sorted({k * units + d for k in range(len(gates)) for d in (0, units - 1)})
    assert [t.get_text() for t in bottom.get_xticklabels()] == [str(t % units) for t in ticks]
    assert_no_words(texts(fig))


def test_weight_blocks_of_the_weight_shapes_question() -> None:
    """LSTM(10) on (8, 8): kernel (8, 40), recurrent kernel (10, 40), bias (40,)."""
    kernel, recurrent, bias = weights("LSTM", 8, 10, "flat")
    shown = texts(plot_weight_blocks(kernel, recurrent, bias))
    for g in GATES["LSTM"]:
        assert f"$W_{g}$ (8, 10)" in shown
        assert f"$U_{g}$ (10, 10)" in shown
        assert f"$b_{g}$ (10,)" in shown


@pytest.mark.parametrize(
    ("kernel", "recurrent", "bias", "cell", "message"),
    [
        ((8, 30), (10, 40), None, "LSTM", "kernel shape (8, 30) does not match recurrent_kernel"),
        ((8, 40), (10, 30), None, "LSTM", "recurrent_kernel must be (units, 4 * units) for LSTM"),
        ((8, 40), (10, 40), (30,), "LSTM", "bias shape (30,) is wrong for LSTM with 10 units"),
        ((8, 40), (10, 40), (2, 40), "LSTM", "expected (40,), or None for use_bias=False"),
        ((8, 9), (3, 9), (3, 9), "GRU", "expected (9,) or (2, 9), or None"),
        ((8,), (3, 9), None, "GRU", "kernel must be 2-D, got shape (8,)"),
        ((8, 4), (4, 4), None, "Conv1D", "unknown cell 'Conv1D'; use one of: LSTM, GRU, SimpleRNN"),
    ],
)
def test_weight_blocks_reject_mismatched_weights(
    kernel: tuple, recurrent: tuple, bias: tuple | None, cell: str, message: str
) -> None:
    b = None if bias is None else np.zeros(bias)
    with pytest.raises(SpecError, match=re.escape(message)):
        plot_weight_blocks(np.zeros(kernel), np.zeros(recurrent), b, cell=cell)


@pytest.mark.keras
def test_weight_blocks_of_a_real_keras_layer() -> None:
    bridge = pytest.importorskip("lstm_explained.keras_bridge")
    model = bridge.build_model((8, 8), ["LSTM(10)"], seed=0)
    kernel, recurrent, bias = model.layers[0].get_weights()
    fig = plot_weight_blocks(kernel, recurrent, bias)
    heatmaps = [ax for ax in fig.axes if ax.images]
    for ax, weight in zip(heatmaps, (kernel, recurrent, bias), strict=True):
        assert ax.get_ylabel().endswith(fmt(weight.shape))
    # The forget-gate block is the second quarter of the kernel, as Keras stores it.
    image = heatmaps[0].images[0].get_array()
    assert np.allclose(image[:, 10:20], kernel[:, 10:20])
    assert "$W_f$ (8, 10)" in [t.get_text() for t in heatmaps[0].texts]


# ---------------------------------------------------------------------------------------
# plot_stack
# ---------------------------------------------------------------------------------------

MODELS = [
    ("10,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]),
    ("13,64", ["LSTM(32)", "Dense(2)"]),
    ("None,8", ["Bidirectional(LSTM(16, return_sequences=True))", "TimeDistributed(Dense(3))"]),
    ("5,3", ["GRU(4, return_sequences=True)", "SimpleRNN(6)", "Dense(1)"]),
    ("20,1", ["LSTM(8, return_state=True)"]),
]


@pytest.mark.parametrize(("input_shape", "layers"), MODELS)
def test_stack_shows_every_shape_and_count(input_shape: str, layers: list[str]) -> None:
    summary = summarize(input_shape, layers)
    fig = plot_stack(summary)
    shown = [t.strip() for t in texts(fig)]
    arrows = [summary.input_shape] + [layer.output_shapes[0] for layer in summary.layers[:-1]]
    for shape in arrows:
        assert fmt(shape) in shown
    assert "\n".join(fmt(s) for s in summary.layers[-1].output_shapes) in shown
    for layer in summary.layers:
        assert str(layer.params) in shown
        assert any(t.startswith(f"{layer.type}(") for t in shown)
    assert f"$\\Sigma$ = {summary.total_params}" in shown
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == len(summary.layers) + 2  # x, the layers, y
    assert_no_words(shown)


def test_stack_labels_layers_by_type_and_units() -> None:
    fig = plot_stack(summarize("10,2", ["LSTM(64, return_sequences=True)", "LSTM(32)"]))
    shown = [t.strip() for t in texts(fig)]
    assert "LSTM(64)" in shown and "LSTM(32)" in shown
    assert not any("return_sequences" in t for t in shown)


@pytest.mark.parametrize("bad", [{"layers": []}, "LSTM(4)", None])
def test_stack_rejects_anything_but_a_summary(bad: Any) -> None:
    with pytest.raises(SpecError, match="plot_stack needs a ModelSummary from summarize"):
        plot_stack(bad)


# ---------------------------------------------------------------------------------------
# plot_lstm_trace
# ---------------------------------------------------------------------------------------

TRACE_LABELS = {
    "i": "$i_t$",
    "f": "$f_t$",
    "c_tilde": "$\\tilde c_t$",
    "o": "$o_t$",
    "c": "$c_t$",
    "h": "$h_t$",
}


def random_trace(batch: int, timesteps: int, features: int, units: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, timesteps, features))
    kernel = rng.normal(size=(features, 4 * units))
    recurrent = rng.normal(size=(units, 4 * units))
    return lstm_trace(x, kernel, recurrent, rng.normal(size=4 * units))


@settings(max_examples=6, deadline=None)
@given(
    batch=st.integers(1, 3),
    timesteps=st.integers(1, 30),
    features=st.integers(1, 4),
    units=st.integers(1, 14),
    seed=st.integers(0, 2**16),
)
def test_trace_draws_the_first_sample_one_line_per_unit(
    batch: int, timesteps: int, features: int, units: int, seed: int
) -> None:
    trace = random_trace(batch, timesteps, features, units, seed)
    fig = plot_lstm_trace(trace)
    assert [ax.get_ylabel() for ax in fig.axes] == list(TRACE_LABELS.values())
    for ax, key in zip(fig.axes, TRACE_LABELS, strict=True):
        assert len(ax.lines) == units
        for u, line in enumerate(ax.lines):
            assert np.array_equal(line.get_xdata(), np.arange(1, timesteps + 1))
            assert np.allclose(line.get_ydata(), trace[key][0, :, u])
    assert [ax.get_xlabel() for ax in fig.axes[3:]] == ["$t$"] * 3
    # the legend names unit j by its colour, as trace[key][0, :, j] indexes it
    if units <= 10:
        (legend,) = fig.legends
        assert [t.get_text() for t in legend.get_texts()] == [f"$j = {u}$" for u in range(units)]
        for u, handle in enumerate(legend.legend_handles):
            assert handle.get_color() == fig.axes[0].lines[u].get_color()
    else:
        assert not fig.legends
    assert_no_words(texts(fig))


def test_trace_legend_is_left_out_when_colours_repeat() -> None:
    """Eleven units need an eleventh colour; the cycle has ten, so no legend could be right."""
    fig = plot_lstm_trace(random_trace(1, 4, 2, 11, 0))
    lines = fig.axes[0].lines
    assert lines[10].get_color() == lines[0].get_color()
    assert not fig.legends
    assert len(plot_lstm_trace(random_trace(1, 4, 2, 10, 0)).legends) == 1


def test_trace_rejects_incomplete_or_mismatched_traces() -> None:
    trace = random_trace(1, 5, 2, 3, 0)
    incomplete = {k: v for k, v in trace.items() if k not in ("c_tilde", "o")}
    with pytest.raises(SpecError, match="trace is missing c_tilde, o; it needs the keys"):
        plot_lstm_trace(incomplete)
    mismatched = {**trace, "f": trace["f"][:, :4]}
    with pytest.raises(SpecError, match=re.escape("trace['f'] has shape (1, 4, 3)")):
        plot_lstm_trace(mismatched)
    flat = {k: v[0] for k, v in trace.items()}
    with pytest.raises(SpecError, match=re.escape("(batch, timesteps, units)")):
        plot_lstm_trace(flat)
    with pytest.raises(SpecError, match="trace must be the dict lstm_trace"):
        plot_lstm_trace([1, 2, 3])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# plot_loss_curve
# ---------------------------------------------------------------------------------------


def test_loss_curve_draws_what_keras_fit_recorded() -> None:
    keras = pytest.importorskip("keras")
    from lstm_explained.keras_bridge import build_model

    model = build_model((4, 2), ["LSTM(3)", "Dense(1)"], seed=0)
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 4, 2)), rng.normal(size=(16, 1))
    history = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0).history
    assert isinstance(history, dict) and keras is not None
    fig = plot_loss_curve(history)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["loss", "val_loss"]
    for line in ax.lines:
        assert line.get_xdata().tolist() == [1, 2, 3]
        assert np.allclose(line.get_ydata(), history[line.get_label()])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["loss", "val_loss"]  # the keys of History.history: code, not words
    assert_no_words([t for t in texts(fig) if t not in legend])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=60))
def test_loss_curve_one_point_per_epoch_without_validation(loss: list[float]) -> None:
    fig = plot_loss_curve({"loss": loss})
    (line,) = fig.axes[0].lines
    assert line.get_xdata().tolist() == list(range(1, len(loss) + 1))
    assert np.allclose(line.get_ydata(), loss)
    assert_no_words([t for t in texts(fig) if t != "loss"])


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ([0.5, 0.4], "history must be a dict such as History.history, got list"),
        ({"mae": [0.5]}, r"history has no 'loss' key \(it has \['mae'\]\)"),
        ({"loss": []}, r"history\['loss'\] must be a non-empty list of finite numbers"),
        ({"loss": [1.0, float("nan")]}, r"history\['loss'\] must be a non-empty list"),
        ({"loss": [1.0, 0.5], "val_loss": [1.0]}, "loss: 2, val_loss: 1"),
    ],
)
def test_loss_curve_rejects_what_fit_never_returns(history: Any, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        plot_loss_curve(history)
