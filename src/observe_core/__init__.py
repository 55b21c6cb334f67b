"""observe-core: the high-performance engine of a mobile test recorder.

The CPU-heavy work runs in a C core (``observe_core._native``); a pure-Python backend gives the
same results where the extension is not built. ``NATIVE_AVAILABLE`` tells which one is in use.
"""

from ._backend import NATIVE_AVAILABLE
from .complexity import AnalysisResult, AstAnalyzer
from .compat import ComplexityMetrics, RustAstAnalyzer

__version__ = "0.1.0"

__all__ = [
    "NATIVE_AVAILABLE",
    "AnalysisResult",
    "AstAnalyzer",
    "ComplexityMetrics",
    "RustAstAnalyzer",
    "__version__",
]
