"""Event correlation, pure Python: the executable specification of docs/correlation.md.

``correlate(ui, api, nav, config, session_id)`` takes three sequences of mappings and returns
the result dict of docs/correlation.md section 6. It is written as the C core will be: normalise
each stream into plain records, sort each once, then windowed two-pointer sweeps with a hash
index for correlation ids. No pair of streams is ever compared in full.
"""

from __future__ import annotations

import calendar
import datetime
import gc
import json
import math
import re
from bisect import bisect_left
from collections import defaultdict, deque
from dataclasses import dataclass, fields
from typing import List, Optional
from urllib.parse import unquote_plus, urlsplit

# ---- configuration -------------------------------------------------------------------------------

DEFAULT_BACKGROUND_PATTERNS = (
    "google-analytics.com", "googletagmanager.com", "app-measurement.com", "doubleclick.net",
    "crashlytics", "sentry.io", "segment.io", "api.mixpanel.com", "amplitude.com",
    "/collect", "/track", "/analytics", "/metrics", "/log", "/events/batch",
)


@dataclass(frozen=True)
class CorrelationConfig:
    """Every constant of the algorithm (docs/correlation.md gives each one's role)."""

    window_ms: float = 5000.0
    clock_skew_ms: float = 50.0
    time_decay_ms: float = 1000.0
    min_input_length: int = 3
    w_time: float = 0.55
    w_input: float = 0.25
    w_thread: float = 0.10
    w_screen: float = 0.10
    min_confidence: float = 0.5
    strong_confidence: float = 0.8
    nav_window_ms: float = 3000.0
    nav_decay_ms: float = 1000.0
    nav_clock_skew_ms: float = 0.0
    w_nav_time: float = 0.75
    w_nav_screen: float = 0.25
    poll_min_repeats: int = 5
    poll_jitter: float = 0.10
    poll_min_period_ms: float = 1000.0
    poll_follow_ms: float = 300.0
    poll_max_ui_share: float = 0.5
    poll_ui_margin: float = 0.25
    background_url_patterns: tuple = DEFAULT_BACKGROUND_PATTERNS
    many_to_many: bool = False

    def __post_init__(self):
        """Rejects a value the algorithm cannot use, naming the field; so no run ever divides
        by zero (decays and the time weights are > 0) and both backends read the same values."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "background_url_patterns":
                if isinstance(value, str) or not all(isinstance(p, str) and p and "\0" not in p
                                                     for p in value):
                    raise ValueError("background_url_patterns must be a sequence of non-empty "
                                     "strings without NUL characters")
                object.__setattr__(self, f.name, tuple(value))
            elif f.name == "many_to_many":
                if not isinstance(value, bool):
                    raise TypeError(f"many_to_many must be a bool, not {type(value).__name__}")
            elif f.name in _COUNT_FIELDS:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"{f.name} must be an int >= 0, not {value!r}")
            else:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise TypeError(f"{f.name} must be a number, not {type(value).__name__}")
                value = float(value)
                positive = f.name in _POSITIVE_FIELDS
                if not math.isfinite(value) or value < 0 or (positive and value == 0):
                    raise ValueError(f"{f.name} must be a finite number "
                                     f"{'> 0' if positive else '>= 0'}, not {value!r}")
                object.__setattr__(self, f.name, value)


_COUNT_FIELDS = frozenset({"min_input_length", "poll_min_repeats"})
_POSITIVE_FIELDS = frozenset({"time_decay_ms", "nav_decay_ms", "w_time", "w_nav_time"})


# ---- field names ---------------------------------------------------------------------------------

# Canonical field -> the names read for it, first present wins (docs/correlation.md section 1).
# session_io reads recorded files with the same table.
FIELD_NAMES = {
    "eventId": ("eventId", "event_id", "id"),
    "timestamp": ("timestamp", "time", "ts"),
    "screen": ("screen", "screenName", "screen_name"),
    "threadId": ("threadId", "thread_id"),
    "correlationId": ("correlationId", "correlation_id"),
    "action": ("action", "actionType", "action_type"),
    "elementId": ("elementId", "element_id"),
    "elementText": ("elementText", "element_text"),
    "elementType": ("elementType", "element_type"),
    "inputText": ("inputText", "input_text", "value"),
    "method": ("method",),
    "url": ("url",),
    "endpoint": ("endpoint",),
    "statusCode": ("statusCode", "responseCode", "status_code"),
    "duration": ("duration",),
    "requestHeaders": ("requestHeaders", "request_headers"),
    "requestBody": ("requestBody", "request_body"),
    "responseBody": ("responseBody", "response_body"),
    "fromScreen": ("fromScreen", "from_screen", "from"),
    "toScreen": ("toScreen", "to_screen", "to"),
    "navType": ("navType", "nav_type", "type"),
}
_COMMON = ("eventId", "timestamp", "screen", "threadId", "correlationId")
STREAM_FIELDS = {
    "ui": _COMMON + ("action", "elementId", "elementText", "elementType", "inputText"),
    "api": _COMMON + ("method", "url", "endpoint", "statusCode", "duration", "requestHeaders",
                      "requestBody", "responseBody"),
    "navigation": _COMMON + ("fromScreen", "toScreen", "navType"),
}
CORRELATION_HEADER = "x-observe-correlation-id"
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")
ISO_8601 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
                      r"\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?")


def _first(event, key):
    for name in FIELD_NAMES[key]:
        value = event.get(name)
        if value is not None:
            return value
    return None


class _Diagnostics:
    def __init__(self):
        self.items = []

    def add(self, stream, index, event_id, code, message):
        self.items.append({"stream": stream, "index": index, "eventId": event_id, "code": code,
                           "message": message})


def parse_iso_8601(text: str) -> Optional[float]:
    """Milliseconds since the epoch of an ISO 8601 date-time (``2024-05-14T09:30:00.120Z``,
    ``...+02:00``, ``...+0200``, fractions to the nanosecond); UTC when no offset is given.
    None when the text is not one or names an impossible date."""
    m = ISO_8601.fullmatch(text.strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return None
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    zone = m.group(8)
    if zone and zone not in "Zz":
        digits = zone[1:].replace(":", "")
        offset = int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60
        seconds -= offset if zone[0] == "+" else -offset
    fraction = m.group(7) or ""
    return seconds * 1000 + (int(fraction[:9].ljust(9, "0")) / 1e6 if fraction else 0.0)


def parse_time(value) -> Optional[float]:
    """Milliseconds since the epoch from a number, a numeric string or an ISO 8601 string;
    None when it is none of these, or not finite and >= 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            t = float(value)
        except OverflowError:           # an int beyond the float range
            return None
    elif isinstance(value, str):
        t = parse_iso_8601(value)
        if t is None:
            try:
                t = float(value.strip())
            except ValueError:
                return None
    else:
        return None
    if not math.isfinite(t) or t < 0:
        return None
    return t


