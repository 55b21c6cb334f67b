"""Business-logic extraction (docs/business.md): ``BusinessLogicAnalyzer`` finds the files,
runs the rule engine over them (rule_engine.py: native PCRE2 or pure Python) and builds the
analysis dict (business_analysis.py).

This module does the I/O: walking, the rule files, the few lines the edge-case heuristics
look at, package.json manifests for the platform. The analysis itself is a pure function.
"""

from __future__ import annotations

import json
import os
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from . import business_analysis
from ._python.rule_pack import default_rules
from ._python.rule_regions import language_of
from ._python.rules import CATEGORIES, Rule, RuleError, load_rules, merge_rules
from .fileio import WalkError, find_files
from .rule_engine import RuleEngine

MANIFEST_LIMIT = 1 << 20          # package.json files larger than this are not parsed
_CONTEXT_CATEGORIES = ("validation",)   # matches whose line the edge-case heuristics read


def _load_rule_file(path) -> List[Rule]:
    path = os.fspath(path)
    try:
        return load_rules(path)
    except OSError as exc:
        raise RuleError(path, f"cannot read the rule file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RuleError(path, f"not UTF-8 (byte {exc.start})") from None


def _category_filter(categories) -> Optional[Set[str]]:
    if categories is None:
        return None
    if isinstance(categories, str):
        categories = [c for c in categories.split(",")]
    wanted = {c.strip() for c in categories if c.strip()}
    unknown = sorted(wanted - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown category {unknown[0]!r} (known: {', '.join(CATEGORIES)})")
    return wanted


class BusinessLogicAnalyzer:
    """Finds business rules in app source and returns the analysis dict of docs/business.md.

    ``rules=None`` uses the default pack; ``rule_files`` are the user's YAML files, merged over
    it in order (a rule with an existing id replaces it); an invalid file raises ``RuleError``
    naming the file, the rule and the reason. ``categories`` keeps only those categories.
    The walking options are find_files' (docs/io.md); ``jobs`` threads match files (native).
    """

    def __init__(self, rules: Optional[Sequence[Rule]] = None, *, rule_files: Iterable = (),
                 categories: Union[None, str, Iterable[str]] = None, backend: str = "auto",
                 jobs: int = 0, exclude: Sequence[str] = (), respect_gitignore: bool = True,
                 default_excludes: bool = True, follow_symlinks: bool = False):
        selected = list(default_rules() if rules is None else rules)
        for path in rule_files:
            selected = merge_rules(selected, _load_rule_file(path))
        wanted = _category_filter(categories)
        if wanted is not None:
            selected = [r for r in selected if r.category in wanted]
        self.rules: List[Rule] = selected
        self.engine = RuleEngine(selected, backend)
        self.backend = self.engine.backend
        self.jobs = jobs
        self.walk_options = dict(exclude=list(exclude) or None,
                                 respect_gitignore=respect_gitignore,
                                 default_excludes=default_excludes,
                                 follow_symlinks=follow_symlinks)
        self._any_language = any(not r.languages for r in selected)
        self._languages = {lang for r in selected for lang in r.languages}

    # ---- public API ----------------------------------------------------------------------

    def analyze_directory(self, root) -> dict:
        """Every file below root (find_files' rules); a path that cannot be walked or read
        goes to diagnostics.errors and the run goes on. A missing root raises."""
        root = os.fspath(root)
        walk_errors: List[dict] = []
        try:
            paths = find_files(root, jobs=self.jobs, on_error="raise", **self.walk_options)
        except WalkError as exc:
            paths, walk_errors = exc.paths, list(exc.errors)
        return self._analyze(paths, root, walk_errors)

    def analyze_files(self, paths: Iterable, root=None) -> dict:
        """The given files; paths shown relative to ``root`` when given. A directory, or a
        missing file, among them is reported in diagnostics.errors."""
        return self._analyze([os.fsdecode(p) for p in paths],
                             None if root is None else os.fspath(root), [], explicit=True)

    def analyze_source(self, source: Union[str, bytes], path: str) -> dict:
        """One file's text, as if read from ``path`` (whose extension picks the language)."""
        path = os.fsdecode(path)
        data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        covered = self._covers(path)
        matches = self.engine.match(data, path) if covered else []
        limits = list(self.engine.limits) if covered else []
        rn = {path} if _base(path) == "package.json" and _depends_on_react_native(data) else set()
        lines = _lines_from_bytes(data, {m["line"] for m in self._needing_context(matches)})
        return self._build(matches, [], limits, [path], 1, len(data), None, rn,
                           {(path, n): text for n, text in lines.items()})

    # ---- the run -------------------------------------------------------------------------

    def _covers(self, path: str) -> bool:
        """Whether some rule applies to the file's language (others need not be read)."""
        return self._any_language or language_of(path) in self._languages

    def _analyze(self, paths: List[str], root: Optional[str], walk_errors: List[dict],
                 explicit: bool = False) -> dict:
        def shown(p: str) -> str:
            rel = os.path.relpath(p, root) if root is not None else p
            return rel.replace(os.sep, "/")
        # An explicit path that is not a regular file goes to the engine, which reports it.
        selected = [p for p in paths if self._covers(p) or (explicit and not os.path.isfile(p))]
        matches, errors = self.engine.match_files(selected, jobs=self.jobs)
        limits = list(self.engine.limits) if self.backend == "native" else []
        failed = {e["path"] for e in errors}
        read = [p for p in selected if p not in failed]
        size = sum(_size(p) for p in read)
        lines = self._context_lines(matches)
        display = {p: shown(p) for p in set(paths) | {m["path"] for m in matches} | failed}
        for m in matches:
            m["path"] = display[m["path"]]
        errors = [dict(e, path=display.get(e["path"], e["path"])) for e in walk_errors + errors]
        limits = [dict(x, path=display.get(x["path"], x["path"])) for x in limits]
        rn = {display[p] for p in paths if _base(p) == "package.json" and _manifest_is_rn(p)}
        return self._build(matches, errors, limits, [display[p] for p in paths], len(read),
                           size, root, rn, {(display[p], n): t for (p, n), t in lines.items()})

    def _needing_context(self, matches: Sequence[dict]) -> List[dict]:
        category = {r.id: r.category for r in self.rules}
        return [m for m in matches if category[m["rule"]] in _CONTEXT_CATEGORIES]

    def _context_lines(self, matches: Sequence[dict]) -> Dict[Tuple[str, int], str]:
        wanted: Dict[str, Set[int]] = {}
        for m in self._needing_context(matches):
            wanted.setdefault(m["path"], set()).add(m["line"])
        out = {}
        for path, numbers in wanted.items():
            for n, text in _lines_from_file(path, numbers).items():
                out[(path, n)] = text
        return out

    def _build(self, matches, errors, limits, paths, files, size, root, rn, lines) -> dict:
        from . import __version__
        return business_analysis.build_analysis(
            rules=self.rules, matches=matches, errors=errors, limits=limits, paths=paths,
            files_analyzed=files, bytes_analyzed=size, root=root, backend=self.backend,
            tool_version=__version__, react_native_manifests=rn, lines=lines)


# ---- small I/O helpers -------------------------------------------------------------------------

def _base(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _decode_line(raw: bytes) -> str:
    return raw.rstrip(b"\n").decode("utf-8", "replace")


def _lines_from_bytes(data: bytes, numbers: Set[int]) -> Dict[int, str]:
    out, last = {}, max(numbers, default=0)
    for n, raw in enumerate(data.split(b"\n", last), 1):
        if n in numbers:
            out[n] = _decode_line(raw)
        if n >= last:
            break
    return out


def _lines_from_file(path: str, numbers: Set[int]) -> Dict[int, str]:
    """The given lines of a file, read line by line up to the last one wanted (the file may
    be large: memory stays one line). A file that cannot be read gives nothing."""
    out, last = {}, max(numbers, default=0)
    try:
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if n in numbers:
                    out[n] = _decode_line(raw)
                if n >= last:
                    break
    except OSError:
        pass
    return out


def _depends_on_react_native(data: bytes) -> bool:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(doc, dict):
        return False
    return any(isinstance(doc.get(k), dict) and "react-native" in doc[k]
               for k in ("dependencies", "devDependencies", "peerDependencies"))


def _manifest_is_rn(path: str) -> bool:
    try:
        if os.path.getsize(path) > MANIFEST_LIMIT:
            return False
        with open(path, "rb") as fh:
            return _depends_on_react_native(fh.read())
    except OSError:
        return False
