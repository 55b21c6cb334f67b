"""File discovery: the pure-Python walker (observe_core._python.walk) returns exactly what the
C walker (observe_core._native.walk) returns, and both list what git lists.

- option combinations on one tricky tree: python == native;
- gitignore cases: python == native == `git ls-files --others --exclude-standard -c`;
- random trees and random .gitignore files (hypothesis): python == native == git;
- include patterns, and the native walker on 1..n threads: python == native, whatever `jobs`;
- bad input: symlink loops, broken links, unreadable directories, names that are not UTF-8,
  a root that is a file or missing, empty and very deep trees, the stdlib.

git runs isolated from any user or system configuration (and from ~/.config/git/ignore).
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observe_core import _backend
from observe_core._python import walk as py_walk

native = _backend._native
needs_native = pytest.mark.skipif(native is None, reason="the C extension is not built")
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX walker")


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

class Link:
    """A symlink to create in a tree (target as given, relative to the link's directory)."""

    def __init__(self, target):
        self.target = target


DIR = object()   # an empty directory in a tree spec


def build(root, spec):
    """Creates spec (relative path -> str/bytes content, Link, or DIR) under root. Paths may
    be bytes, for names that are not UTF-8."""
    root = os.fsencode(root)
    for rel, content in spec.items():
        path = os.path.join(root, os.fsencode(rel))
        if content is DIR:
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(content, Link):
            os.symlink(os.fsencode(content.target), path)
        else:
            with open(path, "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode())
    return os.fsdecode(root)


def both(root, **options):
    """Walks with both backends, asserts they agree exactly, returns the result."""
    python = py_walk.walk(root, **options)
    if native is not None:
        assert python == native.walk(root, **options), options
    return python


def relative(root, paths):
    """The walked paths relative to root, as bytes (what git prints)."""
    prefix = os.fsencode(root).rstrip(b"/") + b"/"
    out = []
    for p in paths:
        b = os.fsencode(p)
        assert b.startswith(prefix), p
        out.append(b[len(prefix):])
    return out


def git_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", HOME=home,
               XDG_CONFIG_HOME=os.path.join(home, "xdg-config"))
    return env


def git_init(root):
    subprocess.run([GIT, "init", "-q", root], check=True, env=git_env(root),
                   stdout=subprocess.DEVNULL)


def git_files(root, exclude=()):
    """Sorted bytes paths from `git ls-files -z --others --exclude-standard -c`."""
    args = [GIT, "ls-files", "-z", "--others", "--exclude-standard", "-c"]
    args += [b"--exclude=" + os.fsencode(e) for e in exclude]
    out = subprocess.run(args, cwd=root, check=True, env=git_env(root),
                         stdout=subprocess.PIPE).stdout
    return sorted(p for p in out.split(b"\0") if p)


def check_against_git(root, exclude=()):
    """python == native == git for the tree at root (a git repository)."""
    paths, errors = both(root, default_excludes=False, exclude=list(exclude))
    assert errors == []
    assert relative(root, paths) == git_files(root, exclude)
    return relative(root, paths)


def error_codes(root, errors):
    return {(bytes(relative(root, [e["path"]])[0]), e["code"]) for e in errors}


# ---------------------------------------------------------------------------------------------
# The matcher alone (the table of tests/c/test_walk.c)
# ---------------------------------------------------------------------------------------------

N, I, R = py_walk.IGNORE_NONE, py_walk.IGNORE_IGNORED, py_walk.IGNORE_INCLUDED

MATCH_CASES = [
    ("*.py", "a/b.py", 0, I), ("*.py", "a/b.pyc", 0, N), ("/a.py", "a.py", 0, I),
    ("/a.py", "b/a.py", 0, N), ("a/b", "a/b", 0, I), ("a/b", "x/a/b", 0, N),
    ("a/**", "a", 1, N), ("a/**", "a/b", 0, I), ("a/**", "a/b/c", 0, I),
    ("**/x", "x", 0, I), ("**/x", "p/q/x", 1, I), ("**/p/x", "p/x", 0, I),
    ("**/p/x", "r/p/x", 0, I), ("**/p/x", "r/px", 0, N), ("a/**/b", "a/b", 0, I),
    ("a/**/b", "a/x/y/b", 0, I), ("a/**/b", "a/xb", 0, N), ("a/**/b", "x/a/b", 0, N),
    ("a/**/b/**/c", "a/1/b/2/b/3/c", 0, I), ("**", "deep/er/path", 0, I),
    ("***/x", "p/q/x", 0, I), ("a/***", "a/b/c", 0, I), ("a/***", "a", 1, N),
    ("a**/x", "ax", 0, I), ("a**/x", "a/b/c/x", 0, I), ("a**/x", "abc/x", 0, I),
    ("a**/x", "a", 1, N), ("src/foo**", "src/foo/bar/baz", 0, I), ("src/foo**", "src/fo", 0, N),
    ("src/**", "src", 1, N), ("a**b", "axxb", 0, I), ("a/**b", "a/x/b", 0, N),
    ("a*/b", "abc/b", 0, I), ("a*/b", "a/c/b", 0, N), ("foo/", "foo", 0, N),
    ("foo/", "foo", 1, I), ("foo/", "x/foo", 1, I), ("x\n!x", "x", 0, R), ("!x\nx", "x", 0, I),
    ("*\n!*/", "d", 1, R), ("*\n!*/", "f", 0, I), ("#a", "#a", 0, N), ("\\#a", "#a", 0, I),
    ("\\!a", "!a", 0, I), ("a  ", "a", 0, I), ("a\\ ", "a ", 0, I), ("a\\ ", "a", 0, N),
    ("a\r", "a", 0, I), ("?", "ab", 0, N), ("a?c", "abc", 0, I), ("[a-c]x", "bx", 0, I),
    ("[!a-c]x", "bx", 0, N), ("[^a-c]x", "dx", 0, I), ("[]]", "]", 0, I),
    ("[[:digit:]]*", "7up", 0, I), ("[[:upper:]]*", "abc", 0, N), ("[[:bogus:]]", "b", 0, N),
    ("[", "[", 0, N), ("a\\", "a", 0, N), ("lit\\*", "lit*", 0, I), ("lit\\*", "litx", 0, N),
    ("a\\/b", "a/b", 0, I), ("\ufeffbom", "bom", 0, I), ("", "a", 0, N), ("/", "a", 1, N),
    ("!", "a", 0, N),
    # a few more of the bracket and escape corners
    ("[[:alpha:][:digit:]]", "7", 0, I), ("[a-]", "-", 0, I), ("[\\]]", "]", 0, I),
    ("[[:]", ":", 0, I), ("[a-\\z]", "q", 0, I), ("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaa", 0, N),
]


@pytest.mark.parametrize("patterns, path, is_dir, want", MATCH_CASES)
def test_ignore_list_matches_like_ignore_c(patterns, path, is_dir, want):
    ignore = py_walk.IgnoreList()
    ignore.add_buffer(patterns.encode())
    assert ignore.match(path.encode(), bool(is_dir)) == want


def test_ignore_list_is_linear_on_hostile_patterns():
    ignore = py_walk.IgnoreList([b"*a*a*a*a*a*a*a*a*a*a*a*a*b", b"**/**/**/**/**/**/**/**/z"])
    started = time.perf_counter()
    assert ignore.match(b"a/" * 150 + b"a", False) == N
    assert ignore.match(b"a" * 300, False) == N
    assert time.perf_counter() - started < 1.0


# ---------------------------------------------------------------------------------------------
# (a) python == native for many option combinations on one tricky tree
# ---------------------------------------------------------------------------------------------

TRICKY = {
    "a.py": "", "A.py": "", "a-b.py": "", "a0.py": "", "a/b.py": "", "a/c.txt": "",
    "b.txt": "", "noext": "", "dot.": "", ".hidden.py": "", "trailing .py": "",
    "\ue000.py": "", "\U0001d518.py": "", "caf\u00e9.py": "",
    b"bad\xff.py": "", b"dir\xfe/inner.py": "", b"\xff.py": "",
    # default excludes
    ".git/x.py": "", ".git/info/exclude": "info_excluded.py\n", ".hg/x.py": "", ".svn/x.py": "",
    "__pycache__/x.py": "", "node_modules/x.py": "", "build/x.py": "", "dist/x.py": "",
    "pkg.egg-info/x.py": "", "site-packages/x.py": "", "dist-packages/x.py": "",
    ".venv/x.py": "", ".tox/x.py": "", ".nox/x.py": "", ".mypy_cache/x.py": "",
    ".pytest_cache/x.py": "", ".ruff_cache/x.py": "", ".eggs/x.py": "",
    "venv/x.py": "", "myvenv/pyvenv.cfg": "", "myvenv/lib/x.py": "",
    "notvenv/pyvenv.cfg/x.py": "",          # a *directory* named pyvenv.cfg is no marker
    "linkvenv/pyvenv.cfg": Link("../b.txt"), "linkvenv/y.py": "",
    "buildx/c.py": "", "egg-info/e.py": "", "sub/build/x.py": "", "sub/.git": "gitdir: x\n",
    "info_excluded.py": "", "sub/info_excluded.py": "",
    # gitignore
    ".gitignore": "*.log\n!keep.log\n/anchored.py\ndocs/\ngen/**\n!gen/keep.py\nlinks/ign*\n",
    "keep.log": "", "drop.log": "", "anchored.py": "", "sub/anchored.py": "",
    "docs/d.py": "", "sub/docs/d.py": "", "gen/a.py": "", "gen/keep.py": "", "gen/s/b.py": "",
    "sub/.gitignore": "!drop.log\n*.txt\n", "sub/drop.log": "", "sub/t.txt": "",
    "sub/deeper/.gitignore": "!t.txt\n", "sub/deeper/t.txt": "", "sub/deeper/u.log": "",
    "gi_dir/.gitignore/x.py": "",          # a .gitignore that is a directory
    "gi_link/.gitignore": Link("../.gitignore"), "gi_link/keep.log": "", "gi_link/z.log": "",
    # symlinks
    "real/r.py": "", "real/loop": Link(".."), "links/to_real": Link("../real"),
    "links/file.py": Link("../a.py"), "links/broken.py": Link("nowhere"),
    "links/self": Link("self"), "links/ign_broken": Link("nowhere"),
    "links/to_build": Link("../build"), "links/to_root": Link("../"),
    "links/dev_null": Link("/dev/null"),
    "empty": DIR, "deep/1/2/3/4/5/leaf.py": "",
}

EXCLUDES = [None, [], ["*.txt", "!b.txt", "/real/", "deep/**/leaf.py"],
            ["sub/", "**/x.py", "!keep.log", "links/broken.py"], ["*"], ["!*.log"]]
EXTENSIONS = [None, [], [".py"], [".py", ".txt"], [""], ["y"], [".log", ".cfg"]]


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("tricky"))
    build(root, TRICKY)
    os.mkfifo(os.path.join(root, "fifo.py"))
    return root


