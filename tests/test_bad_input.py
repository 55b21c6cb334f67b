"""Bad input never crashes and never stops the run (both backends, through the public API).

The native backend gives partial results with located diagnostics; the pure-Python backend
reports Python's own syntax error. Either way a directory run goes on with the other files.
"""

from __future__ import annotations

import os

import pytest

from observe_core import AstAnalyzer

GOOD = "def good(a):\n    return a if a else None\n"


@pytest.fixture(params=["native", "python"])
def analyzer(request):
    return AstAnalyzer(backend=request.param)


def codes(record):
    return [d["code"] for d in record["diagnostics"]]


def test_binary_file_is_skipped_with_a_diagnostic(analyzer, tmp_path):
    (tmp_path / "blob.py").write_bytes(b"\x7fELF\x00\x00\x01\x02" * 100)
    (tmp_path / "good.py").write_text(GOOD)
    result = analyzer.analyze_directory(tmp_path)
    blob, good = result.files
    assert blob["diagnostics"] and blob["functions"] == []
    assert good["functions"][0]["cyclomatic_complexity"] == 2
    if analyzer.native:
        assert codes(blob) == ["binary-file"]


def test_nul_byte_after_the_binary_probe(analyzer):
    source = b"#" * 9000 + b"\n" + GOOD.encode() + b"x = '\x00'\n"
    record = analyzer.analyze_source(source)
    if analyzer.native:
        assert "nul-byte" in codes(record)
        assert record["functions"][0]["name"] == "good"       # partial result
        nul = [d for d in record["diagnostics"] if d["code"] == "nul-byte"][0]
        assert (nul["line"], nul["column"]) == (4, 5)
    else:
        assert codes(record) == ["syntax-error"]


def test_invalid_utf8_is_located(analyzer):
    record = analyzer.analyze_source(GOOD.encode() + b"s = '\xc3\x28'\n")
    diag = record["diagnostics"][0]
    assert (diag["line"], diag["column"]) == (3, 5)
    if analyzer.native:
        assert diag["code"] == "invalid-utf8"
        assert record["functions"][0]["name"] == "good"


@pytest.mark.parametrize("source", [
    b"\xef\xbb\xbf" + GOOD.encode(),                                      # UTF-8 BOM
    GOOD.replace("\n", "\r\n").encode(),                                  # CRLF
    GOOD.replace("\n", "\r").encode(),                                    # lone CR
    b"def good(a):\n\treturn a if a else None\n",                         # tab indentation
    b"def good(a):\n  \n\n\f  return a if a else None",                   # no final newline
])
def test_line_endings_bom_and_tabs(analyzer, source):
    record = analyzer.analyze_source(source)
    assert record["diagnostics"] == []
    assert record["functions"][0]["cyclomatic_complexity"] == 2
    assert record["functions"][0]["end_line"] == record["physical_lines"]


@pytest.mark.parametrize("source, native_code, partial", [
    ("x = 'open\n" + GOOD, "unterminated-string", ["good"]),
    ("x = f'{a\n" + GOOD, "unterminated-string", ["good"]),   # recovered at the `def`
    ("x = (1,\n" + GOOD, "unclosed-bracket", ["good"]),       # recovered at the `def`
    ("x = 1)\n" + GOOD, "unmatched-bracket", ["good"]),
    ('x = """open\n' + GOOD, "unterminated-string", []),       # the rest is inside the string
])
def test_unterminated_strings_and_brackets(analyzer, source, native_code, partial):
    record = analyzer.analyze_source(source)
    assert record["diagnostics"], record
    diag = record["diagnostics"][0]
    assert diag["line"] == 1
    if analyzer.native:
        assert diag["code"] == native_code
        # The rest of the file is still analysed where it can be (partial result).
        assert [f["name"] for f in record["functions"]] == partial
    else:
        assert diag["code"] == "syntax-error"


def test_syntax_error_gives_partial_result_and_location(analyzer):
    source = GOOD + "def broken(a):\n    return a +* 2\n" + GOOD.replace("good", "later")
    record = analyzer.analyze_source(source)
    if analyzer.native:
        # A grammar error the scanner cannot see: every function is still measured.
        assert [f["name"] for f in record["functions"]] == ["good", "broken", "later"]
    else:
        assert codes(record) == ["syntax-error"]
        assert record["diagnostics"][0]["line"] == 4


def test_hundred_thousand_nested_brackets(analyzer):
    source = "x = " + "(" * 100_000 + ")" * 100_000 + "\n" + GOOD
    record = analyzer.analyze_source(source)
    if analyzer.native:
        assert record["diagnostics"] == []
        assert record["functions"][0]["name"] == "good"
    else:
        assert codes(record) == ["syntax-error"]     # too many nested parentheses for CPython


def test_fifty_megabyte_single_line(tmp_path):
    # Native only: the pure-Python backend's ast would need minutes and gigabytes.
    path = tmp_path / "huge.py"
    with open(path, "w") as fh:
        fh.write("x = [")
        fh.write("1, " * (50 * 2**20 // 3))
        fh.write("]\n")
    record = AstAnalyzer(backend="native").analyze_file(path)
    assert record["diagnostics"] == []
    assert record["physical_lines"] == 1 and record["size_bytes"] > 50 * 10**6


def test_empty_file(analyzer):
    record = analyzer.analyze_source(b"")
    assert record["physical_lines"] == 0 and record["functions"] == []
    assert record["diagnostics"] == []


def test_unreadable_paths_do_not_stop_the_run(analyzer, tmp_path):
    (tmp_path / "a_good.py").write_text(GOOD)
    os.symlink("does-not-exist.py", tmp_path / "b_dangling.py")
    os.mkfifo(tmp_path / "c_fifo.py")                   # not a regular file: skipped
    unreadable = tmp_path / "d_secret.py"
    unreadable.write_text(GOOD)
    unreadable.chmod(0)
    loop = tmp_path / "loop"
    loop.mkdir()
    os.symlink("..", loop / "up")
    result = analyzer.analyze_directory(tmp_path, follow_symlinks=True)
    names = [os.path.basename(f["path"]) for f in result.files]
    assert names[0] == "a_good.py"
    assert result.files[0]["functions"][0]["name"] == "good"
    assert "symlink-loop" in [e["code"] for e in result.errors]
    if os.geteuid() != 0:                               # root reads chmod-0 files
        secret = [f for f in result.files if f["path"].endswith("d_secret.py")][0]
        assert codes(secret) == ["permission-denied"]


def test_analyze_file_errors_are_records(analyzer, tmp_path):
    record = analyzer.analyze_file(tmp_path / "missing.py")
    assert codes(record) == ["not-found"]
    record = analyzer.analyze_file(tmp_path)
    assert codes(record) == ["is-directory"]


def test_missing_root_raises(analyzer, tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        analyzer.analyze_directory(tmp_path / "missing")
