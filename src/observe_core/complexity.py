"""Code complexity analysis: the public API (``AstAnalyzer``) over both backends.

Records are plain dicts, identical for both backends (see docs/metrics.md for every field):
a file record holds its ``functions``, ``classes`` and ``diagnostics``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, List, Optional, Sequence

from . import _backend
from ._python import complexity as _py_complexity


LANGUAGE_ALIASES = {"python": "python", "py": "python", "python3": "python"}
DEFAULT_EXTENSIONS = (".py", ".pyw")

# The CLI asks for progress in batches of this many files; the worker pool runs on each batch.
PROGRESS_BATCH = 512


def normalize_language(language: str) -> str:
    try:
        return LANGUAGE_ALIASES[language.lower()]
    except KeyError:
        supported = ", ".join(sorted(set(LANGUAGE_ALIASES.values())))
        raise ValueError(f"unsupported language {language!r} (supported: {supported})") from None


@dataclass
class AnalysisResult:
    """The outcome of analysing a directory.

    ``files`` are file records sorted by path; ``errors`` are paths the walk could not enter
    (each a diagnostic dict). ``elapsed`` is wall time in seconds.
    """

    root: str
    backend: str
    files: List[dict] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    elapsed: float = 0.0

    def functions(self) -> Iterator[dict]:
        for record in self.files:
            yield from record["functions"]

    def classes(self) -> Iterator[dict]:
        for record in self.files:
            yield from record["classes"]

    def diagnostics(self) -> Iterator[dict]:
        yield from self.errors
        for record in self.files:
            yield from record["diagnostics"]

    def violations(self, max_cyclomatic: Optional[int] = None,
                   max_cognitive: Optional[int] = None) -> List[dict]:
        """Functions over either threshold, worst first."""
        out = [f for f in self.functions()
               if (max_cyclomatic is not None and f["cyclomatic_complexity"] > max_cyclomatic)
               or (max_cognitive is not None and f["cognitive_complexity"] > max_cognitive)]
        out.sort(key=lambda f: (-f["cyclomatic_complexity"], -f["cognitive_complexity"],
                                f["source_file"], f["line"]))
        return out

    def summary(self) -> dict:
        files = self.files
        functions = list(self.functions())
        n = len(functions)
        return {
            "root": self.root,
            "backend": self.backend,
            "files": len(files),
            "bytes": sum(f["size_bytes"] for f in files),
            "physical_lines": sum(f["physical_lines"] for f in files),
            "code_lines": sum(f["code_lines"] for f in files),
            "comment_lines": sum(f["comment_lines"] for f in files),
            "blank_lines": sum(f["blank_lines"] for f in files),
            "functions": n,
            "classes": sum(f["num_classes"] for f in files),
            "total_cyclomatic": sum(f["total_cyclomatic"] for f in files),
            "total_cognitive": sum(f["total_cognitive"] for f in files),
            "average_cyclomatic": round(sum(f["cyclomatic_complexity"] for f in functions) / n, 3) if n else 0.0,
            "max_cyclomatic": max((f["cyclomatic_complexity"] for f in functions), default=0),
            "max_cognitive": max((f["cognitive_complexity"] for f in functions), default=0),
            "files_with_diagnostics": sum(1 for f in files if f["diagnostics"]),
            "walk_errors": len(self.errors),
            "elapsed_seconds": round(self.elapsed, 6),
        }

    def to_dict(self) -> dict:
        return {"summary": self.summary(), "files": self.files, "errors": self.errors}


def _walk_options(root: str, exclude, respect_gitignore: bool, default_excludes: bool,
                  follow_symlinks: bool, extensions) -> dict:
    """The walk options both backends take, normalised; a missing root is refused here."""
    if not os.path.exists(root):
        raise FileNotFoundError(f"{root}: no such file or directory")
    return dict(respect_gitignore=respect_gitignore, default_excludes=default_excludes,
                follow_symlinks=follow_symlinks, exclude=list(exclude or ()),
                extensions=list(extensions) if extensions else list(DEFAULT_EXTENSIONS))


class AstAnalyzer:
    """Complexity analysis of source files, directories and strings.

    ``backend`` is "auto" (native when the C extension is built), "native" or "python";
    ``jobs`` is the number of worker threads for directories (None: all cores).
    """

    def __init__(self, backend: str = "auto", jobs: Optional[int] = None):
        self.backend = _backend.resolve(backend)
        self.jobs = jobs

    @property
    def native(self) -> bool:
        return self.backend == "native"

    def analyze_source(self, source, language: str = "python", path: str = "<string>") -> dict:
        """Analyses a str or bytes of source; returns a file record."""
        normalize_language(language)
        if self.native:
            return _backend._native.analyze_source(source, path)
        return _py_complexity.analyze_source(source, path)

    def analyze_file(self, path) -> dict:
        """Analyses one file; read errors become a diagnostic in the record."""
        path = os.fspath(path)
        if self.native:
            return _backend._native.analyze_file(path)
        return _py_complexity.analyze_file(path)

    def find_files(self, root, *, exclude: Optional[Sequence[str]] = None,
                   respect_gitignore: bool = True, default_excludes: bool = True,
                   follow_symlinks: bool = False,
                   extensions: Optional[Sequence[str]] = None):
        """The sorted paths analyse_directory would analyse, and the walk errors."""
        root = os.fspath(root)
        kwargs = _walk_options(root, exclude, respect_gitignore, default_excludes,
                               follow_symlinks, extensions)
        if self.native:
            return _backend._native.walk(root, **kwargs)
        from ._python import walk as _py_walk  # the fallback walker, loaded on demand
        return _py_walk.walk(root, **kwargs)

    def analyze_files(self, paths: Iterable[str], jobs: Optional[int] = None) -> List[dict]:
        """Analyses the given files (in parallel when native); records in the given order."""
        paths = [os.fspath(p) for p in paths]
        if self.native:
            return _backend._native.analyze_files(paths, jobs or self.jobs or 0)
        return [_py_complexity.analyze_file(p) for p in paths]

    def analyze_directory(self, root, *, jobs: Optional[int] = None,
                          exclude: Optional[Sequence[str]] = None,
                          respect_gitignore: bool = True, default_excludes: bool = True,
                          follow_symlinks: bool = False,
                          extensions: Optional[Sequence[str]] = None,
                          progress: Optional[Callable[[int, int], None]] = None) -> AnalysisResult:
        """Discovers and analyses every source file under root (a file also works).

        Files are sorted by path; ``.gitignore`` files and the default excludes (VCS folders,
        caches, virtualenvs, ``node_modules``, build output) are honoured unless switched off;
        ``exclude`` takes gitignore-style globs. ``progress(done, total)`` is called as batches
        finish (the native pool runs inside each batch with the GIL released).
        """
        start = time.perf_counter()
        root = os.fspath(root)
        kwargs = _walk_options(root, exclude, respect_gitignore, default_excludes,
                               follow_symlinks, extensions)
        jobs = jobs or self.jobs or 0
        if self.native and progress is None:
            files, errors = _backend._native.analyze_directory(root, jobs=jobs, **kwargs)
        else:
            paths, errors = self.find_files(root, **kwargs)
            files = []
            batch = PROGRESS_BATCH if self.native else 1
            for i in range(0, len(paths), batch):
                files.extend(self.analyze_files(paths[i:i + batch], jobs))
                if progress:
                    progress(len(files), len(paths))
        return AnalysisResult(root=root, backend=self.backend, files=files, errors=errors,
                              elapsed=time.perf_counter() - start)