@needs_native
@pytest.mark.parametrize("respect_gitignore, default_excludes, follow_symlinks",
                         list(itertools.product([True, False], repeat=3)))
def test_python_equals_native_on_every_option_combination(
        tricky, respect_gitignore, default_excludes, follow_symlinks):
    for exclude, extensions in itertools.product(EXCLUDES, EXTENSIONS):
        paths, errors = both(tricky, respect_gitignore=respect_gitignore,
                             default_excludes=default_excludes, follow_symlinks=follow_symlinks,
                             exclude=exclude, extensions=extensions)
        assert paths == sorted(paths, key=os.fsencode)
        assert all(os.fsencode(p).startswith(os.fsencode(tricky) + b"/") for p in paths)
        assert len(set(paths)) == len(paths)


@needs_native
def test_root_spellings_agree(tricky, monkeypatch):
    for root in (tricky, tricky + "/", tricky + "//", os.fsencode(tricky),
                 __import__("pathlib").Path(tricky), os.path.join(tricky, "sub", "..")):
        both(root)
        both(root, follow_symlinks=True, extensions=(".py",))
    monkeypatch.chdir(tricky)
    paths, _ = both(".")
    assert "./a.py" in paths
    paths, _ = both("sub")
    assert "sub/anchored.py" in paths
    monkeypatch.chdir("/")
    both("/" + tricky.lstrip("/"))


