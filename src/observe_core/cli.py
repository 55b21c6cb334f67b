"""The ``observe`` command line (click + rich).

    observe analyze SRC                      # table of the worst functions and a summary
    observe analyze SRC --lang kotlin,swift  # only those languages (default: every one)
    observe analyze SRC --format json        # every file, function, class and diagnostic
    observe analyze SRC --max-cyclomatic 15  # exit 1 when a function is over a threshold
    observe files SRC '**/*.kt' '*.swift'    # the files find_files selects, one per line
    observe correlate --events s.json --har t.har   # tap -> calls -> screen (cli_correlate.py)
    observe business analyze SRC --format sarif     # business rules, tests (cli_business.py)
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Optional

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .cli_business import business
from .cli_correlate import correlate
from .cli_options import walk_options
from .complexity import AnalysisResult, AstAnalyzer
from .languages import LANGUAGES, extensions_for, normalize_language, normalize_map
from .fileio import WalkError, find_files

FUNCTION_COLUMNS = (
    "source_file", "line", "end_line", "qualified_name", "cyclomatic_complexity",
    "cognitive_complexity", "nested_depth", "lines_of_code", "num_parameters", "num_returns",
    "num_branches", "num_loops", "is_method", "is_async",
)
# Show a progress bar only for scans big enough to take visible time.
PROGRESS_MIN_FILES = 2000
PIPE_WIDTH = 200


@click.group()
@click.version_option(__version__, prog_name="observe")
def main() -> None:
    """observe-core: fast code analysis for mobile test recording."""


@main.command()
@click.argument("path", type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to a file instead of standard output.")
@click.option("--max-cyclomatic", type=click.IntRange(min=0),
              help="Exit 1 when a function's cyclomatic complexity is above this.")
@click.option("--max-cognitive", type=click.IntRange(min=0),
              help="Exit 1 when a function's cognitive complexity is above this.")
@walk_options
@click.option("--no-default-excludes", is_flag=True,
              help="Also walk VCS folders, caches, virtualenvs, node_modules and build output.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Rows in the table of worst functions.")
@click.option("--lang", "langs", metavar="LANG[,LANG...]",
              help=f"Analyse only these languages ({', '.join(LANGUAGES)}; aliases such as "
                   "kt, ts, js work). Default: every one.")
@click.option("--map", "mapping", multiple=True, metavar="EXT=LANG",
              help="Read files ending in EXT as LANG, e.g. --map .h=objc --map .inc=java "
                   "(repeatable).")
def analyze(path, fmt, output, max_cyclomatic, max_cognitive, backend, jobs, exclude,
            no_gitignore, no_default_excludes, follow_symlinks, top, langs, mapping):
    """Complexity of every function, class and file under PATH, in every language the
    extensions name (.py .kt .java .swift .js .ts .m .h .dart ...)."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        analyzer = AstAnalyzer(backend=backend, jobs=jobs)
        languages = [normalize_language(n.strip()) for n in langs.split(",") if n.strip()] \
            if langs else None
        language_map = normalize_map(dict(_pair(m) for m in mapping))
    except (ValueError, RuntimeError) as exc:
        raise click.UsageError(str(exc))
    options = dict(exclude=list(exclude), respect_gitignore=not no_gitignore,
                   default_excludes=not no_default_excludes, follow_symlinks=follow_symlinks,
                   languages=languages, language_map=language_map)
    result = _run(analyzer, path, options, err)
    violations = result.violations(max_cyclomatic, max_cognitive) \
        if (max_cyclomatic is not None or max_cognitive is not None) else []

    text = None
    if fmt == "json":
        data = result.to_dict()
        data["violations"] = violations
        text = json.dumps(data, indent=2) + "\n"
    elif fmt == "csv":
        text = _csv(result)
    if text is not None:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
    else:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                _print_table(Console(file=fh, width=PIPE_WIDTH), result, top)
        else:
            out = Console()
            # A pipe or CI log has no width; do not squeeze the table into 80 columns.
            _print_table(out if out.is_terminal else Console(width=PIPE_WIDTH), result, top)
    _report_problems(err, result)
    if violations:
        _print_violations(err, violations, max_cyclomatic, max_cognitive)
        sys.exit(1)


@main.command()
@click.argument("root", type=click.Path(exists=True, file_okay=False, dir_okay=True))
@click.argument("patterns", nargs=-1)
@click.option("-0", "--null", is_flag=True, help="End each path with NUL instead of a newline.")
@click.option("--count", is_flag=True, help="Print only the number of files.")
@walk_options
@click.option("--default-excludes", is_flag=True,
              help="Also skip VCS dirs, node_modules, build output, caches, virtualenvs.")
