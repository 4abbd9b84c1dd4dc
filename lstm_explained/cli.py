"""Command line: ``lstm-explained summary`` (or ``python -m lstm_explained summary``).

Prints the shapes, weights and parameter counts Keras 3 gives a Sequential stack, each
count explained by its formula::

    python -m lstm_explained summary --input 5,2 "LSTM(64, return_sequences=True)" "LSTM(32)"

Options: ``--input`` is the per-sample shape (``None`` allowed for timesteps, e.g.
``None,2``; may be left out when the first layer has ``input_shape=``), ``--batch N``
fills the batch axis, ``--json`` prints the format below, ``--check-keras`` builds the
same model in real Keras and shows both side by side (exit status 1 on any
disagreement). Bad input exits with status 2 and one line on stderr.

JSON format (``--json``; version 1, stable; new keys may be added)::

    {
      "version": 1,
      "input_shape": [null, 5, 2],            # model input, batch axis first
      "layers": [
        {
          "name": "lstm",                     # Keras' auto name in a fresh session
          "type": "LSTM",
          "spec": "LSTM(64, return_sequences=True)",
          "input_shape": [null, 5, 2],
          "output_shapes": [[null, 5, 64]],   # always a list of shapes
          "weights": [                        # layer.get_weights() order
            {"name": "kernel", "shape": [2, 256]},
            {"name": "recurrent_kernel", "shape": [64, 256]},
            {"name": "bias", "shape": [256]}
          ],
          "params": 17152,
          "formula": "4 × (2·64 + 64·64 + 64) = 17152"
        },
        ...
      ],
      "total_params": 29568,
      "notes": []                             # e.g. input_shape= ignored as Keras 3 does
    }

With ``--check-keras`` the object also has ``"keras_agree": true`` or ``false``.
Shapes use ``null`` for unknown axes; ``Bidirectional`` weights are named
``forward_kernel``, ..., ``backward_kernel``, ...
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__
from ._util import one_line
from .errors import SpecError
from .shapes import summarize
from .specs import SUPPORTED_LAYERS, parse_input_shape, parse_layers
from .summary import to_json

__all__ = ["main"]

PROG = "lstm-explained"
KERAS_HINT = "install the keras extra: pip install 'lstm-explained[keras]'"

_JSON_EPILOG = """\
--json prints (format version 1, stable; new keys may be added):
  {"version": 1, "input_shape": [null, 5, 2],
   "layers": [{"name": "lstm", "type": "LSTM", "spec": "LSTM(64, return_sequences=True)",
               "input_shape": [null, 5, 2], "output_shapes": [[null, 5, 64]],
               "weights": [{"name": "kernel", "shape": [2, 256]}, ...],
               "params": 17152, "formula": "4 × (2·64 + 64·64 + 64) = 17152"}, ...],
   "total_params": 29568, "notes": []}
  output_shapes is always a list of shapes (several for return_state=True or
  Bidirectional(merge_mode=None)); weights are in layer.get_weights() order; null is an
  unknown axis. With --check-keras the object also has "keras_agree": true/false.

exit status: 0 ok, 1 Keras disagrees (--check-keras), 2 bad input.
layers: """ + ", ".join(SUPPORTED_LAYERS)


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Shapes and parameter counts of Keras recurrent models, explained.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    summary = sub.add_parser(
        "summary",
        help="shapes, weights and parameter counts of a Sequential stack",
        description=(
            "Output shapes, weight shapes and parameter counts of a Keras Sequential "
            "stack, each count explained by its formula."
        ),
        epilog=_JSON_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    summary.add_argument(
        "layers",
        nargs="+",
        metavar="LAYER",
        help='a layer in Keras syntax, e.g. "LSTM(64, return_sequences=True)"',
    )
    summary.add_argument(
        "--input",
        "-i",
        metavar="SHAPE",
        help="per-sample input shape without the batch axis, e.g. 5,2 or None,2 "
        "(default: input_shape= of the first layer)",
    )
    summary.add_argument("--batch", "-b", metavar="N", help="batch size (default: None)")
    summary.add_argument("--json", action="store_true", help="print JSON (format below)")
    summary.add_argument(
        "--check-keras",
        action="store_true",
        help="build the same model in Keras and compare; exit 1 on any disagreement",
    )
    return parser


def _parse_batch(text: str | None) -> int | None:
    if text is None or text.strip().lower() == "none":
        return None
    text = text.strip()
    if not text.isdigit() or int(text) <= 0:
        raise SpecError(f"--batch must be a positive integer, got {text!r}")
    return int(text)


def _check_keras(input_shape: Any, layers: list[Any], batch: int | None) -> Any:
    # Quiet TensorFlow's start-up chatter; the user asked for a comparison, not logs.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        from . import keras_bridge
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("keras", "tensorflow"):
            raise SpecError(f"--check-keras needs Keras; {KERAS_HINT}") from None
        raise SpecError(f"--check-keras is unavailable: {exc}") from None
    try:
        return keras_bridge.check_keras(input_shape, layers, batch=batch)
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("keras", "tensorflow"):
            raise SpecError(f"--check-keras needs Keras; {KERAS_HINT}") from None
        raise


def _run_summary(args: argparse.Namespace) -> int:
    specs = parse_layers(args.layers)
    batch = _parse_batch(args.batch)
    input_shape = None if args.input is None else parse_input_shape(args.input)
    result = summarize(input_shape, specs, batch=batch)
    check = None
    if args.check_keras:
        per_sample = result.input_shape[1:]
        check = _check_keras(per_sample, specs, batch)
    if args.json:
        data = result.to_dict()
        if check is not None:
            data["keras_agree"] = bool(check.agree)
        print(to_json(data))
        if check is not None and not check.agree:
            print(check.to_text(), file=sys.stderr)
    elif check is not None:
        print(check.to_text())
    else:
        print(result.to_text())
    if check is not None and not check.agree:
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 Keras disagrees, 2 bad input).

    >>> main(["summary", "--input", "8,8", "LSTM(10)"])  # doctest: +ELLIPSIS
    Input shape: (None, 8, 8)
    ...
    Total params: 760
    0
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command is None:
            raise _UsageError("choose a command: summary (see --help)")
        return _run_summary(args)
    except SystemExit as exc:  # --help and --version
        code = exc.code
        return code if isinstance(code, int) else 0
    except (_UsageError, SpecError) as exc:
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
