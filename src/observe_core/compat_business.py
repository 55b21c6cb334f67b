"""The original plan's business-logic API (``RustBusinessLogicAnalyzer``,
``BusinessLogicPattern``), kept for code written against it, over ``BusinessLogicAnalyzer``.

A pattern is one business rule found (one rule match). Its ``category`` is the plan's
category of the rule's category (docs/rules.md section 1) and its ``confidence`` the plan's
fixed confidence for that category (PLAN_CONFIDENCE), not the rule's own confidence, which
the analysis dict reports (docs/business.md, "Compatibility").
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Union

from .business import BusinessLogicAnalyzer

PLAN_CONFIDENCE = {"Validation": 0.8, "Authentication": 0.85, "StateManagement": 0.75,
                   "ErrorHandling": 0.9, "Integration": 0.7}


@dataclass
class BusinessLogicPattern:
    name: str              # the rule id
    category: str          # Validation | Authentication | StateManagement | ErrorHandling | Integration
    confidence: float      # PLAN_CONFIDENCE[category]
    file_path: str
    line_number: int
    code_snippet: str

    def to_dict(self) -> dict:
        return asdict(self)


class RustBusinessLogicAnalyzer:
    """Accumulates the patterns of the files given to ``analyze_file``."""

    def __init__(self, backend: str = "auto"):
        self._analyzer = BusinessLogicAnalyzer(backend=backend)
        self._patterns: List[BusinessLogicPattern] = []

    def analyze_file(self, path, source: Union[None, str, bytes] = None
                     ) -> List[BusinessLogicPattern]:
        """The patterns of one file (``source``, or the file's bytes when None), also added
        to the accumulated ones."""
        path = os.fsdecode(path)
        if source is None:
            with open(path, "rb") as fh:
                source = fh.read()
        analysis = self._analyzer.analyze_source(source, path)
        found = [BusinessLogicPattern(
            name=b["rule"], category=b["plan_category"],
            confidence=PLAN_CONFIDENCE[b["plan_category"]], file_path=path,
            line_number=b["line_number"], code_snippet=b["code_snippet"])
            for b in analysis["business_rules"]]
        self._patterns.extend(found)
        return list(found)

    def get_patterns(self) -> List[BusinessLogicPattern]:
        return list(self._patterns)

    def get_patterns_by_category(self, category: str) -> List[BusinessLogicPattern]:
        return [p for p in self._patterns if p.category == category]

    def get_statistics(self) -> Dict[str, object]:
        total = len(self._patterns)
        by_category = Counter(p.category for p in self._patterns)
        return {"total_patterns": total,
                "avg_confidence": (sum(p.confidence for p in self._patterns) / total
                                   if total else 0.0),
                "by_category": {c: by_category[c] for c in PLAN_CONFIDENCE if by_category[c]}}

    def clear(self) -> None:
        self._patterns.clear()

    def __len__(self) -> int:
        return len(self._patterns)