def files(root, patterns, null, count, backend, jobs, exclude, no_gitignore, default_excludes,
          follow_symlinks):
    """The files under ROOT that match PATTERNS (gitignore-style globs such as '**/*.kt';
    none: every file), sorted, .gitignore rules applied. Paths that cannot be walked are
    reported on stderr and make the exit status 1."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        paths = find_files(root, list(patterns) or None, respect_gitignore=not no_gitignore,
                           follow_symlinks=follow_symlinks, exclude=list(exclude),
                           default_excludes=default_excludes, jobs=jobs or 0,
                           on_error="raise", backend=backend)
        errors = []
    except WalkError as exc:
        paths, errors = exc.paths, exc.errors
    except (ValueError, RuntimeError) as exc:
        raise click.UsageError(str(exc))
    out = sys.stdout.buffer
    if count:
        out.write(f"{len(paths)}\n".encode())
    else:
        end = b"\0" if null else b"\n"
        out.write(b"".join(os.fsencode(p) + end for p in paths))
    out.flush()
    for e in errors:
        err.print(f"[red]{e['code']}[/red] {e['path']}: {e['message']}", markup=True,
                  highlight=False)
    if errors:
        sys.exit(1)


def _pair(text: str):
    extension, sep, language = text.partition("=")
    if not sep or not language:
        raise ValueError(f"--map takes EXT=LANG, e.g. .inc=java; got {text!r}")
    return extension.strip(), language.strip()


def _run(analyzer: AstAnalyzer, path: str, options: dict, err: Console) -> AnalysisResult:
    if not err.is_terminal:
        return analyzer.analyze_directory(path, **options)
    walk = {k: v for k, v in options.items() if k not in ("languages", "language_map")}
    walk["extensions"] = extensions_for(options["languages"], options["language_map"])
    paths, _ = analyzer.find_files(path, **walk)
    if len(paths) < PROGRESS_MIN_FILES and analyzer.native:
        return analyzer.analyze_directory(path, **options)
    with Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("files", total=len(paths))
        return analyzer.analyze_directory(
            path, progress=lambda done, total: progress.update(task, completed=done), **options)


def _csv(result: AnalysisResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FUNCTION_COLUMNS)
    for f in result.functions():
        writer.writerow([f[c] for c in FUNCTION_COLUMNS])
    return buf.getvalue()


def _print_table(out: Console, result: AnalysisResult, top: int) -> None:
    functions = sorted(result.functions(), key=lambda f: (-f["cyclomatic_complexity"],
                                                         -f["cognitive_complexity"],
                                                         f["source_file"], f["line"]))
    table = Table(title=f"Most complex functions (top {min(top, len(functions))} of {len(functions)})")
    for name, justify in (("function", "left"), ("location", "left"), ("cyclomatic", "right"),
                          ("cognitive", "right"), ("nesting", "right"), ("lines", "right"),
                          ("risk", "left")):
        table.add_column(name, justify=justify)
    for f in functions[:top]:
        table.add_row(f["qualified_name"], f"{f['source_file']}:{f['line']}",
                      str(f["cyclomatic_complexity"]), str(f["cognitive_complexity"]),
                      str(f["nested_depth"]), str(f["lines_of_code"]), _risk(f))
    out.print(table)
    s = result.summary()
    out.print(
        f"[bold]{s['files']}[/bold] files, {s['physical_lines']} lines "
        f"({s['code_lines']} code, {s['comment_lines']} comment, {s['blank_lines']} blank), "
        f"[bold]{s['functions']}[/bold] functions, {s['classes']} classes; "
        f"average cyclomatic {s['average_cyclomatic']}, max {s['max_cyclomatic']}; "
        f"max cognitive {s['max_cognitive']}. "
        + ("Languages: " + ", ".join(f"{n} {c}" for n, c in s["languages"].items()) + ". "
           if len(s["languages"]) > 1 else "") +
        f"{s['elapsed_seconds'] * 1000:.1f} ms with the {s['backend']} backend."
    )


def _risk(f: dict) -> str:
    cc, cog = f["cyclomatic_complexity"], f["cognitive_complexity"]
    if cc > 20 or cog > 30:
        return "[red]high[/red]"
    if cc > 10 or cog > 15:
        return "[yellow]medium[/yellow]"
    return "[green]low[/green]"


def _report_problems(err: Console, result: AnalysisResult) -> None:
    diags = list(result.diagnostics())
    if not diags:
        return
    err.print(f"[yellow]{len(diags)} diagnostic(s)[/yellow]:", highlight=False)
    for d in diags[:10]:
        where = f"{d['path']}:{d['line']}:{d['column']}" if d["line"] else d["path"]
        err.print(f"  {where}: {d['severity']} [{d['code']}] {d['message']}", highlight=False,
                  markup=False)
    if len(diags) > 10:
        err.print(f"  ... and {len(diags) - 10} more (see --format json)")


def _print_violations(err: Console, violations, max_cc: Optional[int], max_cog: Optional[int]) -> None:
    limits = ", ".join(x for x in (f"cyclomatic > {max_cc}" if max_cc is not None else "",
                                   f"cognitive > {max_cog}" if max_cog is not None else "") if x)
    err.print(f"[red]{len(violations)} function(s) over the threshold ({limits}):[/red]")
    for f in violations:
        err.print(f"  {f['source_file']}:{f['line']} {f['qualified_name']} "
                  f"cyclomatic={f['cyclomatic_complexity']} cognitive={f['cognitive_complexity']}",
                  highlight=False, markup=False)


main.add_command(correlate)
main.add_command(business)

if __name__ == "__main__":  # pragma: no cover
    main()
