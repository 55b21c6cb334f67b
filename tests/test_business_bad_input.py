"""Bad input through BusinessLogicAnalyzer.analyze_directory/analyze_files: binary files,
invalid UTF-8, an unreadable file, a 100 MB file, a directory given as a file. Each run
completes, the bad file is reported in diagnostics.errors (or analysed as bytes), and the
other files' business rules are still there."""

from __future__ import annotations

import json
import os
import time

import pytest

from observe_core import NATIVE_AVAILABLE, BusinessLogicAnalyzer

BACKENDS = ["python"] + (["native"] if NATIVE_AVAILABLE else [])
GOOD = "fun check(p: String) {\n    if (p.length < 8) return\n}\n"


def _good_tree(tmp_path):
    (tmp_path / "Good.kt").write_text(GOOD)
    return tmp_path


def _has_good(analysis):
    return [(b["file"], b["line_number"], b["rule"]) for b in analysis["business_rules"]
            if b["file"] == "Good.kt"] == [("Good.kt", 2, "length-check")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_binary_file(tmp_path, backend):
    root = _good_tree(tmp_path)
    # NUL and every other byte; the last line holds a rule (after the block's open strings
    # end at their line ends)
    (root / "Blob.kt").write_bytes(bytes(range(256)) * 64 + b"\nif (x.length < 3)\x00\n")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4096))   # not read at all
    got = BusinessLogicAnalyzer(backend=backend).analyze_directory(root)
    assert _has_good(got) and got["diagnostics"]["errors"] == []
    assert got["files_analyzed"] == 2
    [b] = [b for b in got["business_rules"] if b["file"] == "Blob.kt"]
    assert b["fields"] == {"subject": "x", "op": "<", "limit": "3"}
    json.dumps(got)


@pytest.mark.parametrize("backend", BACKENDS)
def test_invalid_utf8(tmp_path, backend):
    root = _good_tree(tmp_path)
    (root / "Bad.swift").write_bytes(b'let caf\xe9 = "\xff\xfe"\n\xff\xc3 name.count > 40 { }\n')
    got = BusinessLogicAnalyzer(backend=backend).analyze_directory(root)
    assert _has_good(got) and got["diagnostics"]["errors"] == []
    [b] = [b for b in got["business_rules"] if b["file"] == "Bad.swift"]
    # \xff and \xc3 are not continuation bytes: each counts as one column
    assert (b["line_number"], b["column"], b["fields"]) == (
        2, 4, {"subject": "name", "op": ">", "limit": "40"})
    json.dumps(got)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unreadable_file(tmp_path, backend):
    root = _good_tree(tmp_path)
    locked = root / "Locked.kt"
    locked.write_text(GOOD)
    locked.chmod(0)
    try:
        try:
            with open(locked, "rb"):
                pass
            pytest.skip(f"running as uid {os.geteuid()}, a mode 000 file is still readable")
        except PermissionError:
            pass
        got = BusinessLogicAnalyzer(backend=backend).analyze_directory(root)
    finally:
        locked.chmod(0o644)
    assert _has_good(got)
    assert [(e["path"], e["code"]) for e in got["diagnostics"]["errors"]] == [
        ("Locked.kt", "permission-denied")]
    assert got["files_analyzed"] == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_directory_given_as_a_file(tmp_path, backend):
    root = _good_tree(tmp_path)
    (root / "Trap.kt").mkdir()                       # a directory with a source extension
    (root / "Trap.kt" / "Inner.kt").write_text(GOOD)
    walked = BusinessLogicAnalyzer(backend=backend).analyze_directory(root)
    assert _has_good(walked) and walked["diagnostics"]["errors"] == []
    assert "Trap.kt/Inner.kt" in {b["file"] for b in walked["business_rules"]}
    given = BusinessLogicAnalyzer(backend=backend).analyze_files(
        [root / "Trap.kt", root / "Good.kt", root / "Missing.kt"], root=root)
    assert _has_good(given)
    assert sorted((e["path"], e["code"]) for e in given["diagnostics"]["errors"]) == [
        ("Missing.kt", "not-found"), ("Trap.kt", "is-directory")]
    assert given["files_analyzed"] == 1


def test_a_missing_root_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        BusinessLogicAnalyzer(backend="python").analyze_directory(tmp_path / "nope")


@pytest.mark.skipif(not NATIVE_AVAILABLE, reason="the 100 MB file is a test of the C engine")
def test_a_100_mb_file_in_bounded_time(tmp_path):
    root = _good_tree(tmp_path)
    line = b"    val total = items.sumOf { it.priceCents } // a plain line of code\n"
    count = 100_000_000 // len(line) + 1
    with open(root / "Huge.kt", "wb") as fh:
        for _ in range(count // 10000):
            fh.write(line * 10000)
        fh.write(line * (count % 10000))
        fh.write(b"if (name.length > 40) return\n")        # one rule on the last line
    size = os.path.getsize(root / "Huge.kt")
    assert size >= 100_000_000
    start = time.perf_counter()
    got = BusinessLogicAnalyzer(backend="native").analyze_directory(root)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"{elapsed:.1f} s for 100 MB"     # about 1.5 s on 2 cores here
    assert _has_good(got) and got["diagnostics"] == {"errors": [], "limits": []}
    assert got["bytes_analyzed"] == size + len(GOOD)
    [huge] = [b for b in got["business_rules"] if b["file"] == "Huge.kt"]
    assert huge["line_number"] == count + 1
    [edge] = [e for e in got["edge_cases"] if e["file"] == "Huge.kt"]
    assert (edge["subject"], edge["limit"]) == ("name", 40)   # its line was read back
