"""File discovery, pure Python: the executable specification of libobserve's walk.c/ignore.c.

``walk(root, ...)`` returns ``(paths, errors)``: every regular file under ``root``, minus the
default excludes, the user's exclude globs and ``.gitignore`` rules, sorted bytewise; and the
paths that could not be walked, as error dicts. It returns exactly what ``_native.walk``
returns (tests/test_walk.py checks both against each other and against git).

Everything is done on bytes, as the C code does: names are compared and sorted as the bytes
the kernel gives us and decoded with ``os.fsdecode`` (surrogateescape) only at the end, so a
name that is not valid UTF-8 comes out exactly as the native backend returns it.

Rules, in the order they are applied to an entry of a directory:

1. ``respect_gitignore``: anything named ``.git`` is skipped (git never counts its repository
   as part of the work tree).
2. Symlinks: without ``follow_symlinks`` every symlink below the root is skipped, broken or
   not. With it, links are followed; a broken link is a ``broken-symlink`` error and a
   directory that is one of its own ancestors (same st_dev/st_ino) a ``symlink-loop`` error.
   The root itself is always followed.
3. Files: the name must end with one of ``extensions`` (when given), the last of the include
   ``patterns`` (when given) that matches the file's path must be a positive one, and the
   file must not be ignored.
4. Directories: ``default_excludes`` skips the names in ``EXCLUDED_DIR_NAMES`` (and names
   ending with ``EXCLUDED_DIR_SUFFIXES``) and any directory holding a ``pyvenv.cfg`` (a
   virtualenv); then ignored directories are skipped, and are never entered, so nothing
   below them can be re-included. The root is never excluded.

"Ignored" asks the ignore lists in git's order, and the first list that has an opinion
decides: the user's ``exclude`` globs (like ``git ls-files --exclude``, so a ``!`` there can
re-include a gitignored file), then each directory's ``.gitignore`` from the deepest up to the
root, then the root's ``.git/info/exclude``.

``patterns`` are include globs in gitignore syntax, taken as given (like ``exclude``) and
matched against each file's path relative to the root, as a file: ``*.swift`` (no slash)
matches the name at any depth, ``src/**/*.java`` is anchored at the root, ``!**/test/**``
drops what earlier patterns kept, a pattern ending in "/" matches no file. A file is kept
only if the last pattern that matches it is a positive one; no patterns (None or empty) keep
every file. They never prune directories, apply on top of ``extensions``, and do not filter
errors (a broken link is reported whatever they say, as with ``extensions``).

The gitignore matcher (``IgnoreList``) is git's dir.c/wildmatch.c semantics, written as the
same small explicit loops as ignore.c (no fnmatch, no regular expressions), quirks included;
see ``IgnoreList`` and ``_Pattern``.

The native walker reads directories on several threads (``jobs``); its output does not depend
on them, so this walker takes ``jobs`` for the same signature and runs on one thread. Paths
are sorted bytewise; errors by path, then code, then message.

Errors never stop the walk. A root that cannot be walked at all (missing, unreadable, neither
a file nor a directory) raises ``FileNotFoundError`` with the root in the message, as the
native binding does. A root that is a regular file yields just that file.
"""

from __future__ import annotations

import errno
import operator
import os
import stat

__all__ = ["walk", "IgnoreList", "IGNORE_NONE", "IGNORE_IGNORED", "IGNORE_INCLUDED",
           "EXCLUDED_DIR_NAMES", "EXCLUDED_DIR_SUFFIXES", "VENV_MARKERS"]

# ---------------------------------------------------------------------------------------------
# Tables (the same as walk.c)
# ---------------------------------------------------------------------------------------------

#: Directory names skipped by default_excludes: VCS data, caches, virtualenvs, installed
#: packages, build output.
EXCLUDED_DIR_NAMES = frozenset({
    b".git", b".hg", b".svn", b"__pycache__", b"node_modules", b".venv",
    b".tox", b".nox", b".mypy_cache", b".pytest_cache", b".ruff_cache", b"build",
    b"dist", b".eggs", b"site-packages", b"dist-packages",
})

