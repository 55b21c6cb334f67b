"""Names and shapes from the original (Rust) plan, kept for code written against it.

``RustAstAnalyzer`` and ``ComplexityMetrics`` are thin layers over ``AstAnalyzer``: the metric
definitions are ours (docs/metrics.md), not the original analyzer's, which had known errors.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Sequence

from .complexity import LANGUAGES, AstAnalyzer

# risk_level() thresholds of the original plan.
HIGH_CYCLOMATIC, HIGH_COGNITIVE = 20, 30
MEDIUM_CYCLOMATIC, MEDIUM_COGNITIVE = 10, 15


@dataclass
class ComplexityMetrics:
    """Complexity of a file (totals over its functions) or of one function."""

    cyclomatic_complexity: int = 0
    cognitive_complexity: int = 0
    max_nesting_depth: int = 0
    lines_of_code: int = 0
    function_count: int = 0
    class_count: int = 0

    def risk_level(self) -> str:
        if self.cyclomatic_complexity > HIGH_CYCLOMATIC or self.cognitive_complexity > HIGH_COGNITIVE:
            return "high"
        if self.cyclomatic_complexity > MEDIUM_CYCLOMATIC or self.cognitive_complexity > MEDIUM_COGNITIVE:
            return "medium"
        return "low"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_file(cls, record: dict) -> "ComplexityMetrics":
        return cls(
            cyclomatic_complexity=record["total_cyclomatic"],
            cognitive_complexity=record["total_cognitive"],
            max_nesting_depth=record["max_nested_depth"],
            lines_of_code=record["code_lines"],
            function_count=record["num_functions"],
            class_count=record["num_classes"],
        )

    @classmethod
    def from_function(cls, record: dict) -> "ComplexityMetrics":
        return cls(
            cyclomatic_complexity=record["cyclomatic_complexity"],
            cognitive_complexity=record["cognitive_complexity"],
            max_nesting_depth=record["nested_depth"],
            lines_of_code=record["lines_of_code"],
            function_count=1,
        )


class RustAstAnalyzer:
    """The original plan's analyzer API. Results are cached per (path, size, mtime)."""

    def __init__(self, backend: str = "auto"):
        self._analyzer = AstAnalyzer(backend=backend)
        self._cache: Dict[tuple, ComplexityMetrics] = {}

    @staticmethod
    def supported_languages() -> List[str]:
        return list(LANGUAGES)

    def analyze_source(self, source: str, language: str = "python") -> ComplexityMetrics:
        return ComplexityMetrics.from_file(self._analyzer.analyze_source(source, language))

    def analyze_file(self, path) -> ComplexityMetrics:
        path = os.fspath(path)
        key = self._key(path)
        if key in self._cache:
            return self._cache[key]
        record = self._analyzer.analyze_file(path)
        for diag in record["diagnostics"]:
            if diag["code"] in ("not-found", "permission-denied", "is-directory", "read-error"):
                raise OSError(f"{path}: {diag['message']}")
        metrics = ComplexityMetrics.from_file(record)
        self._cache[key] = metrics
        return metrics

    def analyze_directory(self, path, extensions: Optional[Sequence[str]] = None
                          ) -> Dict[str, ComplexityMetrics]:
        ext = [e if e.startswith(".") else "." + e for e in extensions] if extensions else None
        result = self._analyzer.analyze_directory(path, extensions=ext)
        out = {}
        for record in result.files:
            metrics = ComplexityMetrics.from_file(record)
            out[record["path"]] = metrics
            key = self._key(record["path"])
            if key is not None:
                self._cache[key] = metrics
        return out

    def clear_cache(self) -> None:
        self._cache.clear()

    def cache_size(self) -> int:
        return len(self._cache)

    @staticmethod
    def _key(path: str):
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (path, st.st_size, st.st_mtime_ns)
