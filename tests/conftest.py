"""Shared test setup: the benchmark generators are importable, and tests marked python_only
do not get a native variant."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "bench"))


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        native = callspec is not None and callspec.params.get("backend") == "native"
        (dropped if native and item.get_closest_marker("python_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
