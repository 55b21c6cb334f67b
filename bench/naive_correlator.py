"""The original correlator's all-pairs rules, as the baseline that observe-core replaces.

    from naive_correlator import naive_correlate
    result = naive_correlate(ui_events, api_events, navigation_events)

Issue 4 describes what the original did; this module does exactly that, on purpose:

- it compares every UI event with every API event (O(U x A)) and every API event with every
  navigation (O(A x N));
- UI -> API: for each pair, ``dt = api.timestamp - ui.timestamp`` in EITHER order (a call may
  "cause" a tap that comes after it);
  - time: ``1 - |dt| / max_time_delta_ms`` when ``|dt| <= max_time_delta_ms``, else 0;
  - thread: 1 when both have a ``thread_id`` and they are equal, at ANY time gap;
  - screen: 1 when both have a ``screen`` and they are equal, at ANY time gap;
  - ``confidence = 0.5 * time + 0.3 * thread + 0.2 * screen``; the pair counts when
    ``confidence >= min_confidence``. So a thread and a screen match alone (0.5) attach a call
    to a tap a minute away.
  - every counting pair is kept: one call is attached to every tap that matches (many to
    many), there is no "best cause";
- API -> navigation: every pair with ``|t_nav - t_api| <= max_time_delta_ms``, either order,
  confidence ``1 - |dt| / max_time_delta_ms`` (no threshold: all pairs within the window);
- field names: the original read snake_case names in the event data: ``thread_id`` and
  ``correlation_id`` (equal correlation ids give confidence 1.0). The recording SDKs write
  ``threadId`` and ``correlationId``, so on their data those signals are simply absent. The
  id is ``event_id``, else ``eventId`` (the original's ``Event`` received the id as an
  argument, so the caller always supplied one); ``screen`` and ``timestamp`` are read as is.
  Request and response events are not paired: each API event is a call of its own, at its
  own timestamp.

The result has the shape of docs/correlation.md section 6 for ``ui_to_api``,
``api_to_navigation``, ``full_flows`` and the totals. Strength: ``strong`` from 0.8,
``medium`` from ``min_confidence``, ``weak`` below. It is a baseline, not a reference: it keeps
the original's behaviour, flaws included, and is written to be read, not to be fast.
"""

from __future__ import annotations

import math
from typing import List, Mapping, Optional
from urllib.parse import urlsplit


def _id(event: Mapping) -> Optional[str]:
    value = event.get("event_id")
    return value if value is not None else event.get("eventId")


def _time(event: Mapping) -> Optional[float]:
    value = event.get("timestamp")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _endpoint(event: Mapping) -> Optional[str]:
    if event.get("endpoint"):
        return event["endpoint"]
    url = event.get("url")
    return urlsplit(url).path if isinstance(url, str) else None


def _strength(confidence: float, min_confidence: float) -> str:
    if confidence >= 0.8:
        return "strong"
    return "medium" if confidence >= min_confidence else "weak"


def _same(a: Mapping, b: Mapping, name: str) -> bool:
    return a.get(name) is not None and a.get(name) == b.get(name)


def ui_api_pair(ui: Mapping, api: Mapping, max_time_delta_ms: float):
    """(confidence, methods, dt) of one (UI event, API event) pair by the original's rules."""
    dt = _time(api) - _time(ui)
    if _same(ui, api, "correlation_id"):
        return 1.0, ["correlation_id"], dt
    time_score = 1.0 - abs(dt) / max_time_delta_ms if abs(dt) <= max_time_delta_ms else 0.0
    thread = _same(ui, api, "thread_id")
    screen = _same(ui, api, "screen")
    methods = [name for name, hit in (("time", time_score > 0), ("thread", thread),
                                      ("screen", screen)) if hit]
    return 0.5 * time_score + 0.3 * thread + 0.2 * screen, methods, dt


