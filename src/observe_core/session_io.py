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
"""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional, Tuple
from urllib.parse import quote_plus

from ._python.correlate import FIELD_NAMES, STREAM_FIELDS
from ._python.correlate import parse_iso_8601 as iso_to_epoch_ms

__all__ = ["Session", "SessionFormatError", "load_sdk_export", "load_har", "load_appium_events",
           "load_sqlite", "load_session", "load_files", "detect_format"]


class SessionFormatError(ValueError):
    """A file whose content as a whole is not the expected format. ``file`` is its path,
    ``location`` where the problem is (``"line 3, column 17"``, ``"log.entries"``, or ``""``
    for the whole file), ``line``/``column`` the JSON position when there is one."""

    def __init__(self, file, location: str, message: str, line: Optional[int] = None,
                 column: Optional[int] = None):
        self.file = os.fspath(file)
        self.location = location
        self.message = message
        self.line = line
        self.column = column
        where = f"{self.file}: {location}" if location else self.file
        super().__init__(f"{where}: {message}")


@dataclass
class Session:
    """The streams of one recorded session, in the field names of docs/correlation.md
    section 1. ``diagnostics`` items are ``{"file", "location", "code", "message"}``;
    ``sources`` lists ``{"file", "format"}`` for every file read."""

    ui_events: List[dict] = field(default_factory=list)
    api_events: List[dict] = field(default_factory=list)
    navigation_events: List[dict] = field(default_factory=list)
    session_id: Optional[str] = None
    diagnostics: List[dict] = field(default_factory=list)
    sources: List[dict] = field(default_factory=list)

    def stream(self, name: str) -> List[dict]:
        return {"ui": self.ui_events, "api": self.api_events,
                "navigation": self.navigation_events}[name]

    def extend(self, other: "Session") -> "Session":
        """Appends ``other``'s events, diagnostics and sources; keeps this session's id, or
        takes ``other``'s when this one has none."""
        self.ui_events.extend(other.ui_events)
        self.api_events.extend(other.api_events)
        self.navigation_events.extend(other.navigation_events)
        self.diagnostics.extend(other.diagnostics)
        self.sources.extend(other.sources)
        if self.session_id is None:
            self.session_id = other.session_id
        return self


class _Report:
    """Collects the diagnostics of one file."""

    def __init__(self, session: Session, file: str):
        self.session = session
        self.file = file

    def add(self, location: str, code: str, message: str) -> None:
        self.session.diagnostics.append({"file": self.file, "location": location, "code": code,
                                         "message": message})


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


# ---- reading and parsing -------------------------------------------------------------------------

def _read_text(path: str) -> str:
    """The file decoded as JSON text is (UTF-8, or UTF-16/32 when its first bytes say so; a
    BOM is dropped). ``open`` raises the OSError naming the path."""
    with open(path, "rb") as handle:
        data = handle.read()
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SessionFormatError(path, f"byte {exc.start}",
                                 f"not valid {encoding.upper()} text") from None


def _json_error(path: str, text: str, exc: json.JSONDecodeError) -> SessionFormatError:
    """A SessionFormatError for a document json could not parse; a file that ends inside a
    value is called truncated (an interrupted export or copy)."""
    truncated = exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip())
    what = "truncated JSON (the file ends inside a value)" if truncated else "invalid JSON"
    return SessionFormatError(path, f"line {exc.lineno}, column {exc.colno}",
                              f"{what}: {exc.msg}", exc.lineno, exc.colno)


