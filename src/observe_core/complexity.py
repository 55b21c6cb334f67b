"""Code complexity analysis: the public API (``AstAnalyzer``) over both backends.

Records are plain dicts, identical for both backends (see docs/metrics.md for every field):
a file record holds its ``functions``, ``classes`` and ``diagnostics``. Python and the brace
languages of mobile apps (Kotlin, Java, Swift, JavaScript, TypeScript, Objective-C, Dart;
docs/metrics_mobile.md) are read; a file's language comes from its extension (languages.py).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, List, Mapping, Optional, Sequence

from . import _backend
from ._python import brace_metrics as _py_brace
from ._python import complexity as _py_complexity
from .languages import (DEFAULT_EXTENSIONS, LANGUAGE_ALIASES, LANGUAGES,  # noqa: F401
                        extensions_for, language_for_path, normalize_language, normalize_map)

# The CLI asks for progress in batches of this many files; the worker pool runs on each batch.
PROGRESS_BATCH = 512


def _python_source(source, language: str, path: str) -> dict:
    """The pure-Python backend on source; ``language`` as given (an alias may choose JSX)."""
    if normalize_language(language) == "python":
        return _py_complexity.analyze_source(source, path)
    return _py_brace.analyze_source(source, language, path)


def _python_file(path: str, language: str) -> dict:
    """The pure-Python backend on a file; a read error is a record with a diagnostic."""
    if language == "python":
        return _py_complexity.analyze_file(path)
    data, record = _py_complexity.read_file(path)
    if record is not None:
        record["language"] = language
        return record
    return _py_brace.analyze_source(data, language, path)


def _native_languages() -> frozenset:
    return frozenset(_backend._native.native_languages()) if _backend.NATIVE_AVAILABLE \
        else frozenset()


# Languages the C core has metrics for; files of the others go to the pure-Python backend.
NATIVE_LANGUAGES = _native_languages()


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
            "languages": dict(sorted(Counter(f["language"] for f in files).items())),
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
        """Analyses a str or bytes of source in a language (name or alias, any case: "kotlin",
        "kt", "tsx" ...); returns a file record."""
        if self.native and normalize_language(language) in NATIVE_LANGUAGES:
            return _backend._native.analyze_source(source, path, language)
        return _python_source(source, language, path)

    def analyze_file(self, path, language: Optional[str] = None) -> dict:
        """Analyses one file, in ``language`` or by its extension (Python when the extension
        names no language); read errors become a diagnostic in the record."""
        path = os.fspath(path)
        name = normalize_language(language) if language else language_for_path(path) or "python"
        if self.native and name in NATIVE_LANGUAGES:
            return _backend._native.analyze_file(path, name)
        return _python_file(path, name)

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

    def analyze_files(self, paths: Iterable[str], jobs: Optional[int] = None, *,
                      language_map: Optional[Mapping[str, str]] = None) -> List[dict]:
        """Analyses the given files (in parallel when native); records in the given order.
        Languages come from extensions, ``language_map`` ({".inc": "java"}) first."""
        paths = [os.fspath(p) for p in paths]
        mapping = normalize_map(language_map)
        names = [language_for_path(p, mapping) or "python" for p in paths]
        if not self.native:
            return [_python_file(p, n) for p, n in zip(paths, names)]
        native = [i for i, n in enumerate(names) if n in NATIVE_LANGUAGES]
        out: List[Optional[dict]] = [None] * len(paths)
        records = _backend._native.analyze_files([paths[i] for i in native],
                                                 jobs or self.jobs or 0, [names[i] for i in native])
        for i, record in zip(native, records):
            out[i] = record
        for i, record in enumerate(out):
            if record is None:
                out[i] = _python_file(paths[i], names[i])
        return out

    def analyze_directory(self, root, *, jobs: Optional[int] = None,
                          exclude: Optional[Sequence[str]] = None,
                          respect_gitignore: bool = True, default_excludes: bool = True,
                          follow_symlinks: bool = False,
                          extensions: Optional[Sequence[str]] = None,
                          languages: Optional[Sequence[str]] = None,
                          language_map: Optional[Mapping[str, str]] = None,
                          progress: Optional[Callable[[int, int], None]] = None) -> AnalysisResult:
        """Discovers and analyses every source file under root (a file also works).

        Every language is read by default; ``languages`` (names or aliases) keeps only those,
        ``language_map`` ({".inc": "java"}) adds or overrides extensions, ``extensions``
        replaces the list of extensions walked.

        Files are sorted by path; ``.gitignore`` files and the default excludes (VCS folders,
        caches, virtualenvs, ``node_modules``, build output) are honoured unless switched off;
        ``exclude`` takes gitignore-style globs. ``progress(done, total)`` is called as batches
        finish (the native pool runs inside each batch with the GIL released).
        """
        start = time.perf_counter()
        root = os.fspath(root)
        mapping = normalize_map(language_map)
        chosen = None if languages is None else [normalize_language(n) for n in languages]
        if extensions is None:
            extensions = extensions_for(chosen, mapping)
        kwargs = _walk_options(root, exclude, respect_gitignore, default_excludes,
                               follow_symlinks, extensions)
        jobs = jobs or self.jobs or 0
        # One call into the C core when it reads every file the walk can return.
        whole_tree_native = self.native and progress is None and not mapping and all(
            (language_for_path("x" + ext) or "python") in NATIVE_LANGUAGES
            for ext in kwargs["extensions"])
        if whole_tree_native:
            files, errors = _backend._native.analyze_directory(root, jobs=jobs, **kwargs)
        else:
            paths, errors = self.find_files(root, **kwargs)
            files = []
            batch = PROGRESS_BATCH if self.native else 1
            for i in range(0, len(paths), batch):
                files.extend(self.analyze_files(paths[i:i + batch], jobs, language_map=mapping))
                if progress:
                    progress(len(files), len(paths))
        return AnalysisResult(root=root, backend=self.backend, files=files, errors=errors,
                              elapsed=time.perf_counter() - start)
