"""The command line: output, JSON format, exit statuses and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from typing import Any

import pytest

import lstm_explained
from lstm_explained import summarize
from lstm_explained.cli import main

SEED = ["--input", "5,2", "LSTM(64, return_sequences=True)", "LSTM(32)"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_shows_every_layer_formula_and_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "summary", *SEED)
    expected = summarize("5,2", SEED[2:])
    assert code == 0 and err == ""
    assert out.strip() == expected.to_text()
    for layer in expected.layers:
        assert f"{layer.name} ({layer.type})" in out
        assert layer.formula in out
    assert f"Total params: {expected.total_params:,}" in out


def test_json_is_the_documented_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", "--json", *SEED)
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(json.dumps(summarize("5,2", SEED[2:]).to_dict()))
    assert data["version"] == 1
    assert data["input_shape"] == [None, 5, 2]
    for layer in data["layers"]:
        assert {"name", "type", "output_shapes", "params", "weights", "formula"} <= set(layer)
        assert all(isinstance(s, list) for s in layer["output_shapes"])
        assert [w["name"] for w in layer["weights"]] == ["kernel", "recurrent_kernel", "bias"]
        assert layer["params"] == sum(_prod(w["shape"]) for w in layer["weights"])
    assert data["total_params"] == sum(layer["params"] for layer in data["layers"])


def _prod(shape: list[int]) -> int:
    out = 1
    for d in shape:
        out *= d
    return out


def test_batch_and_none_timesteps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "summary",
        "--json",
        "--batch",
        "32",
        "--input",
        "None,2",
        "GRU(4, return_state=True)",
    )
    assert code == 0
    (layer,) = json.loads(out)["layers"]
    assert layer["input_shape"] == [32, None, 2]
    assert layer["output_shapes"] == [[32, 4], [32, 4]]


def test_input_shape_from_the_first_layer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", "LSTM(32, input_shape=(10, 64))", "Dense(2)")
    assert code == 0
    assert "Input shape: (None, 10, 64)" in out
    assert "Note:" in out


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and lstm_explained.__version__ in out
    code, out, _ = run(capsys, "summary", "--help")
    assert code == 0
    for word in ("--json", "output_shapes", "get_weights()", "total_params", "exit status"):
        assert word in out


BAD = [
    [],
    ["frobnicate"],
    ["summary"],
    ["summary", "--input", "5,2"],
    ["summary", "LSTM(3)"],
    ["summary", "--input", "5,x", "LSTM(3)"],
    ["summary", "--input", "5,2", "--batch", "0", "LSTM(3)"],
    ["summary", "--input", "5,2", "--batch", "many", "LSTM(3)"],
    ["summary", "--input", "5,2", "--bogus", "LSTM(3)"],
    ["summary", "--input", "5,2", "Lstm(3)"],
    ["summary", "--input", "5,2", "LSTM(3)", "GRU(2)"],
    ["summary", "--input", "5,2", "LSTM(3"],
    ["summary", "--input", "5,2", "__import__('os').system('true')"],
    ["summary", "--input", "5,2", "LSTM(units=n)"],
    ["summary", "--input", "2", "LSTM(3)"],
    ["summary", "--input", "5,2", "--json", "Dense(0)"],
]


@pytest.mark.parametrize("argv", BAD)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("lstm-explained: error: ")
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err


def _fake_bridge(monkeypatch: pytest.MonkeyPatch, check_keras: Any) -> None:
    module = types.ModuleType("lstm_explained.keras_bridge")
    module.check_keras = check_keras  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lstm_explained.keras_bridge", module)
    monkeypatch.setattr(lstm_explained, "keras_bridge", module, raising=False)


class _Check:
    def __init__(self, agree: bool) -> None:
        self.agree = agree

    def to_text(self) -> str:
        return "side by side" if self.agree else "side by side: params differ"


@pytest.mark.parametrize(("agree", "status"), [(True, 0), (False, 1)])
def test_check_keras_exit_status_follows_agreement(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, agree: bool, status: int
) -> None:
    calls = []

    def check_keras(input_shape: Any, layers: Any, *, batch: Any = None) -> _Check:
        calls.append((tuple(input_shape), [str(s) for s in layers], batch))
        return _Check(agree)

    _fake_bridge(monkeypatch, check_keras)
    code, out, _ = run(capsys, "summary", "--batch", "3", "--check-keras", *SEED)
    assert code == status
    assert "side by side" in out
    assert calls == [((5, 2), ["LSTM(64, return_sequences=True)", "LSTM(32)"], 3)]
    code, out, _ = run(capsys, "summary", "--json", "--check-keras", *SEED)
    assert code == status
    assert json.loads(out)["keras_agree"] is agree


def test_check_keras_without_keras_says_how_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def check_keras(*args: Any, **kwargs: Any) -> None:
        raise ModuleNotFoundError("No module named 'keras'", name="keras")

    _fake_bridge(monkeypatch, check_keras)
    code, out, err = run(capsys, "summary", "--check-keras", *SEED)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "pip install 'lstm-explained[keras]'" in err


def test_check_keras_when_the_bridge_cannot_import_keras(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "lstm_explained.keras_bridge", raising=False)
    monkeypatch.delattr(lstm_explained, "keras_bridge", raising=False)
    for name in [m for m in sys.modules if m == "keras" or m.startswith("keras.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "keras", None)  # makes `import keras` fail
    code, _, err = run(capsys, "summary", "--check-keras", *SEED)
    assert code == 2
    assert "pip install 'lstm-explained[keras]'" in err


@pytest.mark.keras
def test_check_keras_for_real(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "summary", "--check-keras", "--batch", "32", *SEED)
    assert code == 0, out + err
    assert "lstm" in out and "lstm_1" in out


def _subprocess(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "lstm_explained", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_python_dash_m() -> None:
    done = _subprocess("summary", "--json", *SEED)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total_params"] == summarize("5,2", SEED[2:]).total_params
    bad = _subprocess("summary", "--input", "5,2", "LSTM(64)", "LSTM(32)")
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("lstm-explained: error: ") and bad.stderr.count("\n") == 1
    assert "return_sequences=True" in bad.stderr