def test_tricky_tree_details(tricky):
    paths, errors = both(tricky, follow_symlinks=True)
    rel = set(relative(tricky, paths))
    # sorted bytewise, not by code point: U+E000 (ee 80 80) comes before the byte ff, which
    # decodes to the lone surrogate U+DCFF
    assert paths == sorted(paths, key=os.fsencode)
    assert paths != sorted(paths)
    assert {b"bad\xff.py", b"dir\xfe/inner.py", b"caf\xc3\xa9.py"} <= rel
    # default excludes, virtualenvs, info/exclude, nested .gitignore, .git files skipped
    assert not any(p.split(b"/")[0] in {b".git", b"build", b"myvenv", b".venv", b"linkvenv"}
                   for p in rel)
    assert b"venv/x.py" in rel and b"notvenv/pyvenv.cfg/x.py" in rel
    assert b"info_excluded.py" not in rel and b"sub/info_excluded.py" not in rel
    assert b"sub/.git" not in rel
    assert {b"keep.log", b"sub/drop.log", b"sub/deeper/t.txt", b"gen/keep.py"} <= rel
    assert not {b"drop.log", b"sub/t.txt", b"gen/a.py", b"docs/d.py", b"sub/docs/d.py",
                b"anchored.py", b"links/ign_broken"} & rel
    assert b"gi_link/z.log" not in rel   # the root's *.log still applies; the link is not read
    assert b"gi_dir/.gitignore/x.py" in rel
    assert b"links/file.py" in rel and b"links/to_real/r.py" in rel
    assert error_codes(tricky, errors) == {
        (b"links/broken.py", "broken-symlink"), (b"links/self", "symlink-loop"),
        (b"real/loop", "symlink-loop"), (b"links/to_real/loop", "symlink-loop"),
        (b"links/to_root", "symlink-loop"),
    }
    assert all(e["line"] == 0 and e["column"] == 0 and e["severity"] == "error"
               and e["message"] for e in errors)
    # without following, no link is listed and nothing is an error
    paths, errors = both(tricky)
    assert errors == [] and not any(b"links/" in p for p in relative(tricky, paths))


# ---------------------------------------------------------------------------------------------
# (b) gitignore cases: python == native == git
# ---------------------------------------------------------------------------------------------

ROOT_GITIGNORE = (
    "# a comment line\n*.log\n!keep.log\n/anchored.txt\ndocs/\n\\#hash.txt\n\\!bang.txt\n"
    "trailing.txt   \nescspace.txt\\ \n**/gen/**\na/**/deep.txt\n**/leading/x.txt\n"
    "excl_dir/\n!excl_dir/reinc.txt\nfoo/**\n!foo/keep.txt\n[abc]x.txt\nq?.txt\n*.tmp\n"
    "!important.tmp\nonlydir/\nmid/*/leaf.txt\n[[:digit:]]num.txt\n[!a]neg.txt\nr[0-3].txt\n"
    "lit\\*.txt\n"
)

GITIGNORE_FILES = [
    "keep.log", "other.log", "sub/other.log", "sub/x/deep.log", "anchored.txt",
    "sub/anchored.txt", "docs/a.txt", "sub/docs/b.txt", "file_docs/docs", "#hash.txt",
    "!bang.txt", "hash.txt", "bang.txt", "trailing.txt", "escspace.txt ", "escspace.txt",
    "gen/z.py", "x/gen/y.py", "x/gen/deeper/w.py", "gen.py", "a/deep.txt", "a/b/c/deep.txt",
    "b/deep.txt", "a/shallow.txt", "leading/x.txt", "p/q/leading/x.txt", "leading/y.txt",
    "excl_dir/reinc.txt", "excl_dir/other.txt", "foo/keep.txt", "foo/drop.txt",
    "foo/sub/drop2.txt", "ax.txt", "bx.txt", "dx.txt", "q1.txt", "q12.txt", "a.tmp",
    "important.tmp", "sub/c.tmp", "sub/x/c.tmp", "onlydir", "z/onlydir/f.txt",
    "mid/m1/leaf.txt", "mid/m1/m2/leaf.txt", "mid/leaf.txt", "1num.txt", "anum.txt",
    "bneg.txt", "aneg.txt", "r2.txt", "r5.txt", "lit*.txt", "litx.txt", "info_excluded.txt",
    "sub/info_excluded.txt", "local.txt", "sub/local.txt", "sub/x/local.txt",
    "sub/only_here.txt", "sub/x/only_here.txt", "sub/nested/n.txt", "sub/x/crlf.txt",
    "onlyfiles/a.txt", "onlyfiles/d/b.keep", "onlyfiles/d/c.txt",
]

EXPECTED_GITIGNORE = [
    ".gitignore", "a/shallow.txt", "aneg.txt", "anum.txt", "b/deep.txt", "bang.txt", "dx.txt",
    "escspace.txt", "file_docs/docs", "foo/keep.txt", "gen.py", "hash.txt", "important.tmp",
    "keep.log", "leading/y.txt", "litx.txt", "local.txt", "mid/leaf.txt", "mid/m1/m2/leaf.txt",
    "onlydir", "onlyfiles/d/b.keep", "q12.txt", "r5.txt", "sub/.gitignore",
    "sub/anchored.txt", "sub/other.log", "sub/x/.gitignore", "sub/x/c.tmp", "sub/x/local.txt",
    "sub/x/only_here.txt",
]


def build_repo(root, spec, info_exclude=None):
    if GIT is not None:
        git_init(root)
    build(root, spec)
    if info_exclude is not None:
        build(root, {".git/info/exclude": info_exclude})
    return root


@needs_git
def test_the_c_suite_gitignore_tree(tmp_path):
    spec = {f: "x\n" for f in GITIGNORE_FILES}
    spec.update({".gitignore": ROOT_GITIGNORE,
                 "sub/.gitignore": "!other.log\nlocal.txt\n/only_here.txt\nnested/\n",
                 "sub/x/.gitignore": "!local.txt\n!*.tmp\ncrlf.txt\r\n",
                 "onlyfiles/.gitignore": "*\n!*/\n!*.keep\n"})
    root = build_repo(str(tmp_path), spec, "info_excluded.txt\n")
    assert check_against_git(root) == [p.encode() for p in EXPECTED_GITIGNORE]
    # without respect_gitignore everything is listed, .git included
    paths, errors = both(root, respect_gitignore=False, default_excludes=False)
    assert len(paths) > len(GITIGNORE_FILES) + 4 and errors == []
    assert any(b".git/" in p for p in relative(root, paths))


