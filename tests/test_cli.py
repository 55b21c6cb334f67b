"""The observe command line: formats, thresholds and exit codes, options."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from observe_core.cli import main

EXAMPLE = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "shop_app")


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_table_output_lists_the_worst_functions_first():
    result = run("analyze", EXAMPLE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    first_row = next(line for line in lines if "checkout.py" in line)
    assert "Checkout.validate" in first_row and " 10 " in first_row
    assert "18 functions" in result.stdout.replace("\n", " ")
    assert "unclosed-bracket" in result.stderr      # the broken file is reported, run goes on


@pytest.mark.parametrize("backend", ["native", "python"])
def test_json_output_has_every_record(backend):
    result = run("analyze", EXAMPLE, "--format", "json", "--backend", backend)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"]["backend"] == backend
    assert len(data["files"]) == 5
    checkout = next(f for f in data["files"] if f["path"].endswith("checkout.py"))
    assert [c["name"] for c in checkout["classes"]] == ["CheckoutError", "Checkout"]
    assert data["violations"] == []


def test_json_is_the_same_for_both_backends():
    native = json.loads(run("analyze", EXAMPLE, "--format", "json", "--backend", "native").stdout)
    python = json.loads(run("analyze", EXAMPLE, "--format", "json", "--backend", "python").stdout)
    # The broken file: native gives a partial result, Python a syntax error (docs/metrics.md).
    def comparable(data):
        return [f for f in data["files"] if not f["path"].endswith("broken_screen.py")]
    assert comparable(native) == comparable(python)


def test_csv_output(tmp_path):
    out = tmp_path / "report.csv"
    result = run("analyze", EXAMPLE, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 18
    assert {"qualified_name", "cyclomatic_complexity", "cognitive_complexity"} <= set(rows[0])


def test_thresholds_exit_1_and_list_violators():
    result = run("analyze", EXAMPLE, "--max-cyclomatic", "8", "--max-cognitive", "13")
    assert result.exit_code == 1
    # Checkout.validate (cyclomatic 10) and ApiClient.request (cognitive 14); Checkout.pay
    # (8, 12) is at neither limit.
    assert "2 function(s) over the threshold" in result.stderr
    for name in ("Checkout.validate", "ApiClient.request"):
        assert name in result.stderr
    assert "Checkout.pay" not in result.stderr
    ok = run("analyze", EXAMPLE, "--max-cyclomatic", "10", "--max-cognitive", "14")
    assert ok.exit_code == 0


def test_threshold_violations_in_json():
    result = run("analyze", EXAMPLE, "--format", "json", "--max-cyclomatic", "9")
    assert result.exit_code == 1
    assert [v["qualified_name"] for v in json.loads(result.stdout)["violations"]] == ["Checkout.validate"]


def test_exclude_jobs_and_gitignore_options():
    result = run("analyze", EXAMPLE, "--format", "json", "--exclude", "app/screens/", "--jobs", "1")
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert len(paths) == 3 and not any("screens" in p for p in paths)
    everything = run("analyze", EXAMPLE, "--format", "json", "--no-gitignore")
    assert any("generated" in f["path"] for f in json.loads(everything.stdout)["files"])


def test_bad_path_and_bad_option():
    assert run("analyze", "/nonexistent/path").exit_code == 2
    assert run("analyze", EXAMPLE, "--format", "xml").exit_code == 2


def test_installed_entry_point():
    out = subprocess.run(["observe", "--version"], capture_output=True, text=True, check=True)
    assert "observe" in out.stdout


# ---- observe files -------------------------------------------------------------------------------

FILES_TREE = {".gitignore": "build/\n", "a.kt": "", "b.swift": "", "build/x.kt": "",
              "src/c.kt": "", "src/d.java": "", b"caf\xe9.kt": ""}


def make_files_tree(root):
    for rel, text in FILES_TREE.items():
        path = os.path.join(os.fsencode(str(root)), os.fsencode(rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return str(root)


@pytest.mark.parametrize("backend", ["native", "python"])
def test_files_lists_what_find_files_selects(tmp_path, backend):
    root = make_files_tree(tmp_path)
    result = run("files", root, "**/*.kt", "--backend", backend)
    assert result.exit_code == 0
    assert result.stdout_bytes.split(b"\n")[:-1] == [
        os.fsencode(root) + b"/" + rel for rel in [b"a.kt", b"caf\xe9.kt", b"src/c.kt"]]
    result = run("files", root, "--count", "--no-gitignore", "--backend", backend)
    assert result.stdout == "7\n"                   # .gitignore and build/x.kt included
    result = run("files", root, "*.java", "-0", "--exclude", "a.kt", "--backend", backend)
    assert result.stdout_bytes == os.fsencode(root) + b"/src/d.java\0"


def test_files_reports_unwalkable_paths_and_exits_1(tmp_path):
    root = make_files_tree(tmp_path)
    os.symlink("loop", os.path.join(root, "loop"))
    result = run("files", root, "--follow-symlinks", "*.swift")
    assert result.exit_code == 1
    assert result.stdout.endswith("/b.swift\n")
    assert "loop" in result.stderr and ("symlink-loop" in result.stderr
                                        or "broken-symlink" in result.stderr)
    assert run("files", os.path.join(root, "missing")).exit_code == 2   # click: no such path


# ---- observe correlate ---------------------------------------------------------------------------

SESSIONS = os.path.join(os.path.dirname(__file__), "data", "sessions")


def test_correlate_table_and_json():
    events = os.path.join(SESSIONS, "shop_login_export.json")
    har = os.path.join(SESSIONS, "shop_login_chrome.har")
    result = run("correlate", "--events", events, "--har", har)
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "Log in" in line)
    assert "POST /v1/auth/login (200)" in row and "Home" in row and "strong 1.00" in row
    assert "analytics" in result.stdout and "4 of 6 calls attributed" in result.stdout
    assert "unknown-type" in result.stderr and "events[4]" in result.stderr
    data = json.loads(run("correlate", "--events", events, "--har", har,
                          "--format", "json").stdout)
    assert data["correlated_api_events"] == 4 and len(data["full_flows"]) == 4
    assert run("correlate", "--events", events, "--har", har, "--window-ms", "100",
               "--format", "json").stdout != result.stdout


def test_correlate_errors():
    assert run("correlate").exit_code == 2                      # no input at all
    result = run("correlate", "--har", os.path.join(SESSIONS, "charles_truncated.har"))
    assert result.exit_code == 1
    assert "charles_truncated.har" in result.stderr and "line 85" in result.stderr
