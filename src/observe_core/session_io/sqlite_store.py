"""The recorder's SQLite event store (schema in docs/correlation.md section 8): one session's
rows of the ``events`` table, each row's ``data`` column an SDK event converted by
``sdk_event`` with the row's ``event_type`` deciding its stream.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Tuple

from .. import _backend
from . import sdk_event
from .common import Session, SessionFormatError, _loads_line, _Report
from .sdk_event import _convert_event

SQLITE_HEADER = b"SQLite format 3\x00"


def _db_tables(con: sqlite3.Connection) -> set:
    return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _db_session_ids(con: sqlite3.Connection, tables: set) -> list:
    """Session ids: the sessions table by start time, then any only the events name."""
    ids = []
    if "sessions" in tables:
        ids = [row[0] for row in con.execute("SELECT id FROM sessions ORDER BY started_at, id")]
    known = set(ids)
    for (sid,) in con.execute("SELECT DISTINCT session_id FROM events WHERE session_id IS NOT "
                              "NULL ORDER BY session_id"):
        if sid not in known:
            ids.append(sid)
            known.add(sid)
    return ids


def _choose_session(path: str, ids: list, session_id) -> Any:
    names = ", ".join(str(i) for i in ids)
    if session_id is None:
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise ValueError(f"{path}: the database holds no session")
        raise ValueError(f"{path}: the database holds {len(ids)} sessions ({names}); "
                         "choose one with session_id")
    for sid in ids:
        if str(sid) == str(session_id):
            return sid
    raise ValueError(f"{path}: no session {session_id!r}; the database holds: {names or 'none'}")


def _db_event(row, report: _Report) -> Tuple[str, Any, dict]:
    """(location, raw event or None, defaults) of one events row."""
    rowid, event_type, timestamp, data = row
    where = f"events[id={rowid}]"
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if data is None:
        raw = {}
    elif isinstance(data, str):
        raw, error = _loads_line(data)
        if error is not None:
            report.add(where, "bad-json", f"the data column is not JSON ({error}); skipped")
            return where, None, {}
    else:
        raw = None
        report.add(where, "bad-json", f"the data column is a {type(data).__name__}, not JSON "
                                      "text; skipped")
    return where, raw, {"eventId": f"db-{rowid}", "timestamp": timestamp}


def load_sqlite(path, session_id=None) -> Session:
    """One session of the recorder's SQLite event store (schema in docs/correlation.md
    section 8). ``session_id=None`` picks the only session; with several it raises
    ValueError listing them."""
    path = os.fspath(path)
    with open(path, "rb") as handle:                 # the OSError naming the path
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise SessionFormatError(path, "", "not a SQLite database")
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return _session_from_db(path, con, session_id)
    except sqlite3.DatabaseError as exc:
        raise SessionFormatError(path, "", f"cannot read the event store: {exc}") from None
    finally:
        con.close()


def _session_from_db(path: str, con: sqlite3.Connection, session_id) -> Session:
    tables = _db_tables(con)
    if "events" not in tables:
        raise SessionFormatError(path, "events", "no events table: not the recorder's event "
                                 "store")
    chosen = _choose_session(path, _db_session_ids(con, tables), session_id)
    session = Session(session_id=str(chosen), sources=[{"file": path, "format": "sqlite"}])
    report = _Report(session, path)
    rows = con.execute("SELECT id, event_type, timestamp, data FROM events WHERE session_id = ? "
                       "ORDER BY id", (chosen,))
    convert = _backend._native.convert_sdk_event if sdk_event.NATIVE else _convert_event
    for row in rows:
        where, raw, defaults = _db_event(row, report)
        if raw is None:
            continue
        converted = convert(raw, where, report, forced_type=row[1], defaults=defaults)
        if converted is not None:
            session.stream(converted[0]).append(converted[1])
    return session
