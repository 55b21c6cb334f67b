"""``observe business``: business rules in an app's source, and the tests they call for.

    observe business analyze SRC [--rules FILE]... [--category a,b]
                                 [--format table|json|sarif] [-o FILE]
    observe business features ANALYSIS.json -o DIR      # one Gherkin file per Feature
    observe business negative ANALYSIS.json [--priority high|medium|low] [--format table|json]

The analysis is BusinessLogicAnalyzer's dict (docs/business.md); the reports are built from
it by business_report.py (docs/reports.md).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import List, Optional

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ._python.rules import CATEGORIES
from .cli_options import walk_options
from .business_report import PRIORITIES, gherkin_features, negative_tests, to_sarif

PIPE_WIDTH = 200
SEVERITY_RANK = {"error": 0, "warning": 1, "note": 2}


@click.group()
def business() -> None:
    """Business rules in app source: validation, auth, payments, endpoints, flags..."""


@business.command()
@click.argument("path", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="A YAML rule file that adds rules or replaces default ones by id "
                   "(repeatable).")
@click.option("--category", "categories", metavar="A,B",
              help="Only these rule categories (comma-separated).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "sarif"]),
              default="table", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to a file instead of standard output.")
@walk_options
@click.option("--no-default-excludes", is_flag=True,
              help="Also walk VCS folders, caches, virtualenvs, node_modules and build output.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Rows in the table's preview of business rules.")
def analyze(path, rule_files, categories, fmt, output, backend, jobs, exclude, no_gitignore,
            follow_symlinks, no_default_excludes, top):
    """Find the business rules in the source under PATH."""
    analyzer = _analyzer(rule_files, _categories(categories), backend, jobs or 0, exclude,
                         not no_gitignore, not no_default_excludes, follow_symlinks)
    if os.path.isdir(path):
        analysis = analyzer.analyze_directory(path)
    else:
        analysis = analyzer.analyze_files([path], root=os.path.dirname(path) or ".")
    if fmt == "json":
        _write(output, json.dumps(analysis, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "sarif":
        _write(output, json.dumps(to_sarif(analysis), indent=2, ensure_ascii=False) + "\n")
    else:
        _print(output, lambda out: _print_summary(out, analysis, top))
    _report_diagnostics(analysis)


@business.command()
@click.argument("analysis_file", metavar="ANALYSIS.json",
                type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "directory", required=True,
              type=click.Path(file_okay=False, writable=True),
              help="Directory for the .feature files (created when missing).")
def features(analysis_file, directory):
    """Write one Gherkin .feature file per user flow (and per category of rules outside
    every flow) from an analysis saved with --format json."""
    written = gherkin_features(_load_analysis(analysis_file))
    try:
        os.makedirs(directory, exist_ok=True)
        for name, text in written.items():
            with open(os.path.join(directory, name), "w", encoding="utf-8") as fh:
                fh.write(text)
    except OSError as exc:
        raise click.ClickException(f"cannot write to {directory}: {exc.strerror or exc}")
    for name in written:
        click.echo(os.path.join(directory, name))
    click.echo(f"{len(written)} feature file{'s' if len(written) != 1 else ''} written "
               f"to {directory}", err=True)


@business.command()
@click.argument("analysis_file", metavar="ANALYSIS.json",
                type=click.Path(exists=True, dir_okay=False))
@click.option("--priority", type=click.Choice(PRIORITIES), help="Only this priority.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the list to a file instead of standard output.")
def negative(analysis_file, priority, fmt, output):
    """The negative test cases of an analysis, high priority first."""
    cases = negative_tests(_load_analysis(analysis_file), priority)
    if fmt == "json":
        _write(output, json.dumps(cases, indent=2, ensure_ascii=False) + "\n")
    else:
        _print(output, lambda out: _print_negative(out, cases))


# ---------------------------------------------------------------------------------------
# Input

def _categories(text: Optional[str]) -> Optional[List[str]]:
    if text is None:
        return None
    chosen = [c.strip() for c in text.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in CATEGORIES]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown category {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"valid ones: {', '.join(CATEGORIES)}", param_hint="'--category'")
    return chosen


def _analyzer(rule_files, categories, backend, jobs, exclude, respect_gitignore,
              default_excludes, follow_symlinks):
    from ._python.rules import RuleError
    from .business import BusinessLogicAnalyzer

    try:
        return BusinessLogicAnalyzer(
            rule_files=tuple(rule_files), categories=categories, backend=backend, jobs=jobs,
            exclude=tuple(exclude), respect_gitignore=respect_gitignore,
            default_excludes=default_excludes, follow_symlinks=follow_symlinks)
    except RuleError as exc:
        # The message names the file, the rule (id or index) and the reason.
        raise click.UsageError(f"invalid rule file: {exc}")
    except OSError as exc:
        raise click.UsageError(f"cannot read rule file {exc.filename}: {exc.strerror}")
    except (ValueError, RuntimeError) as exc:    # --backend native without the extension
        raise click.UsageError(str(exc))


def _load_analysis(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: not an analysis JSON file ({exc})")
    if not isinstance(data, dict) or "business_rules" not in data:
        raise click.ClickException(f"{path}: not an analysis from observe business analyze "
                                   f"--format json (no 'business_rules')")
    return data


# ---------------------------------------------------------------------------------------
# Output

def _write(output: Optional[str], text: str) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def _print(output: Optional[str], render) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            render(Console(file=fh, width=PIPE_WIDTH))
        return
    out = Console()
    # A pipe or CI log has no width; do not squeeze the tables into 80 columns.
    render(out if out.is_terminal else Console(width=PIPE_WIDTH))


def _print_summary(out: Console, analysis: dict, top: int) -> None:
    _print_categories(out, analysis)
    _print_contracts(out, analysis)
    _print_preview(out, analysis, top)
    flows, edges = len(analysis.get("user_flows", [])), len(analysis.get("edge_cases", []))
    negatives = len(analysis.get("negative_test_cases", []))
    diagnostics = analysis.get("diagnostics", {})
    out.print(
        f"[bold]{analysis['summary']['total']}[/bold] business rules in "
        f"{analysis['files_analyzed']} files ({analysis['bytes_analyzed']:,} bytes), platform "
        f"{analysis['platform']}; {flows} user flows, {edges} boundary cases, {negatives} "
        f"negative tests; {len(diagnostics.get('errors', []))} unreadable files, "
        f"{len(diagnostics.get('limits', []))} backtracking limits; "
        f"{analysis['backend']} backend.", highlight=False)


def _print_categories(out: Console, analysis: dict) -> None:
    counts = analysis["summary"]["by_category"]
    plan = {r["category"]: r.get("plan_category", "") for r in analysis.get("rules", [])}
    severities = {}
    for found in analysis.get("business_rules", []):
        severities.setdefault(found["category"], Counter())[found["severity"]] += 1
    table = Table(title="Business rules by category")
    for name, justify in (("category", "left"), ("plan category", "left"), ("rules", "right"),
                          ("error", "right"), ("warning", "right"), ("note", "right")):
        table.add_column(name, justify=justify)
    for category in sorted(counts, key=lambda c: (-counts[c], c)):
        s = severities.get(category, Counter())
        _row(table, category, plan.get(category, ""), counts[category], s["error"],
             s["warning"], s["note"])
    out.print(table)


def _print_contracts(out: Console, analysis: dict) -> None:
    contracts = analysis.get("api_contracts", [])
    if not contracts:
        return
    table = Table(title=f"API contracts ({len(contracts)})")
    for name in ("method", "path", "parameters", "body", "function", "location"):
        table.add_column(name)
    for c in contracts:
        params = [f"{{{p}}}" for p in c.get("path_parameters", [])] + \
            [f"?{q}" for q in c.get("query_parameters", [])]
        _row(table, c.get("method") or "?", c.get("path") or "?", " ".join(params),
             "yes" if c.get("body") else "", c.get("function") or "",
             f"{c['file']}:{c['line_number']}")
    out.print(table)


def _print_preview(out: Console, analysis: dict, top: int) -> None:
    found = sorted(analysis.get("business_rules", []), key=lambda b: (
        SEVERITY_RANK.get(b["severity"], 3), -b["confidence"], b["id"]))
    if not found:
        return
    table = Table(title=f"Business rules (top {min(top, len(found))} of {len(found)})")
    for name, justify in (("id", "left"), ("category", "left"), ("severity", "left"),
                          ("confidence", "right"), ("rule", "left"), ("message", "left"),
                          ("location", "left")):
        table.add_column(name, justify=justify)
    for b in found[:top]:
        _row(table, b["id"], b["category"], b["severity"], f"{b['confidence']:.2f}",
             b["rule"], b["message"], f"{b['file']}:{b['line_number']}")
    out.print(table)


def _print_negative(out: Console, cases: list) -> None:
    table = Table(title=f"Negative test cases ({len(cases)})")
    for name in ("id", "priority", "category", "title", "expected", "location"):
        table.add_column(name)
    for c in cases:
        where = f"{c['file']}:{c['line_number']}" if c.get("file") else ""
        _row(table, c.get("id"), c.get("priority"), c.get("category"), c.get("title"),
             c.get("expected_result"), where)
    out.print(table)


def _row(table: Table, *values) -> None:
    # Text, not str: found code and paths may hold `[...]`, which rich reads as markup.
    table.add_row(*(Text("" if v is None else str(v)) for v in values))


def _report_diagnostics(analysis: dict) -> None:
    err = Console(stderr=True, soft_wrap=True)
    diagnostics = analysis.get("diagnostics", {})
    for e in diagnostics.get("errors", []):
        text = f"{e['path']}: {e['message']}"
        err.print(f"[yellow]{escape(str(e['code']))}[/yellow] {escape(text)}", highlight=False)
    for x in diagnostics.get("limits", []):
        text = (f"{x['path']}: rule {x['rule']} stopped at byte {x['offset']} "
                f"(PCRE2 error {x['pcre2_error']})")
        err.print(f"[yellow]backtracking-limit[/yellow] {escape(text)}", highlight=False)