#: Directory name endings skipped by default_excludes.
EXCLUDED_DIR_SUFFIXES = (b".egg-info",)

#: A directory holding one of these (as anything but a directory) is a virtualenv (PEP 405).
VENV_MARKERS = frozenset({b"pyvenv.cfg"})

#: errno -> error code; anything else is "read-error".
_ERRNO_CODES = {
    errno.EACCES: "permission-denied", errno.EPERM: "permission-denied",
    errno.ENOENT: "not-found", errno.ENOTDIR: "not-found",
    errno.ELOOP: "symlink-loop", errno.ENOMEM: "out-of-memory",
}

#: A .gitignore larger than this is refused (EFBIG), as in ignore.c.
MAX_IGNORE_FILE = 64 << 20

_SLASH, _STAR, _QUESTION, _OPEN, _CLOSE, _BACKSLASH = b"/*?[]\\"
_COLON, _DASH, _BANG, _CARET, _SPACE, _HASH = b":-!^ #"

# ---------------------------------------------------------------------------------------------
# gitignore patterns
# ---------------------------------------------------------------------------------------------

IGNORE_NONE = 0       #: no pattern matched
IGNORE_IGNORED = 1    #: the last matching pattern excludes the path
IGNORE_INCLUDED = 2   #: the last matching pattern is a negation ("!")


def _ascii_class(test):
    return frozenset(c for c in range(256) if test(c))


# The [:class:] names of bracket expressions. Git's wildmatch uses its own ASCII-only ctype
# tables; these are those tables (ignore.c calls <ctype.h>, which agrees in the C and UTF-8
# locales).
_CHAR_CLASSES = {
    b"alnum": _ascii_class(lambda c: bytes([c]).isalnum()),
    b"alpha": _ascii_class(lambda c: bytes([c]).isalpha()),
    b"blank": frozenset(b" \t"),
    b"cntrl": _ascii_class(lambda c: c < 32 or c == 127),
    b"digit": _ascii_class(lambda c: bytes([c]).isdigit()),
    b"graph": _ascii_class(lambda c: 33 <= c <= 126),
    b"lower": _ascii_class(lambda c: bytes([c]).islower()),
    b"print": _ascii_class(lambda c: 32 <= c <= 126),
    b"punct": _ascii_class(lambda c: 33 <= c <= 126 and not bytes([c]).isalnum()),
    b"space": frozenset(b" \t\n\v\f\r"),
    b"upper": _ascii_class(lambda c: bytes([c]).isupper()),
    b"xdigit": frozenset(b"0123456789abcdefABCDEF"),
}


class _Pattern:
    """One parsed gitignore line.

    ``text`` is the body without "!", leading "/" or trailing "/", with "\\/" turned into
    "/" (a quoted slash still separates components); other escapes stay for the matcher.

    A pattern with no "/" (``basename``) matches the last path component at any depth. Any
    other pattern is anchored: it matches the whole path relative to its list's directory,
    component by component (``segs``: (text, any_depth) pairs, where any_depth marks a
    component of two or more stars, which matches any number of components).

    ``head_len`` is git's quirk (see ``_split_head_stars``): a literal head followed by two
    or more stars that then match anything, slashes included; ``segs`` is then what follows
    those stars and their "/".
    """

    __slots__ = ("text", "negate", "dir_only", "basename", "head_len", "segs")

    def __init__(self, text, negate, dir_only, basename):
        self.text = text
        self.negate = negate
        self.dir_only = dir_only
        self.basename = basename
        self.head_len = 0          # > 0: the literal-head quirk applies
        self.segs = ()

    def matches(self, path, base):
        if self.basename:
            return _match_component(self.text, base)
        if self.head_len:
            return _match_head_stars(self, path)
        return _match_anchored(self.segs, path)


