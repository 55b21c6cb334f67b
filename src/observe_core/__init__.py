"""observe-core: the high-performance engine of a mobile test recorder.

The CPU-heavy work runs in a C core (``observe_core._native``); a pure-Python backend gives the
same results where the extension is not built. ``NATIVE_AVAILABLE`` tells which one is in use.
"""

from ._backend import NATIVE_AVAILABLE
from .business import BusinessLogicAnalyzer
from .complexity import AnalysisResult, AstAnalyzer
from .compat import ComplexityMetrics, RustAstAnalyzer
from .compat_business import BusinessLogicPattern, RustBusinessLogicAnalyzer
from .correlation import Correlation, CorrelationConfig, Correlator, Event, RustCorrelator
from .fileio import (FileDecodeError, ReadError, WalkError, WalkWarning, copy_file_fast,
                     create_directory, delete_directory, delete_file, file_exists, find_files,
                     get_directory_size, get_file_mtime, get_file_size, iter_chunks,
                     list_directory, move_file, read_file_chunked, read_file_fast, read_files,
                     read_files_parallel, write_file_fast)

__version__ = "0.1.0"

__all__ = [
    "NATIVE_AVAILABLE",
    "AnalysisResult",
    "AstAnalyzer",
    "BusinessLogicAnalyzer",
    "BusinessLogicPattern",
    "RustBusinessLogicAnalyzer",
    "ComplexityMetrics",
    "RustAstAnalyzer",
    "Correlation",
    "CorrelationConfig",
    "Correlator",
    "Event",
    "RustCorrelator",
    "FileDecodeError",
    "ReadError",
    "WalkError",
    "WalkWarning",
    "copy_file_fast",
    "create_directory",
    "delete_directory",
    "delete_file",
    "file_exists",
    "find_files",
    "get_directory_size",
    "get_file_mtime",
    "get_file_size",
    "iter_chunks",
    "list_directory",
    "move_file",
    "read_file_chunked",
    "read_file_fast",
    "read_files",
    "read_files_parallel",
    "write_file_fast",
    "__version__",
]