@needs_git
def test_user_excludes_act_like_git_exclude(tmp_path):
    files = ["tests/t.py", "pkg/tests/t2.py", "pkg/tests.py", "m_pb2.py", "pkg/n_pb2.py",
             "keep_pb2.py", "x/generated/g.py", "generated/h.py", "generated.py", "docs/d.py",
             "pkg/docs/e.py", "a.py", "ignored_by_git.py", "also_ignored.py"]
    spec = {f: "pass\n" for f in files}
    spec[".gitignore"] = "ignored_by_git.py\nalso_ignored.py\n"
    root = build_repo(str(tmp_path), spec)
    exclude = ["tests/", "*_pb2.py", "!keep_pb2.py", "**/generated/**", "/docs",
               "!ignored_by_git.py"]
    assert check_against_git(root, exclude) == [
        b".gitignore", b"a.py", b"generated.py", b"ignored_by_git.py", b"keep_pb2.py",
        b"pkg/docs/e.py", b"pkg/tests.py"]
    # user excludes apply without respect_gitignore too
    paths, _ = both(root, respect_gitignore=False, default_excludes=False, exclude=exclude)
    rel = relative(root, paths)
    assert b"also_ignored.py" in rel and b"a.py" in rel and b"m_pb2.py" not in rel


# (root .gitignore, files, other .gitignore files / info exclude, user excludes)
GIT_CASES = {
    "literal-head quirk": ("a**/x\nsrc/foo**\n",
                           ["ax", "a/b/c/x", "abc/x", "a/y", "src/foo/bar/baz", "src/foo.py",
                            "src/fo", "b/x"], {}, ()),
    "head quirk with tail": ("p**/q/**/r\n",
                             ["pq/r", "p/q/r", "px/y/q/z/r", "pz/q/r/s", "pq/x"], {}, ()),
    "three stars": ("***/x\na/***\n", ["p/q/x", "x", "a/b/c", "a/d", "b/a/c"], {}, ()),
    "trailing double star": ("src/**\n!src/keep\n", ["src/a", "src/keep", "src/d/keep"],
                             {}, ()),
    "dir-only and re-include": ("*\n!*/\n!*.keep\n", ["a.keep", "b.txt", "d/c.keep",
                                                      "d/e/f.txt", "d/e/g.keep"], {}, ()),
    "cannot re-include below an ignored dir": ("d/\n!d/x\n", ["d/x", "d/y", "e/x"], {}, ()),
    "double star middle": ("a/**/b\n", ["a/b", "a/x/b", "a/x/y/b", "a/xb", "x/a/b", "a/y/b/c"],
                           {}, ()),
    "escapes and spaces": ("\\#x\n\\!y\nsp  \nesc\\ \n\\ lead\n",
                           ["#x", "!y", "sp", "sp  ", "esc ", "esc", " lead", "lead"], {}, ()),
    "brackets": ("[a-c]x\n[!a-c]y\n[]]z\n[[:digit:]]d\n[[:bogus:]]q\n[\n*[\n",
                 ["ax", "dx", "ay", "dy", "]z", "1d", "ad", "bq", "[", "a["], {}, ()),
    "question marks": ("??\n/x?y\n", ["ab", "abc", "a", "d/cd", "xay", "d/xay"], {}, ()),
    "anchored vs basename": ("/top\nany\nmid/leaf\n",
                             ["top", "d/top", "any", "d/any", "mid/leaf", "d/mid/leaf"], {}, ()),
    "crlf and bom": ("\ufeffbom\r\ncr\r\n", ["bom", "cr", "other"], {}, ()),
    "nested gitignore wins": ("*.log\n", ["a.log", "s/a.log", "s/t/a.log", "s/t/b.log"],
                              {"s/.gitignore": "!a.log\n", "s/t/.gitignore": "a.log\n"}, ()),
    "nested anchored": ("", ["s/x", "s/t/x", "x"], {"s/.gitignore": "/x\n"}, ()),
    "info exclude": ("!keep.txt\n", ["keep.txt", "drop.txt", "s/drop.txt"],
                     {".git/info/exclude": "*.txt\n"}, ()),
    "ignored gitignore still applies": ("*\n!*/\n!a\n", [".gitignore", "a", "s/a", "s/b"],
                                        {"s/.gitignore": "!b\n"}, ()),
    "user excludes first": ("*.py\n", ["a.py", "b.py", "c.txt"], {}, ("!a.py", "c.txt")),
    "dir-only pattern vs file": ("onlydir/\n", ["onlydir", "x/onlydir/f"], {}, ()),
    "negated dir-only": ("d*\n!dk/\n", ["da", "dk/f", "d/f"], {}, ()),
    "not utf-8": (b"bad\xff*\n", [b"bad\xff.py", b"bad\xfe.py", b"ok\xff"], {}, ()),
    "hostile": ("*a*a*a*a*a*a*a*a*b\n**/**/**/**/z\n",
                ["a" * 40, "aaaaab", "q/r/s/t/z"], {}, ()),
}


@needs_git
@pytest.mark.parametrize("case", sorted(GIT_CASES))
def test_gitignore_cases_against_git(tmp_path, case):
    gitignore, files, others, exclude = GIT_CASES[case]
    spec = {f: "x\n" for f in files}
    spec[".gitignore"] = gitignore
    spec.update(others)
    root = build_repo(str(tmp_path), spec)
    check_against_git(root, exclude)


# Cases where both walkers once differed from git; they now agree with it.
FORMER_GIT_DIFFERENCES = {
    # a bracket expression holding "/" is not split at the "/": git's wildmatch sees the
    # whole bracket ("[!/]" matches any one character but "/"), and the "/" makes the
    # pattern anchored
    "slash in bracket": ("x/[!/]\n[^/]\n", ["x/a", "x/bb", "a", "ab"]),
    "slash in bracket, deeper": ("x/[a/]b\n*/[!/]/c\n", ["x/ab", "x/bb", "y/q/c", "y/qq/c"]),
    # the low end of a range also matches by itself in git ("[c-a]" matches "c")
    "reversed range": ("[c-a]\n[z-/]\n", ["a", "b", "c", "z"]),
    # git's literal head stops at the "\" of "\/", so the stars after it cannot cross "/"
    "quoted slash before head stars": ("a\\/b**/f\n", ["a/bx/f", "a/bx/y/f"]),
    # a user exclude is taken as it is, like git's --exclude: "#..." is not a comment and
    # trailing spaces are not trimmed
    "exclude with # or trailing space": ("", ["#c", "a", "a "], ["#c", "a "]),
}


