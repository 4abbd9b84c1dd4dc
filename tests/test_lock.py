"""The lock (requirements/*.txt, written by `nox -s lock`) covers what pyproject.toml asks for.

Every nox session installs one of these files with hashes required and the project without
its dependencies, so a dependency added to pyproject.toml but missing from the lock would be
missing from every session (or, pinned to a version outside the new bound, silently ignored).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = canonicalize_name(PYPROJECT["project"]["name"])
# The sessions' platform (noxfile.LOCK_PLATFORM and PYTHON): markers are evaluated for it.
ENVIRONMENT = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
}


def _noxfile_constant(name: str):
    """A literal assigned at the top of noxfile.py (the test environment has no nox)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py assigns no {name}")


BOOK_LOCK = _noxfile_constant("BOOK_LOCK")
GROUP_LOCKS = _noxfile_constant("GROUP_LOCKS")


def read_lock(name: str) -> dict[str, tuple[Version, list[str]]]:
    """{package: (pinned version, hashes)} of requirements/<name>.txt."""
    text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
    entries = re.sub(r"\\\n\s*", " ", text)  # join the continuation lines of each entry
    pins: dict[str, tuple[Version, list[str]]] = {}
    for line in entries.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        assert match, f"requirements/{name}.txt: not a hash-pinned requirement: {line[:80]}"
        package, version, hashes = match.groups()
        pins[canonicalize_name(package)] = (Version(version), hashes.split())
    return pins


def group_requirements(groups: dict, name: str) -> list[str]:
    """A dependency group's requirement strings, its ``{include-group = ...}`` entries expanded
    (PEP 735)."""
    result: list[str] = []
    for entry in groups[name]:
        if isinstance(entry, dict):
            result += group_requirements(groups, entry["include-group"])
        else:
            result.append(entry)
    return result


def wanted() -> dict[str, list[Requirement]]:
    """pyproject's requirements that apply on the sessions' platform, by lock file."""
    project = PYPROJECT["project"]
    groups = PYPROJECT["dependency-groups"]
    sources = {BOOK_LOCK: list(project["dependencies"]) + group_requirements(groups, "build")}
    for extra, requirements in project["optional-dependencies"].items():
        sources[BOOK_LOCK] += [(requirement, extra) for requirement in requirements]
    for group in GROUP_LOCKS:
        sources[group] = group_requirements(groups, group)
    result: dict[str, list[Requirement]] = {}
    for lock, entries in sources.items():
        for entry in entries:
            text, extra = entry if isinstance(entry, tuple) else (entry, "")
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == PROJECT:
                continue  # an extra that includes another extra
            if requirement.marker and not requirement.marker.evaluate(
                {**ENVIRONMENT, "extra": extra}
            ):
                continue
            result.setdefault(lock, []).append(requirement)
    return result


def test_every_dependency_group_has_a_lock():
    groups = set(PYPROJECT["dependency-groups"])
    assert groups == {"build", *GROUP_LOCKS}, (
        "a dependency group of pyproject.toml is not locked: add it to GROUP_LOCKS in "
        "noxfile.py (or to the book lock) and run `nox -s lock`"
    )


@pytest.mark.parametrize("lock", [BOOK_LOCK, *GROUP_LOCKS])
def test_lock_pins_every_requirement_within_its_bounds(lock):
    pins = read_lock(lock)
    for requirement in wanted()[lock]:
        name = canonicalize_name(requirement.name)
        assert name in pins, (
            f"pyproject.toml asks for {requirement} but requirements/{lock}.txt has no "
            f"{name}: run `nox -s lock`"
        )
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock}.txt pins {name}=={version}, outside {requirement}: "
            "run `nox -s lock`"
        )
        assert pins[name][1], f"requirements/{lock}.txt: {name} has no hash"


@pytest.mark.parametrize("lock", [BOOK_LOCK, *GROUP_LOCKS])
def test_lock_names_no_host_and_no_option(lock):
    """No index or find-links line, no address: which registry or folder serves the files is
    the machine's setting; the hashes say which files are acceptable."""
    text = (REQUIREMENTS / f"{lock}.txt").read_text(encoding="utf-8")
    assert "://" not in text
    options = [line for line in text.splitlines() if line.startswith("-")]
    assert not options, options


def test_torch_is_the_cpu_only_build():
    """The registry's torch of the same version pulls several GB of CUDA packages."""
    version, _ = read_lock(BOOK_LOCK)["torch"]
    assert version.local == "cpu", f"torch=={version} is not a CPU-only build (+cpu)"
    cuda = [name for name in read_lock(BOOK_LOCK) if name.startswith(("nvidia-", "cuda-"))]
    assert not cuda, cuda
