"""The mobile languages through the public API and the CLI: languages chosen by extension or
by the caller, aliases, mixed trees (native == pure Python, file by file), bad input in every
language next to good files, and the cap on diagnostics.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner

from observe_core import AstAnalyzer
from observe_core._backend import NATIVE_AVAILABLE
from observe_core.cli import main
from observe_core.languages import (DEFAULT_EXTENSIONS, LANGUAGES, extensions_for,
                                    language_for_path, normalize_language, normalize_map)

BACKENDS = ["python"] + (["native"] if NATIVE_AVAILABLE else [])
needs_native = pytest.mark.skipif(not NATIVE_AVAILABLE, reason="the C extension is not built")

# One small function per language: (alias, source, qualified name, cyclomatic).
SAMPLES = {
    "kotlin": ("kt", "class Cart {\n  fun total(x: Int) = if (x > 0) 1 else 2\n}\n",
               "Cart.total", 2),
    "java": ("java", "class Cart {\n  int total(int x) { return x > 0 && x < 9 ? 1 : 2; }\n}\n",
             "Cart.total", 3),
    "swift": ("swift", "struct Cart {\n  func total(x: Int) -> Int {\n"
                       "    guard x > 0 else { return 0 }\n    return x\n  }\n}\n",
              "Cart.total", 2),
    "javascript": ("js", "class Cart {\n  total(x) { for (const i of x) { if (i) return 1; } }\n}\n",
                   "Cart.total", 3),
    "typescript": ("ts", "class Cart {\n  total(x: number): number { return x ?? 0; }\n}\n",
                   "Cart.total", 2),        # `??` is a branch (docs/metrics_mobile.md)
    "objc": ("objective-c", "@implementation Cart\n- (int)total:(int)x {\n"
                            "  if (x > 0) { return 1; }\n  return 2;\n}\n@end\n",
             None, 2),
    "dart": ("dart", "class Cart {\n  int total(int x) {\n    if (x > 0) return 1;\n"
                     "    return 2;\n  }\n}\n", "Cart.total", 2),
}
EXTENSION = {"python": ".py", "kotlin": ".kt", "java": ".java", "swift": ".swift",
             "javascript": ".js", "typescript": ".ts", "objc": ".m", "dart": ".dart"}


def test_languages_and_extensions():
    assert LANGUAGES == ("python", "kotlin", "java", "swift", "javascript", "typescript",
                         "objc", "dart")
    for ext in (".kt", ".kts", ".java", ".swift", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx",
                ".m", ".mm", ".h", ".dart", ".py"):
        assert ext in DEFAULT_EXTENSIONS, ext
    assert language_for_path("ios/Bridge.h") == "objc"
    assert language_for_path("A.KT") == "kotlin" and language_for_path("a.PY") is None
    assert language_for_path("x.inc") is None
    assert language_for_path("x.inc", normalize_map({".INC": "Java"})) == "java"
    assert language_for_path("x.h", {".h": "swift"}) == "swift"
    assert normalize_language("TSX") == "typescript" and normalize_language("kts") == "kotlin"
    with pytest.raises(ValueError, match="unsupported language 'cobol'"):
        normalize_language("cobol")
    with pytest.raises(ValueError, match="starts with a dot"):
        normalize_map({"inc": "java"})
    assert extensions_for(["kotlin", "swift"]) == (".kt", ".kts", ".swift")
    assert extensions_for(["java"], {".h": "java", ".inc": "java"}) == (".java", ".h", ".inc")
    # Mapping .h elsewhere takes it from Objective-C.
    assert ".h" not in extensions_for(["objc"], {".h": "swift"})


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_analyze_source_in_every_language_by_name_and_alias(backend, language):
    alias, source, qualified, cyclomatic = SAMPLES[language]
    analyzer = AstAnalyzer(backend=backend)
    for name in (language, alias, alias.upper()):
        record = analyzer.analyze_source(source, name)
        assert record["language"] == language and record["diagnostics"] == []
        assert record["num_functions"] == 1, record
        function = record["functions"][0]
        if qualified:
            assert function["qualified_name"] == qualified
        assert function["cyclomatic_complexity"] == cyclomatic
    assert analyzer.analyze_source(source.encode(), language) == record
    with pytest.raises(ValueError, match="unsupported language"):
        analyzer.analyze_source(source, "cobol")


@pytest.mark.parametrize("backend", BACKENDS)
def test_jsx_follows_the_extension_then_the_alias(backend):
    analyzer = AstAnalyzer(backend=backend)
    source = "const f = () => <div>{x ? 1 : 2}</div>;\n"
    assert analyzer.analyze_source(source, "tsx")["diagnostics"] == []
    assert analyzer.analyze_source(source, "ts", path="a.tsx")["diagnostics"] == []
    codes = [d["code"] for d in analyzer.analyze_source(source, "typescript")["diagnostics"]]
    assert codes == ["unterminated-regex"]          # TypeScript without JSX: '/' opens a regex


def write_samples(root, languages=SAMPLES):
    for language in languages:
        alias, source, _, _ = SAMPLES[language]
        path = os.path.join(root, "src", language + EXTENSION[language])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(source)
    with open(os.path.join(root, "src", "util.py"), "w") as fh:
        fh.write("def f(x):\n    return 1 if x else 2\n")
    with open(os.path.join(root, "src", "Bridge.h"), "w") as fh:
        fh.write("@interface Bridge : NSObject\n- (void)go;\n@end\n"
                 "static inline int clamp(int x) { return x < 0 ? 0 : x; }\n")
    with open(os.path.join(root, "src", "rules.inc"), "w") as fh:
        fh.write("class Rules { int f(int x) { if (x > 1) return 1; return 0; } }\n")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_mixed_tree_reads_every_language(tmp_path, backend):
    write_samples(str(tmp_path))
    result = AstAnalyzer(backend=backend, jobs=2).analyze_directory(str(tmp_path))
    by_name = {os.path.basename(f["path"]): f for f in result.files}
    assert sorted(by_name) == sorted(["Bridge.h", "util.py"] + [
        language + EXTENSION[language] for language in SAMPLES])
    assert result.summary()["languages"] == {"dart": 1, "java": 1, "javascript": 1,
                                             "kotlin": 1, "objc": 2, "python": 1,
                                             "swift": 1, "typescript": 1}
    assert by_name["Bridge.h"]["language"] == "objc"
    assert [f["name"] for f in by_name["Bridge.h"]["functions"]] == ["clamp"]
    assert not list(result.diagnostics())
    # Only some languages; an extension mapped to a language.
    only = AstAnalyzer(backend=backend).analyze_directory(str(tmp_path), languages=["kt", "Swift"])
    assert [f["language"] for f in only.files] == ["kotlin", "swift"]
    mapped = AstAnalyzer(backend=backend).analyze_directory(
        str(tmp_path), languages=["java"], language_map={".inc": "java"})
    assert [(os.path.basename(f["path"]), f["language"], f["num_functions"])
            for f in mapped.files] == [("java.java", "java", 1), ("rules.inc", "java", 1)]
    # analyze_file: by extension, or as told.
    analyzer = AstAnalyzer(backend=backend)
    inc = str(tmp_path / "src" / "rules.inc")
    assert analyzer.analyze_file(inc, "java")["functions"][0]["cyclomatic_complexity"] == 2
    assert analyzer.analyze_file(inc)["language"] == "python"    # no language claims .inc


@needs_native
def test_backends_agree_on_a_generated_mobile_tree(tmp_path):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    import gen_mobile_tree
    gen_mobile_tree.write_tree(str(tmp_path), 300, seed=5)
    native = AstAnalyzer(backend="native", jobs=2).analyze_directory(str(tmp_path))
    python = AstAnalyzer(backend="python").analyze_directory(str(tmp_path))
    assert [f["path"] for f in native.files] == [f["path"] for f in python.files]
    for mine, theirs in zip(native.files, python.files):
        assert mine == theirs, mine["path"]
    languages = native.summary()["languages"]
    assert set(languages) == set(LANGUAGES) - {"python"}, languages
    assert native.summary()["functions"] > 1000


def test_directory_totals_sum_the_records(tmp_path):
    """_native.analyze_directory_totals (the benchmark's C-core measure): the sums of the
    records analyze_directory returns, bad files included."""
    from observe_core import _backend
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    import gen_mobile_tree
    gen_mobile_tree.write_tree(str(tmp_path), 200, seed=7)
    (tmp_path / "bad.kt").write_bytes(b"fun f() { val s = \"abc\n}\n")
    (tmp_path / "blob.swift").write_bytes(b"\x00\x01" * 50)
    files = AstAnalyzer(backend="native", jobs=2).analyze_directory(str(tmp_path)).files
    for jobs in (1, 2):
        totals = _backend._native.analyze_directory_totals(str(tmp_path), jobs=jobs)
        assert totals == {
            "files": len(files), "bytes": sum(f["size_bytes"] for f in files),
            "functions": sum(f["num_functions"] for f in files),
            "classes": sum(f["num_classes"] for f in files),
            "files_with_errors": sum(any(d["severity"] == "error" for d in f["diagnostics"])
                                     for f in files),
            "walk_errors": 0}
        assert totals["files_with_errors"] == 2 and totals["functions"] > 1000
    with pytest.raises(OSError):
        _backend._native.analyze_directory_totals(str(tmp_path / "missing"))
    sources = [(open(f["path"], "rb").read(), f["path"]) for f in files]
    assert _backend._native.analyze_sources_totals(sources) == {
        key: value for key, value in totals.items() if key != "walk_errors"}
    with pytest.raises(TypeError):
        _backend._native.analyze_sources_totals([("not bytes", "a.kt")])


def kotlin_of_size(size: int) -> bytes:
    """Kotlin functions, then a comment padding the file to exactly size bytes."""
    lines, length = [], 0
    while length + 100 < size:
        lines.append(b"fun f%d(x: Int) = if (x > %d) 1 else 2\n" % (len(lines), len(lines)))
        length += len(lines[-1])
    body = b"".join(lines)
    return body + b"//" + b"x" * (size - len(body) - 3) + b"\n"


@needs_native
def test_directory_reads_files_of_every_size(tmp_path):
    """The directory analysis reads small files into a worker's own buffer and larger ones whole
    (mapped from 4 MiB): files on each side of both limits give the records of analyze_file
    and of analyze_source, in every directory, with 1 and 2 jobs."""
    sizes = [0, 1, 65535, 65536, 65537, 200_000, (4 << 20) + 1]
    for i, size in enumerate(sizes):
        folder = tmp_path / ("d%d" % (i % 3))
        folder.mkdir(exist_ok=True)
        data = kotlin_of_size(size) if size > 100 else b"\n" * size
        assert len(data) == size
        (folder / ("f%d.kt" % i)).write_bytes(data)
    analyzer = AstAnalyzer(backend="native")
    expected = sorted((analyzer.analyze_file(str(p)) for p in tmp_path.rglob("*.kt")),
                      key=lambda r: r["path"])
    for record in expected:
        from_source = analyzer.analyze_source(open(record["path"], "rb").read(), "kotlin",
                                              path=record["path"])
        assert from_source == record
    assert sum(r["num_functions"] for r in expected) > 100_000
    for jobs in (1, 2):
        files = AstAnalyzer(backend="native", jobs=jobs).analyze_directory(str(tmp_path)).files
        assert files == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_analyze_files_keeps_the_order_and_reports_what_it_cannot_read(tmp_path, backend):
    """analyze_files: records in the order given, each the one analyze_file gives; a missing
    path and a directory become records with their error, between good files of several
    sizes (the native readers' limits) and languages, with 1 and 2 jobs."""
    write_samples(str(tmp_path))
    (tmp_path / "big.kt").write_bytes(kotlin_of_size(65_537))
    (tmp_path / "edge.kt").write_bytes(kotlin_of_size(65_535))
    paths = sorted(str(p) for p in tmp_path.rglob("*") if p.is_file())
    paths[1:1] = [str(tmp_path / "Gone.swift"), str(tmp_path / "src")]   # missing, a directory
    analyzer = AstAnalyzer(backend=backend)
    expected = [analyzer.analyze_file(p) for p in paths]
    assert [d["code"] for d in expected[1]["diagnostics"]] == ["not-found"]
    assert [d["code"] for d in expected[2]["diagnostics"]] == ["is-directory"]
    for jobs in (1, 2):
        assert AstAnalyzer(backend=backend, jobs=jobs).analyze_files(paths) == expected


BAD_INPUTS = {
    "unterminated string": lambda lang: {"kotlin": b'fun f() { val s = "abc\n}\n',
                                         "java": b'class A { String s = "abc\n}\n',
                                         "swift": b'func f() { let s = "abc\n}\n',
                                         "javascript": b"function f() { const s = `abc${x\n",
                                         "typescript": b"function f() { const s = 'abc\n}\n",
                                         "objc": b'void f() { NSString *s = @"abc\n}\n',
                                         "dart": b"void f() { var s = 'abc\n}\n"}[lang],
    "unterminated comment": lambda lang: b"/* never closed\n fun f() {}\n",
    "unbalanced braces": lambda lang: b"class A {\n  void f() {\n",
    "binary": lambda lang: b"\x7fELF\x00\x01\x02" * 100,
    "invalid UTF-8": lambda lang: b"class A { }\n\xff\xfe\n",
    "deep nesting": lambda lang: b"{" * 100_000 + b"}" * 100_000,
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.not_under_asan)
                                  if k == "deep nesting" else k for k in sorted(BAD_INPUTS)])
