"""Work whose result is the same in every edition, done once: a store under
``docs/_build/.build_cache`` that every edition, and every later build, reads.

The four editions are four Sphinx builds of one source. Their figures, fonts and theme
stylesheets are the same files, so the phone-sized WebP copies of a figure, a font cut to the
icons in use or the purged stylesheet come out the same in each (``reader_ready``): computed in
the first edition built, they are read from here by the others.

Each result is stored under the SHA-256 of everything it is made from (the bytes of the file it
is made from, the parameters, the version of the library that makes it, the source of the code
that makes it where that code may change), so a change to any input is a new key and nothing
has to be invalidated by hand; ``rm -rf docs/_build`` empties it with the rest. Entries
nobody has read for :data:`MAX_AGE_DAYS` days are removed when a build finishes. Writes go
through a temporary file and a rename, so builds running at the same time never read half an
entry.

A result may depend on a large set of words (the names found in an edition's pages) through
``in`` tests only: :func:`cached_for_words` keys it on the answers to the tests it made, so
editions whose pages hold other words but give the same answers share it.

>>> digest("a", b"b", 1) == digest("a", b"b", 1) != digest("ab", b"", 1)
True
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from sphinx.application import Sphinx

DOCS = Path(__file__).resolve().parents[1]
STORE = DOCS / "_build" / ".build_cache"
MAX_AGE_DAYS = 30

T = TypeVar("T")


def digest(*parts: bytes | str | int) -> str:
    """SHA-256 over ``parts``, each length-prefixed (so that ``("ab", "")`` and ``("a", "b")``
    differ)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def _entry(namespace: str, key: str, suffix: str) -> Path:
    return STORE / namespace / key[:2] / f"{key}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _hit(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    os.utime(path)  # read now: kept by prune()
    return data


def cached_bytes(
    namespace: str, key_parts: Iterable[bytes | str | int], make: Callable[[], bytes]
) -> bytes:
    """The bytes ``make()`` returns for these inputs, made once for every edition and build
    (tests/test_build_cache.py)."""
    path = _entry(namespace, digest(*key_parts), ".bin")
    data = _hit(path)
    if data is None:
        data = make()
        _write_atomic(path, data)
    return data


class _Lookups:
    """``words`` as a computation sees it: each ``in`` test is recorded with its answer, and any
    other use (iterating, its length, set algebra) marks the result as depending on the whole
    set."""

    def __init__(self, words: Any) -> None:
        self._words = words
        self.answers: dict[str, bool] = {}
        self.whole = False

    def __contains__(self, item: object) -> bool:
        found = item in self._words
        if isinstance(item, str):
            self.answers[item] = found
        else:
            self.whole = True
        return found

    def _all(self) -> Any:
        self.whole = True
        return self._words

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._all(), name)

    def __or__(self, other):
        return self._all() | other

    def __and__(self, other):
        return self._all() & other

    def __sub__(self, other):
        return self._all() - other

    def __ror__(self, other):
        return other | self._all()

    def __rand__(self, other):
        return other & self._all()

    def __rsub__(self, other):
        return other - self._all()


def cached_for_words(
    namespace: str,
    key_parts: Iterable[bytes | str | int],
    words: set[str],
    compute: Callable[[Any], T],
) -> T:
    """``compute(words)`` (a JSON value) for these inputs, shared by every edition whose
    ``words`` answer the ``in`` tests it made the same way.

    ``compute`` receives a stand-in for ``words`` that records each ``name in words``; a
    stored result is reused when ``words`` gives the same answer to each recorded test. If
    ``compute`` uses ``words`` in any other way the result is keyed on the whole set
    (tests/test_build_cache.py).
    """
    folder = STORE / namespace / digest(*key_parts)
    whole_key = None
    for answers_path in sorted(folder.glob("*.answers.json")) if folder.is_dir() else []:
        try:
            recorded = json.loads(answers_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "whole" in recorded:
            whole_key = whole_key or digest(*sorted(words))
            matches = recorded["whole"] == whole_key
        else:
            matches = all((name in words) == found for name, found in recorded["answers"].items())
        if matches:
            value = _hit(answers_path.with_name(answers_path.name.replace(".answers.", ".value.")))
            if value is not None:
                os.utime(answers_path)
                return json.loads(value)
    lookups = _Lookups(words)
    result = compute(lookups)
    if lookups.whole:
        recorded = {"whole": digest(*sorted(words))}
    else:
        recorded = {"answers": dict(sorted(lookups.answers.items()))}
    name = digest(json.dumps(recorded, sort_keys=True))
    # The value first: a reader that finds the answers finds the value.
    _write_atomic(folder / f"{name}.value.json", json.dumps(result).encode())
    _write_atomic(folder / f"{name}.answers.json", json.dumps(recorded).encode())
    return result


def prune(max_age_days: float = MAX_AGE_DAYS) -> int:
    """Remove the entries no build has read for ``max_age_days``; return how many."""
    if not STORE.is_dir():
        return 0
    oldest = time.time() - max_age_days * 86400
    removed = 0
    for path in STORE.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        prune()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
