"""One recorded SDK event -> (stream, event in the output field names).

An event names its stream by a type field (``type``, ``eventType``, ``event_type``) and
carries its fields at the top level or in a ``data`` / ``details`` payload; the output field
names and the names read for each are the correlator's own table (docs/correlation.md
sections 1 and 8). Used by the SDK export loader and by the SQLite store, whose rows hold the
same events.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from .. import _backend
from .._python.correlate import FIELD_NAMES, STREAM_FIELDS
from .common import _json_type, _loads_line, _Report

# The C accelerator of _convert_event, _session_id_of and sdk.py's _add_events loop
# (observe_core/_native_sdk.c: _native.convert_sdk_event, _native.add_sdk_events) is used when
# the extension is built; this module is its specification, and its tables are read from here.
# The tests set it False to compare the two.
NATIVE = _backend.NATIVE_AVAILABLE

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