@needs_git
@needs_native
@pytest.mark.parametrize("case", sorted(FORMER_GIT_DIFFERENCES))
def test_former_differences_from_git(tmp_path, case):
    gitignore, files, *exclude = FORMER_GIT_DIFFERENCES[case]
    exclude = exclude[0] if exclude else []
    root = build_repo(str(tmp_path), dict({f: "" for f in files}, **{".gitignore": gitignore}))
    check_against_git(root, exclude)                     # python == native == git


# ---------------------------------------------------------------------------------------------
# (c) random trees, random .gitignore files: python == native == git
# ---------------------------------------------------------------------------------------------

NAMES = ["a", "b", "ab", "ba", "x", "a.py", "b.txt", "foo", "#c", "!d", "e ", "A", "c d",
         "[a]", "a*", "xa"]
ATOMS = ["a", "b", "x", "e", ".py", "foo", "*", "*", "**", "***", "?", "[a-c]", "[!a]",
         "[^b]", "\\#", "\\!", "\\ ", "\\*", "#", "!"]

component = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=3).map("".join)
body = st.lists(component, min_size=1, max_size=3).map("/".join)
pattern_line = st.one_of(
    st.tuples(st.sampled_from(["", "", "!"]), st.sampled_from(["", "", "/"]), body,
              st.sampled_from(["", "", "/"]), st.sampled_from(["", "", " ", "  ", "\\ "]))
    .map("".join),
    st.sampled_from(["", "#c", "\\#c", "*", "!*/", "**", "/*", "!a", "*.py", "!**/", "a/",
                     "!/", "/", "!"]),
)
gitignore_text = st.lists(pattern_line, max_size=5).map(lambda lines: "\n".join(lines) + "\n")
tree_paths = st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(tuple),
                      min_size=1, max_size=12)


def tree_spec(paths, gitignores, info_exclude):
    """Files for the drawn paths (a path that is a prefix of another is a directory), plus a
    .gitignore in some of the directories (chosen by index)."""
    paths = set(paths)
    dirs = {p[:i] for p in paths for i in range(1, len(p))}
    spec = {"/".join(p): "x\n" for p in paths if p not in dirs}
    all_dirs = [()] + sorted(dirs)
    for index, text in gitignores:
        spec["/".join(all_dirs[index % len(all_dirs)] + (".gitignore",))] = text
    if info_exclude is not None:
        spec[".git/info/exclude"] = info_exclude
    return spec


@needs_git
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(paths=tree_paths,
       gitignores=st.lists(st.tuples(st.integers(0, 50), gitignore_text), max_size=3),
       info_exclude=st.none() | gitignore_text,
       exclude=st.lists(pattern_line.filter(bool), max_size=2))
def test_random_trees_against_git(paths, gitignores, info_exclude, exclude):
    with tempfile.TemporaryDirectory() as root:
        git_init(root)
        build(root, tree_spec(paths, gitignores, info_exclude))
        check_against_git(root, exclude)


# ---------------------------------------------------------------------------------------------
# (d) include patterns; several threads
# ---------------------------------------------------------------------------------------------

APP = {
    "a.kt": "", "Main.swift": "", "README.md": "", "build.gradle": "",
    "app/src/main/A.kt": "", "app/src/main/B.java": "", "app/src/test/ATest.kt": "",
    "app/src/test/BTest.java": "", "ios/App/View.swift": "", "ios/App/test/ViewTest.swift": "",
    "src/Top.java": "", "src/x/y/Deep.java": "", "src/test/T.java": "", "lib/src/L.java": "",
    "a/b/c/deep/d.kt": "", "gen/G.kt": "", "notes.txt": "",
    ".gitignore": "gen/\n*.md\n",
}

# patterns -> what they keep of APP (respect_gitignore on, default excludes on)
PATTERN_CASES = [
    (None, None),                                   # None: every file
    ([], None),                                     # empty: every file too
    (["**/*.kt"], ["a.kt", "a/b/c/deep/d.kt", "app/src/main/A.kt", "app/src/test/ATest.kt"]),
    (["*.swift"], ["Main.swift", "ios/App/View.swift", "ios/App/test/ViewTest.swift"]),
    (["src/**/*.java"], ["src/Top.java", "src/test/T.java", "src/x/y/Deep.java"]),
    (["**/*.java", "!**/test/**"],
     ["app/src/main/B.java", "lib/src/L.java", "src/Top.java", "src/x/y/Deep.java"]),
    (["!**/test/**", "**/*.java"],                  # the last match decides: order matters
     ["app/src/main/B.java", "app/src/test/BTest.java", "lib/src/L.java", "src/Top.java",
      "src/test/T.java", "src/x/y/Deep.java"]),
    (["*.kt", "!*.kt"], []),
    (["*.kt", "!*.kt", "a.kt"], ["a.kt"]),
    (["!*.kt"], []),                                # only a negation: nothing is kept
    (["src/"], []),                                 # a directory pattern matches no file
    ([""], []),                                     # an empty pattern matches nothing
    (["/a.kt", "deep/*"], ["a.kt"]),                # anchored ("deep/*" is: no deep/ at root)
    (["**/deep/*"], ["a/b/c/deep/d.kt"]),           # directories are never pruned
    (["*.md", "gen/*"], []),                        # gitignored files stay ignored
    (["build.*", "notes.txt"], ["build.gradle", "notes.txt"]),
]


@pytest.fixture(scope="module")
def app_tree(tmp_path_factory):
    return build(str(tmp_path_factory.mktemp("app")), APP)


@pytest.mark.parametrize("patterns, expected", PATTERN_CASES)
def test_include_patterns(app_tree, patterns, expected):
    paths, errors = both(app_tree, patterns=patterns)
    assert errors == []
    if expected is None:
        expected = sorted(f for f in APP if not f.endswith(".md") and not f.startswith("gen/"))
    assert relative(app_tree, paths) == sorted(f.encode() for f in expected)


