"""Shared test setup: the benchmark generators are importable, tests marked python_only do
not get a native variant, and the standard library is analysed once per session."""

import os
import sys
import sysconfig
import tempfile

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "bench"))
# The rule engine's compiled-gate cache: one per test session, not the user's.
os.environ.setdefault("OBSERVE_CACHE_DIR", tempfile.mkdtemp(prefix="observe-cache-"))


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        native = callspec is not None and callspec.params.get("backend") == "native"
        (dropped if native and item.get_closest_marker("python_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def stdlib_files() -> list:
    root = sysconfig.get_paths()["stdlib"]
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if d not in ("site-packages", "dist-packages", "__pycache__"))
        files.extend(os.path.join(directory, name) for name in sorted(names)
                     if name.endswith(".py"))
    return files


@pytest.fixture(scope="session")
def stdlib():
    """path -> (bytes, native record, pure-Python record) for every stdlib .py file."""
    from observe_core import _native as native
    from observe_core._python import complexity as reference
    out = {}
    for path in stdlib_files():
        with open(path, "rb") as handle:
            data = handle.read()
        out[path] = (data, native.analyze_source(data, path), reference.analyze_source(data, path))
    return out
