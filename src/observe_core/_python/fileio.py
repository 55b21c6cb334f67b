"""File reading, pure Python: the executable specification of the native binding's
``read_files`` and ``stat_sizes`` (src/observe_core/_native_io.c), with the same signatures
and results.

``read_files`` returns ``(items, failed)``: for each path in order, the file's bytes
(``binary``) or its text decoded as UTF-8 with the given ``errors`` handler and no newline
translation; or, for a path that cannot be read or decoded, the exception instance ``open()``
or ``bytes.decode`` raises for it; and the indices of those. The caller
(observe_core.fileio) decides whether to raise them.
"""

from __future__ import annotations

import os
import stat


def _read(path, binary, errors):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return exc
    if binary:
        return data
    try:
        return data.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        return exc


def read_files(paths, jobs=0, binary=False, errors="strict"):
    """(items, failed): each path's content or exception, and the indices of the failures."""
    del jobs  # one thread: the reference, not the fast path
    items = [_read(p, binary, errors) for p in paths]
    return items, [i for i, item in enumerate(items) if isinstance(item, BaseException)]


def stat_sizes(paths, jobs=0):
    """lstat sizes of regular files (0 for anything else) and the errno of each failure."""
    del jobs
    sizes, errnos = [], []
    for p in paths:
        try:
            st = os.lstat(p)
        except OSError as exc:
            sizes.append(0)
            errnos.append(exc.errno)
            continue
        sizes.append(st.st_size if stat.S_ISREG(st.st_mode) else 0)
        errnos.append(0)
    return sizes, errnos
