"""Fast file I/O: parallel discovery and reading, and the original plan's module-level functions.

Discovery (``find_files``) and bulk reading (``read_files``) run in the C core on a pool of
threads with the GIL released; ``backend="python"`` runs the pure-Python specification
(``_python/walk.py``, ``_python/fileio.py``), which returns identical results. The other
functions are one or two system calls each; they call the os/shutil functions directly for
both backends, since a C wrapper around the same system call would not be faster.
docs/io.md gives every function's exact semantics.

Errors are ``OSError`` (with ``errno`` and ``filename`` set, as ``open()`` sets them) or
``ValueError``; the path is always in the message.
"""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import stat
import warnings
from typing import Iterator, List, Optional, Sequence, Union

from . import _backend
from ._python import fileio as _py_fileio
from ._python import walk as _py_walk

__all__ = [
    "FileDecodeError", "ReadError", "WalkError", "WalkWarning",
    "find_files", "read_files", "read_files_parallel", "iter_chunks", "read_file_fast",
    "write_file_fast", "get_file_size", "file_exists", "get_directory_size", "list_directory",
    "copy_file_fast", "move_file", "delete_file", "create_directory", "delete_directory",
    "get_file_mtime", "read_file_chunked",
]

PathLike = Union[str, bytes, "os.PathLike[str]"]
GLOB_CHARS = frozenset("*?[")
ON_ERROR = ("raise", "none", "return")
DEFAULT_CHUNK = 1 << 20


class FileDecodeError(UnicodeDecodeError):
    """A file's bytes are not valid UTF-8. ``filename`` is the path; ``file_offset`` the
    offset in the file of the first bad byte (``start`` counts within ``object``)."""

    def __init__(self, filename, exc: UnicodeDecodeError, chunk_offset: int = 0):
        super().__init__(exc.encoding, exc.object, exc.start, exc.end, exc.reason)
        self.filename = filename
        self.file_offset = chunk_offset + exc.start

    def __str__(self) -> str:
        bad = self.object[self.start:self.end]
        return (f"{os.fsdecode(self.filename)}: not valid UTF-8 at byte {self.file_offset} "
                f"({bad!r}: {self.reason})")


class ReadError(OSError):
    """Some of the files asked for could not be read. ``failures`` maps each failing path to
    its exception (OSError or FileDecodeError); ``results`` is the list read_files would have
    returned with ``on_error="none"``."""

    def __init__(self, failures: dict, results: list):
        self.failures = failures
        self.results = results
        shown = "; ".join(str(exc) for exc in list(failures.values())[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        super().__init__(f"{len(failures)} of {len(results)} files could not be read: "
                         f"{shown}{more}")


class WalkWarning(UserWarning):
    """A path below the root could not be walked (find_files(on_error="warn"))."""


class WalkError(OSError):
    """Paths below the root could not be walked (find_files(on_error="raise")). ``errors``
    are the diagnostic dicts (path, code, message); ``paths`` what was found anyway."""

    def __init__(self, errors: list, paths: list):
        self.errors = errors
        self.paths = paths
        first = errors[0]
        super().__init__(f"{len(errors)} path(s) could not be walked: "
                         f"{first['path']}: {first['message']} ({first['code']})")


def _impl(backend: str):
    """The module holding walk/read_files/stat_sizes for the backend."""
    if _backend.resolve(backend) == "native":
        return _backend._native, _backend._native
    return _py_walk, _py_fileio


def _check_choice(value, choices, what):
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, choices))}, not {value!r}")


def _check_root(root) -> str:
    """The root as str; OSError (errno, filename) when it is missing or not a directory."""
    root = os.fspath(root)
    st = os.stat(root)  # FileNotFoundError / PermissionError with the path
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), root)
    return os.fsdecode(root)


def _split_patterns(patterns):
    """(glob list, substring or None). A single str without glob characters is the original
    plan's substring match on file names; anything else is a list of globs."""
    if patterns is None:
        return [], None
    if isinstance(patterns, (str, bytes, os.PathLike)):
        text = os.fsdecode(patterns)
        if not GLOB_CHARS.intersection(text):
            return [], text
        return [text], None
    return [os.fsdecode(p) for p in patterns], None


# ---- discovery --------------------------------------------------------------------------------

