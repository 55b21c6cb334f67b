"""The public file I/O API (observe_core.fileio): discovery against git, reading, chunking,
the original plan's module-level functions, and bad input. Every function that has a native
path is run on both backends and the results compared."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import observe_core as oc
from observe_core import _backend
from test_walk import GIT, IS_ROOT, Link, build, git_files, git_init, relative

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
BACKENDS = ["python"] + (["native"] if _backend.NATIVE_AVAILABLE else [])
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def both(function, *args, **kwargs):
    """Calls function with each backend; asserts identical results and returns one."""
    results = [function(*args, backend=b, **kwargs) for b in BACKENDS]
    assert all(r == results[0] for r in results[1:])
    return results[0]


# ---- find_files against git --------------------------------------------------------------------

# The tricky cases of .gitignore: negation, directory-only patterns, anchored patterns, nested
# ignore files (deeper wins), "**", a re-include below an excluded directory (impossible),
# .git/info/exclude, escapes, and a tracked file that a pattern would ignore (-c lists it; we
# do not read the index, see docs/io.md).
CONFORMANCE_TREE = {
    ".gitignore": "*.log\n!keep.log\n/build/\ndocs/*.md\n!docs/README.md\ncache/\n"
                  "**/generated/**\n\\#hash\nsecret?.txt\n",
    "app/src/Main.kt": "", "app/src/Util.java": "", "app/build/out.class": "",
    "build/out.o": "", "debug.log": "", "keep.log": "", "app/keep.log": "", "app/x.log": "",
    "docs/guide.md": "", "docs/README.md": "", "docs/sub/deep.md": "",
    "cache/a.txt": "", "cache/.gitignore": "!a.txt\n", "lib/cache": "",
    "ios/generated/Api.swift": "", "ios/App.swift": "", "ios/generated": None,
    "#hash": "", "secret1.txt": "", "secret12.txt": "",
    "nested/.gitignore": "*.tmp\n!important.tmp\n/anchored.txt\n",
    "nested/a.tmp": "", "nested/important.tmp": "", "nested/anchored.txt": "",
    "nested/deeper/anchored.txt": "", "nested/deeper/.gitignore": "important.tmp\n",
    "nested/deeper/important.tmp": "", "info-excluded.dat": "", ".git/info/exclude": "*.dat\n",
}


@pytest.fixture(scope="module")
def conformance_repo(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("conformance"))
    if GIT:
        git_init(root)
    build(root, {k: v for k, v in CONFORMANCE_TREE.items() if v is not None})
    return root


@needs_git
def test_find_files_equals_git_ls_files(conformance_repo):
    root = conformance_repo
    found = both(oc.find_files, root)
    assert relative(root, found) == git_files(root)
    # the cases that matter, spelled out (so a git change would show here too)
    rel = {p.decode() for p in relative(root, found)}
    assert {"keep.log", "app/keep.log", "docs/README.md", "docs/sub/deep.md", "lib/cache",
            "nested/important.tmp", "nested/deeper/anchored.txt", "secret12.txt",
            "ios/App.swift"} <= rel
    assert not rel & {"debug.log", "app/x.log", "build/out.o", "docs/guide.md", "cache/a.txt",
                      "ios/generated/Api.swift", "#hash", "secret1.txt", "nested/a.tmp",
                      "nested/anchored.txt", "nested/deeper/important.tmp", "info-excluded.dat"}


@needs_git
def test_find_files_without_gitignore_lists_everything_but_dot_git(conformance_repo):
    root = conformance_repo
    found = both(oc.find_files, root, respect_gitignore=False)
    expected = sorted(os.fsencode(os.path.relpath(os.path.join(d, f), root))
                      for d, dirs, files in os.walk(root) for f in files
                      if not os.path.relpath(d, root).split(os.sep)[0] == ".git")
    assert [p for p in relative(root, found) if not p.startswith(b".git/")] == expected
    assert any(p.startswith(b".git/") for p in relative(root, found))  # not ignored either


PATTERN_TREE = {f: "" for f in [
    "a.kt", "app/Main.kt", "app/src/deep/View.kt", "app/Main.java", "app/test/MainTest.kt",
    "ios/App.swift", "ios/Sub/Screen.swift", "web/index.ts", "web/App.tsx", "README.md",
    "notes.kt.txt", "Makefile"]}

PATTERN_CASES = [
    (["**/*.kt"], ["a.kt", "app/Main.kt", "app/src/deep/View.kt", "app/test/MainTest.kt"]),
    ("*.swift", ["ios/App.swift", "ios/Sub/Screen.swift"]),            # no "/": any depth
    (["/*.kt"], ["a.kt"]),                                              # anchored at root
    (["app/**/*.kt", "!**/test/**"], ["app/Main.kt", "app/src/deep/View.kt"]),
    (["web/*.ts*"], ["web/App.tsx", "web/index.ts"]),
    (["*.kt", "*.java", "!Main.*"], ["a.kt", "app/src/deep/View.kt", "app/test/MainTest.kt"]),
    ([], sorted(PATTERN_TREE)),
    ("Main", ["app/Main.java", "app/Main.kt", "app/test/MainTest.kt"]),  # plan's substring
    (".kt", ["a.kt", "app/Main.kt", "app/src/deep/View.kt", "app/test/MainTest.kt",
             "notes.kt.txt"]),
    ("nomatch", []),
]


@pytest.mark.parametrize("patterns,expected", PATTERN_CASES)
def test_find_files_patterns(tmp_path, patterns, expected):
    root = build(str(tmp_path), PATTERN_TREE)
    found = both(oc.find_files, root, patterns)
    assert [p.decode() for p in relative(root, found)] == sorted(expected)


def test_find_files_exclude_and_default_excludes(tmp_path):
    root = build(str(tmp_path), {"a.kt": "", "node_modules/m.js": "", "gen/x.kt": "",
                                 "b.kt": ""})
    assert [p.decode() for p in relative(root, both(oc.find_files, root, exclude=["gen/"]))] \
        == ["a.kt", "b.kt", "node_modules/m.js"]
    assert [p.decode() for p in relative(root, both(oc.find_files, root,
                                                    default_excludes=True))] \
        == ["a.kt", "b.kt", "gen/x.kt"]


def test_find_files_jobs_do_not_change_the_result(tmp_path):
    spec = {f"d{i % 17}/s{i % 5}/f{i}.{'kt' if i % 3 else 'swift'}": "" for i in range(600)}
    spec[".gitignore"] = "d3/\n*5.kt\n"
    root = build(str(tmp_path), spec)
    one = both(oc.find_files, root, jobs=1)
    for jobs in (2, 4, 0):
        assert both(oc.find_files, root, jobs=jobs) == one
    ignored = {i for i in range(600) if i % 17 == 3 or (i % 3 and str(i).endswith("5"))}
    assert len(one) == 1 + 600 - len(ignored)   # the .gitignore itself is listed


# ---- find_files: bad input ---------------------------------------------------------------------

def test_find_files_on_a_file_missing_path_and_empty_dir(tmp_path):
    f = tmp_path / "f.kt"
    f.write_text("x")
    for backend in BACKENDS:
        with pytest.raises(NotADirectoryError) as info:
            oc.find_files(f, backend=backend)
        assert str(f) in str(info.value) and info.value.errno == errno.ENOTDIR
        with pytest.raises(FileNotFoundError) as info:
            oc.find_files(tmp_path / "missing", backend=backend)
        assert str(tmp_path / "missing") in str(info.value)
    (tmp_path / "empty").mkdir()
    assert both(oc.find_files, tmp_path / "empty") == []


def test_find_files_reports_symlink_loops_and_goes_on(tmp_path):
    root = build(str(tmp_path), {"a/x.kt": "", "a/loop": Link(".."), "b/y.kt": "",
                                 "b/broken": Link("nowhere")})
    for backend in BACKENDS:
        with pytest.warns(oc.WalkWarning) as caught:
            found = oc.find_files(root, follow_symlinks=True, backend=backend)
        assert [p.decode() for p in relative(root, found)] == ["a/x.kt", "b/y.kt"]
        messages = sorted(str(w.message) for w in caught)
        assert len(messages) == 2
        assert "symlink-loop" in messages[0] or "symlink-loop" in messages[1]
        assert any(os.path.join(root, "a/loop") in m for m in messages)
        with pytest.raises(oc.WalkError) as info:
            oc.find_files(root, follow_symlinks=True, on_error="raise", backend=backend)
        assert {e["code"] for e in info.value.errors} == {"symlink-loop", "broken-symlink"}
        assert relative(root, info.value.paths) == [b"a/x.kt", b"b/y.kt"]
    # without following, links are skipped and nothing is reported
    assert relative(root, both(oc.find_files, root, on_error="raise")) == [b"a/x.kt", b"b/y.kt"]


def test_names_that_are_not_utf8_round_trip(tmp_path):
    root = build(str(tmp_path), {b"caf\xe9.kt": b"val x = 1\n", b"ok.kt": b"y\n"})
    found = both(oc.find_files, root, "*.kt")
    assert relative(root, found) == [b"caf\xe9.kt", b"ok.kt"]
    assert both(oc.read_files, found) == ["val x = 1\n", "y\n"]


UNPRIVILEGED = """
import json, os, sys, warnings
import observe_core as oc
os.setgid(65534)
os.setuid(65534)
out = {}
for backend in ("native", "python"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = oc.find_files(sys.argv[1], backend=backend)
    reads = oc.read_files(paths + [sys.argv[2]], on_error="return", backend=backend)
    out[backend] = [paths, [str(w.message) for w in caught],
                    [r if isinstance(r, str) else [type(r).__name__, str(r)] for r in reads]]
print(json.dumps(out))
"""


@pytest.mark.skipif(not _backend.NATIVE_AVAILABLE, reason="compares with the C extension")
def test_permission_denied_directory_and_file():
    """An unreadable directory is reported and skipped; an unreadable file is a
    PermissionError for that path only. Run as nobody when the tests run as root."""
    shared = tempfile.mkdtemp()
    try:
        os.chmod(shared, 0o755)
        # "many": enough files for the io_uring batches, all owned by root when reading as
        # nobody, so O_NOATIME is refused and the reader must fall back to a plain open
        many = {f"many/f{i:03d}.kt": f"{i}\n" for i in range(150)}
        root = build(shared, {"ok.kt": "fine\n", "locked/secret.kt": "", "private.kt": "no\n",
                              **many})
        os.chmod(os.path.join(root, "locked"), 0o000)
        os.chmod(os.path.join(root, "private.kt"), 0o000)
        command = [sys.executable, "-c", UNPRIVILEGED, root, os.path.join(root, "private.kt")]
        if not IS_ROOT:
            command[2] = UNPRIVILEGED.replace("os.setgid(65534)\nos.setuid(65534)\n", "")
        out = json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE,
                                        text=True).stdout)
        assert out["native"] == out["python"]
        paths, warned, reads = out["native"]
        assert relative(root, paths) == [p.encode() for p in many] + [b"ok.kt", b"private.kt"]
        assert warned == [f"{os.path.join(root, 'locked')}: {os.strerror(errno.EACCES)} "
                          "(permission-denied)"]
        private = os.path.join(root, "private.kt")
        denied = ["PermissionError", f"[Errno {errno.EACCES}] {os.strerror(errno.EACCES)}: "
                                     f"{private!r}"]
        assert reads == list(many.values()) + ["fine\n", denied, denied]
    finally:
        for d, dirs, files in os.walk(shared):
            for name in dirs + files:
                os.chmod(os.path.join(d, name), 0o755)
        shutil.rmtree(shared)


def test_files_vanishing_during_the_walk(tmp_path):
    """Another process creates and deletes files while we walk and read: every result is
    sorted, holds only files that existed at some point, and a file that is gone when read
    is a FileNotFoundError for that path."""
    root = tmp_path / "churn"
    stable = {f"keep/k{i}.kt": "k\n" for i in range(50)}
    build(str(root), stable)
    stop = threading.Event()

    def churn():
        i = 0
        while not stop.is_set():
            d = root / f"tmp{i % 7}"
            d.mkdir(exist_ok=True)
            for k in range(20):
                (d / f"t{k}.kt").write_text("t\n")
            shutil.rmtree(d, ignore_errors=True)
            i += 1

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(30):
            for backend in BACKENDS:
                found = oc.find_files(root, on_error="ignore", backend=backend)
                rel = [p.decode() for p in relative(str(root), found)]
                assert rel == sorted(rel)
                assert set(stable) <= set(rel)
                assert all(p in stable or p.startswith("tmp") for p in rel)
                reads = oc.read_files(found, on_error="return", backend=backend)
                for path, item in zip(found, reads):
                    # "" : a file caught between its creation and its write
                    assert item in ("k\n", "t\n", "") or (isinstance(item, FileNotFoundError)
                                                      and item.filename == path)
    finally:
        stop.set()
        worker.join()


# ---- read_files --------------------------------------------------------------------------------

def test_read_files_text_bytes_and_order(tmp_path):
    spec = {f"f{i:03d}.txt": ("é" * i + "\r\n") for i in range(200)}
    spec["empty"] = ""
    root = build(str(tmp_path), spec)
    paths = [os.path.join(root, n) for n in reversed(sorted(spec))]
    texts = both(oc.read_files, paths)
    assert texts == [spec[n] for n in reversed(sorted(spec))]   # no newline translation
    assert both(oc.read_files, paths, binary=True) == [spec[n].encode() for n in
                                                       reversed(sorted(spec))]
    assert both(oc.read_files_parallel, paths, jobs=3) == texts
    assert both(oc.read_files, []) == []


def test_read_files_reports_every_failure(tmp_path):
    root = build(str(tmp_path), {"ok.txt": "ok", "bad.txt": b"ab\xffcd", "dir/x": ""})
    ok, bad, d, missing = (os.path.join(root, n) for n in ("ok.txt", "bad.txt", "dir", "nope"))
    paths = [ok, bad, d, missing]
    for backend in BACKENDS:
        with pytest.raises(oc.ReadError) as info:
            oc.read_files(paths, backend=backend)
        err = info.value
        assert isinstance(err, OSError)
        assert err.results == ["ok", None, None, None]
        assert list(err.failures) == [bad, d, missing]
        assert isinstance(err.failures[bad], oc.FileDecodeError)
        assert err.failures[bad].file_offset == 2 and err.failures[bad].filename == bad
        assert str(err.failures[bad]) == \
            f"{bad}: not valid UTF-8 at byte 2 (b'\\xff': invalid start byte)"
        assert isinstance(err.failures[d], IsADirectoryError)
        assert isinstance(err.failures[missing], FileNotFoundError)
        for path in (bad, d, missing):
            assert path in str(err)
        assert oc.read_files(paths, on_error="none", backend=backend) == ["ok", None, None, None]
        returned = oc.read_files(paths, on_error="return", backend=backend)
        assert [type(r).__name__ for r in returned] == \
            ["str", "FileDecodeError", "IsADirectoryError", "FileNotFoundError"]
        assert str(returned[3]) == str(_open_error(missing))
        assert oc.read_files([bad], errors="replace", backend=backend) == ["ab\ufffdcd"]
        assert oc.read_files([bad], errors="surrogateescape", backend=backend) == ["ab\udcffcd"]
        assert oc.read_files([bad], binary=True, backend=backend) == [b"ab\xffcd"]
        with pytest.raises(oc.FileDecodeError):
            oc.read_file_fast(bad, backend=backend)
        with pytest.raises(FileNotFoundError, match="nope"):
            oc.read_file_fast(missing, backend=backend)
    with pytest.raises(ValueError, match="on_error"):
        oc.read_files([ok], on_error="skip")
    with pytest.raises(LookupError):
        oc.read_files([ok], errors="bogus")


def _open_error(path):
    try:
        open(path, "rb")
    except OSError as exc:
        return exc
    raise AssertionError(path)


@pytest.mark.not_under_asan
def test_read_files_equals_open_on_the_stdlib(stdlib):
    paths = sorted(stdlib)
    expected = [stdlib[p][0] for p in paths]
    assert both(oc.read_files, paths, binary=True) == expected
    texts = both(oc.read_files, paths, errors="surrogateescape")
    assert [t.encode("utf-8", "surrogateescape") for t in texts] == expected


def test_large_file_is_read_whole(tmp_path):
    big = tmp_path / "big.txt"
    text = ("line ü €\n" * 700_000)   # above the 4 MB mmap threshold
    big.write_text(text, encoding="utf-8")
    assert both(oc.read_files, [big]) == [text]
    assert oc.read_file_fast(big) == text


# ---- iter_chunks / read_file_chunked ---------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), size=st.integers(1, 40))
def test_iter_chunks_cuts_only_on_character_boundaries(tmp_path_factory, text, size):
    path = tmp_path_factory.mktemp("chunks") / "t.txt"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    errors = "surrogatepass"
    chunks = list(oc.iter_chunks(path, size, errors=errors))
    assert "".join(chunks) == text
    for c in chunks:
        n = len(c.encode("utf-8", errors))
        assert 0 < n <= size or len(c) == 1   # a character longer than size stands alone
    # each piece is as long as it can be: the next character would not have fitted
    for c, nxt in zip(chunks, chunks[1:]):
        assert len((c + nxt[0]).encode("utf-8", errors)) > size
    assert list(oc.iter_chunks(path, size, binary=True)) == \
        [data[i:i + size] for i in range(0, len(data), size)]


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200), size=st.integers(1, 20))
def test_iter_chunks_on_arbitrary_bytes(tmp_path_factory, data, size):
    path = tmp_path_factory.mktemp("chunks") / "b.bin"
    path.write_bytes(data)
    chunks = list(oc.iter_chunks(path, size, errors="surrogateescape"))
    assert "".join(chunks).encode("utf-8", "surrogateescape") == data
    try:
        whole = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        with pytest.raises(oc.FileDecodeError) as info:
            list(oc.iter_chunks(path, size))
        assert info.value.file_offset == exc.start
    else:
        assert "".join(oc.iter_chunks(path, size)) == whole


def test_read_file_chunked(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("ab€" * 1000, encoding="utf-8")
    chunks = oc.read_file_chunked(path, 4)
    assert "".join(chunks) == "ab€" * 1000
    assert chunks[:3] == ["ab", "€a", "b€"]
    assert oc.read_file_chunked(path) == ["ab€" * 1000]
    for bad in (0, -1):
        with pytest.raises(ValueError, match="chunk_size"):
            oc.read_file_chunked(path, bad)
        with pytest.raises(ValueError, match="size"):
            next(oc.iter_chunks(path, bad))
    with pytest.raises(TypeError):
        oc.read_file_chunked(path, 1.5)
    with pytest.raises(FileNotFoundError, match="missing"):
        oc.read_file_chunked(tmp_path / "missing", 10)


# ---- the original plan's functions -------------------------------------------------------------

def test_write_read_size_exists_mtime(tmp_path):
    p = tmp_path / "w.txt"
    assert oc.write_file_fast(p, "héllo\n") == 7
    assert oc.read_file_fast(p) == "héllo\n"
    assert oc.write_file_fast(str(p), b"\x00\x01") == 2
    assert p.read_bytes() == b"\x00\x01"
    assert oc.get_file_size(p) == 2
    assert oc.file_exists(p) and not oc.file_exists(tmp_path) and \
        not oc.file_exists(tmp_path / "no")
    os.utime(p, (1_600_000_000, 1_600_000_000.5))
    assert oc.get_file_mtime(p) == 1_600_000_000.5
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        oc.get_file_size(tmp_path)
    for function in (oc.get_file_size, oc.get_file_mtime, oc.read_file_fast):
        with pytest.raises(FileNotFoundError, match="nothere"):
            function(tmp_path / "nothere")
    with pytest.raises(FileNotFoundError, match="nodir"):
        oc.write_file_fast(tmp_path / "nodir" / "x", "x")


def test_list_directory(tmp_path):
    root = build(str(tmp_path), {"b.txt": "", "a/x": "", "C": "", ".hidden": "",
                                 "link": Link("b.txt")})
    assert oc.list_directory(root) == [os.path.join(root, n) for n in
                                       [".hidden", "C", "a", "b.txt", "link"]]
    with pytest.raises(NotADirectoryError, match="b.txt"):
        oc.list_directory(os.path.join(root, "b.txt"))
    with pytest.raises(FileNotFoundError, match="missing"):
        oc.list_directory(os.path.join(root, "missing"))


def test_get_directory_size(tmp_path):
    root = build(str(tmp_path), {"a.txt": "12345", "d/b.bin": b"\0" * 1000, ".git/HEAD": "ref",
                                 "node_modules/m.js": "xx", ".gitignore": "*.txt\n",
                                 "link": Link("d/b.bin")})
    expected = sum(os.lstat(os.path.join(d, f)).st_size for d, _, fs in os.walk(root)
                   for f in fs if not os.path.islink(os.path.join(d, f)))
    assert expected == 5 + 1000 + 3 + 2 + 6
    assert both(oc.get_directory_size, root) == expected
    with pytest.raises(NotADirectoryError):
        oc.get_directory_size(os.path.join(root, "a.txt"))


def test_copy_move_delete(tmp_path):
    src = tmp_path / "src.sh"
    src.write_bytes(b"#!/bin/sh\n" * 1000)
    os.chmod(src, 0o750)
    dst = tmp_path / "copy.sh"
    assert oc.copy_file_fast(src, dst) == 10_000
    assert dst.read_bytes() == src.read_bytes() and (os.stat(dst).st_mode & 0o777) == 0o750
    with pytest.raises(FileNotFoundError, match="absent"):
        oc.copy_file_fast(tmp_path / "absent", dst)

    other_fs = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    far = os.path.join(other_fs, f"observe-move-{os.getpid()}")
    try:
        oc.move_file(dst, far)                      # across filesystems when /dev/shm is tmpfs
        assert not dst.exists() and open(far, "rb").read() == src.read_bytes()
        oc.move_file(far, dst)
        assert dst.exists() and not os.path.exists(far)
    finally:
        if os.path.exists(far):
            os.remove(far)
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        oc.move_file(dst, tmp_path)
    with pytest.raises(FileNotFoundError, match="absent"):
        oc.move_file(tmp_path / "absent", tmp_path / "x")

    oc.delete_file(dst)
    assert not dst.exists()
    with pytest.raises(FileNotFoundError, match="copy.sh"):
        oc.delete_file(dst)
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        oc.delete_file(tmp_path)

    nested = tmp_path / "a" / "b" / "c"
    oc.create_directory(nested)
    oc.create_directory(nested)                     # existing: fine
    (nested / "f").write_text("x")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "a")
    with pytest.raises(NotADirectoryError, match="link"):
        oc.delete_directory(link)                   # never deletes through a link
    assert (nested / "f").exists()
    with pytest.raises(NotADirectoryError, match="src.sh"):
        oc.delete_directory(src)
    oc.delete_directory(tmp_path / "a")
    assert not (tmp_path / "a").exists()
    with pytest.raises(FileNotFoundError, match="'a'|/a"):
        oc.delete_directory(tmp_path / "a")
    with pytest.raises(FileExistsError):
        oc.create_directory(src)


def test_every_planned_function_is_exported():
    planned = ["read_file_fast", "write_file_fast", "read_files_parallel", "find_files",
               "get_file_size", "file_exists", "get_directory_size", "list_directory",
               "copy_file_fast", "move_file", "delete_file", "create_directory",
               "delete_directory", "get_file_mtime", "read_file_chunked", "read_files",
               "iter_chunks"]
    for name in planned:
        assert callable(getattr(oc, name)) and name in oc.__all__


def test_stdlib_discovery_matches_python_walk():
    """find_files on the installed standard library equals a plain os.walk listing."""
    root = sysconfig.get_paths()["stdlib"]
    found = both(oc.find_files, root, "*.py", respect_gitignore=False, on_error="ignore")
    expected = sorted((os.path.join(d, f) for d, dirs, fs in os.walk(root) for f in fs
                       if f.endswith(".py") and not os.path.islink(os.path.join(d, f))),
                      key=os.fsencode)
    # os.walk does not descend into symlinked directories either
    assert found == expected
    assert len(found) > 1000
