"""Recorded-session files -> the three event streams the correlator reads.

Every loader returns a ``Session``: ``ui_events``, ``api_events`` and ``navigation_events``
are lists of dicts with the camelCase field names of docs/correlation.md section 1, ready for
``Correlator().correlate_events``; ``diagnostics`` lists the per-event problems found on the
way, each naming its file and its place in it. docs/correlation.md section 8 is the
specification of every mapping below.

Three kinds of failure, kept apart on purpose:

- the file cannot be read (missing, a directory, no permission): the ``OSError`` of ``open``,
  which names the path;
- the file as a whole is not the format (invalid or truncated JSON, no ``log.entries`` in a
  HAR, not a SQLite database): ``SessionFormatError``, a ``ValueError`` naming the file and
  the location (``line 12, column 5``, ``log.entries``);
- one event in an otherwise readable file is wrong (a HAR entry whose ``request`` is not an
  object, a JSON Lines line that does not parse, an unknown event type): a diagnostic, the
  event is skipped and the rest is read.

All JSON goes through the standard ``json`` module; the SQLite store through ``sqlite3``.

The loaders live one per format (``sdk``, ``har``, ``appium``, ``sqlite_store``, with
``sdk_event`` converting one SDK event and ``common`` holding what they share); this module
re-exports them and detects the format of each file to load and merge several.
"""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Tuple

from .._python.correlate import parse_iso_8601 as iso_to_epoch_ms
from .appium import APPIUM_ACTIONS, _appium_root, _session_from_appium, load_appium_events
from .common import Session, SessionFormatError, _parse_json, _read_text
from .har import HAR_TIMING_PARTS, _session_from_har, load_har
from .sdk import _looks_like_jsonl, _session_from_events_text, load_sdk_export
from .sdk_event import (FIELDS, GENERIC_UI_TYPES, PAYLOAD_KEYS, SESSION_KEYS, STREAM_OF_TYPE,
                        TYPE_KEYS)
from .sqlite_store import SQLITE_HEADER, load_sqlite

# Also importable from here, not in __all__: iso_to_epoch_ms (the ISO 8601 reader HAR
# dates go through) and the format tables imported above.
__all__ = ["Session", "SessionFormatError", "load_sdk_export", "load_har", "load_appium_events",
           "load_sqlite", "load_session", "load_files", "detect_format"]


# ---- several files -------------------------------------------------------------------------------

def detect_format(path) -> str:
    """``"sqlite"``, ``"har"``, ``"appium"`` or ``"events"`` (SDK export, JSON list or JSON
    Lines), by content. Raises like the loaders for an unreadable or malformed file."""
    return _detect(os.fspath(path))[0]


def _detect(path: str) -> Tuple[str, Any, Optional[str]]:
    """(format, parsed JSON document or None, text or None)."""
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            return "sqlite", None, None
    text = _read_text(path)
    if not text.strip():
        return "events", None, text
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        if _looks_like_jsonl(path, text):
            return "events", None, text
        doc = _parse_json(path, text)              # raises the located error
    if isinstance(doc, dict) and isinstance(doc.get("log"), dict):
        return "har", doc, text
    if _appium_root(doc) is not None:
        return "appium", doc, text
    return "events", doc, text


def _load_any(path: str, session_id=None) -> Session:
    kind, doc, text = _detect(path)
    if kind == "sqlite":
        return load_sqlite(path, session_id)
    if kind == "har":
        return _session_from_har(path, doc)
    if kind == "appium":
        return _session_from_appium(path, doc)
    return _session_from_events_text(path, text, doc)


def load_session(*paths, session_id=None) -> Session:
    """One Session from several files of any supported format, each detected by content:
    the streams are concatenated in the order given. ``session_id`` chooses the session of
    a SQLite store and names the result."""
    if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
        paths = tuple(paths[0])
    if not paths:
        raise ValueError("no input files given")
    merged = Session()
    for path in paths:
        merged.extend(_load_any(os.fspath(path), session_id))
    if session_id is not None:
        merged.session_id = str(session_id)
    return merged


def load_files(events=None, har=None, appium=None, db=None, session_id=None) -> Session:
    """The CLI's inputs (``observe correlate --events --har --appium --db --session``) as one
    Session: recorded events (SDK export, JSON list or JSON Lines), HAR traffic, Appium
    actions and a SQLite store, in that order. The session id is ``session_id``, else the
    store's, else the export's."""
    parts = []
    if events is not None:
        parts.append(load_sdk_export(events))
    if har is not None:
        parts.append(load_har(har))
    if appium is not None:
        parts.append(load_appium_events(appium))
    if db is not None:
        parts.append(load_sqlite(db, session_id))
    if not parts:
        raise ValueError("no input files given")
    merged = Session()
    for part in parts:
        merged.extend(part)
    if session_id is not None:
        merged.session_id = str(session_id)
    elif db is not None:
        merged.session_id = parts[-1].session_id
    return merged