def naive_correlate(ui_events: List[Mapping], api_events: List[Mapping],
                    navigation_events: List[Mapping], max_time_delta_ms: float = 5000.0,
                    min_confidence: float = 0.5) -> dict:
    ui_events = [e for e in ui_events if _time(e) is not None]
    api_events = [e for e in api_events if _time(e) is not None]
    navigation_events = [e for e in navigation_events if _time(e) is not None]

    # UI -> API: every pair.
    ui_to_api = []
    calls_of_ui = {}
    correlated_api = set()
    for ui in ui_events:
        calls = []
        for api in api_events:
            confidence, methods, dt = ui_api_pair(ui, api, max_time_delta_ms)
            if confidence >= min_confidence:
                calls.append({"eventId": _id(api), "method": api.get("method"),
                              "endpoint": _endpoint(api), "statusCode": api.get("statusCode"),
                              "timestamp": _time(api), "duration": api.get("duration"),
                              "delayMs": dt, "correlationMethods": methods,
                              "confidence": confidence,
                              "strength": _strength(confidence, min_confidence)})
                correlated_api.add(_id(api))
        if calls:
            best = max(c["confidence"] for c in calls)
            ui_to_api.append({
                "ui_event": {"eventId": _id(ui), "action": ui.get("action"),
                             "elementId": ui.get("elementId"),
                             "elementText": ui.get("elementText"), "screen": ui.get("screen"),
                             "timestamp": _time(ui)},
                "api_calls": calls, "confidence": best,
                "strength": _strength(best, min_confidence)})
            calls_of_ui[_id(ui)] = calls

    # API -> navigation: every pair within the window, either order.
    api_to_navigation = []
    navs_of_api = {}
    for api in api_events:
        for nav in navigation_events:
            dt = _time(nav) - _time(api)
            if abs(dt) <= max_time_delta_ms:
                confidence = 1.0 - abs(dt) / max_time_delta_ms
                api_to_navigation.append({
                    "api_event": {"eventId": _id(api), "method": api.get("method"),
                                  "endpoint": _endpoint(api),
                                  "statusCode": api.get("statusCode"), "timestamp": _time(api)},
                    "navigation": {"eventId": _id(nav), "fromScreen": nav.get("fromScreen"),
                                   "toScreen": nav.get("toScreen"),
                                   "navType": nav.get("navType"), "timestamp": _time(nav)},
                    "delayMs": dt, "correlationMethods": ["time"], "confidence": confidence,
                    "strength": _strength(confidence, min_confidence)})
                navs_of_api.setdefault(_id(api), []).append((_id(nav), confidence))

    # Flows: a UI event, its calls, their navigations.
    full_flows = []
    for entry in ui_to_api:
        ui, calls = entry["ui_event"], entry["api_calls"]
        navs = [n for c in calls for n in navs_of_api.get(c["eventId"], ())]
        confidence = min([c["confidence"] for c in calls] + [n[1] for n in navs])
        element = ui["elementText"] or ui["elementId"] or "screen"
        full_flows.append({
            "flow_id": f"flow-{len(full_flows) + 1}",
            "flow_name": f"{ui['action']} {element}",
            "description": f"User {ui['action']} on {element} -> triggers "
                           + ", ".join(f"{c['method']} {c['endpoint']}" for c in calls),
            "ui_event_id": ui["eventId"], "api_event_ids": [c["eventId"] for c in calls],
            "navigation_event_ids": [n[0] for n in navs], "confidence": confidence,
            "strength": _strength(confidence, min_confidence)})

    return {
        "ui_to_api": ui_to_api,
        "api_to_navigation": api_to_navigation,
        "full_flows": full_flows,
        "total_ui_events": len(ui_events),
        "total_api_events": len(api_events),
        "total_navigation_events": len(navigation_events),
        "correlated_ui_events": len(ui_to_api),
        "correlated_api_events": len(correlated_api),
        "correlation_rate": len(correlated_api) / len(api_events) if api_events else 0.0,
    }