def test_include_patterns_with_the_other_options(app_tree):
    # on top of extensions, and after user excludes (which win)
    paths, _ = both(app_tree, patterns=["*/src/**"], extensions=[".java"])
    assert relative(app_tree, paths) == [b"app/src/main/B.java", b"app/src/test/BTest.java",
                                         b"lib/src/L.java"]
    paths, _ = both(app_tree, patterns=["*.java"], exclude=["test/", "lib"])
    assert relative(app_tree, paths) == [b"app/src/main/B.java", b"src/Top.java",
                                         b"src/x/y/Deep.java"]
    # without .gitignore, ignored files can be selected
    paths, _ = both(app_tree, patterns=["*.md", "gen/**"], respect_gitignore=False)
    assert relative(app_tree, paths) == [b"README.md", b"gen/G.kt"]
    # given as a tuple, as bytes
    for patterns in (("*.swift",), [b"*.swift"]):
        paths, _ = both(app_tree, patterns=patterns)
        assert len(paths) == 3


@needs_native
@pytest.mark.parametrize("follow_symlinks", [False, True])
def test_include_patterns_on_the_tricky_tree(tricky, follow_symlinks):
    for patterns in (["*.py"], ["**/*.py", "!deep/**"], ["*"], ["!*"], ["links/*", "*.txt"],
                     ["sub/**", "!*.log"], ["[ab]*", "**/d*/**"], [b"bad\xff.py", "caf*"]):
        for respect_gitignore in (True, False):
            paths, errors = both(tricky, patterns=patterns, follow_symlinks=follow_symlinks,
                                 respect_gitignore=respect_gitignore, extensions=[".py", ".txt"])
            # patterns only ever take files away
            everything, all_errors = both(tricky, follow_symlinks=follow_symlinks,
                                          respect_gitignore=respect_gitignore,
                                          extensions=[".py", ".txt"])
            assert set(paths) <= set(everything) and errors == all_errors


@needs_native
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(paths=tree_paths, patterns=st.lists(pattern_line, max_size=3),
       gitignore=st.none() | gitignore_text, jobs=st.sampled_from([0, 1, 2, 3]))
def test_random_patterns_python_equals_native(paths, patterns, gitignore, jobs):
    gitignores = [] if gitignore is None else [(0, gitignore)]
    with tempfile.TemporaryDirectory() as root:
        build(root, tree_spec(paths, gitignores, None))
        python = py_walk.walk(root, patterns=patterns)
        assert python == native.walk(root, patterns=patterns, jobs=jobs)


def wide_tree(root):
    """A tree with enough directories to keep several threads busy, and errors to sort: broken
    links, symlink loops, an unreadable directory (reported when permissions are enforced)."""
    spec = {}
    for i in range(40):
        for j in range(6):
            for k in range(12):
                spec[f"m{i:02d}/f{j}/File{k:02d}{'.kt' if k % 3 else '.swift'}"] = ""
            spec[f"m{i:02d}/f{j}/broken{j}.kt"] = Link("nowhere")
        spec[f"m{i:02d}/loop"] = Link("..")
        spec[f"m{i:02d}/a-b.kt"] = ""
        spec[f"m{i:02d}0.kt"] = ""
    spec[".gitignore"] = "m03/\n*5.kt\n"
    spec["m04/.gitignore"] = "!File05.kt\n"
    spec["locked/x.kt"] = ""
    build(root, spec)
    os.chmod(os.path.join(root, "locked"), 0)
    return root


@needs_native
def test_jobs_do_not_change_the_result(tmp_path):
    root = wide_tree(str(tmp_path))
    try:
        for options in ({}, {"follow_symlinks": True}, {"patterns": ["**/*.kt", "!*1*"]},
                        {"respect_gitignore": False, "follow_symlinks": True}):
            expected = py_walk.walk(root, **options)
            if options.get("follow_symlinks"):
                assert len(expected[1]) >= 39 * 6           # the loops and broken links
            assert expected[0] == sorted(expected[0], key=os.fsencode)
            for jobs in (1, 2, 2, 3, 4, 4, 8, 0, -1):
                assert native.walk(root, jobs=jobs, **options) == expected, (options, jobs)
    finally:
        os.chmod(os.path.join(root, "locked"), 0o755)


@needs_native
def test_jobs_on_trees_of_every_shape(tmp_path, tricky):
    # one directory, a single chain, a root that is a file, an empty root
    flat = build(str(tmp_path / "flat"), {f"{i}.py": "" for i in range(300)})
    chain = build(str(tmp_path / "chain"), {"/".join(["d"] * 40) + "/x.py": "", "y.py": ""})
    empty = build(str(tmp_path / "empty"), {"e": DIR})
    for root in (flat, chain, empty + "/e", os.path.join(flat, "7.py"), tricky):
        for follow_symlinks in (False, True):
            expected = py_walk.walk(root, follow_symlinks=follow_symlinks)
            for jobs in (1, 2, 5):
                assert native.walk(root, jobs=jobs, follow_symlinks=follow_symlinks) == expected


def test_bad_patterns_and_jobs_raise_the_same_errors():
    for kwargs in ({"patterns": [1]}, {"patterns": 3}, {"patterns": ["a\0"]},
                   {"jobs": "2"}, {"jobs": 1.5}, {"jobs": 2**40}, {"jobs": -2**40}):
        with pytest.raises((TypeError, ValueError, OverflowError)) as python_error:
            py_walk.walk(".", **kwargs)
        if native is not None:
            with pytest.raises(python_error.type):
                native.walk(".", **kwargs)


# ---------------------------------------------------------------------------------------------
# (e) bad input
# ---------------------------------------------------------------------------------------------

def test_symlink_loops_are_reported_and_the_walk_completes(tmp_path):
    root = build(tmp_path, {"d/f.py": "", "d/up": Link(".."), "d/here": Link("."),
                            "self": Link("self"), "ping": Link("pong"), "pong": Link("ping"),
                            "d/e/back": Link("../../d")})
    paths, errors = both(root, follow_symlinks=True)
    assert relative(root, paths) == [b"d/f.py"]
    assert error_codes(root, errors) == {
        (b"d/up", "symlink-loop"), (b"d/here", "symlink-loop"), (b"self", "symlink-loop"),
        (b"ping", "symlink-loop"), (b"pong", "symlink-loop"), (b"d/e/back", "symlink-loop")}
    assert both(root) == ([os.path.join(root, "d", "f.py")], [])
    # an excluded looping link is not an error
    _, errors = both(root, follow_symlinks=True, exclude=["self", "p*"])
    assert {e["code"] for e in errors} == {"symlink-loop"} and len(errors) == 3


