"""How the pages' code runs: the kernels' environment, and a notebook cache that follows the
package the pages import.

* The kernels that execute the pages inherit the build's environment: quiet, CPU-only,
  reproducible (set when the builder starts, before the first page is read).
* The execution cache (myst-nb's jupyter-cache) is keyed by each page's code, not by the package
  that code imports, so a change to ``lstm_explained`` would leave stale outputs. The package's
  fingerprint is a configuration value that rebuilds the environment when it changes (so Sphinx
  re-reads pages whose own source did not change), and when the builder starts the cache is
  emptied if it was filled for another fingerprint. The first edition built after a change
  re-runs every page; the other editions of the same build find the fresh stamp and reuse its
  results.

Configuration: ``lstm_explained_package``, the package's folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from page_versions import environment_fingerprint
from sphinx.application import Sphinx
from sphinx.config import Config

KERNEL_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "CUDA_VISIBLE_DEVICES": "-1",
    "KERAS_BACKEND": "tensorflow",
    "PYTHONHASHSEED": "0",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}
STAMP = "lstm_explained.sha256"


def package_fingerprint(package: Path) -> str:
    """SHA-256 over the package's Python sources (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_cache(cache: Path, fingerprint: str) -> bool:
    """Empty the jupyter-cache at ``cache`` unless it was filled for ``fingerprint``; return
    whether it was emptied."""
    stamp = cache / STAMP
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return False
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n")
    return True


def _config_inited(app: Sphinx, config: Config) -> None:
    if config.lstm_explained_package:
        package = Path(config.lstm_explained_package)
        # The installed libraries too (page_versions.environment_fingerprint): an upgrade
        # re-runs the pages, so no cached output names versions other than those installed.
        combined = f"{package_fingerprint(package)} {environment_fingerprint()}"
        config.lstm_explained_fingerprint = hashlib.sha256(combined.encode()).hexdigest()


def _builder_inited(app: Sphinx) -> None:
    os.environ.update(KERNEL_ENVIRONMENT)
    fingerprint = app.config.lstm_explained_fingerprint
    cache = getattr(app.config, "nb_execution_cache_path", "")
    if fingerprint and cache and app.config.nb_execution_mode == "cache":
        invalidate_stale_cache(Path(cache), fingerprint)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("lstm_explained_package", "", "", types=[str])
    app.add_config_value("lstm_explained_fingerprint", "", "env", types=[str])
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
