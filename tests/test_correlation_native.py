"""The C correlator (observe_core._native.correlate) against the pure-Python reference
(_python/correlate.py): the same dict, key order, types and float bits, on simulated sessions
of many sizes and scenarios, on random configurations, and on generated events full of odd
values; the same exception where the reference raises; and no leaked Python objects."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observe_core import _native
from observe_core._python.correlate import CorrelationConfig, correlate
from compare import difference
from sim_session import SCENARIOS as SCENARIO_PARAMS, simulate

SCENARIOS = sorted(SCENARIO_PARAMS)


def both(ui, api, nav, config=None, session_id=None):
    """Runs both backends; returns the native result after checking it is the reference's
    (or that both raise the same exception)."""
    config = config or CorrelationConfig()
    try:
        expected = correlate(ui, api, nav, config, session_id)
    except Exception as exc:                       # the native run must raise the same
        with pytest.raises(type(exc)) as info:
            _native.correlate(ui, api, nav, config, session_id)
        assert str(info.value) == str(exc)
        return None
    got = _native.correlate(ui, api, nav, config, session_id)
    found = difference(expected, got)
    assert found is None, found
    return got


# ---- simulated sessions ------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("n_actions", [0, 1, 7, 60, 400])
def test_simulated_sessions(scenario, n_actions):
    for seed in range(3):
        s = simulate(seed, scenario, n_actions)
        for many in (False, True):
            both(s.ui_events, s.api_events, s.navigation_events,
                 CorrelationConfig(many_to_many=many), session_id=f"s{seed}")


def test_a_large_session():
    s = simulate(11, "busy", 12_000)
    result = both(s.ui_events, s.api_events, s.navigation_events)
    assert result["total_api_events"] > 10_000


configs = st.builds(
    CorrelationConfig,
    window_ms=st.floats(0, 20_000), clock_skew_ms=st.floats(0, 500),
    time_decay_ms=st.floats(1, 5000), min_input_length=st.integers(0, 6),
    w_time=st.floats(0.01, 1), w_input=st.floats(0, 1), w_thread=st.floats(0, 1),
    w_screen=st.floats(0, 1), min_confidence=st.floats(0, 1), strong_confidence=st.floats(0, 1),
    nav_window_ms=st.floats(0, 10_000), nav_decay_ms=st.floats(1, 5000),
    nav_clock_skew_ms=st.floats(0, 500), w_nav_time=st.floats(0.01, 1),
    w_nav_screen=st.floats(0, 1), poll_min_repeats=st.integers(0, 8),
    poll_jitter=st.floats(0, 0.5), poll_min_period_ms=st.floats(0, 5000),
    poll_follow_ms=st.floats(0, 2000), poll_max_ui_share=st.floats(0, 1),
    poll_ui_margin=st.floats(0, 1),
    background_url_patterns=st.lists(st.sampled_from(
        ["/track", "/log", "api", "/v1/feed", "sentry.io", "ÄPI", "/a/b/", "shopapp"]),
        max_size=4),
    many_to_many=st.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=configs, seed=st.integers(0, 50), scenario=st.sampled_from(SCENARIOS))
def test_random_configurations(config, seed, scenario):
    s = simulate(seed, scenario, 40)
    both(s.ui_events, s.api_events, s.navigation_events, config)


# ---- generated events with odd values ------------------------------------------------------------

class Record(Mapping):
    """A mapping that is not a dict: read through its get()."""

    def __init__(self, data):
        self._data = dict(data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


texts = st.sampled_from([
    "", " ", "Login", "login", "Home", "main", "bg-1", "abc", "ab", "émile", "日本語", "\ud800x",
    "a\x00b", "²", "٣", " 201 ", "200", "404", "1e3", "nan", "inf", "-5", "12.5",
    "2024-05-14T09:30:00.120Z", "2024-05-14 09:30:00+02:00", "2024-02-30T00:00:00Z",
    "2024-05-14T09:30:00.123456789123+0530", "GET", "POST", "get",
])
numbers = st.one_of(
    st.integers(-5, 5), st.integers(0, 3_000_000_000_000), st.just(10 ** 400),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1e300, 200.0,
                                                                    404.0, 200.5, 1.5e12]),
    st.booleans())
urls = st.sampled_from([
    "https://api.shop.example/v1/items?q=abc", "https://API.Shop.Example/V1/Login",
    "https://shop.example/search?q=ab+c%20d%E2%82%AC", "https://x.example/a%ZZb+%",
    "https://x.example/%C3%28bad", "/v1/log/batch", "v1/login", "https://sentry.io/api/1",
    "https://[::1]:8080/v1/track", "https://[v1.x]/p", "https://[bad/p", "http://ex]ample/p",
    "https://ｓｈｏｐ.example/トラック/track", "https://x.example/\ud800/p", " \t https://x/a\tb",
    "https://www.google-analytics.com/collect", "HTTPS://X.EXAMPLE/Metrics/x", "", "?q=1",
    "https://shop.example/emile?name=%C3%A9mile",
])
headers = st.one_of(
    st.none(), st.just("x-observe-correlation-id: c1"),
    st.dictionaries(st.sampled_from(["X-Observe-Correlation-ID", "x-observe-correlation-id",
                                     "traceparent", "TraceParent", "Accept", "tráceparent"]),
                    st.one_of(texts, numbers, st.sampled_from([
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        " 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01\u3000",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
                        "c1", "c2"])), max_size=3),
    st.lists(st.one_of(
        st.fixed_dictionaries({"name": st.sampled_from(["traceparent", "X-Observe-Correlation-Id",
                                                        "Accept"]),
                               "value": st.sampled_from([
                                   "00-aaaabbbbccccddddeeeeffff00001111-00f067aa0ba902b7-01",
                                   "c1", "", None])}),
        st.just("not a dict"), st.just({"name": 5, "value": "c1"})), max_size=3),
    st.tuples(st.just("a")))
values = st.one_of(st.none(), texts, numbers)
bodies = st.one_of(values, st.dictionaries(st.sampled_from(["user", "q", "n"]),
                                           st.one_of(texts, st.integers(0, 99)), max_size=2),
                   st.lists(st.integers(0, 9), max_size=2))


def event(**fields):
    """An event: each named strategy may or may not be present (absent, None or a value)."""
    return st.fixed_dictionaries({}, optional=fields)


times = st.one_of(st.floats(0, 20_000), st.integers(0, 20_000), values,
                  st.sampled_from([1_700_000_000_000, "1700000000500.5"]))
ids = st.one_of(st.sampled_from(["e1", "e2", "e3", "", "a-1"]), st.integers(0, 3), values)
screens = st.sampled_from(["Login", "Home", "Cart", "", None])
ui_event = event(eventId=ids, timestamp=times, action=values, actionType=texts,
                 elementId=values, elementText=values, element_type=values,
                 inputText=st.one_of(texts, values), value=texts, screen=screens,
                 screenName=screens, threadId=st.sampled_from(["main", "bg-1", 7, None]),
                 correlationId=st.sampled_from(["c1", "c2", "", None, 5]))
api_event = event(eventId=ids, id=ids, timestamp=times, ts=times,
                  method=st.one_of(st.sampled_from(["GET", "POST"]), values), url=urls,
                  endpoint=st.one_of(st.sampled_from(["/v1/items", ""]), values),
                  statusCode=st.one_of(st.sampled_from([200, 201, 404, 500]), values),
                  responseCode=values, duration=st.one_of(st.floats(0, 2000), values),
                  requestHeaders=headers, request_headers=headers, requestBody=bodies,
                  screen=screens, thread_id=st.sampled_from(["main", "bg-1", None]),
                  correlation_id=st.sampled_from(["c1", "c2", "", None]))
nav_event = event(eventId=ids, timestamp=times, fromScreen=screens, from_screen=screens,
                  to=screens, toScreen=screens, navType=values, type=texts)


def stream(events):
    """Events, some as non-dict mappings, and a few that are not mappings at all."""
    wrapped = st.one_of(events, events.map(Record))
    return st.lists(st.one_of(wrapped, wrapped, wrapped, wrapped, st.sampled_from(
        [None, 5, "event", ["eventId"]])), max_size=25)


# OBSERVE_EXAMPLES=20000 for a longer search than CI's
@settings(max_examples=int(os.environ.get("OBSERVE_EXAMPLES", 400)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ui=stream(ui_event), api=stream(api_event), nav=stream(nav_event),
       many=st.booleans(), session_id=st.one_of(st.none(), st.text(max_size=5), st.integers()))
def test_generated_events(ui, api, nav, many, session_id):
    both(ui, api, nav, CorrelationConfig(many_to_many=many, clock_skew_ms=20_000,
                                         window_ms=20_000, nav_window_ms=20_000),
         session_id)


# ---- errors and resources ------------------------------------------------------------------------

class Exploding(dict):
    """A dict subclass whose get() raises, as a broken mapping might."""

    def get(self, key, default=None):
        if key == "url":
            raise KeyError("boom")
        return super().get(key, default)


def test_an_exception_inside_an_event_propagates_the_same():
    with pytest.raises(KeyError, match="boom"):
        correlate([], [Exploding(timestamp=1)], [])
    with pytest.raises(KeyError, match="boom"):
        _native.correlate([], [Exploding(timestamp=1)], [], CorrelationConfig(), None)


def test_streams_must_be_sequences():
    with pytest.raises(TypeError):
        _native.correlate(5, [], [], CorrelationConfig(), None)


def test_no_python_objects_leak():
    s = simulate(3, "messy", 20)
    odd = [{"eventId": "x", "timestamp": "2024-05-14T09:30:00Z", "url": "https://ｓ.example/%E2",
            "statusCode": "201", "requestBody": {"q": "é"}, "requestHeaders": [
                {"name": "traceparent",
                 "value": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}]},
           {"eventId": "x", "timestamp": None}, 7, Record({"timestamp": 5, "url": "/a\ud800"})]
    args = (s.ui_events, s.api_events + odd, s.navigation_events, CorrelationConfig(), "s")

    def run(n):
        for _ in range(n):
            _native.correlate(*args)
        gc.collect()

    # Interned strings, templates and CPython's free lists (floats, dicts, lists) hold memory
    # that tracemalloc counts; it settles within about 2,000 runs (slowest with
    # PYTHONMALLOC=malloc, as under the sanitizers), then moves by a few KiB. A leak of one
    # small object per run shows as 3,000 x 32 bytes or more in every window of 3,000 runs;
    # settling (or other tests' leftovers, in a full run) shows in one window, not in all.
    tracemalloc.start()
    run(2000)
    growth = []
    for _ in range(3):
        before = tracemalloc.get_traced_memory()[0]
        run(3000)
        growth.append(tracemalloc.get_traced_memory()[0] - before)
    tracemalloc.stop()
    assert min(growth) < 32 * 1024, f"{growth} bytes kept in windows of 3,000 runs"


def test_no_reference_is_kept_to_the_events():
    import sys
    s = simulate(5, "default", 30)
    # a JSON round trip: every value is a fresh object only its event refers to (no interned
    # or cached constants, whose counts other code changes)
    streams = json.loads(json.dumps([s.ui_events, s.api_events, s.navigation_events]))
    values = [v for events in streams for e in events for v in e.values()
              if isinstance(v, (str, float, dict))] + [e for events in streams for e in events]
    gc.collect()
    before = [sys.getrefcount(v) for v in values]
    for _ in range(20):
        _native.correlate(*streams, CorrelationConfig(), None)
    gc.collect()
    after = [sys.getrefcount(v) for v in values]
    changed = [(v, b, a) for v, b, a in zip(values, before, after) if a != b]
    assert not changed, changed[:5]
