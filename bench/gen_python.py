"""Seeded generator of valid Python programs that use every construct the metrics count.

Used by the differential tests (native == pure Python on generated input) and by the benchmark
(the seed plan's data set: 1,000 generated files of varied complexity). Same seed, same text.

    python bench/gen_python.py OUT_DIR [--files 1000] [--seed 42]
"""

from __future__ import annotations

import argparse
import os
import random

NAMES = ["a", "b", "c", "item", "user", "cart", "total", "flag", "x", "y"]


class Generator:
    def __init__(self, seed: int, max_depth: int = 6, max_statements: int = 6):
        self.rng = random.Random(seed)
        self.max_depth = max_depth
        self.max_statements = max_statements
        self.counter = 0
        self.in_fstring = False

    # ---- expressions -------------------------------------------------
    def name(self) -> str:
        return self.rng.choice(NAMES)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def expr(self, depth: int = 0) -> str:
        r = self.rng.random()
        if depth > 3 or r < 0.30:
            return self.rng.choice([self.name(), str(self.rng.randint(0, 99)), "None", "'s'"])
        kind = self.rng.choice([
            "bool", "bool", "not", "compare", "ternary", "call", "listcomp", "gencomp",
            "dictcomp", "lambda", "fstring", "paren", "walrus", "subscript", "await_free",
        ])
        e = lambda: self.expr(depth + 1)  # noqa: E731
        if kind == "bool":
            ops = [self.rng.choice(["and", "or"]) for _ in range(self.rng.randint(1, 3))]
            parts = [e()]
            for op in ops:
                parts += [op, e()]
            text = " ".join(parts)
            # Inside another expression a boolean operation needs parentheses to stay valid.
            return text if depth == 0 else f"({text})"
        if kind == "not":
            return f"not {e()}" if depth == 0 else f"(not {e()})"
        if kind == "compare":
            return f"{e()} {self.rng.choice(['<', '==', 'is not', 'in', 'not in', '>='])} {e()}"
        if kind == "ternary":
            return f"({e()} if {e()} else {e()})"
        if kind == "call":
            args = ", ".join(e() for _ in range(self.rng.randint(0, 3)))
            kw = f", key={e()}" if self.rng.random() < 0.3 else ""
            return f"{self.name()}({args}{kw})" if args or not kw else f"{self.name()}({kw[2:]})"
        if kind == "listcomp":
            ifs = "".join(f" if {e()}" for _ in range(self.rng.randint(0, 2)))
            more = f" for {self.name()} in {e()}" if self.rng.random() < 0.3 else ""
            return f"[{e()} for {self.name()} in {e()}{ifs}{more}]"
        if kind == "gencomp":
            return f"any({e()} for {self.name()} in {e()} if {e()})"
        if kind == "dictcomp":
            return f"{{{e()}: {e()} for {self.name()}, {self.name()} in {e()}}}"
        if kind == "lambda":
            params = self.rng.choice(["", "v", "v, w=1", "*args, **kw"])
            return f"(lambda {params}: {e()})"
        if kind == "fstring" and not self.in_fstring:
            # Python 3.11 rules: no nested f-string and other quotes inside the field; a space
            # after the '{' so a dict or set display does not read as an escaped '{{'.
            self.in_fstring = True
            inner = e().replace('"', "'")
            self.in_fstring = False
            spec = self.rng.choice(["", "!r", ":>10", "!s:^{w}"])
            return 'f"pre { ' + inner + spec + '} post"'
        if kind == "fstring":
            return "'s'"
        if kind == "paren":
            return f"({e()})"
        if kind == "walrus":
            return f"({self.fresh('w')} := {e()})"
        if kind == "subscript":
            return f"{self.name()}[{e()}:{e()}]"
        return f"{self.name()}.attr"

    # ---- statements --------------------------------------------------
    def block(self, depth: int, indent: str, in_loop: bool, in_func: bool, in_async: bool = False) -> list:
        lines = []
        # Fewer statements deeper down keeps programs deep but not exponential in size.
        for _ in range(self.rng.randint(1, self.max_statements if depth < 2 else 2)):
            lines += self.statement(depth, indent, in_loop, in_func, in_async)
        return lines

    def statement(self, depth: int, ind: str, in_loop: bool, in_func: bool, in_async: bool) -> list:
        sub = ind + "    "
        body = lambda loop=in_loop: self.block(depth + 1, sub, loop, in_func, in_async)  # noqa: E731
        choices = ["assign", "assign", "expr", "assert", "augassign"]
        if in_func:
            choices += ["return"]
        if in_loop:
            choices += ["break", "continue"]
        # Compound statements get rarer with depth, so programs reach max_depth without
        # growing exponentially.
        if depth < self.max_depth and self.rng.random() < (0.6 if depth < 2 else 0.3):
            choices = ["if", "if", "for", "while", "try", "with", "match", "def", "class", "tryelse"]
            if in_async:
                choices += ["asyncfor", "asyncwith"]
        kind = self.rng.choice(choices)
        if kind == "assign":
            ann = ": int" if self.rng.random() < 0.2 else ""
            return [f"{ind}{self.name()}{ann} = {self.expr()}"]
        if kind == "augassign":
            return [f"{ind}{self.name()} += {self.expr()}"]
        if kind == "expr":
            return [f"{ind}{self.expr()}"]
        if kind == "assert":
            return [f"{ind}assert {self.expr()}, {self.expr()}"]
        if kind == "return":
            return [f"{ind}return {self.expr()}" if self.rng.random() < 0.8 else f"{ind}return"]
        if kind in ("break", "continue"):
            return [f"{ind}{kind}"]
        if kind == "if":
            out = [f"{ind}if {self.expr()}:"] + body()
            for _ in range(self.rng.randint(0, 2)):
                out += [f"{ind}elif {self.expr()}:"] + body()
            if self.rng.random() < 0.5:
                out += [f"{ind}else:"] + body()
            if self.rng.random() < 0.2:  # one-line form
                out = [f"{ind}if {self.expr()}: {self.name()} = {self.expr()}"]
            return out
        if kind in ("for", "asyncfor"):
            prefix = "async " if kind == "asyncfor" else ""
            out = [f"{ind}{prefix}for {self.name()} in {self.expr()}:"] + body(True)
            if self.rng.random() < 0.3:
                out += [f"{ind}else:"] + body()
            return out
        if kind == "while":
            out = [f"{ind}while {self.expr()}:"] + body(True)
            if self.rng.random() < 0.3:
                out += [f"{ind}else:"] + body()
            return out
        if kind in ("try", "tryelse"):
            out = [f"{ind}try:"] + body()
            star = self.rng.random() < 0.15
            for _ in range(self.rng.randint(1, 3)):
                exc = self.rng.choice(["ValueError", "(KeyError, TypeError)", "Exception as err"])
                out += [f"{ind}except{'*' if star else ''} {exc}:"] + body(False)
            if kind == "tryelse" and self.rng.random() < 0.6:
                out += [f"{ind}else:"] + body()
            if self.rng.random() < 0.4:
                out += [f"{ind}finally:"] + body(False)
            return out
        if kind in ("with", "asyncwith"):
            prefix = "async " if kind == "asyncwith" else ""
            return [f"{ind}{prefix}with {self.expr()} as {self.name()}, {self.name()}:"] + body()
        if kind == "match":
            out = [f"{ind}match {self.expr()}:"]
            patterns = ["0", "'s'", "None", "[x, *rest]", "{'k': v}", "Point(x=0, y=yy)",
                        "1 | 2 | 3", "(a, b)", "str() as s"]
            for _ in range(self.rng.randint(1, 4)):
                guard = f" if {self.expr()}" if self.rng.random() < 0.3 else ""
                out += [f"{sub}case {self.rng.choice(patterns)}{guard}:"] + \
                    self.block(depth + 1, sub + "    ", in_loop, in_func, in_async)
            if self.rng.random() < 0.5:
                out += [f"{sub}case {self.rng.choice(['_', 'other', '(anything)'])}:"] + \
                    self.block(depth + 1, sub + "    ", in_loop, in_func, in_async)
            return out
        if kind == "def":
            return self.function(depth + 1, ind)
        return self.klass(depth + 1, ind)

    def function(self, depth: int, ind: str, method: bool = False) -> list:
        is_async = self.rng.random() < 0.15
        params = ["self"] if method else []
        params += self.rng.sample(["p", "q=1", "*args", "r: int = 2", "**kw"], self.rng.randint(0, 3))
        params.sort(key=lambda p: (p.startswith("**"), p.startswith("*"), "=" in p))
        if len(params) > 1 and self.rng.random() < 0.2 and not params[1].startswith("*"):
            params.insert(1, "/")
        deco = [f"{ind}@decorator({self.expr()})"] if self.rng.random() < 0.2 else []
        ret = f" -> {self.rng.choice(['int', 'list[int]', 'None'])}" if self.rng.random() < 0.3 else ""
        head = f"{ind}{'async ' if is_async else ''}def {self.fresh('f')}({', '.join(params)}){ret}:"
        doc = [f'{ind}    """Doc of a generated function."""'] if self.rng.random() < 0.3 else []
        return deco + [head] + doc + self.block(depth, ind + "    ", False, True, is_async)

    def klass(self, depth: int, ind: str) -> list:
        out = [f"{ind}class {self.fresh('C')}({self.rng.choice(['object', 'Base', 'A if B else C'])}):"]
        for _ in range(self.rng.randint(1, 3)):
            out += self.function(depth, ind + "    ", method=True)
        return out

    def module(self) -> str:
        lines = ["import os", ""]
        for _ in range(self.rng.randint(1, 8)):
            unit = self.function(1, "") if self.rng.random() < 0.7 else self.klass(1, "")
            lines += unit + [""]
        return "\n".join(lines) + "\n"


def generate(seed: int, max_depth: int = 6) -> str:
    return Generator(seed, max_depth=max_depth).module()


def write_corpus(out_dir: str, files: int = 1000, seed: int = 42) -> int:
    """Writes the benchmark corpus; returns its size in bytes."""
    total = 0
    for i in range(files):
        sub = os.path.join(out_dir, f"pkg{i // 100:02d}")
        os.makedirs(sub, exist_ok=True)
        text = generate(seed * 100003 + i, max_depth=2 + i % 5)
        with open(os.path.join(sub, f"module_{i:04d}.py"), "w", encoding="utf-8") as fh:
            fh.write(text)
        total += len(text.encode())
    return total


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    size = write_corpus(args.out_dir, args.files, args.seed)
    print(f"wrote {args.files} files, {size} bytes, to {args.out_dir}")