def test_broken_symlinks(tmp_path):
    root = build(tmp_path, {"ok.py": "", "broken.py": Link("missing.py"),
                            "through_file": Link("ok.py/x"), "dir/broken": Link("/nonexistent")})
    paths, errors = both(root, follow_symlinks=True)
    assert relative(root, paths) == [b"ok.py"]
    assert error_codes(root, errors) == {(b"broken.py", "broken-symlink"),
                                         (b"through_file", "broken-symlink"),
                                         (b"dir/broken", "broken-symlink")}
    assert errors[0]["message"] == os.strerror(errno.ENOENT)
    assert both(root) == ([os.path.join(root, "ok.py")], [])
    _, errors = both(root, follow_symlinks=True, extensions=[".py"], exclude=["broken*"])
    assert error_codes(root, errors) == {(b"through_file", "broken-symlink")}


# As root, permissions are not enforced. To test them anyway, a child process imports both
# walkers, drops to nobody, walks, and prints both results (the tree is built outside the
# per-user pytest directory, which nobody cannot enter).
UNPRIVILEGED_WALK = """
import json, os, sys
from observe_core import _native
from observe_core._python import walk as py_walk
os.setgid(65534)
os.setuid(65534)
out = {}
for name, function in (("native", _native.walk), ("python", py_walk.walk)):
    try:
        out[name] = list(function(sys.argv[1]))
    except OSError as error:
        out[name] = [type(error).__name__, str(error)]
print(json.dumps(out))
"""


def walk_unprivileged(root):
    """(native, python) results of walking root as nobody; each is [paths, errors] or
    [exception name, message]."""
    done = subprocess.run([sys.executable, "-c", UNPRIVILEGED_WALK, root], check=True,
                          stdout=subprocess.PIPE, text=True)
    out = __import__("json").loads(done.stdout)
    return out["native"], out["python"]


@pytest.fixture
def shared_tmp():
    """A temporary directory that every user can enter."""
    path = tempfile.mkdtemp()
    os.chmod(path, 0o755)
    yield path
    for directory, subdirectories, _ in os.walk(path):
        for name in subdirectories:
            os.chmod(os.path.join(directory, name), 0o755)
    shutil.rmtree(path)


def check_unreadable(root, expected_paths, expected_errors, unreadable_root=None):
    """Walks root (and unreadable_root, which must fail) where permissions are enforced: in
    this process, or as nobody when running as root."""
    if IS_ROOT:
        if native is None:
            pytest.skip("the unprivileged check compares with the C extension")
        native_result, python_result = walk_unprivileged(root)
        assert native_result == python_result
        paths, errors = python_result
    else:
        paths, errors = both(root)
    assert relative(root, paths) == expected_paths
    assert error_codes(root, errors) == expected_errors
    assert all(e["message"] == os.strerror(errno.EACCES) for e in errors)      # EACCES
    if unreadable_root is None:
        return
    if IS_ROOT:
        native_result, python_result = walk_unprivileged(unreadable_root)
        assert native_result == python_result == [
            "FileNotFoundError", f"{unreadable_root}: {os.strerror(errno.EACCES)}"]
    else:
        assert_same_root_error(unreadable_root)


def assert_same_root_error(path):
    """Both walkers refuse the root with the same exception and message, naming the path."""
    with pytest.raises(FileNotFoundError) as python_error:
        py_walk.walk(path)
    assert path in str(python_error.value)
    if native is not None:
        with pytest.raises(FileNotFoundError) as native_error:
            native.walk(path)
        assert str(native_error.value) == str(python_error.value)


def test_unreadable_directory(shared_tmp):
    root = build(shared_tmp, {"ok.py": "", "locked/secret.py": "", "locked/sub/s.py": "",
                              "ignored_locked/x.py": "", ".gitignore": "ignored_locked/\n"})
    locked = os.path.join(root, "locked")
    os.chmod(locked, 0)
    os.chmod(os.path.join(root, "ignored_locked"), 0)
    # in this process (as root: permissions not enforced) the walk completes, both agree
    paths, _ = both(root)
    assert b"ok.py" in relative(root, paths)
    both(locked)
    # where they are enforced: an error for the directory (not for the ignored one), and an
    # unreadable root fails the whole walk
    check_unreadable(root, [b".gitignore", b"ok.py"], {(b"locked", "permission-denied")},
                     unreadable_root=locked)


def test_unreadable_gitignore(shared_tmp):
    root = build(shared_tmp, {"a.py": "", "b.py": "", "s/.gitignore": "b.py\n", "s/b.py": "",
                              ".gitignore": "a.py\n"})
    os.chmod(os.path.join(root, "s", ".gitignore"), 0)
    both(root)
    # the unreadable .gitignore is reported and its rules do not apply; the walk goes on
    check_unreadable(root, [b".gitignore", b"b.py", b"s/.gitignore", b"s/b.py"],
                     {(b"s/.gitignore", "permission-denied")})


def test_odd_ignore_files(tmp_path):
    # .git/info/exclude that is a directory or a symlink, .gitignore that is a fifo or link
    root = build(tmp_path, {"a.py": "", "x.py": "", "s/y.py": "", "t/z.py": "",
                            ".git/info/exclude/f": "", "real_ignore": "y.py\n",
                            "t/.gitignore": Link("../real_ignore")})
    os.mkfifo(os.path.join(root, "s", ".gitignore"))
    paths, errors = both(root)
    assert {b"a.py", b"s/y.py", b"t/z.py"} <= set(relative(root, paths))
    assert error_codes(root, errors) == {(b".git/info/exclude", "read-error")}
    shutil.rmtree(os.path.join(root, ".git", "info", "exclude"))
    os.symlink("../../real_ignore", os.path.join(root, ".git", "info", "exclude"))
    _, errors = both(root)
    # (git follows a symlinked info/exclude; libobserve opens it with O_NOFOLLOW like an
    # in-tree .gitignore and reports the link: a known difference)
    assert error_codes(root, errors) == {(b".git/info/exclude", "symlink-loop")}
    os.remove(os.path.join(root, ".git", "info", "exclude"))
    os.rmdir(os.path.join(root, ".git", "info"))
    os.rmdir(os.path.join(root, ".git"))
    build(root, {".git": "gitdir: elsewhere\n"})      # a worktree's .git file: ENOTDIR
    assert both(root)[1] == []