def find_files(root: PathLike, patterns: Union[None, str, Sequence[str]] = None, *,
               respect_gitignore: bool = True, follow_symlinks: bool = False,
               exclude: Optional[Sequence[str]] = None, default_excludes: bool = False,
               jobs: int = 0, on_error: str = "warn", backend: str = "auto") -> List[str]:
    """Every regular file under ``root`` matching ``patterns``, sorted bytewise.

    ``patterns`` are globs in .gitignore syntax matched against the path relative to root
    (``**/*.kt``, ``src/**/*.java``; a pattern without "/" such as ``*.swift`` matches the
    name at any depth; ``!glob`` excludes again; the last matching pattern decides). A single
    string without glob characters keeps the original plan's meaning: file names containing
    it. ``respect_gitignore`` applies .gitignore files, .git/info/exclude and skips ``.git``
    as git does; ``exclude`` adds gitignore-syntax globs; ``default_excludes`` also skips
    node_modules, build output, caches and virtualenvs. Symlinks are skipped unless
    ``follow_symlinks`` (then loops are detected and reported).

    Paths below the root that cannot be walked (permission denied, symlink loops, broken
    links) are reported according to ``on_error``: "warn" (a WalkWarning each, the default),
    "raise" (WalkError after the walk, holding the paths found) or "ignore". A missing root,
    or one that is not a directory, raises the OSError os.stat/open would.
    """
    _check_choice(on_error, ("warn", "raise", "ignore"), "on_error")
    root_s = _check_root(root)
    globs, substring = _split_patterns(patterns)
    walk_mod, _ = _impl(backend)
    paths, errors = walk_mod.walk(root_s, respect_gitignore=respect_gitignore,
                                  default_excludes=default_excludes,
                                  follow_symlinks=follow_symlinks, exclude=exclude,
                                  patterns=globs, jobs=jobs)
    if substring is not None:
        paths = [p for p in paths if substring in p.rsplit("/", 1)[-1]]
    if errors and on_error == "raise":
        raise WalkError(errors, paths)
    if on_error == "warn":
        for e in errors:
            warnings.warn(f"{e['path']}: {e['message']} ({e['code']})", WalkWarning, stacklevel=2)
    return paths


# ---- reading ----------------------------------------------------------------------------------

def read_files(paths: Sequence[PathLike], *, binary: bool = False, errors: str = "strict",
               on_error: str = "raise", jobs: int = 0, backend: str = "auto") -> list:
    """The contents of ``paths``, in order, read in parallel with the GIL released.

    Text (the default) is UTF-8 decoded with the ``errors`` handler of ``bytes.decode`` and
    no newline translation; ``binary=True`` gives bytes. A path that cannot be read or
    decoded is reported according to ``on_error``: "raise" (the default: ReadError after
    every path is tried, listing each failure), "none" (None in its place) or "return" (its
    exception in its place: the OSError open() raises, or a FileDecodeError).
    """
    _check_choice(on_error, ON_ERROR, "on_error")
    codecs.lookup_error(errors)  # LookupError for an unknown handler, before any work
    paths = [p if type(p) is str else os.fspath(p) for p in paths]
    _, read_mod = _impl(backend)
    results, failed = read_mod.read_files(paths, jobs=jobs, binary=binary, errors=errors)
    failures = {}
    for i in failed:
        item = results[i]
        if isinstance(item, UnicodeDecodeError):
            item = FileDecodeError(paths[i], item)
        failures[paths[i]] = item
        results[i] = None if on_error != "return" else item
    if failures and on_error == "raise":
        raise ReadError(failures, results)
    return results


def read_files_parallel(paths: Sequence[PathLike], *, binary: bool = False,
                        errors: str = "strict", on_error: str = "raise", jobs: int = 0,
                        backend: str = "auto") -> list:
    """The original plan's name for read_files (same arguments, same results)."""
    return read_files(paths, binary=binary, errors=errors, on_error=on_error, jobs=jobs,
                      backend=backend)


def read_file_fast(path: PathLike, *, backend: str = "auto") -> str:
    """The file's text (strict UTF-8, no newline translation). Raises the OSError open()
    would, or FileDecodeError."""
    (item,) = read_files([path], on_error="return", jobs=1, backend=backend)
    if isinstance(item, BaseException):
        raise item
    return item


def _positive(value, what) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{what} must be positive, got {value}")
    return value


def _utf8_cut(buf, limit: int) -> int:
    """The largest character boundary <= limit in buf (0 when the character at 0 is longer
    than limit). Bytes 0b10xxxxxx continue a character; a run of more than three of them is
    invalid UTF-8 anyway and is cut at limit."""
    if limit >= len(buf):
        return len(buf)
    cut = limit
    while cut > limit - 3 and cut > 0 and (buf[cut] & 0xC0) == 0x80:
        cut -= 1
    return cut if (buf[cut] & 0xC0) != 0x80 else limit


def _first_char_end(buf) -> int:
    end = 1
    while end < len(buf) and end < 4 and (buf[end] & 0xC0) == 0x80:
        end += 1
    return end


