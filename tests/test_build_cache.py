"""The store that lets the editions share work (docs/_ext/build_cache.py)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "docs" / "_ext")]
import build_cache  # noqa: E402


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(build_cache, "STORE", tmp_path / "store")
    return tmp_path / "store"


def test_bytes_are_made_once_per_key():
    calls = []

    def make() -> bytes:
        calls.append(1)
        return b"webp"

    assert build_cache.cached_bytes("webp", [b"png", 480], make) == b"webp"
    assert build_cache.cached_bytes("webp", [b"png", 480], make) == b"webp"
    assert len(calls) == 1
    build_cache.cached_bytes("webp", [b"png", 720], make)  # another input, another entry
    build_cache.cached_bytes("webp", [b"png2", 480], make)
    assert len(calls) == 3


def test_digest_separates_its_parts():
    assert build_cache.digest("ab", "") != build_cache.digest("a", "b")
    assert build_cache.digest(b"x", 1) == build_cache.digest("x", "1")


def _pick(words) -> list[str]:
    return [name for name in ("nav", "fa-github", "tooltip") if name in words]


def test_words_giving_the_same_answers_share_a_result():
    first = build_cache.cached_for_words("css", ["sheet"], {"nav", "Keras", "LSTM"}, _pick)
    assert first == ["nav"]

    def fail(words):
        raise AssertionError("recomputed although every test gives the same answer")

    # Other words (another edition's prose), the same answer to each name asked about.
    assert build_cache.cached_for_words("css", ["sheet"], {"nav", "слой"}, fail) == ["nav"]


def test_another_answer_or_another_key_recomputes():
    build_cache.cached_for_words("css", ["sheet"], {"nav"}, _pick)
    assert build_cache.cached_for_words("css", ["sheet"], {"nav", "tooltip"}, _pick) == [
        "nav",
        "tooltip",
    ]
    assert build_cache.cached_for_words("css", ["sheet 2"], {"fa-github"}, _pick) == ["fa-github"]
    # Both answer sets stay usable.
    assert build_cache.cached_for_words("css", ["sheet"], {"nav"}, lambda w: 0) == ["nav"]


def test_a_result_that_reads_the_whole_set_is_keyed_on_it():
    def count(words) -> int:
        return len([word for word in words if word.startswith("n")])

    assert build_cache.cached_for_words("n", ["k"], {"nav", "x"}, count) == 1
    assert build_cache.cached_for_words("n", ["k"], {"nav", "nb"}, count) == 2
    assert build_cache.cached_for_words("n", ["k"], {"nav", "x"}, lambda w: -1) == 1


def test_set_algebra_also_keys_on_the_whole_set():
    def common(words) -> list[str]:
        return sorted(words & {"a", "b"})

    assert build_cache.cached_for_words("alg", ["k"], {"a"}, common) == ["a"]
    assert build_cache.cached_for_words("alg", ["k"], {"a", "b"}, common) == ["a", "b"]


def test_prune_removes_entries_nobody_read(store):
    build_cache.cached_bytes("webp", [b"old"], lambda: b"1")
    build_cache.cached_bytes("webp", [b"new"], lambda: b"2")
    old = next(path for path in store.rglob("*.bin") if path.read_bytes() == b"1")
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    assert build_cache.prune(max_age_days=30) == 1
    assert [path.read_bytes() for path in store.rglob("*.bin")] == [b"2"]
    # Reading an entry keeps it.
    entry = next(store.rglob("*.bin"))
    os.utime(entry, (long_ago, long_ago))
    build_cache.cached_bytes("webp", [b"new"], lambda: b"never")
    assert build_cache.prune(max_age_days=30) == 0