@needs_git
def test_names_that_are_not_utf8(tmp_path):
    spec = {b"bad\xff.py": "", b"d\xfe/x\xfd.py": "", b"d\xfe/ok.py": "", "good.py": "",
            b"ign\xff.py": "", ".gitignore": b"ign\xff*\n", b"\xc3(.txt": ""}
    root = build_repo(str(tmp_path), spec)
    paths, errors = both(root)
    prefix = os.fsencode(root) + b"/"
    assert paths == [os.fsdecode(prefix + p) for p in
                     sorted([b".gitignore", b"\xc3(.txt", b"bad\xff.py", b"d\xfe/ok.py",
                             b"d\xfe/x\xfd.py", b"good.py"])]
    assert errors == []
    assert all(os.fsencode(p).startswith(prefix) for p in paths)
    assert os.fsdecode(prefix + b"bad\xff.py") in paths
    check_against_git(root)
    # a bytes root gives the same str paths
    assert both(os.fsencode(root)) == (paths, errors)
    # and a root whose own name is not UTF-8
    inner = os.path.join(os.fsencode(root), b"d\xfe")
    paths, _ = both(inner, extensions=[".py"])
    assert paths == [os.fsdecode(inner + b"/ok.py"), os.fsdecode(inner + b"/x\xfd.py")]


def test_root_that_is_a_file(tmp_path):
    root = build(tmp_path, {"other.log": "", ".gitignore": "*.log\n", "link.log": Link("other.log")})
    for path in (os.path.join(root, "other.log"), os.path.join(root, "link.log")):
        assert both(path, extensions=[".py"], exclude=["*"]) == ([path], [])
        assert both(os.fsencode(path)) == ([path], [])


@pytest.mark.parametrize("root", ["missing", "a.py/x", "", "/dev/null", "dangling"])
def test_roots_that_cannot_be_walked(tmp_path, root):
    build(tmp_path, {"a.py": "", "dangling": Link("nowhere")})
    path = os.path.join(str(tmp_path), root) if root not in ("", "/dev/null") else root
    assert_same_root_error(path)


def test_bad_arguments_raise_the_same_errors():
    for args, kwargs in [(("a\0b",), {}), ((".",), {"exclude": [1]}),
                         ((".",), {"extensions": [None]}), ((".",), {"exclude": ["a\0"]}),
                         ((".",), {"exclude": 3})]:
        with pytest.raises((TypeError, ValueError)) as python_error:
            py_walk.walk(*args, **kwargs)
        if native is not None:
            with pytest.raises(python_error.type):
                native.walk(*args, **kwargs)


def test_empty_directory(tmp_path):
    assert both(str(tmp_path)) == ([], [])
    assert both(str(tmp_path), follow_symlinks=True, respect_gitignore=False,
                default_excludes=False, exclude=["*"], extensions=[".py"]) == ([], [])


def test_deep_nesting_beyond_path_max(tmp_path):
    """Nesting far deeper than any real tree: neither walker recurses; past PATH_MAX the
    directories cannot be opened by path, which both report the same way."""
    levels = 1100                                 # 4 bytes a level: ~4400 bytes deep
    fds = [os.open(tmp_path, os.O_RDONLY)]
    try:
        for _ in range(levels):
            os.mkdir("nnn", dir_fd=fds[-1])
            fds.append(os.open("nnn", os.O_RDONLY, dir_fd=fds[-1]))
        os.close(os.open("leaf.py", os.O_CREAT | os.O_WRONLY, dir_fd=fds[-1]))
        paths, errors = both(str(tmp_path))
        assert paths == []
        assert [e["code"] for e in errors] == ["read-error"]
        assert errors[0]["message"] == os.strerror(errno.ENAMETOOLONG)
        paths, errors = both(os.path.join(str(tmp_path), *["nnn"] * 500), extensions=[".py"])
        assert paths == [] and [e["code"] for e in errors] == ["read-error"]
    finally:   # remove the tree bottom up (shutil.rmtree would recurse too deep)
        os.unlink("leaf.py", dir_fd=fds[-1])
        for parent, child in zip(reversed(fds[:-1]), reversed(fds[1:])):
            os.close(child)
            os.rmdir("nnn", dir_fd=parent)
        os.close(fds[0])


def test_many_files_sorted_bytewise(tmp_path):
    spec = {f"{'abcdefg'[i % 7]}/{(i * 7919) % 1000}{'.py' if i % 3 else '_x.py'}": ""
            for i in range(300)}
    spec.update({"a.py": "", "a-b.py": "", "A.py": "", "a/.py": "", "a.b/c.py": ""})
    paths, errors = both(build(tmp_path, spec))
    assert len(paths) == len(spec) and errors == []
    assert paths == sorted(paths, key=os.fsencode)


@needs_native
def test_stdlib_identical(capsys):
    root = sysconfig.get_paths()["stdlib"]
    timings = {}
    results = {}
    for name, function in (("native", native.walk), ("python", py_walk.walk)):
        function(root, extensions=[".py"])                      # warm the page cache
        started = time.perf_counter()
        results[name] = function(root, extensions=[".py"])
        timings[name] = time.perf_counter() - started
    assert results["python"] == results["native"]
    paths, errors = results["python"]
    assert errors == [] and len(paths) > 500
    assert paths == sorted(paths, key=os.fsencode)
    assert not any("/site-packages/" in p or "/__pycache__/" in p for p in paths)
    with capsys.disabled():
        print(f"\nstdlib walk ({len(paths)} .py files): native {timings['native'] * 1e3:.1f} ms,"
              f" pure Python {timings['python'] * 1e3:.1f} ms")
    # and with everything switched off (site-packages, caches: tens of thousands of files)
    assert both(root, respect_gitignore=False, default_excludes=False, follow_symlinks=True)