def iter_chunks(path: PathLike, size: int = DEFAULT_CHUNK, *, binary: bool = False,
                errors: str = "strict") -> Iterator[Union[str, bytes]]:
    """Streams the file in pieces of at most ``size`` bytes, each cut on a UTF-8 character
    boundary and decoded on its own (``errors`` as bytes.decode); a single character longer
    than ``size`` makes a piece of its own. ``"".join(chunks)`` equals the whole file
    decoded. With ``binary=True``, bytes pieces of exactly ``size`` (the last shorter).
    Raises ValueError for size <= 0, the OSError open() raises, or FileDecodeError."""
    size = _positive(size, "size")
    codecs.lookup_error(errors)
    path = os.fspath(path)
    with open(path, "rb") as f:
        if binary:
            while True:
                piece = f.read(size)
                if not piece:
                    return
                yield piece
        buf = bytearray()
        offset = 0
        eof = False
        while True:
            # Room for one more whole character so a piece can always end on a boundary.
            while not eof and len(buf) < size + 3:
                data = f.read(size + 3 - len(buf))
                if not data:
                    eof = True
                buf += data
            if not buf:
                return
            cut = _utf8_cut(buf, size) if not (eof and len(buf) <= size) else len(buf)
            if cut == 0:
                cut = _first_char_end(buf)
            piece = bytes(buf[:cut])
            del buf[:cut]
            try:
                yield piece.decode("utf-8", errors)
            except UnicodeDecodeError as exc:
                raise FileDecodeError(path, exc, offset) from None
            offset += cut


def read_file_chunked(path: PathLike, chunk_size: int = 8192) -> List[str]:
    """The original plan's chunked reader: the file's text as a list of pieces of at most
    chunk_size bytes, each ending on a UTF-8 boundary (iter_chunks). chunk_size <= 0 is a
    ValueError."""
    return list(iter_chunks(path, _positive(chunk_size, "chunk_size")))


# ---- the original plan's single-file functions -----------------------------------------------

def write_file_fast(path: PathLike, content: Union[str, bytes]) -> int:
    """Writes content (str as UTF-8, or bytes) to path, replacing it; returns the number of
    bytes written. The parent directory must exist."""
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def get_file_size(path: PathLike) -> int:
    """Size in bytes of the file at path (symlinks followed). A directory raises
    IsADirectoryError."""
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    return st.st_size


def file_exists(path: PathLike) -> bool:
    """True when path names an existing regular file (symlinks followed); False for
    directories, broken links and missing paths."""
    return os.path.isfile(path)


def get_file_mtime(path: PathLike) -> float:
    """Modification time of path as seconds since the epoch (symlinks followed)."""
    return os.stat(path).st_mtime


def list_directory(path: PathLike) -> List[str]:
    """The entries directly inside directory path (files, directories, links; not "." and
    ".."), as path joined with each name, sorted bytewise."""
    base = os.fspath(path)
    names = sorted(os.listdir(os.fsencode(base)))
    return [os.path.join(os.fsdecode(base), os.fsdecode(n)) for n in names]


def get_directory_size(path: PathLike, *, jobs: int = 0, backend: str = "auto") -> int:
    """Total size in bytes of the regular files anywhere under path: no ignore rules, hidden
    files and .git included, symlinks not followed (like ``du --apparent-size -b``, minus the
    directories' own sizes). A subdirectory that cannot be read raises WalkError."""
    root = _check_root(path)
    walk_mod, read_mod = _impl(backend)
    paths, errors = walk_mod.walk(root, respect_gitignore=False, default_excludes=False,
                                  follow_symlinks=False, jobs=jobs)
    if errors:
        raise WalkError(errors, paths)
    sizes, errnos = read_mod.stat_sizes(paths, jobs=jobs)
    # A file that vanished since the walk no longer takes space: errno ENOENT counts 0.
    for p, err in zip(paths, errnos):
        if err and err != errno.ENOENT:
            raise OSError(err, os.strerror(err), p)
    return sum(sizes)


def copy_file_fast(src: PathLike, dst: PathLike) -> int:
    """Copies the file's bytes (the kernel copies them: copy_file_range/sendfile) and its
    permission bits to dst, replacing dst; returns the number of bytes copied."""
    shutil.copyfile(src, dst)
    shutil.copymode(src, dst)
    return os.stat(dst).st_size


def move_file(src: PathLike, dst: PathLike) -> None:
    """Moves src to the path dst (replacing a file there), across filesystems too (copy then
    delete). dst naming an existing directory raises IsADirectoryError rather than moving
    src inside it."""
    if os.path.isdir(dst):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(dst))
    os.lstat(src)  # FileNotFoundError naming src, before anything moves
    shutil.move(src, dst)


def delete_file(path: PathLike) -> None:
    """Removes the file (or symlink) at path. A directory raises IsADirectoryError."""
    if os.path.isdir(path) and not os.path.islink(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    os.remove(path)


def create_directory(path: PathLike) -> None:
    """Creates the directory and any missing parents; an existing directory is fine."""
    os.makedirs(path, exist_ok=True)


def delete_directory(path: PathLike) -> None:
    """Removes the directory and everything in it. A file or a symlink raises
    NotADirectoryError (nothing is deleted through a link)."""
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), os.fspath(path))
    shutil.rmtree(path)