def _trim_trailing_spaces(line):
    """line without its trailing unescaped spaces (git: only ' '; '\\' protects the next
    character, and a line ending in a lone '\\' is kept whole)."""
    cut = None
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == _SPACE:
            if cut is None:
                cut = i
        elif c == _BACKSLASH:
            i += 1
            if i >= n:
                return line
            cut = None
        else:
            cut = None
        i += 1
    return line if cut is None else line[:cut]


def _unquote_slashes(body):
    """body with every "\\/" turned into "/"; other escapes are kept for the matcher."""
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        if body[i] == _BACKSLASH and i + 1 < n:
            if body[i + 1] != _SLASH:
                out.append(_BACKSLASH)
            out.append(body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return bytes(out)


def _split_segments(text):
    """The components of an anchored body; a "/" inside a bracket expression does not split
    (git's wildmatch sees the whole bracket, which never matches "/"). A trailing "**" (after
    at least one other component) becomes "*" then "**", so that it needs at least one
    component: "a/**" matches everything inside a, not a itself."""
    segs = []
    i = start = 0
    n = len(text)
    while True:
        if i < n and text[i] == _BACKSLASH:
            i += 2
            continue
        if i < n and text[i] == _OPEN:
            r, after = _match_bracket(text, i, 0)
            i = n + 1 if r < 0 else after      # malformed: the rest is one component
            continue
        if i < n and text[i] != _SLASH:
            i += 1
            continue
        i = min(i, n)
        part = text[start:i]
        segs.append((part, len(part) >= 2 and part.count(b"*") == len(part)))
        if i >= n:
            break
        i += 1
        start = i
    if len(segs) > 1 and segs[-1][1]:
        segs.insert(len(segs) - 1, (segs[-1][0][:1], False))
    return segs


def _literal_head_length(text):
    """Length of the literal head: up to the first of "*?[\\" (or a NUL, where the C
    string functions stop)."""
    for i, c in enumerate(text):
        if c in b"*?[\\\0":
            return i
    return len(text)


def _split_head_stars(p, head):
    """Git's literal-head quirk, kept on purpose since the goal is to list what git lists.

    Git compares the literal head of an anchored pattern (up to the first of "*?[\\")
    separately and wildmatches the tail as if it were a whole pattern, so stars right after
    the head count as a leading "**" and can cross "/": "a**/x" matches "ax" and
    "a/any/thing/x"; "src/foo**" matches everything below "src/foo...".

    Applies when the head is non-empty, does not end in "/", and is followed by two or more
    stars and then the end or a "/". head is the length of the literal head, measured on the
    body before "\\/" is unquoted (git's head stops at the "\\"). Sets p.head_len and
    returns where the components to split start (0 when there is no quirk)."""
    text = p.text
    n = len(text)
    if head == 0 or head >= n or text[head - 1] == _SLASH:
        return 0
    stars = head
    while stars < n and text[stars] == _STAR:
        stars += 1
    if stars - head < 2:
        return 0
    if stars < n and text[stars] != _SLASH:
        return 0
    p.head_len = head
    return stars + (1 if stars < n else 0)


def _parse_line(line):
    """The _Pattern for one line of gitignore syntax (no newline), or None when the line adds
    nothing (blank, comment, or a pattern that is only "!" or "/")."""
    if line.endswith(b"\r"):
        line = line[:-1]
    if not line or line[0] == _HASH:
        return None
    return _parse_pattern(_trim_trailing_spaces(line))


def _parse_pattern(line):
    """The _Pattern for a pattern with no comment or trailing spaces left to handle (a
    .gitignore line after that, or a user exclude as given), or None when it is empty or only
    "!" or "/"."""
    negate = dir_only = basename = False
    if line and line[0] == _BANG:
        negate, line = True, line[1:]
    if line and line[-1] == _SLASH:
        dir_only, line = True, line[:-1]
    if line and b"/" not in line:
        basename = True
    elif line and line[0] == _SLASH:
        line = line[1:]
    if not line:
        return None
    head = _literal_head_length(line)        # raw: the head stops at a "\\"
    p = _Pattern(_unquote_slashes(line), negate, dir_only, basename)
    if not basename:
        rest = _split_head_stars(p, head)
        if rest < len(p.text):
            p.segs = _split_segments(p.text[rest:])
    return p


# ---- matching --------------------------------------------------------------------------------
#
# As in ignore.c: no recursion. A component is matched with the classic single-backtrack
# wildcard loop (remember the last star, retry one step further on a mismatch), and the
# components of an anchored pattern with the same loop, "**" components being the stars. That
# bounds the cost at O(pattern x path) even for patterns like "*a*a*a*a*b".

def _match_class(p, i, c):
    """p[i:i+2] is "[:". Returns (1 or 0 for whether c is in the class, index past ":]");
    (2, i) when there is no ":]" (the "[" is then a literal, as in git); (-1, i) for an
    unknown class or no "]" at all."""
    name = i + 2
    j = p.find(b"]", name)
    if j < 0:
        return -1, i
    if j < name + 1 or p[j - 1] != _COLON:
        return 2, i
    members = _CHAR_CLASSES.get(p[name:j - 1])
    if members is None:
        return -1, i
    return (1 if c in members else 0), j + 1


def _match_bracket(p, start, c):
    """p[start] is "[". Returns (1 or 0 for whether c is in the bracket expression, index
    past its "]"), or (-1, start) when the expression is malformed (git then matches
    nothing)."""
    i = start + 1
    n = len(p)
    negate = matched = False
    if i < n and p[i] in (_BANG, _CARET):
        negate = True
        i += 1
    first = True
    while True:
        if i >= n:
            return -1, start
        lo = p[i]
        if lo == _CLOSE and not first:
            break
        first = False
        if lo == _OPEN and i + 1 < n and p[i + 1] == _COLON:
            r, after = _match_class(p, i, c)
            if r < 0:
                return -1, start
            if r < 2:
                matched = matched or r == 1
                i = after
                continue
        if lo == _BACKSLASH:
            i += 1
            if i >= n:
                return -1, start
            lo = p[i]
        i += 1
        if i + 1 < n and p[i] == _DASH and p[i + 1] != _CLOSE:
            hi = p[i + 1]
            i += 2
            if hi == _BACKSLASH:
                if i >= n:
                    return -1, start
                hi = p[i]
                i += 1
            if c == lo or lo <= c <= hi:       # as in git: "[c-a]" matches "c"
                matched = True
        elif c == lo:
            matched = True
    return (1 if matched != negate else 0), i + 1


def _match_token(p, i, c):
    """Matches the pattern token at p[i] (not "*") against the byte c: (1, index past the
    token), (0, i), or (-1, i) when the pattern is malformed."""
    pc = p[i]
    if pc == _QUESTION:
        return 1, i + 1
    if pc == _OPEN:
        return _match_bracket(p, i, c)
    if pc == _BACKSLASH:
        i += 1
        if i >= len(p):
            return -1, i           # a trailing "\" matches nothing
        pc = p[i]
    if pc != c:
        return 0, i
    return 1, i + 1


def _match_component(p, s):
    """Wildcard match of one component (neither side contains "/")."""
    pi = si = 0
    plen, slen = len(p), len(s)
    star_pi, star_si = None, 0
    while si < slen:
        if pi < plen and p[pi] == _STAR:
            while pi < plen and p[pi] == _STAR:
                pi += 1
            if pi == plen:
                return True
            star_pi, star_si = pi, si
            continue
        if pi < plen:
            r, after = _match_token(p, pi, s[si])
            if r < 0:
                return False
            if r > 0:
                pi, si = after, si + 1
                continue
        if star_pi is None:
            return False
        star_si += 1
        pi, si = star_pi, star_si
    while pi < plen and p[pi] == _STAR:
        pi += 1
    return pi == plen


def _next_component(path, s):
    """Index of the component after the one starting at s, or None after the last one."""
    slash = path.find(b"/", s)
    return None if slash < 0 else slash + 1


def _match_anchored(segs, path):
    """Matches anchored components against the whole path: the single-backtrack loop of
    _match_component over components, with "**" components as the stars."""
    n = len(segs)
    pi = 0
    s = 0                              # start of the current path component (None: done)
    star_pi, star_s = None, 0
    while s is not None:
        nxt = _next_component(path, s)
        component = path[s:len(path) if nxt is None else nxt - 1]
        if pi < n and segs[pi][1]:
            star_pi, star_s = pi, s
            pi += 1
            continue
        if pi < n and _match_component(segs[pi][0], component):
            pi, s = pi + 1, nxt
            continue
        if star_pi is None:
            return False
        pi = star_pi + 1
        star_s = _next_component(path, star_s)
        s = star_s
    while pi < n and segs[pi][1]:
        pi += 1
    return pi == n


def _match_head_stars(p, path):
    """The literal-head quirk: path starts with the head; the stars then match anything
    (slashes too), and when components follow them, those must match either right after the
    head (the stars and "/" matching nothing, as git tries first) or after some "/"."""
    head = p.text[:p.head_len]
    if not path.startswith(head):
        return False
    if not p.segs:
        return True
    t = p.head_len
    while True:
        if _match_anchored(p.segs, path[t:]):
            return True
        slash = path.find(b"/", t)
        if slash < 0:
            return False
        t = slash + 1


class IgnoreList:
    """The patterns of one source (a .gitignore, .git/info/exclude, or user globs).

    ``match(path, is_dir)`` takes a path relative to the list's directory ("sub/x.py", no
    leading or trailing slash); the last matching pattern decides. Combining lists and not
    descending into ignored directories is the walker's job.
    """

    def __init__(self, lines=()):
        self.patterns = []
        for line in lines:
            self.add_pattern(line)

    def __len__(self):
        return len(self.patterns)

    def add_pattern(self, line):
        """Adds one line of gitignore syntax (bytes, or str encoded with os.fsencode)."""
        p = _parse_line(os.fsencode(line))
        if p is not None:
            self.patterns.append(p)

    def add_exclude(self, pattern):
        """Adds one pattern as it is given, like git's --exclude: no comment, no trailing
        space trimming, no "\\r" dropped (bytes, or str encoded with os.fsencode)."""
        p = _parse_pattern(os.fsencode(pattern))
        if p is not None:
            self.patterns.append(p)

    def add_buffer(self, data):
        """Adds every line of a .gitignore file's content (a leading UTF-8 BOM is skipped)."""
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        for line in data.split(b"\n"):
            self.add_pattern(line)

    def match(self, path, is_dir):
        """IGNORE_NONE, IGNORE_IGNORED or IGNORE_INCLUDED for path (bytes)."""
        base = path[path.rfind(b"/") + 1:]
        for p in reversed(self.patterns):
            if p.dir_only and not is_dir:
                continue
            if p.matches(path, base):
                return IGNORE_INCLUDED if p.negate else IGNORE_IGNORED
        return IGNORE_NONE


def _read_ignore_file(dir_fd, name):
    """An IgnoreList from the file name (relative to dir_fd). A symlink is not followed (as
    git does for .gitignore: ELOOP), anything but a regular file is EINVAL, a file over
    MAX_IGNORE_FILE is EFBIG. Raises OSError."""
    flags = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NOCTTY | os.O_NONBLOCK
    fd = os.open(name, flags, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        if st.st_size > MAX_IGNORE_FILE:
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    ignore = IgnoreList()
    ignore.add_buffer(b"".join(chunks))
    return ignore


# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------

class _Dir:
    """A directory to walk. ``parent`` links give the chain of ancestors (for loop detection)
    and ``ign_up`` the nearest ancestor that has a .gitignore."""

    __slots__ = ("parent", "ign_up", "ignore", "rel", "dev", "ino")

    def __init__(self, parent, name):
        self.parent = parent
        self.ignore = None            # this directory's IgnoreList, if it has a .gitignore
        self.dev = self.ino = None    # set when following symlinks
        if parent is None:
            self.rel = b""            # relative to root: b"" or b"a/b/"
            self.ign_up = None
        else:
            self.rel = parent.rel + name + b"/"
            self.ign_up = parent if parent.ignore is not None else parent.ign_up


_FILE, _DIR, _SKIP, _ERROR = range(4)


def _error(path, code, message):
    return {"path": path, "line": 0, "column": 0, "severity": "error",
            "code": code, "message": message}


def _as_bytes_list(values, what):
    """A sequence of str/bytes/PathLike as bytes (None: empty), as the binding converts."""
    if values is None:
        return []
    out = []
    for value in list(values):         # like PySequence_Fast: a str gives its characters
        b = os.fsencode(value)
        if b"\0" in b:
            raise ValueError(f"embedded null byte in {what}")
        out.append(b)
    return out


class _Walker:
    def __init__(self, root, respect_gitignore, default_excludes, follow_symlinks, exclude,
                 extensions, patterns):
        self.root = root                                   # bytes, as given
        self.prefix = root if root.endswith(b"/") else root + b"/"
        self.respect_gitignore = respect_gitignore
        self.default_excludes = default_excludes
        self.follow_symlinks = follow_symlinks
        self.extensions = tuple(extensions)
        self.user = None
        if exclude:
            self.user = IgnoreList()
            for pattern in exclude:
                self.user.add_exclude(pattern)
        self.include = None                                # the include patterns
        if patterns:
            self.include = IgnoreList()
            for pattern in patterns:
                self.include.add_exclude(pattern)
        self.info = None                                   # the root's .git/info/exclude
        self.paths = []                                    # bytes, unsorted
        self.errors = []                                   # (path bytes, code, message)
        self.root_failed = False

    # ---- errors

    def add_errno(self, path, err, code=None):
        code = code or _ERRNO_CODES.get(err.errno, "read-error")
        self.errors.append((path, code, os.strerror(err.errno) if err.errno else str(err)))

    def dir_path(self, d):
        """A directory's display path: the root as given, else prefix + rel without "/"."""
        return self.root if d.parent is None else self.prefix + d.rel[:-1]

    def dir_error(self, d, err):
        if d.parent is None:
            self.root_failed = True
        self.add_errno(self.dir_path(d), err)

    # ---- rules

    def has_extension(self, name):
        return not self.extensions or name.endswith(self.extensions)

    def is_included(self, rel):
        """Whether the include patterns keep the file rel: the last matching pattern must be
        a positive one (which an IgnoreList reports as IGNORE_IGNORED)."""
        return self.include is None or self.include.match(rel, False) == IGNORE_IGNORED

    def is_default_excluded_dir(self, name):
        return name in EXCLUDED_DIR_NAMES or name.endswith(EXCLUDED_DIR_SUFFIXES)

    def is_ignored(self, d, rel, is_dir):
        """Whether the entry rel (relative to root) of directory d is ignored: the first list
        with an opinion decides (user globs, .gitignore files deepest first, info/exclude)."""
        if self.user is not None:
            r = self.user.match(rel, is_dir)
            if r != IGNORE_NONE:
                return r == IGNORE_IGNORED
        if not self.respect_gitignore:
            return False
        g = d if d.ignore is not None else d.ign_up
        while g is not None:
            r = g.ignore.match(rel[len(g.rel):], is_dir)
            if r != IGNORE_NONE:
                return r == IGNORE_IGNORED
            g = g.ign_up
        return self.info is not None and self.info.match(rel, is_dir) == IGNORE_IGNORED

    def entry_kind(self, entry, name, dir_fd):
        """(kind, error, code): kind is _FILE, _DIR or _SKIP (error and code None), or
        _ERROR with the OSError and a code (None: from errno). The type comes from the
        directory entry (d_type; lstat only where the file system does not say); a symlink is
        stat'ed only when followed."""
        try:
            if entry.is_symlink():
                if not self.follow_symlinks:
                    return _SKIP, None, None
                try:
                    mode = os.stat(name, dir_fd=dir_fd).st_mode
                except OSError as err:
                    broken = err.errno in (errno.ENOENT, errno.ENOTDIR)
                    return _ERROR, err, "broken-symlink" if broken else None
                if stat.S_ISREG(mode):
                    return _FILE, None, None
                return (_DIR if stat.S_ISDIR(mode) else _SKIP), None, None
            if entry.is_dir(follow_symlinks=False):
                return _DIR, None, None
            if entry.is_file(follow_symlinks=False):
                return _FILE, None, None
            return _SKIP, None, None       # fifo, socket, device, or vanished (ENOENT)
        except OSError as err:             # lstat failed for an entry of unknown type
            return _ERROR, err, None

    # ---- one directory

    def open_dir(self, d):
        """An fd on directory d. Below the root and without follow_symlinks, O_NOFOLLOW makes
        a directory swapped for a link since it was listed fail instead of being walked."""
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | os.O_NOCTTY
        if d.parent is not None and not self.follow_symlinks:
            flags |= os.O_NOFOLLOW
        path = self.prefix + d.rel[:-1] if d.rel else self.prefix
        return os.open(path, flags)

    def is_loop(self, d, fd):
        """With follow_symlinks: whether d is one of its own ancestors (reported)."""
        try:
            st = os.fstat(fd)
        except OSError as err:
            self.dir_error(d, err)
            return True
        d.dev, d.ino = st.st_dev, st.st_ino
        a = d.parent
        while a is not None:
            if a.dev == d.dev and a.ino == d.ino:
                what = "an ancestor" if a.parent is not None else "the root"
                self.errors.append((self.dir_path(d), "symlink-loop",
                                    f"directory loop: same directory as {what}"))
                return True
            a = a.parent
        return False

    def read_entries(self, d, fd):
        """The entries of the open directory, as (name bytes, DirEntry); on a read error,
        the error is recorded and what was read is kept."""
        entries = []
        try:
            with os.scandir(fd) as it:
                for entry in it:
                    entries.append((os.fsencode(entry.name), entry))
        except OSError as err:
            self.dir_error(d, err)
        return entries

    def load_ignore(self, d, fd, name, silent_errnos):
        """The IgnoreList of the file name in directory d, or None (a missing file and the
        errnos in silent_errnos are not errors)."""
        try:
            return _read_ignore_file(fd, name)
        except OSError as err:
            if err.errno not in silent_errnos:
                self.add_errno(self.prefix + d.rel + name, err)
            return None

    def handle_entry(self, d, dir_fd, name, entry, pending):
        rel = d.rel + name
        if self.respect_gitignore and name == b".git":
            return
        kind, err, code = self.entry_kind(entry, name, dir_fd)
        if kind == _SKIP:
            return
        if kind == _ERROR:
            if not self.is_ignored(d, rel, False):       # an ignored broken link is fine
                self.add_errno(self.prefix + rel, err, code)
            return
        if kind == _FILE:
            if (self.has_extension(name) and self.is_included(rel)
                    and not self.is_ignored(d, rel, False)):
                self.paths.append(self.prefix + rel)
            return
        if self.default_excludes and self.is_default_excluded_dir(name):
            return
        if self.is_ignored(d, rel, True):
            return
        pending.append(_Dir(d, name))

    def process_dir(self, d, pending):
        try:
            fd = self.open_dir(d)
        except OSError as err:
            if d.parent is not None and (
                    err.errno == errno.ENOENT or                 # vanished meanwhile
                    (err.errno == errno.ELOOP and not self.follow_symlinks)):  # became a link
                return
            self.dir_error(d, err)
            return
        try:
            if self.follow_symlinks and self.is_loop(d, fd):
                return
            entries = self.read_entries(d, fd)
            has_gitignore = has_venv_marker = False
            for name, entry in entries:
                if name == b".gitignore" and _is_regular_entry(entry):
                    has_gitignore = True
                if name in VENV_MARKERS and not _is_dir_entry(entry):
                    has_venv_marker = True
            if has_venv_marker and self.default_excludes and d.parent is not None:
                return                                       # a virtualenv
            if d.parent is None and self.respect_gitignore:
                self.info = self.load_ignore(d, fd, b".git/info/exclude",
                                             (errno.ENOENT, errno.ENOTDIR))
            if has_gitignore and self.respect_gitignore:
                d.ignore = self.load_ignore(d, fd, b".gitignore",
                                            (errno.ENOENT, errno.ELOOP, errno.EINVAL))
            for name, entry in entries:
                self.handle_entry(d, fd, name, entry, pending)
        finally:
            os.close(fd)

    def run(self):
        pending = [_Dir(None, b"")]              # an explicit stack: nesting costs heap only
        while pending:
            self.process_dir(pending.pop(), pending)
        self.paths.sort()
        self.errors.sort()                       # by path, code, message: as the C walker


def _is_dir_entry(entry):
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_regular_entry(entry):
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _root_error(root, message):
    return FileNotFoundError(f"{root.decode('utf-8', 'replace')}: {message}")


def walk(root, respect_gitignore=True, default_excludes=True, follow_symlinks=False,
         exclude=None, extensions=None, patterns=None, jobs=0):
    """Every regular file under root, filtered and sorted bytewise, and the walk errors.

    Returns ``(paths, errors)``: paths are root joined with the relative path (one "/" added
    when root has no trailing "/"); errors are dicts with keys path, line (0), column (0),
    severity ("error"), code ("not-found", "permission-denied", "symlink-loop",
    "broken-symlink", "read-error") and message, sorted by path, code and message. Raises
    FileNotFoundError when root cannot be walked at all. ``jobs`` is checked as the native
    binding checks it (an int that fits a C int) and otherwise unused: see the module doc.
    """
    root_b = os.fsencode(root)
    if b"\0" in root_b:
        raise ValueError("embedded null byte")
    jobs = operator.index(jobs)                   # checked first, as PyArg_Parse... does
    if not -2**31 <= jobs < 2**31:
        raise OverflowError("signed integer is " +
                            ("greater than maximum" if jobs > 0 else "less than minimum"))
    exclude_b = _as_bytes_list(exclude, "exclude")
    extensions_b = _as_bytes_list(extensions, "extensions")
    patterns_b = _as_bytes_list(patterns, "patterns")
    if not root_b:
        raise _root_error(root_b, "empty root path")
    try:
        st = os.stat(root_b)
    except OSError as err:
        raise _root_error(root_b, os.strerror(err.errno)) from None
    if stat.S_ISREG(st.st_mode):
        return [os.fsdecode(root_b)], []
    if not stat.S_ISDIR(st.st_mode):
        raise _root_error(root_b, "neither a directory nor a regular file")

    w = _Walker(root_b, bool(respect_gitignore), bool(default_excludes), bool(follow_symlinks),
                exclude_b, extensions_b, patterns_b)
    w.run()
    if w.root_failed:
        raise _root_error(root_b, w.errors[0][2])
    paths = [os.fsdecode(p) for p in w.paths]
    errors = [_error(os.fsdecode(path), code, message) for path, code, message in w.errors]
    return paths, errors
