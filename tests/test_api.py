"""The public Python API: backend choice and fallback, directory options, determinism, the GIL,
and the compatibility names of the original plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

import observe_core
from observe_core import AstAnalyzer, ComplexityMetrics, RustAstAnalyzer

EXAMPLE = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "shop_app")


def test_native_is_available_and_chosen_by_default():
    assert observe_core.NATIVE_AVAILABLE is True
    assert AstAnalyzer().backend == "native"
    assert AstAnalyzer(backend="python").backend == "python"
    with pytest.raises(ValueError, match="unknown backend"):
        AstAnalyzer(backend="rust")


def test_fallback_without_the_extension_logs_a_warning():
    code = (
        "import sys, logging, json\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "sys.modules['observe_core._native'] = None  # the import now fails\n"
        "import observe_core\n"
        "a = observe_core.AstAnalyzer()\n"
        "r = a.analyze_source('def f(x):\\n    return x or 1\\n')\n"
        "print(json.dumps([observe_core.NATIVE_AVAILABLE, a.backend,"
        " r['functions'][0]['cyclomatic_complexity']]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, "python", 2]
    assert "C extension not available" in out.stderr
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run([sys.executable, "-c", code.replace("AstAnalyzer()", "AstAnalyzer('native')")],
                       capture_output=True, check=True)


def test_analyze_source_languages():
    analyzer = AstAnalyzer()
    assert analyzer.analyze_source("def f(): pass\n", "py")["functions"][0]["name"] == "f"
    with pytest.raises(ValueError, match="unsupported language"):
        analyzer.analyze_source("fun f() {}", "cobol")


def test_directory_results_are_sorted_and_independent_of_jobs(tmp_path):
    for i in reversed(range(30)):
        sub = tmp_path / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"m{i}.py").write_text(f"def f{i}(x):\n    pass\n" + "    if x:\n        x -= 1\n" * i)
    one = AstAnalyzer(jobs=1).analyze_directory(tmp_path)
    many = AstAnalyzer(jobs=8).analyze_directory(tmp_path)
    paths = [f["path"] for f in one.files]
    assert paths == sorted(paths) and len(paths) == 30
    assert one.files == many.files
    python = AstAnalyzer(backend="python").analyze_directory(tmp_path)
    assert python.files == one.files


def test_excludes_gitignore_and_extensions(tmp_path):
    (tmp_path / "keep.py").write_text("def keep(): pass\n")
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "out.py").write_text("def generated(): pass\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("def test_x(): pass\n")  # not filtered by name
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.py").write_text("def vendored(): pass\n")
    (tmp_path / ".gitignore").write_text("gen/\n")
    (tmp_path / "stub.pyi").write_text("def stub() -> int: ...\n")

    def names(**options):
        result = AstAnalyzer().analyze_directory(tmp_path, **options)
        return sorted(f["name"] for f in result.functions())

    assert names() == ["keep", "test_x"]
    assert names(respect_gitignore=False) == ["generated", "keep", "test_x"]
    assert names(default_excludes=False) == ["keep", "test_x", "vendored"]
    assert names(exclude=["tests/"]) == ["keep"]
    assert names(extensions=[".pyi"]) == ["stub"]


def test_a_single_file_as_root(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("def f(): pass\n")
    result = AstAnalyzer().analyze_directory(path)
    assert [f["path"] for f in result.files] == [str(path)]


def test_result_helpers():
    result = AstAnalyzer().analyze_directory(EXAMPLE)
    summary = result.summary()
    assert summary["files"] == 5 and summary["functions"] == 18
    assert summary["files_with_diagnostics"] == 1
    worst = result.violations(max_cyclomatic=8)
    assert [f["qualified_name"] for f in worst] == ["Checkout.validate", "ApiClient.request"]
    assert json.loads(json.dumps(result.to_dict()))["summary"] == summary


def test_native_analysis_releases_the_gil(tmp_path):
    source = ("def f(x):\n" + "    if x and y or z:\n        x = [a for a in b if a]\n" * 20) * 20000
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(time.perf_counter())

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.01)
    start = time.perf_counter()
    from observe_core import _native
    record = _native.analyze_source(source)
    end = time.perf_counter()
    done.set()
    counter.join()
    assert record["num_functions"] == 20000
    # While C ran (with the GIL released) the other Python thread kept running.
    during = [t for t in ticks if start + 0.01 < t < end - 0.01]
    assert end - start > 0.05
    assert len(during) > 1000


def test_compat_rust_ast_analyzer(tmp_path):
    analyzer = RustAstAnalyzer()
    assert analyzer.supported_languages() == ["python", "kotlin", "java", "swift", "javascript",
                                              "typescript", "objc", "dart"]
    path = tmp_path / "m.py"
    path.write_text("class A:\n    def m(self, x):\n        if x and x > 1:\n            return 1\n")
    metrics = analyzer.analyze_file(str(path))
    assert isinstance(metrics, ComplexityMetrics)
    assert (metrics.cyclomatic_complexity, metrics.cognitive_complexity) == (3, 2)
    assert (metrics.function_count, metrics.class_count, metrics.max_nesting_depth) == (1, 1, 1)
    assert analyzer.cache_size() == 1
    assert analyzer.analyze_file(str(path)) is metrics        # cached
    analyzer.clear_cache()
    assert analyzer.cache_size() == 0
    assert analyzer.analyze_source("def f(): pass\n", "python").function_count == 1
    kotlin = analyzer.analyze_source("fun f(x: Int) = if (x > 0) 1 else 2", "kt")
    assert (kotlin.function_count, kotlin.cyclomatic_complexity) == (1, 2)
    by_path = analyzer.analyze_directory(str(tmp_path), extensions=["py"])
    assert list(by_path) == [str(path)]
    with pytest.raises(OSError):
        analyzer.analyze_file(str(tmp_path / "missing.py"))


@pytest.mark.parametrize("cc, cog, level", [
    (10, 15, "low"), (11, 0, "medium"), (0, 16, "medium"), (21, 0, "high"), (0, 31, "high"),
    (20, 30, "medium"),
])
def test_risk_level_thresholds(cc, cog, level):
    assert ComplexityMetrics(cyclomatic_complexity=cc, cognitive_complexity=cog).risk_level() == level