def test_bad_input_in_every_language_is_located_and_the_rest_is_analysed(tmp_path, backend, kind):
    write_samples(str(tmp_path))
    for language in SAMPLES:
        (tmp_path / "bad" / language).mkdir(parents=True)
        (tmp_path / "bad" / language / ("x" + EXTENSION[language])).write_bytes(
            BAD_INPUTS[kind](language))
    result = AstAnalyzer(backend=backend, jobs=2).analyze_directory(str(tmp_path))
    bad = [f for f in result.files if "/bad/" in f["path"]]
    good = [f for f in result.files if "/bad/" not in f["path"]]
    assert len(bad) == len(SAMPLES) and len(good) == len(SAMPLES) + 2     # util.py, Bridge.h
    for record in good:      # the good files are untouched by their bad neighbours
        assert record["diagnostics"] == [] and record["num_functions"] >= 1, record["path"]
    for record in bad:
        if kind == "deep nesting":   # balanced: nothing to report, and no crash
            assert record["physical_lines"] == 1
            continue
        diagnostics = record["diagnostics"]
        assert diagnostics, (record["path"], kind)
        for d in diagnostics:
            assert d["path"] == record["path"] and d["code"] and d["message"]
            if kind != "binary":
                assert d["line"] >= 1, d      # located
        if kind == "binary":
            assert [d["code"] for d in diagnostics][:1] == ["binary-file"], diagnostics


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unreadable_file_is_a_diagnostic(tmp_path, backend):
    write_samples(str(tmp_path), ["kotlin"])
    locked = tmp_path / "src" / "Locked.swift"
    locked.write_text("func f() {}\n")
    locked.chmod(0)
    try:
        record = AstAnalyzer(backend=backend).analyze_file(str(locked))
        missing = AstAnalyzer(backend=backend).analyze_file(str(tmp_path / "Gone.kt"))
    finally:
        locked.chmod(0o644)
    assert missing["language"] == "kotlin"
    assert [d["code"] for d in missing["diagnostics"]] == ["not-found"]
    if os.geteuid() != 0:       # root reads anything
        assert [d["code"] for d in record["diagnostics"]] == ["permission-denied"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_diagnostics_are_capped_with_a_summary(backend):
    source = "class A {\n" + "  void f() { ) }\n" * 150 + "}\n"
    record = AstAnalyzer(backend=backend).analyze_source(source, "java")
    diagnostics = record["diagnostics"]
    assert len(diagnostics) == 101 and record["num_functions"] == 150
    assert [d["line"] for d in diagnostics[:100]] == list(range(2, 102))
    assert diagnostics[100] == {"path": "<string>", "line": 0, "column": 0,
                                "severity": "warning", "code": "too-many-diagnostics",
                                "message": "50 more diagnostics not shown"}


def test_cli_lang_and_map(tmp_path):
    write_samples(str(tmp_path))
    runner = CliRunner()
    out = runner.invoke(main, ["analyze", str(tmp_path), "--lang", "kotlin,swift",
                               "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["summary"]["languages"] == {"kotlin": 1, "swift": 1}
    out = runner.invoke(main, ["analyze", str(tmp_path), "--lang", "java", "--map", ".inc=java",
                               "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["summary"]["files"] == 2
    out = runner.invoke(main, ["analyze", str(tmp_path), "--top", "3"])
    assert out.exit_code == 0 and "Languages: dart 1, java 1" in out.output
    for bad, message in ((["--lang", "cobol"], "unsupported language 'cobol'"),
                         (["--map", "inc"], "EXT=LANG"),
                         (["--map", ".inc=cobol"], "unsupported language")):
        out = runner.invoke(main, ["analyze", str(tmp_path)] + bad)
        assert out.exit_code == 2 and message in out.output, out.output
