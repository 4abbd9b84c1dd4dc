"""How long the book takes to build, cold and incrementally, against the targets of issues 9
and 12. ``python benchmarks/build_time.py`` (``--quick`` leaves out the two builds that run
every notebook).

Each build is ``nox -R -s docs [-- en]``, as a writer runs it (``nox -s docs`` must have
created its environment once). The figures, in this order:

* **cold, no cache**: ``docs/_build`` removed, so the English edition runs every notebook
  (what issue 9 measured: ``rm -rf docs/_build && nox -R -s docs -- en`` against the same for
  all four editions);
* **cold, notebooks cached**: ``docs/_build`` removed but for the notebooks' jupyter-cache
  (``docs/_build/.jupyter_cache``); everything else, the shared figures and fonts of
  ``docs/_build/.build_cache`` included, is made anew;
* **no change**: all four editions again, nothing edited;
* **one-page prose edit**: a word added to a paragraph of one page, all four editions rebuilt;
  then the edit is undone and the site rebuilt again (also a one-page edit, timed too).

Each line gives wall time and CPU time (user + system of the build and its children, the
notebook kernels included): on a machine shared with other work, CPU time is the figure to
compare. The ratios at the end are the targets: a cold four-edition build within 1.5 times
the English one (issue 9, same cache state for both), a rebuild with nothing changed within
10% and a one-page edit within 15% of the cold four-edition build (issue 12).

It deletes ``docs/_build`` and leaves a complete build of the four editions in its place. It
prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
NOTEBOOK_CACHE = BUILD / ".jupyter_cache"
# The page edited for the incremental build, and the paragraph that gets one more word.
EDITED_PAGE = DOCS / "questions" / "what-units-means.md"
TARGETS = {"four / English": 1.5, "no change": 0.10, "one-page edit": 0.15}


@dataclass
class Timing:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"wall {self.wall:7.1f} s   CPU {self.cpu:7.1f} s"


def build(*languages: str) -> Timing:
    """Run ``nox -R -s docs [-- languages]``; wall and CPU seconds (children's user + sys)."""
    command = ["nox", "-R", "-s", "docs"]
    if languages:
        command += ["--", *languages]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def remove_build(keep_notebooks: bool) -> None:
    """Remove ``docs/_build``, or all of it but the notebooks' jupyter-cache."""
    if not keep_notebooks:
        shutil.rmtree(BUILD, ignore_errors=True)
        return
    for path in BUILD.iterdir() if BUILD.is_dir() else []:
        if path != NOTEBOOK_CACHE:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def prose_edit(text: str) -> str:
    """``text`` with one word added to its first paragraph of prose after the title."""
    lines = text.splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    fence = False
    for i in range(title + 1, len(lines)):
        line = lines[i]
        if line.startswith(("```", ":::")):
            fence = not fence
        if not fence and re.match(r"[A-Za-z]", line) and line.rstrip().endswith((".", ",")):
            lines[i] = line.rstrip("\n").rstrip(".,") + " indeed.\n"
            return "".join(lines)
    raise ValueError(f"no paragraph of prose found in {EDITED_PAGE}")


def report(name: str, timing: Timing) -> None:
    print(f"{name:<46} {timing}", flush=True)


def ratio(name: str, value: Timing, base: Timing, target: float) -> None:
    wall, cpu = value.wall / base.wall, value.cpu / base.cpu
    verdict = "meets" if cpu <= target else "misses"
    print(
        f"{name:<46} wall {wall:6.2f}    CPU {cpu:6.2f}    target {target:.2f} "
        f"({verdict} it in CPU time)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="leave out the builds with no cache (they run every notebook, twice)",
    )
    args = parser.parse_args(argv)
    if shutil.which("nox") is None:
        sys.exit("nox is needed: pip install 'nox>=2024.4.15', then nox -s docs once")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the start\n")

    results: dict[str, Timing] = {}
    if args.quick and not NOTEBOOK_CACHE.is_dir():
        build("en")  # fill the notebooks' cache first
    states = [("cached", "notebooks cached")]
    if not args.quick:
        states.insert(0, ("no cache", "no cache"))
    for state, label in states:
        for key, languages, editions in (
            ("en", ["en"], "English only"),
            ("all", [], "four editions"),
        ):
            remove_build(keep_notebooks=state == "cached")
            results[f"cold {key}, {state}"] = build(*languages)
            report(f"cold, {label}: {editions}", results[f"cold {key}, {state}"])
    results["no change"] = build()
    report("rebuild, nothing changed: four editions", results["no change"])
    original = EDITED_PAGE.read_bytes()
    try:
        EDITED_PAGE.write_text(prose_edit(original.decode()), encoding="utf-8")
        results["edit"] = build()
        report(f"one-page prose edit ({EDITED_PAGE.name}): four", results["edit"])
    finally:
        EDITED_PAGE.write_bytes(original)
    results["undo"] = build()
    report("the edit undone: four editions", results["undo"])

    print("\nratios (target: at most)")
    for state, name in (("no cache", "no cache (issue 9)"), ("cached", "notebooks cached")):
        if f"cold en, {state}" in results:
            four, english = results[f"cold all, {state}"], results[f"cold en, {state}"]
            ratio(f"cold four / English, {name}", four, english, TARGETS["four / English"])
    cold = results["cold all, cached"]
    ratio("no change / cold four (issue 12)", results["no change"], cold, TARGETS["no change"])
    ratio("one-page edit / cold four (issue 12)", results["edit"], cold, TARGETS["one-page edit"])
    ratio("edit undone / cold four", results["undo"], cold, TARGETS["one-page edit"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
