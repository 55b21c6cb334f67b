"""HAR 1.2 (mitmproxy, Charles, Proxyman, Chrome and Firefox devtools): one API event per
``log.entries`` item. An entry with a field of the wrong type is skipped with a diagnostic;
a file without ``log.entries`` is a SessionFormatError.
"""

from __future__ import annotations

import math
import os
from typing import Any, Optional
from urllib.parse import quote_plus

from .._python.correlate import parse_iso_8601 as iso_to_epoch_ms
from .common import (Session, SessionFormatError, _is_number, _json_type, _parse_json,
                     _read_text, _Report)


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