def _text(value) -> Optional[str]:
    """A string field: str as is; numbers as their text; anything else is not text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def _body(value) -> Optional[str]:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _text(value)


def _status(value) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal():   # isdigit() admits "²"
        return int(value.strip())
    return None


def _number(value) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _header(headers, name) -> Optional[str]:
    """A request header by case-insensitive name, from a dict or a HAR list of
    {name, value}."""
    if isinstance(headers, dict):
        items = headers.items()
    elif isinstance(headers, list):
        items = ((h.get("name"), h.get("value")) for h in headers if isinstance(h, dict))
    else:
        return None
    for key, value in items:
        if isinstance(key, str) and key.lower() == name:
            return _text(value)
    return None


def _call_correlation(event) -> Optional[str]:
    cid = _text(_first(event, "correlationId"))
    if cid:
        return cid
    headers = _first(event, "requestHeaders")
    cid = _header(headers, CORRELATION_HEADER)
    if cid:
        return cid
    parent = _header(headers, "traceparent")
    if parent:
        m = TRACEPARENT.match(parent.strip().lower())
        if m:
            return m.group(1)
    return None


def _endpoint(url: Optional[str]) -> Optional[str]:
    if url is None:
        return None
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return url


# ---- normalised records --------------------------------------------------------------------------

@dataclass
class UiEvent:
    index: int
    id: str
    t: float
    action: Optional[str]
    element_id: Optional[str]
    element_text: Optional[str]
    element_type: Optional[str]
    input: Optional[str]
    screen: Optional[str]
    thread: Optional[str]
    correlation: Optional[str]


@dataclass
class ApiCall:
    index: int                 # input index of the event that gives the call its id
    id: str
    start: float
    end: Optional[float]
    method: Optional[str]
    url: Optional[str]
    endpoint: Optional[str]
    status: Optional[int]
    screen: Optional[str]
    thread: Optional[str]
    correlation: Optional[str]
    url_text: str = ""         # the URL percent-decoded, searched for typed text
    body: str = ""
    duration: Optional[float] = None   # as recorded, or end - start of a request/response pair
    background: Optional[str] = None   # "analytics" or "polling"


@dataclass
class NavEvent:
    index: int
    id: str
    t: float
    from_screen: Optional[str]
    to_screen: Optional[str]
    nav_type: Optional[str]


def _read_stream(events, stream, diags, make):
    """Normalises one stream: ids (synthetic when missing), timestamps, duplicates dropped;
    returns the records sorted by (time, input index)."""
    seen = {}
    out = []
    for index, event in enumerate(events):
        if not hasattr(event, "get"):
            diags.add(stream, index, None, "not-a-mapping",
                      f"{stream} event {index} is a {type(event).__name__}, not a mapping")
            continue
        event_id = _text(_first(event, "eventId")) or f"{stream}-{index}"
        raw_time = _first(event, "timestamp")
        t = parse_time(raw_time)
        if t is None:
            what = "missing" if raw_time is None else f"not a valid time: {raw_time!r}"
            diags.add(stream, index, event_id, "bad-timestamp",
                      f"{stream} event {index} ({event_id}): timestamp {what}")
            continue
        if event_id in seen:
            diags.add(stream, index, event_id, "duplicate-id",
                      f"{stream} event {index} repeats the id {event_id!r} of event "
                      f"{seen[event_id]}; the first is kept")
            continue
        seen[event_id] = index
        out.append(make(index, event_id, t, event))
    out.sort(key=lambda r: (r.t, r.index))
    return out


def _make_ui(index, event_id, t, e):
    return UiEvent(index, event_id, t, _text(_first(e, "action")), _text(_first(e, "elementId")),
                   _text(_first(e, "elementText")), _text(_first(e, "elementType")),
                   _text(_first(e, "inputText")), _text(_first(e, "screen")),
                   _text(_first(e, "threadId")), _text(_first(e, "correlationId")))


def _make_nav(index, event_id, t, e):
    return NavEvent(index, event_id, t, _text(_first(e, "fromScreen")), _text(_first(e, "toScreen")),
                    _text(_first(e, "navType")))


@dataclass
class _ApiEvent:
    index: int
    id: str
    t: float
    event: dict
    status: Optional[int] = None


def _make_api_event(index, event_id, t, e):
    return _ApiEvent(index, event_id, t, e, _status(_first(e, "statusCode")))


def _call_from(req: Optional[_ApiEvent], resp: Optional[_ApiEvent]) -> ApiCall:
    """One call from a request and its response, or from a single event (a whole call, or a
    request never answered): then end = start + duration when a duration is given."""
    head = req or resp
    e = head.event
    url = _text(_first(e, "url"))
    if req is not None and resp is not None:
        end, status, duration = resp.t, resp.status, resp.t - req.t
    else:
        duration = _number(_first(e, "duration"))
        end, status = (head.t + duration if duration is not None else None), head.status
    return ApiCall(head.index, head.id, head.t, end, _text(_first(e, "method")), url,
                   _text(_first(e, "endpoint")) or _endpoint(url), status,
                   _text(_first(e, "screen")), _text(_first(e, "threadId")),
                   _call_correlation(e), unquote_plus(url) if url else "",
                   _body(_first(e, "requestBody")) or "", duration=duration)


def _is_request(ev: _ApiEvent) -> bool:
    """An event that opens a call: no status code and no duration."""
    return ev.status is None and _number(_first(ev.event, "duration")) is None


def _pair_calls(events: List[_ApiEvent]) -> List[ApiCall]:
    """A request (no status, no duration) and the next event with a status code under the same
    (correlation id, method, url) become one call, first in first out; the correlation id may
    be absent on both. Every other event is a call of its own. Sorted by (start, index)."""
    calls = []
    pending = defaultdict(deque)       # key -> unanswered requests, oldest first
    for ev in events:                  # events are in time order
        e = ev.event
        key = (_call_correlation(e), _text(_first(e, "method")), _text(_first(e, "url")))
        if _is_request(ev):
            pending[key].append(ev)
        elif ev.status is not None and pending.get(key):
            calls.append(_call_from(pending[key].popleft(), ev))
        else:
            calls.append(_call_from(ev, None))
    for requests in pending.values():
        calls.extend(_call_from(r, None) for r in requests)
    calls.sort(key=lambda c: (c.start, c.index))
    return calls


def _is_analytics(url: Optional[str], hosts, paths) -> bool:
    """The URL's host contains one of hosts, or its path holds one of paths as whole
    consecutive segments ("/log" matches /v1/log/batch, not /login)."""
    if not url:
        return False
    try:
        parts = urlsplit(url.lower())
    except ValueError:
        return False
    if any(h in parts.netloc for h in hosts):
        return True
    segments = [seg for seg in parts.path.split("/") if seg]
    for pattern in paths:
        n = len(pattern)
        if any(segments[i:i + n] == pattern for i in range(len(segments) - n + 1)):
            return True
    return False


def _mark_background(calls: List[ApiCall], ui_times: List[float],
                     config: CorrelationConfig) -> None:
    hosts = [p.lower() for p in config.background_url_patterns if not p.startswith("/")]
    paths = [[seg for seg in p.lower().split("/") if seg]
             for p in config.background_url_patterns if p.startswith("/")]
    for c in calls:
        if _is_analytics(c.url, hosts, paths):
            c.background = "analytics"

    def follows_action(c: ApiCall) -> bool:
        """Some UI event in [start - poll_follow_ms, start + clock_skew_ms]."""
        k = bisect_left(ui_times, c.start - config.poll_follow_ms)
        return k < len(ui_times) and ui_times[k] <= c.start + config.clock_skew_ms

    def coverage(lo: float, hi: float) -> float:
        """Share of [lo, hi] in which a call would follow some action: the union of
        [t - clock_skew_ms, t + poll_follow_ms] over the UI events, clipped."""
        covered, reach = 0.0, lo
        k = bisect_left(ui_times, lo - config.poll_follow_ms)
        while k < len(ui_times) and ui_times[k] - config.clock_skew_ms < hi:
            a = max(ui_times[k] - config.clock_skew_ms, reach)
            b = min(ui_times[k] + config.poll_follow_ms, hi)
            if b > a:
                covered += b - a
                reach = b
            k += 1
        return covered / (hi - lo)

    groups = defaultdict(list)
    for c in calls:
        if c.background is None:
            groups[(c.method, c.endpoint)].append(c)
    for group in groups.values():      # each in start order
        k = 0
        while k + 1 < len(group):
            first_gap = group[k + 1].start - group[k].start
            m = k + 1
            while (m + 1 < len(group)
                   and abs((group[m + 1].start - group[m].start) - first_gap)
                   <= config.poll_jitter * first_gap):
                m += 1
            run = group[k:m + 1]
            if (first_gap >= config.poll_min_period_ms and len(run) >= config.poll_min_repeats
                    and sum(map(follows_action, run)) <= len(run) * max(
                        config.poll_max_ui_share,
                        coverage(run[0].start, run[-1].start) + config.poll_ui_margin)):
                for c in run:
                    c.background = "polling"
            # the next run starts where this one ended: every call is looked at a bounded
            # number of times, even along a long regular series that is not polling
            k = m


# ---- attribution ---------------------------------------------------------------------------------

def strength(score: float, config: CorrelationConfig) -> str:
    if score >= config.strong_confidence:
        return "strong"
    if score >= config.min_confidence:
        return "medium"
    return "weak"


def _pair_score(u: UiEvent, c: ApiCall, config: CorrelationConfig):
    """(score, methods) of UI event u causing call c, correlation ids aside."""
    delay = c.start - u.t
    total = config.w_time * math.exp(-max(0.0, delay) / config.time_decay_ms)
    weights = config.w_time
    methods = ["time"]
    if u.input is not None and len(u.input) >= config.min_input_length:
        weights += config.w_input
        if u.input in c.url_text or u.input in c.body:
            total += config.w_input
            methods.append("input_value")
    if u.thread is not None and c.thread is not None:
        weights += config.w_thread
        if u.thread == c.thread:
            total += config.w_thread
            methods.append("thread")
    if u.screen is not None and c.screen is not None:
        weights += config.w_screen
        if u.screen == c.screen:
            total += config.w_screen
            methods.append("screen")
    return total / weights, methods


def _ui_causes(ui: List[UiEvent], calls: List[ApiCall], config: CorrelationConfig):
    """For each call (by position in calls), the list of (ui position, score, methods) it is
    attributed to, and for unattributed calls the reason."""
    by_correlation = defaultdict(list)
    for pos, u in enumerate(ui):
        if u.correlation:
            by_correlation[u.correlation].append(pos)
    causes, reasons = {}, {}
    lo = hi = 0
    for ci, c in enumerate(calls):
        while lo < len(ui) and ui[lo].t < c.start - config.window_ms:
            lo += 1
        hi = max(hi, lo)
        while hi < len(ui) and ui[hi].t <= c.start + config.clock_skew_ms:
            hi += 1
        same_id = by_correlation.get(c.correlation, ()) if c.correlation else ()
        decisive = same_id[bisect_left(same_id, lo):bisect_left(same_id, hi)]   # positions rise
        decisive_set = set(decisive)
        if decisive and not config.many_to_many:
            causes[ci] = [(decisive[-1], 1.0, ["correlation_id"])]
            continue
        if c.background:
            if decisive:
                causes[ci] = [(p, 1.0, ["correlation_id"]) for p in decisive]
            else:
                reasons[ci] = c.background
            continue
        scored = []
        for p in range(lo, hi):
            if p in decisive_set:
                scored.append((p, 1.0, ["correlation_id"]))
            else:
                score, methods = _pair_score(ui[p], c, config)
                scored.append((p, score, methods))
        kept = [s for s in scored if s[1] >= config.min_confidence]
        if not kept:
            reasons[ci] = "no-candidate" if not scored else "low-confidence"
        elif config.many_to_many:
            causes[ci] = kept
        else:
            # highest score; ties: the later UI event (sorted position, which orders equal
            # times by input index, so among equal times the earlier input wins)
            best = max(kept, key=lambda s: (s[1], ui[s[0]].t, -ui[s[0]].index))
            causes[ci] = [best]
    return causes, reasons


def _nav_causes(nav: List[NavEvent], calls: List[ApiCall], ui_times: List[float],
                config: CorrelationConfig):
    """For each navigation (by position), the list of (call position, score, methods);
    ui_times are the UI events' times in order."""
    ended = sorted((i for i, c in enumerate(calls) if c.end is not None and not c.background),
                   key=lambda i: (calls[i].end, calls[i].start, calls[i].index))
    out = {}
    lo = hi = 0
    for ni, n in enumerate(nav):
        while lo < len(ended) and calls[ended[lo]].end < n.t - config.nav_window_ms:
            lo += 1
        hi = max(hi, lo)
        while hi < len(ended) and calls[ended[hi]].end <= n.t + config.nav_clock_skew_ms:
            hi += 1
        scored = []
        for k in range(lo, hi):
            c = calls[ended[k]]
            total = config.w_nav_time * math.exp(-max(0.0, n.t - c.end) / config.nav_decay_ms)
            weights = config.w_nav_time
            methods = ["time"]
            if n.from_screen is not None and c.screen is not None:
                weights += config.w_nav_screen
                if n.from_screen == c.screen:
                    total += config.w_nav_screen
                    methods.append("screen")
            scored.append((ended[k], total / weights, methods))
        if not scored:
            continue
        if not config.many_to_many:
            # a user action between the latest response and the navigation (a tab or back
            # tap) is the likelier cause: no response is
            k = bisect_left(ui_times, calls[ended[hi - 1]].end)
            if k < len(ui_times) and ui_times[k] <= n.t:
                continue
        if config.many_to_many:
            kept = [s for s in scored if s[1] >= config.min_confidence]
        else:
            latest = scored[-1]            # the latest completed response
            kept = [latest] if latest[1] >= config.min_confidence else []
        if kept:
            out[ni] = kept
    return out


