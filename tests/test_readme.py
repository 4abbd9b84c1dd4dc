"""The README's command-line examples are real: each ``$ lstm-explained ...`` line of a
``console`` block is run, and its output must be what the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from lstm_explained.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def examples() -> list[tuple[str, str]]:
    """(command line, expected output) for each ``$ lstm-explained`` line in console blocks."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def test_the_readme_has_examples() -> None:
    commands = [command for command, _ in examples()]
    assert len(commands) >= 4
    assert all(command.startswith("lstm-explained summary ") for command in commands)
    assert any("--json" in c for c in commands) and any("--check-keras" in c for c in commands)


@pytest.mark.parametrize(("command", "expected"), examples(), ids=lambda v: v[:60])
def test_readme_example_output(
    command: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = shlex.split(command)[1:]
    if "--check-keras" in argv:
        pytest.importorskip("keras")
    status = main(argv)
    captured = capsys.readouterr()
    shown = (captured.out + captured.err).rstrip("\n")
    if "--check-keras" in argv:  # the Keras version is whatever is installed
        shown = re.sub(r"Keras \d+\.\d+\.\d+", "Keras X", shown)
        expected = re.sub(r"Keras \d+\.\d+\.\d+", "Keras X", expected)
    assert shown == expected
    assert status == (2 if "error:" in expected else 0)
