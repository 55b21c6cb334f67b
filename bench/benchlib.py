"""What the benchmark scripts share: running one measurement in a fresh worker process, and
printing the table as aligned text or Markdown."""

from __future__ import annotations

import json
import subprocess
import sys


def fmt_s(x: float) -> str:
    """Seconds as "12.3 ms" below one second, else "1.23 s"."""
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def run_worker(script: str, tool: str, target: str, runs: int) -> dict:
    """Runs ``python SCRIPT --worker TOOL TARGET --runs N`` and returns the JSON object its last
    line prints, or {"error": reason} when the worker fails."""
    cmd = [sys.executable, script, "--worker", tool, target, "--runs", str(runs)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"worker exited {proc.returncode}: {tail}"}
    return json.loads(lines[-1])


def print_table(header, lines, markdown: bool, numeric) -> None:
    """Prints rows of strings; the columns whose indexes are in ``numeric`` hold numbers
    (right-aligned in Markdown)."""
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for line in lines:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)))
