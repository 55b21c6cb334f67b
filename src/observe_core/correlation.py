"""Event correlation: which UI action caused which API call, which response led to which screen.

``Correlator().correlate_events(ui_events, api_events, navigation_events)`` returns the result
dict of docs/correlation.md. The algorithm is specified there and implemented twice: in C
(libobserve/correlate*.c, bound by _native_correlate*.c) and in ``_python/correlate.py``, the
readable specification and the fallback; both return the same dict, float for float.

The original plan's names are kept: ``RustCorrelator``, ``Event`` and ``Correlation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterable, List, Mapping, Optional

from . import _backend
from ._python.correlate import CorrelationConfig, correlate

__all__ = ["CorrelationConfig", "Correlator", "RustCorrelator", "Event", "Correlation"]


class Correlator:
    """Attributes API calls to UI events and navigations to API responses.

    ``config`` holds every constant (CorrelationConfig); keyword arguments override single
    fields, e.g. ``Correlator(window_ms=3000, many_to_many=True)``. ``backend`` is "auto" (the
    C core when it is built), "native" or "python"; ``Correlator.backend`` tells which runs.
    """

    def __init__(self, config: Optional[CorrelationConfig] = None, *, backend: str = "auto",
                 **overrides):
        self.config = replace(config or CorrelationConfig(), **overrides)
        self.backend = _backend.resolve(backend)

    def correlate_events(self, ui_events: Iterable[Mapping], api_events: Iterable[Mapping],
                         navigation_events: Iterable[Mapping] = (),
                         session_id: Optional[str] = None) -> dict:
        streams = (list(ui_events or ()), list(api_events or ()), list(navigation_events or ()))
        if self.backend == "native":
            return _backend._native.correlate(*streams, self.config, session_id)
        return correlate(*streams, self.config, session_id)


# ---- the original plan's API -------------------------------------------------------------------

UI_TYPES = frozenset({"ui", "ui_event", "tap", "click", "input", "swipe", "scroll", "long_press",
                      "gesture", "text_input"})
API_TYPES = frozenset({"api", "api_call", "api_event", "network", "request", "response", "http"})
NAV_TYPES = frozenset({"navigation", "nav", "screen", "screen_change", "navigation_event"})


@dataclass
class Event:
    """A recorded event of any stream (the plan's ``Event``). ``event_type`` says the stream:
    one of UI_TYPES, API_TYPES or NAV_TYPES."""

    event_id: str
    event_type: str
    timestamp: float
    data: Dict[str, Any] = field(default_factory=dict)

    def add_data(self, key: str, value: Any) -> None:
        self.data[key] = value

    def as_mapping(self) -> dict:
        return {**self.data, "eventId": self.event_id, "timestamp": self.timestamp}


@dataclass
class Correlation:
    """One attributed pair (the plan's ``Correlation``)."""

    source_event_id: str
    target_event_id: str
    confidence: float
    time_delta_ms: float
    correlation_type: str   # "ui_to_api" or "api_to_navigation"


class RustCorrelator:
    """The original plan's stateful correlator: events are added one by one, then
    correlated. ``max_time_delta_ms`` is the attribution window; ``min_confidence`` the
    threshold."""

    def __init__(self, max_time_delta_ms: float = 5000.0, min_confidence: float = 0.5, *,
                 backend: str = "auto"):
        self._correlator = Correlator(window_ms=float(max_time_delta_ms),
                                      min_confidence=float(min_confidence), backend=backend)
        self._events: List[Event] = []

    def add_event(self, event: Event) -> None:
        if not isinstance(event, Event):
            raise TypeError(f"expected an Event, not {type(event).__name__}")
        self._events.append(event)

    def add_events(self, events: Iterable[Event]) -> None:
        for event in events:
            self.add_event(event)

    def clear(self) -> None:
        self._events.clear()

    def __len__(self) -> int:
        return len(self._events)

    def len(self) -> int:
        return len(self._events)

    def _streams(self):
        ui, api, nav = [], [], []
        for e in self._events:
            kind = e.event_type.lower()
            if kind in UI_TYPES:
                ui.append(e.as_mapping())
            elif kind in API_TYPES:
                api.append(e.as_mapping())
            elif kind in NAV_TYPES:
                nav.append(e.as_mapping())
        return ui, api, nav

    def build_correlation_graph(self) -> dict:
        """The full result (docs/correlation.md section 6)."""
        return self._correlator.correlate_events(*self._streams())

    def correlate_ui_to_api(self) -> List[Correlation]:
        result = self.build_correlation_graph()
        return [Correlation(entry["ui_event"]["eventId"], call["eventId"], call["confidence"],
                            call["delayMs"], "ui_to_api")
                for entry in result["ui_to_api"] for call in entry["api_calls"]]

    def correlate_api_to_navigation(self) -> List[Correlation]:
        result = self.build_correlation_graph()
        return [Correlation(entry["api_event"]["eventId"], entry["navigation"]["eventId"],
                            entry["confidence"], entry["delayMs"], "api_to_navigation")
                for entry in result["api_to_navigation"]]

    def find_correlations(self) -> List[Correlation]:
        return self.correlate_ui_to_api() + self.correlate_api_to_navigation()

    def get_statistics(self) -> dict:
        result = self.build_correlation_graph()
        return {"total_events": len(self._events),
                "total_ui_events": result["total_ui_events"],
                "total_api_events": result["total_api_events"],
                "total_navigation_events": result["total_navigation_events"],
                "correlated_ui_events": result["correlated_ui_events"],
                "correlated_api_events": result["correlated_api_events"],
                "correlation_rate": result["correlation_rate"],
                **result["statistics"]}