# ---- the result ----------------------------------------------------------------------------------

def _outcome(c: ApiCall) -> str:
    if c.status is None:
        return "pending"
    return "success" if c.status < 400 else f"error {c.status}"


def _call_brief(c: ApiCall) -> dict:
    return {"eventId": c.id, "method": c.method, "endpoint": c.endpoint, "statusCode": c.status,
            "timestamp": c.start}


def correlate(ui_events, api_events, navigation_events, config: CorrelationConfig = None,
              session_id=None) -> dict:
    # The records form no cycles; collecting while creating hundreds of thousands of them
    # would only cost time (twice the run time at 100,000 events), so the collector pauses.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _correlate(ui_events, api_events, navigation_events,
                          config or CorrelationConfig(), session_id)
    finally:
        if was_enabled:
            gc.enable()


def _correlate(ui_events, api_events, navigation_events, config, session_id) -> dict:
    diags = _Diagnostics()
    ui = _read_stream(ui_events or [], "ui", diags, _make_ui)
    api_raw = _read_stream(api_events or [], "api", diags, _make_api_event)
    nav = _read_stream(navigation_events or [], "navigation", diags, _make_nav)
    calls = _pair_calls(api_raw)
    ui_times = [u.t for u in ui]
    _mark_background(calls, ui_times, config)

    causes, reasons = _ui_causes(ui, calls, config)
    nav_causes = _nav_causes(nav, calls, ui_times, config)

    # UI event -> its calls
    by_ui = defaultdict(list)
    for ci in sorted(causes):
        for ui_pos, score, methods in causes[ci]:
            by_ui[ui_pos].append((ci, score, methods))
    by_call_nav = defaultdict(list)
    api_to_navigation = []
    for ni in sorted(nav_causes):
        n = nav[ni]
        for ci, score, methods in nav_causes[ni]:
            c = calls[ci]
            by_call_nav[ci].append((ni, score))
            api_to_navigation.append({
                "api_event": _call_brief(c),
                "navigation": {"eventId": n.id, "fromScreen": n.from_screen,
                               "toScreen": n.to_screen, "navType": n.nav_type,
                               "timestamp": n.t},
                "delayMs": n.t - c.end, "correlationMethods": methods,
                "confidence": score, "strength": strength(score, config)})

    ui_to_api, full_flows = [], []
    for ui_pos in sorted(by_ui):
        u = ui[ui_pos]
        items = by_ui[ui_pos]
        api_calls = []
        for ci, score, methods in items:
            c = calls[ci]
            api_calls.append({
                "eventId": c.id, "method": c.method, "endpoint": c.endpoint,
                "statusCode": c.status, "timestamp": c.start,
                "duration": c.duration,
                "delayMs": c.start - u.t, "correlationMethods": methods,
                "confidence": score, "strength": strength(score, config)})
        best = max(score for _, score, _ in items)
        ui_to_api.append({
            "ui_event": {"eventId": u.id, "action": u.action, "elementId": u.element_id,
                         "elementText": u.element_text, "screen": u.screen, "timestamp": u.t},
            "api_calls": api_calls, "confidence": best, "strength": strength(best, config)})

        nav_ids, scores = [], [score for _, score, _ in items]
        last_nav = None
        for ci, _, _ in items:
            for ni, score in by_call_nav.get(ci, ()):
                nav_ids.append(nav[ni].id)
                scores.append(score)
                last_nav = (nav[ni], calls[ci])
        element = u.element_text or u.element_id or u.element_type or "screen"
        action = u.action or "action"
        triggers = ", ".join(f"{calls[ci].method or 'CALL'} {calls[ci].endpoint or '?'}"
                             for ci, _, _ in items)
        if last_nav:
            n, c = last_nav
            text = (f"User {action} on {element} -> triggers {triggers} -> which causes "
                    f"navigate to {n.to_screen or '?'} ({_outcome(c)})")
        else:
            text = f"User {action} on {element} -> triggers {triggers} ({_outcome(calls[items[-1][0]])})"
        low = min(scores)
        full_flows.append({
            "flow_id": f"flow-{len(full_flows) + 1}", "flow_name": f"{action} {element}",
            "description": text, "ui_event_id": u.id,
            "api_event_ids": [calls[ci].id for ci, _, _ in items],
            "navigation_event_ids": nav_ids, "confidence": low,
            "strength": strength(low, config)})

    unattributed = [dict(_call_brief(calls[ci]), reason=reasons[ci]) for ci in sorted(reasons)]
    correlated_calls = len(causes)
    pair_scores = [s for items in causes.values() for _, s, _ in items]
    stats = {
        "unattributed_by_reason": _count(reasons.values()),
        "pairs_by_strength": _count(strength(s, config) for s in pair_scores),
        "pairs_by_method": _count(m for items in causes.values() for _, _, ms in items
                                  for m in ms),
        "average_confidence": (sum(pair_scores) / len(pair_scores)) if pair_scores else 0.0,
        "navigations_attributed": len(nav_causes),
        "background_calls": sum(1 for c in calls if c.background),
        "diagnostics": len(diags.items),
    }
    return {
        "session_id": session_id,
        "ui_to_api": ui_to_api,
        "api_to_navigation": api_to_navigation,
        "full_flows": full_flows,
        "unattributed_api_calls": unattributed,
        "total_ui_events": len(ui),
        "total_api_events": len(calls),
        "total_navigation_events": len(nav),
        "correlated_ui_events": len(by_ui),
        "correlated_api_events": correlated_calls,
        "correlation_rate": correlated_calls / len(calls) if calls else 0.0,
        "statistics": stats,
        "diagnostics": diags.items,
    }


def _count(values) -> dict:
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))
