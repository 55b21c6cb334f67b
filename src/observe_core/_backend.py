"""Chooses the backend at import time, like simplejson's C speedups.

``NATIVE_AVAILABLE`` tells whether the C extension imported; when it did not, everything
still works on the pure-Python backend and a warning is logged once.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("observe_core")

try:
    from . import _native  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised by the fallback test
    _native = None
    NATIVE_AVAILABLE = False
    logger.warning("observe_core: C extension not available (%s); using the pure-Python backend", exc)
else:
    NATIVE_AVAILABLE = True

BACKENDS = ("auto", "native", "python")


def resolve(backend: str) -> str:
    """Returns "native" or "python" for a requested backend name."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "native" and not NATIVE_AVAILABLE:
        raise RuntimeError("the native backend was requested but the C extension is not built")
    if backend == "auto":
        return "native" if NATIVE_AVAILABLE else "python"
    return backend
