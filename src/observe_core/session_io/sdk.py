"""The recording SDK's files: its export ``{"timestamp", "count", "events": [...]}``, a plain
JSON list of events, or JSON Lines (one event per line), told apart by content. Each event is
converted by ``sdk_event``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
from typing import Any, Optional

from .. import _backend
from . import sdk_event
from .common import (Session, SessionFormatError, _is_number, _json_type, _loads_line,
                     _parse_json, _read_text, _Report)
from .sdk_event import _convert_event, _session_id_of


def _add_events(session: Session, report: _Report, items, prefix: Optional[str] = None) -> None:
    """Converts (location, raw event) pairs into the session's streams; with a ``prefix``,
    ``items`` are the events themselves, located ``prefix[i]``. The C accelerator does it when
    built (``sdk_event.NATIVE``); the loop below is its specification."""
    if sdk_event.NATIVE:
        _backend._native.add_sdk_events(session, report, items, prefix)
        return
    if prefix is not None:
        items = ((f"{prefix}[{i}]", e) for i, e in enumerate(items))
    for where, raw in items:
        converted = _convert_event(raw, where, report)
        if converted is not None:
            stream, event = converted
            session.stream(stream).append(event)
        if session.session_id is None:
            session.session_id = _session_id_of(raw)


def _jsonl_items(text: str, report: _Report):
    """(``line N``, event) for every non-blank line; a line that does not parse gets a
    diagnostic and the next one is read. Lines end at "\\n" only: JSON strings may hold
    U+2028 and other characters str.splitlines() would break on."""
    for lineno, line in enumerate(io.StringIO(text, newline="\n"), 1):
        line = line.strip()
        if not line:
            continue
        value, error = _loads_line(line)
        if error is not None:
            report.add(f"line {lineno}", "bad-json", f"{error}; line skipped")
            continue
        yield f"line {lineno}", value


def _looks_like_jsonl(path: str, text: str) -> bool:
    """JSON Lines rather than one (broken) JSON document: a .jsonl/.ndjson name, a first line
    that is a whole JSON object, or most of the first lines being whole objects (a JSON
    Lines file whose first line is the broken one). A pretty-printed document's lines
    (``{``, ``"count": 3,``) do not parse alone."""
    if path.lower().endswith((".jsonl", ".ndjson")):
        return True
    lines = (line.strip() for line in io.StringIO(text, newline="\n"))
    whole = [isinstance(_loads_line(line)[0], dict)
             for line in itertools.islice(filter(None, lines), 20)]
    if not whole:
        return False
    return whole[0] or (len(whole) >= 2 and sum(whole) * 2 > len(whole))


def _session_from_events_text(path: str, text: str, doc: Any = None) -> Session:
    """An SDK export, a JSON list of events or JSON Lines, told apart by content. ``doc`` is
    the text already parsed as one JSON document, when it was."""
    session = Session()
    report = _Report(session, path)
    if not text.strip():
        report.add("", "empty-file", "the file holds no events")
        session.sources.append({"file": path, "format": "events"})
        return session
    if doc is None:
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            if not _looks_like_jsonl(path, text):
                _parse_json(path, text)            # raises the located error
            doc = None
    one_event = isinstance(doc, dict) and "events" not in doc and _looks_like_jsonl(path, text)
    if doc is None or one_event:
        _add_events(session, report, _jsonl_items(text, report))
        session.sources.append({"file": path, "format": "jsonl"})
        return session
    return _session_from_events_doc(path, doc, session, report)


def _session_from_events_doc(path: str, doc: Any, session: Optional[Session] = None,
                             report: Optional[_Report] = None) -> Session:
    session = session or Session()
    report = report or _Report(session, path)
    if isinstance(doc, list):
        _add_events(session, report, doc, "")
        session.sources.append({"file": path, "format": "events-list"})
        return session
    if not isinstance(doc, dict) or "events" not in doc:
        raise SessionFormatError(path, "", "not a session export: expected an object with an "
                                 "\"events\" list, a JSON list of events, or JSON Lines")
    events = doc["events"]
    if not isinstance(events, list):
        raise SessionFormatError(path, "events", f"expected a list of events, found "
                                 f"{_json_type(events)}")
    count = doc.get("count")
    if _is_number(count) and count != len(events):
        report.add("count", "count-mismatch", f"the export says count {count} but holds "
                                              f"{len(events)} events")
    session.session_id = _session_id_of(doc)
    _add_events(session, report, events, "events")
    session.sources.append({"file": path, "format": "sdk-export"})
    return session


def load_sdk_export(path) -> Session:
    """The recording SDK's export ``{"timestamp", "count", "events": [...]}``, a plain JSON
    list of such events, or JSON Lines (one event per line), told apart by content."""
    path = os.fspath(path)
    return _session_from_events_text(path, _read_text(path))
