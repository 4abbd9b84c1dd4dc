"""The calculator never says yes where Keras says no (issue 15).

A grammar writes layer strings the way a learner types them: the real layer names and
keywords (read from Keras' own signatures), a mix of valid and invalid values, positional
and keyword arguments, typos in names, keywords and values, single layers, wrappers and
small stacks. Each is given to the calculator and, independently, to real Keras 3 through
the bridge's ``build_layer``. Whenever the calculator answers, Keras must build the same
model: the same layer names, output shapes, weight names and shapes and parameter counts.
Whenever the calculator refuses, its message is one line, and the CLI exits 2 with it.

How many examples: the defect this was written for showed up in about 1 in 80 random
models. With n independent examples a defect of that rate is missed with probability
(79/80)**n: n = 600 gives 5e-4, and CI runs n = 1000, which gives 3e-6 and still misses a
1-in-300 defect only 4 % of the time (fresh runs of this grammar found four such rarer
defects: LSTM(bias_initializer=None), input_dim= with input_shape=, units=2**63, and the
abstract 'Regularizer' inside Bidirectional). ``derandomize=True`` makes the run the same on
every CI run (no example database); the grammar draws every layer, keyword and value class
on each example, so a fixed seed still covers the whole space. For a longer local hunt,
``LSTM_EXPLAINED_GRAMMAR_EXAMPLES=5000 LSTM_EXPLAINED_GRAMMAR_RANDOM=1`` runs more and fresh
examples.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from keras_models import keras_builds

keras = pytest.importorskip("keras")

from keras.src import activations, constraints, initializers, regularizers  # noqa: E402

from lstm_explained import SpecError, summarize  # noqa: E402
from lstm_explained import arguments as arg  # noqa: E402
from lstm_explained import keras_bridge as kb  # noqa: E402
from lstm_explained.cli import main  # noqa: E402
from lstm_explained.signatures import EXTRA_KWARGS, SIGNATURES  # noqa: E402
from lstm_explained.specs import SUPPORTED_LAYERS, LayerSpec  # noqa: E402

pytestmark = pytest.mark.keras

EXAMPLES = int(os.environ.get("LSTM_EXPLAINED_GRAMMAR_EXAMPLES", "1000"))
# CI runs the same examples every time; set LSTM_EXPLAINED_GRAMMAR_RANDOM=1 for fresh ones.
DERANDOMIZE = not os.environ.get("LSTM_EXPLAINED_GRAMMAR_RANDOM")
RNN = ("LSTM", "GRU", "SimpleRNN")


# ---------------------------------------------------------------------------------------
# The calculator's lists and signatures are Keras' own
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "module"),
    [
        (arg.ACTIVATIONS, activations),
        (arg.INITIALIZERS, initializers),
        (arg.REGULARIZERS, regularizers),
        (arg.CONSTRAINTS, constraints),
    ],
    ids=["activations", "initializers", "regularizers", "constraints"],
)
def test_names_are_the_ones_keras_knows(ours: tuple[str, ...], module: Any) -> None:
    assert sorted(ours) == sorted(module.ALL_OBJECTS_DICT)


@pytest.mark.parametrize("name", sorted(arg.REFUSED_INITIALIZERS))
def test_refused_initializers_fail_in_keras(name: str) -> None:
    assert isinstance(keras_builds((4, 3), [f"Dense(2, kernel_initializer={name!r})"]), Exception)
    with pytest.raises(SpecError, match=f"kernel_initializer={name!r}"):
        summarize((4, 3), [f"Dense(2, kernel_initializer={name!r})"])


@pytest.mark.parametrize("name", sorted(arg.REFUSED_REGULARIZERS))
def test_refused_regularizers_fail_in_keras(name: str) -> None:
    layer = f"Bidirectional(LSTM(2, kernel_regularizer={name!r}))"
    assert isinstance(keras_builds((4, 3), [layer]), Exception)
    with pytest.raises(SpecError, match=f"kernel_regularizer={name!r}"):
        summarize((4, 3), [layer])


@pytest.mark.parametrize("layer", SUPPORTED_LAYERS)
def test_positional_arguments_bind_as_in_keras(layer: str) -> None:
    params = inspect.signature(getattr(keras.layers, layer).__init__).parameters.values()
    positional = [p.name for p in params if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD]
    assert list(SIGNATURES[layer]) == positional


def test_dtypes_are_dtype_policies_keras_knows() -> None:
    for dtype in arg.DTYPES:
        assert keras.dtype_policies.get(dtype).name == dtype


# ---------------------------------------------------------------------------------------
# The grammar
# ---------------------------------------------------------------------------------------


def _keras_params(layer: str) -> list[str]:
    params = inspect.signature(getattr(keras.layers, layer).__init__).parameters.values()
    return [p.name for p in params if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD]


BASE_KEYWORDS = ["name", "dtype", "trainable", "autocast", "input_shape", "input_dim"]
KEYWORDS = {
    layer: _keras_params(layer) + BASE_KEYWORDS + list(EXTRA_KWARGS.get(layer, ()))
    for layer in SUPPORTED_LAYERS
}
INITIALIZER_NAMES = sorted(initializers.ALL_OBJECTS_DICT)
USABLE_INITIALIZERS = [
    "glorot_uniform", "GlorotNormal", "he_normal", "HeUniform", "lecun_normal", "ones", "one",
    "Zeros", "zero", "random_normal", "RandomUniform", "normal", "uniform", "truncated_normal",
    "variance_scaling", "VarianceScaling",
]  # fmt: skip
ACTIVATION_NAMES = sorted(activations.ALL_OBJECTS_DICT)

BAD = st.sampled_from(
    [0, -2, 1, 3, 16, 2.5, 0.5, 1.5, -0.1, True, False, None, "", "causal", "concat", "sum",
     "valid", "same", "relu", "rleu", "tanhh", "Relu", "yes", "l2", "ones", "glorot", (),
     (3,), (2, 2), [1], [None, 1], (0,), "auto", "channels_first", "input_layer", "a/b",
     "float16", "int32", 2**63, -(2**63) - 1]
)  # fmt: skip


def _good(key: str, layer: str) -> st.SearchStrategy[Any]:
    """Values a careful user writes for ``key``: all of them valid on their own."""
    count = st.integers(1, 6)
    if key in ("units", "filters", "n", "output_dim") or (
        key == "input_dim" and layer == "Embedding"
    ):
        return count
    if key in ("kernel_size", "pool_size", "strides", "dilation_rate"):
        return st.one_of(st.integers(1, 3), st.sampled_from([(2,), [1]]))
    if key == "groups":
        return st.just(1)
    if key.endswith("activation"):
        return st.one_of(st.none(), st.sampled_from(ACTIVATION_NAMES))
    if key.endswith("initializer"):
        return st.one_of(st.none(), st.sampled_from(USABLE_INITIALIZERS))
    if key.endswith("regularizer"):
        return st.one_of(st.none(), st.sampled_from(sorted(regularizers.ALL_OBJECTS_DICT)))
    if key.endswith("constraint"):
        return st.one_of(st.none(), st.sampled_from(sorted(constraints.ALL_OBJECTS_DICT)))
    if key in ("dropout", "recurrent_dropout", "rate"):
        return st.sampled_from([0, 0.0, 0.25, 0.5, 1, 1.0])
    if key == "seed":
        return st.sampled_from([None, 0, 7, -3, 2**63 - 1])
    if key == "noise_shape":
        return st.just(None)
    if key == "padding":
        return st.sampled_from(
            ["valid", "same"] + (["causal", "SAME"] if layer == "Conv1D" else [])
        )
    if key == "data_format":
        return st.sampled_from([None, "channels_last"])
    if key == "merge_mode":
        return st.sampled_from(["concat", "sum", "mul", "ave"])
    if key == "name":
        return st.sampled_from(["enc", "dec", "lstm", "dense", "my_layer"])
    if key == "dtype":
        return st.sampled_from([None, "float32", "float16", "mixed_float16", "float64"])
    if key == "use_cudnn":
        return st.sampled_from(["auto", True, False])
    if key == "implementation":
        return st.sampled_from([1, 2])
    if key == "input_shape":
        return st.sampled_from([(5, 2), [3, 4], (None, 2)])
    if key == "input_dim":
        return st.sampled_from([2, 3])
    if key in ("weights", "backward_layer", "lora_rank", "lora_alpha", "quantization_config"):
        return st.none()
    if key in ("return_state", "stateful"):
        return st.sampled_from([False, False, True])
    return st.booleans()  # the flags


#: Near misses per argument: values that look right and that Keras (or we) may refuse.
RISKY: dict[str, list[Any]] = {
    "initializer": sorted(set(INITIALIZER_NAMES) - set(USABLE_INITIALIZERS)),
    "noise_shape": [(None, 1, 2), (1, 1, 1), [None, None], (1,), (None, 5, 1), (7,), "concat"],
    "padding": ["causal", "Same", "VALID", "full"],
    "data_format": ["channels_first", "CHANNELS_LAST"],
    "merge_mode": [None, "avg", "Concat", "concatenate"],
    "name": ["input_layer", "a/b", "", "lstm_1", "dense"],
    "dtype": ["int32", "float", "mixed_float32"],
    "groups": [2, 3, 0],
    "implementation": [0, 3, True],
    "input_shape": [5, (5, 0), "5,2", (None,)],
    "weights": [[1.0, 2.0]],
    "lora_rank": [2],
    "seed": [True, 2**63, "42", 1.5],
    "use_cudnn": [1, "true", None],
    "dropout": [-2, 1.5, "0.2", True],
    "recurrent_dropout": [-0.1, 2, "sum", None],
    "rate": [-0.5, 1.5, True, None],
}


def _risky(key: str) -> list[Any] | None:
    if key.endswith("initializer"):
        return RISKY["initializer"]
    return RISKY.get(key)


@st.composite
def typo(draw: Any, word: str) -> str:
    if not word:
        return "x"
    i = draw(st.integers(0, len(word) - 1))
    kind = draw(st.sampled_from(["drop", "double", "swap", "case"]))
    if kind == "drop":
        return word[:i] + word[i + 1 :] or "x"
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word.swapcase()


@st.composite
def value_for(draw: Any, key: str, layer: str, noise: int) -> Any:
    """A plausible value for ``key``; with probability ``noise``/100 a wrong one or a typo."""
    good = draw(_good(key, layer))
    roll = draw(st.integers(0, 99))
    if roll >= noise:
        return good
    risky = _risky(key)
    if risky and roll < noise // 2:
        return draw(st.sampled_from(risky))
    if roll < 3 * noise // 4 and isinstance(good, str):
        return draw(typo(good))
    return draw(BAD)


@st.composite
def layer_spec(draw: Any, noise: int, depth: int = 0, kind: str | None = None) -> LayerSpec:
    wrappers = ("Bidirectional", "TimeDistributed")
    choices = [t for t in SUPPORTED_LAYERS if depth < 2 or t not in wrappers]
    layer = kind or draw(st.sampled_from(choices))
    params = _keras_params(layer)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if layer in wrappers:
        inner_kind = draw(st.sampled_from([*RNN, *RNN, None])) if layer == "Bidirectional" else None
        inner = draw(layer_spec(noise, depth + 1, inner_kind))
        if draw(st.integers(0, 9)) or layer == "Bidirectional":
            args.append(inner)
        else:
            kwargs["layer"] = inner
        rest = params[1:]
    else:
        n_positional = draw(st.integers(0, min(3, len(params))))
        for key in params[:n_positional]:
            args.append(draw(value_for(key, layer, noise)))
        rest = params[n_positional:]
    keywords = [k for k in KEYWORDS[layer] if k not in params[: len(args)] and k != "layer"]
    required = [
        k
        for k in ("units", "filters", "kernel_size", "n", "rate", "input_dim", "output_dim")
        if k in rest and k in params
    ]
    for key in required:  # usually given, else nearly every model would miss it
        if draw(st.integers(0, 9)):
            kwargs[key] = draw(value_for(key, layer, noise))
    for key in draw(st.lists(st.sampled_from(keywords), max_size=3, unique=True)):
        if key in ("input_shape", "input_dim") and draw(st.integers(0, 3)):
            continue  # rare: Keras 2 habits
        kwargs[key] = draw(value_for(key, layer, noise))
    if draw(st.integers(0, 99)) < noise // 4:  # a misspelled keyword
        kwargs[draw(typo(draw(st.sampled_from(keywords))))] = draw(value_for("units", layer, noise))
    return LayerSpec(layer, tuple(args), kwargs)


def _render(spec: LayerSpec, draw: Any, noise: int) -> str:
    text = str(spec)
    if draw(st.integers(0, 199)) < noise:  # a misspelled layer name
        text = draw(typo(spec.type)) + text[len(spec.type) :]
    return text


@st.composite
def models(draw: Any) -> tuple[tuple[int | None, ...] | None, list[str], int | None]:
    rank = draw(st.sampled_from([1, 2, 2, 2, 3]))
    shape = tuple(draw(st.integers(1, 6)) for _ in range(rank))
    if draw(st.booleans()):
        shape = (None, *shape[1:]) if rank > 1 else shape
    # Per model, how often a value is wrong: a careful user, a hurried one, a careless one.
    noise = draw(st.sampled_from([0, 0, 0, 0, 10, 25, 50]))
    layers: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        # Mostly a layer that fits what comes before it (as a user means to), else any.
        try:
            current = summarize(shape, layers).layers[-1].output_shapes[0][1:] if layers else shape
        except SpecError:
            current = shape
        fitting = FITS.get(len(current), list(SUPPORTED_LAYERS))
        if not layers and len(current) == 1:
            fitting = [*fitting, "Embedding", "Embedding"]
        kind = draw(st.sampled_from(fitting)) if draw(st.integers(0, 7)) else None
        layers.append(_render(draw(layer_spec(noise, kind=kind)), draw, noise))
    per_sample = None if draw(st.integers(0, 9)) == 0 else shape
    batch = None if per_sample is None else draw(st.sampled_from([None, None, None, 2]))
    return per_sample, layers, batch


FITS = {
    1: ["Dense", "Dropout", "RepeatVector"],
    2: [*RNN, *RNN, "Bidirectional", "Bidirectional", "Conv1D", "MaxPooling1D", "Dense",
        "Dropout", "TimeDistributed", "Flatten"],
    3: ["TimeDistributed", "TimeDistributed", "Dense", "Dropout", "Flatten"],
}  # fmt: skip


# ---------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------


def _cli_refuses(
    shape: tuple[int | None, ...] | None, layers: list[str], batch: int | None = None
) -> str:
    argv = ["summary", *layers] if batch is None else ["summary", "--batch", str(batch), *layers]
    if shape is not None:
        argv[1:1] = ["--input", ",".join("None" if d is None else str(d) for d in shape)]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(argv)
    assert status == 2, (argv, err.getvalue())
    return err.getvalue()


@settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(models())
def test_the_calculator_answers_only_what_keras_builds(
    model: tuple[tuple[int | None, ...] | None, list[str], int | None],
) -> None:
    shape, layers, batch = model
    try:
        summarize(shape, layers, batch=batch)
    except SpecError as exc:
        event("calculator refuses")
        message = str(exc)
        assert "\n" not in message and message
        # The CLI prints the same one line and exits 2.
        out = _cli_refuses(shape, layers, batch)
        assert out == f"lstm-explained: error: {' '.join(message.split())}\n", out
        return
    event("calculator answers")
    try:
        check = kb.check_keras(shape, layers, batch=batch)
    except Exception as real:  # anything Keras raises means it refuses the model
        pytest.fail(
            f"the calculator answers for {layers} on {shape} but Keras refuses: "
            f"{type(real).__name__}: {' '.join(str(real).split())[:300]}"
        )
    assert check.agree, f"{layers} on {shape}:\n{check.to_text()}"


# ---------------------------------------------------------------------------------------
# The examples from the issue, and wrapped layers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layer", "words"),
    [
        ("Dense(3, 'causal')", ["activation='causal'", "Dense(3, 'causal')", "'relu'"]),
        ("LSTM(16, 0)", ["activation=0", "LSTM(16, 0)", "use None or one of"]),
        ("GRU(3, -2)", ["activation=-2"]),
        ("Dense(16, -2)", ["activation=-2"]),
        ("Dropout(1, 'concat')", ["noise_shape", "'concat'", "tuple"]),
        ("LSTM(16, recurrent_dropout='sum')", ["recurrent_dropout", "'sum'", "between 0 and 1"]),
        ("LSTM(16, activation='rleu')", ["did you mean 'relu'?"]),
        ("LSTM(4, go_backwards='valid')", ["go_backwards", "True or False", "'valid'"]),
        ("LSTM(4, return_state=0.5)", ["return_state", "True or False", "0.5"]),
        ("LSTM(4, dropout=-2)", ["dropout", "between 0 and 1", "clip"]),
        ("SimpleRNN(4, implementation=1)", ["unknown keyword 'implementation'"]),
        ("MaxPooling1D(2, padding='Same')", ["padding='Same'", "'valid', 'same'"]),
        ("LSTM(4, name='input_layer')", ["'input_layer'", "keras.Input"]),
        ("Dense(4, bias_initializer='identity')", ["bias", "1-D", "identity"]),
        ("Dense(4, kernel_initializer='glorot')", ["did you mean 'glorot_normal'?"]),
        ("Dense(4, lora_rank=2)", ["lora_rank", "not covered by the calculator"]),
        ("Dropout(0.5, noise_shape=(7,))", ["noise_shape=(7,)", "one entry per axis"]),
        ("LSTM(4, bias_initializer=None)", ["bias_initializer=None", "unit_forget_bias=False"]),
        ("Flatten(input_shape=(5, 2), input_dim=2)", ["both input_dim= and input_shape="]),
        ("LSTM(9223372036854775808)", ["units", "up to 2147483647"]),
        (
            "Bidirectional(LSTM(1, return_state=True, stateful=True))",
            ["return_state=True and stateful=True"],
        ),
    ],
)
def test_issue_examples_are_refused_with_one_line(layer: str, words: list[str]) -> None:
    with pytest.raises(SpecError) as info:
        summarize("5,2", [layer])
    for word in words:
        assert word in str(info.value)
    out = _cli_refuses((5, 2), [layer])
    assert out.count("\n") == 1 and "Traceback" not in out


@pytest.mark.parametrize(
    ("shape", "layers"),
    [
        ((5, 2), ["TimeDistributed(RepeatVector(3))"]),
        ((5, 6, 2), ["TimeDistributed(MaxPooling1D(3))"]),
        (
            (5, 6, 2),
            ["TimeDistributed(Conv1D(3, 2, padding='causal'))", "TimeDistributed(LSTM(4))"],
        ),
        ((5, 6, 2), ["TimeDistributed(Bidirectional(GRU(2)))"]),
        ((5, 6, 2), ["TimeDistributed(Flatten())", "LSTM(3)"]),
        ((5, 2), ["TimeDistributed(Embedding(9, 3))"]),
        ((5, 2), ["TimeDistributed(RepeatVector(3))", "TimeDistributed(LSTM(2))"]),
        ((5, 6, 2), ["TimeDistributed(TimeDistributed(Dense(3)))"]),
        ((5, 2), ["TimeDistributed(Dropout(0.5, noise_shape=(None, 1)))"]),
    ],
)
def test_wrapped_layers_keras_builds_are_supported(
    shape: tuple[int, ...], layers: list[str]
) -> None:
    check = kb.check_keras(shape, layers)
    assert check.agree, check.to_text()


def test_input_shape_inside_a_wrapper_is_not_the_model_input() -> None:
    layers = ["Bidirectional(LSTM(3, input_shape=(5, 2)))"]
    assert isinstance(keras_builds(None, layers), Exception)
    with pytest.raises(SpecError, match="only from the outer layer"):
        summarize(None, layers)
    outer = ["Bidirectional(LSTM(3), input_shape=(5, 2))"]
    assert summarize(None, outer).total_params == keras_builds(None, outer)[0].count_params()
