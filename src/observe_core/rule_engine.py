"""The business-logic rule engine (docs/rules.md): a compiled rule set applied to files.

``RuleEngine(rules).match(data, path)`` returns the matches of docs/rules.md section 4. The
native backend runs every rule with PCRE2 (JIT) in C with the GIL released; the pure-Python
one (``_python/rule_match.py``) with ``re`` on bytes. Both give the same matches; where a rule
hits PCRE2's backtracking bound on a file, the native backend reports it in ``limits`` and
that rule stops there for the file, keeping the matches before (Python's ``re`` has no such
bound).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from typing import List, Optional, Sequence, Tuple

from . import _backend
from ._python.rule_match import match_file
from ._python.rule_regions import language_of
from ._python.rules import LANGUAGES, REGIONS, Rule

_REGION_BITS = {name: 1 << i for i, name in enumerate(REGIONS)}
# OSError -> the C reader's error codes (readfile.h)
_ERROR_CODES = {errno.ENOENT: "not-found", errno.EACCES: "permission-denied",
                errno.EPERM: "permission-denied", errno.EISDIR: "is-directory"}


def gate_cache_dir() -> Optional[str]:
    """Where compiled Vectorscan gates are kept (docs/rules.md section 6):
    $OBSERVE_CACHE_DIR, else $XDG_CACHE_HOME/observe-core, else ~/.cache/observe-core;
    None when OBSERVE_CACHE_DIR is empty (no cache)."""
    explicit = os.environ.get("OBSERVE_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "observe-core")


# Gate files kept in the cache: each rule set (a user's rule file, every edit of it) has its
# own, so the least recently used beyond these are deleted when a new one is written.
CACHE_KEEP = 32


def _compile_native(rules: Sequence[Rule]):
    """The C rule set. Its Vectorscan gate takes most of a second to compile, so it is saved
    under a hash of the patterns and read back next time; the C side checks what it reads
    (format, Vectorscan version, checksum) and compiles afresh when it does not fit."""
    specs = [(r.id, r.pattern.encode("utf-8"),
              sum(1 << LANGUAGES.index(lang) for lang in r.languages),
              sum(_REGION_BITS[w] for w in r.where)) for r in rules]
    directory = gate_cache_dir()
    path = saved = None
    if directory:
        key = hashlib.sha256(b"\0".join(spec[1] for spec in specs)).hexdigest()
        path = os.path.join(directory, f"gate-{len(specs)}-{key[:32]}.bin")
        try:
            with open(path, "rb") as fh:
                saved = fh.read()
            os.utime(path)                    # recently used: the last to be pruned
        except OSError:
            pass
    compiled = _backend._native.rules_compile(specs, saved)
    if path:
        gate = _backend._native.rules_save_gate(compiled)
        if gate is not None and gate != saved:
            _write_atomically(path, gate)
            _prune_cache(directory)
    return compiled


def _prune_cache(directory: str) -> None:
    """Deletes the least recently used gate files beyond CACHE_KEEP (best effort)."""
    try:
        gates = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(directory)
                 if entry.name.startswith("gate-") and entry.name.endswith(".bin")]
    except OSError:
        return
    for _, stale in sorted(gates, reverse=True)[CACHE_KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(stale)


def _write_atomically(path: str, data: bytes) -> None:
    """Best effort: a cache that cannot be written only costs the next run the compile."""
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".gate-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class RuleEngine:
    def __init__(self, rules: Sequence[Rule], backend: str = "auto"):
        self.rules = list(rules)
        self.backend = _backend.resolve(backend)
        self.limits: List[dict] = []          # the native backend's bound hits, last match()
        self._compiled = None
        if self.backend == "native":
            self._compiled = _compile_native(self.rules)
            # what the binding needs to build the match dicts: id and (field, group number)
            self._meta = [(r.id, tuple((name, r.compiled().groupindex[group])
                                       for name, group in r.fields)) for r in self.rules]

    def match(self, data: bytes, path: str, language: Optional[str] = None) -> List[dict]:
        language = language or language_of(path)
        if self.backend == "python":
            return match_file(data, path, self.rules, language)
        matches, limits = _backend._native.rules_match(self._compiled, self._meta, data, path,
                                                       language)
        self.limits = [self._limit(*limit) for limit in limits]
        return matches

    def _limit(self, rule: int, offset: int, code: int, path: str) -> dict:
        return {"rule": self.rules[rule].id, "path": path, "offset": offset, "pcre2_error": code}

    def match_files(self, paths: Sequence, jobs: int = 0) -> Tuple[List[dict], List[dict]]:
        """(matches, errors) of many files: the matches sorted by path (bytewise), offset and
        rule id; an error per file that could not be read (``path``, ``code``, ``message``),
        the other files going on. The native backend reads and matches on ``jobs`` threads
        (0: every core) without the GIL."""
        ordered = sorted((os.fsdecode(p) for p in paths), key=os.fsencode)
        matches, errors = [], []
        if self.backend == "native":
            matches, limits, failed = _backend._native.rules_match_files(
                self._compiled, self._meta, ordered, jobs)
            self.limits = [self._limit(*limit) for limit in limits]
            return matches, [{"path": p, "code": c, "message": m} for p, c, m in failed]
        for path in ordered:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                errors.append({"path": path, "code": _ERROR_CODES.get(exc.errno, "read-error"),
                               "message": os.strerror(exc.errno) if exc.errno else str(exc)})
                continue
            matches.extend(match_file(data, path, self.rules))
        return matches, errors