def _parse_json(path: str, text: str) -> Any:
    if not text.strip():
        raise SessionFormatError(path, "", "empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _json_error(path, text, exc) from None
    except RecursionError:
        raise SessionFormatError(path, "", "JSON nested too deeply") from None


def _loads_line(line: str) -> Tuple[Any, Optional[str]]:
    """(value, None) for a line that parses, (None, reason) for one that does not."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON at column {exc.colno}: {exc.msg}"
    except RecursionError:
        return None, "JSON nested too deeply"


# ---- timestamps ----------------------------------------------------------------------------------

# ---- SDK events ----------------------------------------------------------------------------------

# The event's stream by its type (compared lower-case with "_", "-" and spaces removed).
# Types naming one action ("tap", "swipe") also give the UI event its action when it has none.
STREAM_OF_TYPE = {
    **dict.fromkeys(("ui", "uievent", "useraction", "interaction"), "ui"),
    **dict.fromkeys(("tap", "click", "doubletap", "longpress", "input", "textinput", "swipe",
                     "scroll", "gesture", "touch"), "ui"),
    **dict.fromkeys(("api", "apicall", "apievent", "network", "networkrequest", "http",
                     "httprequest", "request", "response", "networkresponse"), "api"),
    **dict.fromkeys(("navigation", "nav", "navigationevent", "screen", "screenview",
                     "screenchange"), "navigation"),
}
GENERIC_UI_TYPES = frozenset(("ui", "uievent", "useraction", "interaction"))
TYPE_KEYS = ("type", "eventType", "event_type")
PAYLOAD_KEYS = ("data", "details")
SESSION_KEYS = ("sessionId", "session_id")

# Output field -> the names read for it, first present wins: the correlator's own table.
FIELDS = {stream: {name: FIELD_NAMES[name] for name in names}
          for stream, names in STREAM_FIELDS.items()}


def _type_key(value: str) -> str:
    return value.lower().replace("_", "").replace("-", "").replace(" ", "")


def _layers(raw: dict, where: str, report: _Report) -> List[dict]:
    """The event object, then its ``data`` and ``details`` objects (a payload stored as a
    JSON string is parsed), in the order their fields are looked up."""
    layers = [raw]
    for key in PAYLOAD_KEYS:
        inner = raw.get(key)
        if isinstance(inner, str):
            parsed, _ = _loads_line(inner)
            inner = parsed if isinstance(parsed, dict) else inner
        if isinstance(inner, dict):
            layers.append(inner)
        elif inner is not None:
            report.add(where, "bad-payload",
                       f"'{key}' is {_json_type(inner)}, not an object; its fields are ignored")
    return layers


def _classify(layers: List[dict], forced: Any):
    """(stream, (layer, key) of the type field or None, type value) of an event, or
    (None, None, first type value seen) when no type field names a known stream. A
    ``forced`` type (the SQLite column) decides the stream; a type field in the event that
    names a stream is then still skipped as a field (``type`` is also navType's name)."""
    first = found = None
    for li, layer in enumerate(layers):
        for key in TYPE_KEYS:
            value = layer.get(key)
            if value is None:
                continue
            first = value if first is None else first
            if isinstance(value, str) and _type_key(value) in STREAM_OF_TYPE:
                found = (STREAM_OF_TYPE[_type_key(value)], (li, key), value)
                break
        if found:
            break
    if forced is not None:
        kind = STREAM_OF_TYPE.get(_type_key(forced)) if isinstance(forced, str) else None
        return kind, (found[1] if found else None), forced
    return found or (None, None, first)


def _convert_event(raw: Any, where: str, report: _Report, forced_type: Any = None,
                   defaults: Optional[dict] = None) -> Optional[Tuple[str, dict]]:
    """(stream, event in the output field names) of one recorded event, or None with a
    diagnostic. ``forced_type`` is a type given outside the event (the SQLite column);
    ``defaults`` fill output fields the event lacks."""
    if not isinstance(raw, dict):
        report.add(where, "not-an-object", f"the event is {_json_type(raw)}, not an object; "
                                           "skipped")
        return None
    layers = _layers(raw, where, report)
    stream, type_at, type_value = _classify(layers, forced_type)
    if stream is None:
        if type_value is None:
            report.add(where, "missing-type", "the event has no type field (type, eventType, "
                                              "event_type); skipped")
        else:
            report.add(where, "unknown-type", f"unknown event type {type_value!r}; skipped")
        return None
    out = {}
    for name, aliases in FIELDS[stream].items():
        value = _lookup(layers, aliases, type_at)
        if value is None and defaults:
            value = defaults.get(name)
        if value is not None:
            out[name] = value
    if stream == "ui" and "action" not in out and _type_key(type_value) not in GENERIC_UI_TYPES:
        out["action"] = type_value
    return stream, out


def _lookup(layers: List[dict], aliases: tuple, skip) -> Any:
    """The first non-null value of any alias, the event's own fields before its payload's;
    the field that gave the event its type is not read again (``type`` is also an alias of
    navType)."""
    for li, layer in enumerate(layers):
        for name in aliases:
            if (li, name) != skip and layer.get(name) is not None:
                return layer[name]
    return None


def _session_id_of(raw: Any) -> Optional[str]:
    if not isinstance(raw, dict):
        return None
    for layer in (raw, raw.get("data")):
        if isinstance(layer, dict):
            for key in SESSION_KEYS:
                if isinstance(layer.get(key), (str, int)) and not isinstance(layer[key], bool):
                    return str(layer[key])
    return None


def _add_events(session: Session, report: _Report, items) -> None:
    """Converts (location, raw event) pairs into the session's streams."""
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
        _add_events(session, report, ((f"[{i}]", e) for i, e in enumerate(doc)))
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
    _add_events(session, report, ((f"events[{i}]", e) for i, e in enumerate(events)))
    session.sources.append({"file": path, "format": "sdk-export"})
    return session


def load_sdk_export(path) -> Session:
    """The recording SDK's export ``{"timestamp", "count", "events": [...]}``, a plain JSON
    list of such events, or JSON Lines (one event per line), told apart by content."""
    path = os.fspath(path)
    return _session_from_events_text(path, _read_text(path))


# ---- HAR -----------------------------------------------------------------------------------------

class _BadEntry(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _expect(value: Any, kinds, what: str, optional: bool = True) -> Any:
    """``value`` when it is one of ``kinds`` (or null and optional), else _BadEntry."""
    if value is None and optional:
        return None
    if isinstance(value, kinds) and not isinstance(value, bool):
        return value
    names = {dict: "an object", list: "an array", str: "a string", int: "a number",
             float: "a number"}
    wanted = " or ".join(dict.fromkeys(names[k] for k in kinds))
    raise _BadEntry("wrong-type", f"{what} is {_json_type(value)}, not {wanted}; entry skipped")


HAR_TIMING_PARTS = ("blocked", "dns", "connect", "send", "wait", "receive")  # ssl is in connect


def _har_duration(entry: dict) -> Optional[float]:
    """``time`` (total ms), or the sum of the known ``timings`` parts when ``time`` is
    absent; HAR writes -1 for a part that does not apply."""
    total = _expect(entry.get("time"), (int, float), "time")
    if total is not None:
        return total if math.isfinite(total) and total >= 0 else None
    timings = entry.get("timings")
    if not isinstance(timings, dict):
        return None
    parts = [timings.get(k) for k in HAR_TIMING_PARTS]
    parts = [p for p in parts if _is_number(p) and p >= 0]
    return float(sum(parts)) if parts else None


def _har_status(response: Optional[dict]) -> Optional[int]:
    """``response.status``; 0 (what browsers write for a request that got no response:
    refused, reset, blocked) and a missing response are None."""
    if response is None:
        return None
    status = _expect(response.get("status"), (int, float), "response.status")
    if status is None or not math.isfinite(status) or status <= 0:
        return None
    return int(status)


def _har_body(request: dict) -> Optional[str]:
    """``request.postData.text``; a form given only as ``params`` is URL-encoded."""
    post = _expect(request.get("postData"), (dict,), "request.postData")
    if post is None:
        return None
    text = _expect(post.get("text"), (str,), "request.postData.text")
    if text is not None:
        return text
    params = post.get("params")
    if isinstance(params, list):
        pairs = [(p.get("name"), p.get("value", "")) for p in params if isinstance(p, dict)]
        return "&".join(f"{quote_plus(str(n))}={quote_plus(str(v))}" for n, v in pairs
                        if n is not None) or None
    return None


def _har_response_body(response: Optional[dict]) -> Optional[str]:
    content = response.get("content") if response else None
    if not isinstance(content, dict) or content.get("encoding") == "base64":
        return None
    text = content.get("text")
    return text if isinstance(text, str) else None


def _har_event_id(entry: dict, index: int) -> str:
    eid = entry.get("_id")
    if isinstance(eid, (str, int)) and not isinstance(eid, bool) and str(eid):
        return str(eid)
    pageref = entry.get("pageref")
    if isinstance(pageref, str) and pageref:
        return f"{pageref}-{index}"
    return f"har-{index}"


def _har_entry(entry: Any, index: int) -> dict:
    """One HAR entry as one API event; _BadEntry when a field read has the wrong type."""
    _expect(entry, (dict,), "the entry", optional=False)
    request = _expect(entry.get("request"), (dict,), "request", optional=False)
    started = _expect(entry.get("startedDateTime"), (str,), "startedDateTime", optional=False)
    timestamp = iso_to_epoch_ms(started)
    if timestamp is None:
        raise _BadEntry("bad-timestamp", f"startedDateTime {started!r} is not an ISO 8601 "
                                         "date-time; entry skipped")
    method = _expect(request.get("method"), (str,), "request.method", optional=False)
    url = _expect(request.get("url"), (str,), "request.url", optional=False)
    response = _expect(entry.get("response"), (dict,), "response")
    headers = _expect(request.get("headers"), (list, dict), "request.headers")
    return {
        "eventId": _har_event_id(entry, index),
        "timestamp": timestamp,
        "method": method,
        "url": url,
        "statusCode": _har_status(response),
        "duration": _har_duration(entry),
        "requestHeaders": headers,
        "requestBody": _har_body(request),
        "responseBody": _har_response_body(response),
    }


def _session_from_har(path: str, doc: Any) -> Session:
    log = doc.get("log") if isinstance(doc, dict) else None
    if not isinstance(log, dict):
        raise SessionFormatError(path, "log", "not a HAR file: no \"log\" object at the top "
                                 "level")
    entries = log.get("entries")
    if not isinstance(entries, list):
        raise SessionFormatError(path, "log.entries", f"expected a list of entries, found "
                                 f"{_json_type(entries)}")
    session = Session(sources=[{"file": path, "format": "har"}])
    report = _Report(session, path)
    for index, entry in enumerate(entries):
        try:
            session.api_events.append(_har_entry(entry, index))
        except _BadEntry as exc:
            report.add(f"log.entries[{index}]", exc.code, str(exc))
    return session


def load_har(path) -> Session:
    """HAR 1.2 (mitmproxy, Charles, Proxyman, Chrome and Firefox devtools): one API event per
    ``log.entries`` item."""
    path = os.fspath(path)
    return _session_from_har(path, _parse_json(path, _read_text(path)))


# ---- Appium event timings ------------------------------------------------------------------------

# Appium commands that are a user's action on the app, and the action each records. Names are
# Appium's internal command names (its route table: click, setValue, performActions, ...) and
# the mobile: extensions some drivers log under their own name; everything else (findElement,
# getPageSource, getScreenshot, the session's own commands) is not an action and is ignored.
APPIUM_ACTIONS = {
    **dict.fromkeys(("click", "clickCurrent", "tap", "mobileTap", "mobileClickGesture"), "tap"),
    **dict.fromkeys(("doubleClick", "mobileDoubleTap", "mobileDoubleClickGesture"),
                    "double_tap"),
    **dict.fromkeys(("touchLongClick", "longPress", "mobileTouchAndHold",
                     "mobileLongClickGesture"), "long_press"),
    **dict.fromkeys(("setValue", "setValueImmediate", "replaceValue", "sendKeys", "keys",
                     "mobileType"), "input"),
    **dict.fromkeys(("clear",), "clear"),
    **dict.fromkeys(("submit",), "submit"),
    **dict.fromkeys(("performActions", "performTouch", "performMultiAction"), "gesture"),
    **dict.fromkeys(("flick", "swipe", "mobileSwipe", "mobileSwipeGesture", "mobileFlingGesture"),
                    "swipe"),
    **dict.fromkeys(("scroll", "mobileScroll", "mobileScrollGesture"), "scroll"),
    **dict.fromkeys(("mobileDragFromToForDuration", "mobileDragGesture", "drag"), "drag"),
    **dict.fromkeys(("pressKeyCode", "longPressKeyCode", "keyevent"), "key"),
    **dict.fromkeys(("back",), "back"),
}


def _appium_root(doc: Any) -> Optional[dict]:
    """The events object: as returned by get_events(), or inside the raw HTTP response
    (``{"value": {...}}``) or the session details (``{"events": {...}}``)."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("commands"), list):
        return doc
    for key in ("value", "events"):
        inner = doc.get(key)
        if isinstance(inner, dict) and isinstance(inner.get("commands"), list):
            return inner
    return None


def _session_from_appium(path: str, doc: Any) -> Session:
    root = _appium_root(doc)
    if root is None:
        if isinstance(doc, dict) and "commands" in doc:
            raise SessionFormatError(path, "commands", f"expected a list of commands, found "
                                     f"{_json_type(doc['commands'])}")
        raise SessionFormatError(path, "", "not Appium event timings: expected an object with "
                                 "a \"commands\" list (driver.get_events())")
    session = Session(sources=[{"file": path, "format": "appium"}])
    report = _Report(session, path)
    for index, command in enumerate(root["commands"]):
        where = f"commands[{index}]"
        if not isinstance(command, dict) or not isinstance(command.get("cmd"), str):
            what = _json_type(command.get("cmd")) if isinstance(command, dict) else \
                _json_type(command)
            report.add(where, "bad-command", f"expected an object with a string \"cmd\", "
                                             f"found {what}; skipped")
            continue
        action = APPIUM_ACTIONS.get(command["cmd"])
        if action is None:
            continue
        start = command.get("startTime")
        if not _is_number(start):
            report.add(where, "bad-timestamp", f"{command['cmd']}: startTime is "
                                               f"{_json_type(start)}, not a number; skipped")
            continue
        session.ui_events.append({"eventId": f"appium-{index}", "timestamp": start,
                                  "action": action, "appiumCommand": command["cmd"]})
    return session


def load_appium_events(path) -> Session:
    """Appium's event timings (``driver.get_events()`` saved as JSON): each user-action
    command becomes a UI event at its startTime (epoch ms)."""
    path = os.fspath(path)
    return _session_from_appium(path, _parse_json(path, _read_text(path)))


# ---- the recorder's SQLite store -----------------------------------------------------------------

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
    for row in rows:
        where, raw, defaults = _db_event(row, report)
        if raw is None:
            continue
        converted = _convert_event(raw, where, report, forced_type=row[1], defaults=defaults)
        if converted is not None:
            session.stream(converted[0]).append(converted[1])
    return session


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
