"""Exact comparison of two results (types, key order, float bits), shared by the tests that
prove the native and pure-Python backends identical."""

import math
import struct


def difference(a, b, path="result"):
    """Where a and b differ (type, key order, float bits), or None when identical."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        items = [(a[k], b[k], f"{path}[{k!r}]") for k in a]
    elif isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        items = [(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b))]
    elif isinstance(a, float):
        same = struct.pack("<d", a) == struct.pack("<d", b) or (math.isnan(a) and math.isnan(b))
        return None if same else f"{path}: {a!r} != {b!r}"
    else:
        return None if a == b else f"{path}: {a!r} != {b!r}"
    for x, y, where in items:
        found = difference(x, y, where)
        if found:
            return found
    return None
