"""Event correlation rules on small sessions whose expected values are worked out by hand in
the comments (docs/correlation.md is the specification). Every test runs on both backends."""

from __future__ import annotations

import json
import math
import random

import pytest

from observe_core import Correlation, CorrelationConfig, Correlator, Event, RustCorrelator

E = math.exp


def ui(eid, t, **kw):
    return {"eventId": eid, "timestamp": t, "action": kw.pop("action", "tap"), **kw}


def api(eid, t, method="GET", url="https://shop.example/api/items", **kw):
    return {"eventId": eid, "timestamp": t, "method": method, "url": url, **kw}


def nav(eid, t, frm, to, **kw):
    return {"eventId": eid, "timestamp": t, "fromScreen": frm, "toScreen": to, **kw}


def causes(result):
    """{api call id: ui event id} of a result."""
    return {c["eventId"]: e["ui_event"]["eventId"] for e in result["ui_to_api"]
            for c in e["api_calls"]}


BACKEND = "python"


@pytest.fixture(params=["native", "python"], autouse=True)
def backend(request):
    """Runs each test once per backend (run() and RustCorrelator read BACKEND)."""
    global BACKEND
    BACKEND = request.param
    return request.param


def run(ui_events, api_events, nav_events=(), **config):
    result = Correlator(backend=BACKEND, **config).correlate_events(ui_events, api_events,
                                                                    nav_events)
    json.dumps(result, allow_nan=False)   # JSON-serialisable, no NaN
    return result


# ---- UI -> API --------------------------------------------------------------------------------

def test_score_is_the_weighted_mean_of_the_signals_that_apply():
    # delay 100 ms: time = exp(-0.1); thread and screen known and equal; no typed text:
    # (0.55 e^-0.1 + 0.10 + 0.10) / 0.75
    r = run([ui("u", 1000, threadId="main", screen="Cart")],
            [api("a", 1100, threadId="main", screen="Cart")])
    call = r["ui_to_api"][0]["api_calls"][0]
    assert call["confidence"] == pytest.approx((0.55 * E(-0.1) + 0.2) / 0.75)
    assert call["correlationMethods"] == ["time", "thread", "screen"]
    assert call["delayMs"] == 100 and call["strength"] == "strong"
    # only timing known: the score is the time value itself, e^-0.3
    r = run([ui("u", 1000)], [api("a", 1300)])
    assert r["ui_to_api"][0]["api_calls"][0]["confidence"] == pytest.approx(E(-0.3))
    # a disagreeing screen lowers it: 0.55 e^-0.3 / 0.65 = 0.6264
    r = run([ui("u", 1000, screen="Cart")], [api("a", 1300, screen="Home")])
    assert r["ui_to_api"][0]["api_calls"][0]["confidence"] == pytest.approx(0.55 * E(-0.3) / 0.65)


def test_time_only_reach_is_ln2_seconds():
    # e^-0.69 = 0.5016 >= 0.5; e^-0.70 = 0.4966 < 0.5: unattributed, "low-confidence"
    r = run([ui("u", 0.0)], [api("near", 690.0), api("far", 700.0, url="/other")])
    assert causes(r) == {"near": "u"}
    assert r["unattributed_api_calls"] == [
        {"eventId": "far", "method": "GET", "endpoint": "/other", "statusCode": None,
         "timestamp": 700.0, "reason": "low-confidence"}]


def test_typed_text_in_the_url_or_body_links_the_submit():
    # the user typed at 0 and tapped an unrelated button at 900; the search call at 1000 has
    # the typed text in its (percent-encoded) query: typing scores (0.55 e^-1 + 0.25)/0.8 =
    # 0.565, the tap e^-0.1 = 0.905: the tap wins (it is the submit), but without the tap the
    # typing is still a cause, which time alone (e^-1 = 0.37) would not be
    typing = ui("typing", 0, action="input", inputText="red shoes")
    search = api("search", 1000, url="https://shop.example/search?q=red+shoes")
    assert causes(run([typing, ui("submit", 900)], [search])) == {"search": "submit"}
    r = run([typing], [search])
    assert causes(r) == {"search": "typing"}
    assert r["ui_to_api"][0]["api_calls"][0]["correlationMethods"] == ["time", "input_value"]
    assert r["ui_to_api"][0]["api_calls"][0]["confidence"] == pytest.approx(
        (0.55 * E(-1) + 0.25) / 0.8)
    body = api("login", 1000, "POST", "https://shop.example/auth",
               requestBody={"user": "ann@example.com", "password": "x"})
    assert causes(run([ui("t", 0, inputText="ann@example.com")], [body])) == {"login": "t"}
    # fewer than 3 characters typed: no input signal
    r = run([ui("t", 0, inputText="ab")], [api("a", 1000, url="/x?q=ab")])
    assert causes(r) == {}


def test_correlation_id_is_decisive_within_the_window():
    # the nearer tap would win on time, but the earlier one carries the call's id
    taps = [ui("first", 0, correlationId="c-1"), ui("second", 900)]
    r = run(taps, [api("a", 1000, requestHeaders={"X-Observe-Correlation-ID": "c-1"})])
    assert causes(r) == {"a": "first"}
    call = r["ui_to_api"][0]["api_calls"][0]
    assert call["confidence"] == 1.0 and call["correlationMethods"] == ["correlation_id"]
    # W3C traceparent: the trace id is the correlation id
    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    r = run([ui("first", 0, correlationId=trace), ui("second", 900)],
            [api("a", 1000, requestHeaders=[{"name": "traceparent",
                                             "value": f"00-{trace}-00f067aa0ba902b7-01"}])])
    assert causes(r) == {"a": "first"}
    # outside the window the id decides nothing: the call is unattributed (6 s, no tap near)
    r = run([ui("old", 0, correlationId="c-9")], [api("a", 6000, correlationId="c-9")])
    assert causes(r) == {} and r["unattributed_api_calls"][0]["reason"] == "no-candidate"


def test_a_call_has_at_most_one_cause_unless_many_to_many():
    taps = [ui("a", 0), ui("b", 100), ui("c", 200)]
    r = run(taps, [api("x", 250)])
    assert causes(r) == {"x": "c"}                      # the nearest, e^-0.05
    r = run(taps, [api("x", 250)], many_to_many=True)
    pairs = sorted((e["ui_event"]["eventId"], c["eventId"]) for e in r["ui_to_api"]
                   for c in e["api_calls"])
    assert pairs == [("a", "x"), ("b", "x"), ("c", "x")]
    # equal scores: the later event; equal times: the earlier input
    r = run([ui("p", 100), ui("q", 100)], [api("x", 200)])
    assert causes(r) == {"x": "p"}


def test_no_cause_from_the_future_beyond_clock_skew():
    # tap 40 ms after the call start: within the 50 ms skew, delay counts as 0 (score 1)
    assert causes(run([ui("u", 1040)], [api("a", 1000)])) == {"a": "u"}
    r = run([ui("u", 1060)], [api("a", 1000)])
    assert causes(r) == {} and r["unattributed_api_calls"][0]["reason"] == "no-candidate"


def test_background_calls_stay_unattributed():
    # a timer polls every 10 s (+-7 ms); the user taps 3 s after each poll, once fetching the
    # cart; the polls are never within 1 s after a tap
    taps = [ui(f"t{i}", 4000 + i * 10_000) for i in range(6)]
    polls = [api(f"p{i}", 1000 + i * 10_000 + (7 if i % 2 else -5),
                 url="https://shop.example/api/poll") for i in range(6)]
    beacon = api("ga", 34_010, "POST", "https://www.google-analytics.com/collect")
    fetch = api("f", 24_050, url="https://shop.example/api/cart")
    r = run(taps, polls + [beacon, fetch])
    assert causes(r) == {"f": "t2"}
    reasons = {c["eventId"]: c["reason"] for c in r["unattributed_api_calls"]}
    assert reasons == {**{f"p{i}": "polling" for i in range(6)}, "ga": "analytics"}
    # four regular calls are not yet polling (poll_min_repeats = 5): each poll comes 7 s
    # after the previous tap, outside the 5 s window, so the reason is "no-candidate"
    r = run(taps[:4], polls[:4])
    assert {c["reason"] for c in r["unattributed_api_calls"]} == {"no-candidate"}
    # the same regular calls each 100 ms after a tap are the user's doing, not a timer
    r = run([ui(f"t{i}", p["timestamp"] - 100) for i, p in enumerate(polls)], polls)
    assert len(causes(r)) == 6
    # an explicit id still wins over the background rule
    r = run([ui("u", 0, correlationId="k")], [api("ga", 100, "POST",
                                                  "https://www.google-analytics.com/collect",
                                                  correlationId="k")])
    assert causes(r) == {"ga": "u"}


def test_requests_and_responses_pair_by_correlation_id():
    events = [api("req1", 100, "POST", "/auth", correlationId="k"),
              api("req2", 120, "POST", "/auth", correlationId="k"),
              api("resp1", 400, "POST", "/auth", correlationId="k", statusCode=200),
              api("resp2", 500, "POST", "/auth", correlationId="k", statusCode=401),
              api("lone", 2000, "GET", "/items", statusCode=200, duration=30)]
    r = run([ui("u", 0, correlationId="k")], events)
    calls = r["ui_to_api"][0]["api_calls"]
    assert [(c["eventId"], c["statusCode"], c["duration"]) for c in calls] == [
        ("req1", 200, 300.0), ("req2", 401, 380.0)]
    assert r["total_api_events"] == 3            # two pairs and the lone call
    assert {c["eventId"] for c in r["unattributed_api_calls"]} == {"lone"}


# ---- API -> navigation and flows ---------------------------------------------------------------

def test_navigation_follows_the_latest_completed_response():
    session_ui = [ui("tap", 0, elementText="Login", screen="Login")]
    calls = [api("auth", 50, "POST", "https://shop.example/auth", statusCode=200, duration=300,
                 screen="Login"),
             api("slow", 60, "GET", "https://shop.example/api/banner", statusCode=200,
                 duration=1000, screen="Login")]
    r = run(session_ui, calls, [nav("n", 400, "Login", "Home")])
    # at 400 only auth (end 350) has completed: delay 50 ms, screen agrees:
    # (0.75 e^-0.05 + 0.25) / 1.0
    (link,) = r["api_to_navigation"]
    assert link["api_event"]["eventId"] == "auth" and link["delayMs"] == 50.0
    assert link["confidence"] == pytest.approx(0.75 * E(-0.05) + 0.25)
    (flow,) = r["full_flows"]
    assert flow["description"] == ("User tap on Login -> triggers POST /auth, GET /api/banner "
                                   "-> which causes navigate to Home (success)")
    assert flow["flow_name"] == "tap Login" and flow["navigation_event_ids"] == ["n"]
    assert flow["confidence"] == min(c["confidence"] for c in r["ui_to_api"][0]["api_calls"])
    # after 3 s nothing is a candidate; a failed response gives "(error 401)"
    r = run(session_ui, [api("auth", 50, "POST", "/auth", statusCode=401, duration=10)],
            [nav("n", 3100, "Login", "Home")])
    assert r["api_to_navigation"] == []
    assert r["full_flows"][0]["description"] == \
        "User tap on Login -> triggers POST /auth (error 401)"


def test_background_responses_do_not_cause_navigation():
    calls = [api("cart", 0, statusCode=200, duration=100),
             api("ga", 150, "POST", "https://www.google-analytics.com/collect", statusCode=204,
                 duration=10)]
    r = run([], calls, [nav("n", 200, None, "Cart")])
    assert [l["api_event"]["eventId"] for l in r["api_to_navigation"]] == ["cart"]


# ---- input handling ----------------------------------------------------------------------------

def test_field_names_of_both_sdks_and_iso_times():
    snake = {"event_id": "u", "timestamp": "2026-03-01T10:00:00.000Z", "action_type": "tap",
             "element_text": "Buy", "thread_id": "t1", "correlation_id": "z"}
    camel = {"eventId": "a", "timestamp": "2026-03-01T12:00:00.250+02:00", "method": "POST",
             "url": "https://shop.example/buy", "responseCode": "201", "duration": 40,
             "threadId": "t1", "correlationId": "z"}
    r = run([snake], [camel])
    (entry,) = r["ui_to_api"]
    assert entry["ui_event"]["timestamp"] == 1772359200000.0
    assert entry["api_calls"][0]["delayMs"] == 250.0
    assert entry["api_calls"][0]["statusCode"] == 201
    assert entry["ui_event"]["action"] == "tap" and entry["ui_event"]["elementText"] == "Buy"


@pytest.mark.parametrize("bad", [None, "soon", float("nan"), float("inf"), -5, True, [1], {}])
def test_bad_timestamps_are_dropped_with_a_located_diagnostic(bad):
    r = run([ui("ok", 0), {"eventId": "bad", "timestamp": bad, "action": "tap"}],
            [api("a", 100)])
    assert causes(r) == {"a": "ok"} and r["total_ui_events"] == 1
    (d,) = r["diagnostics"]
    assert (d["stream"], d["index"], d["eventId"], d["code"]) == ("ui", 1, "bad", "bad-timestamp")
    assert "ui event 1 (bad)" in d["message"]


def test_duplicates_missing_ids_nulls_and_non_mappings():
    events = [ui("same", 0), ui("same", 50), {"timestamp": 60, "action": None},
              "not an event", {"timestamp": 70, "screen": 5, "elementText": ["x"]}]
    r = run(events, [api(None, 100), {"timestamp": 200, "statusCode": "abc"}])
    codes = [(d["stream"], d["index"], d["code"]) for d in r["diagnostics"]]
    assert codes == [("ui", 1, "duplicate-id"), ("ui", 3, "not-a-mapping")]
    assert r["total_ui_events"] == 3
    # synthetic ids are "stream-index"; a number where text belongs becomes text, a list is
    # not text
    assert causes(r) == {"api-0": "ui-4", "api-1": "ui-4"}
    assert r["ui_to_api"][0]["ui_event"]["screen"] == "5"
    assert r["ui_to_api"][0]["ui_event"]["elementText"] is None
    assert [c["statusCode"] for c in r["ui_to_api"][0]["api_calls"]] == [None, None]


def test_empty_session():
    r = run([], [], [])
    assert r["ui_to_api"] == r["api_to_navigation"] == r["full_flows"] == []
    assert r["correlation_rate"] == 0.0 and r["total_api_events"] == 0


def test_input_order_does_not_matter():
    rng = random.Random(5)
    ui_events = [ui(f"u{i}", i * 1500.0, screen=f"s{i % 3}") for i in range(40)]
    api_events = [api(f"a{i}", i * 1500.0 + rng.uniform(5, 400), screen=f"s{i % 3}",
                      statusCode=200, duration=rng.uniform(20, 900)) for i in range(40)]
    nav_events = [nav(f"n{i}", i * 1500.0 + 1200, f"s{i % 3}", f"s{(i + 1) % 3}")
                  for i in range(0, 40, 3)]
    expected = run(ui_events, api_events, nav_events)
    for _ in range(3):
        for stream in (ui_events, api_events, nav_events):
            rng.shuffle(stream)
        assert run(ui_events, api_events, nav_events) == expected
    assert expected["correlated_api_events"] == 40


# ---- the original plan's API -------------------------------------------------------------------

def test_rust_correlator_compatibility():
    rc = RustCorrelator(max_time_delta_ms=5000.0, min_confidence=0.5, backend=BACKEND)
    tap = Event("u1", "tap", 1000.0)
    tap.add_data("elementText", "Login")
    rc.add_event(tap)
    rc.add_events([Event("a1", "api", 1100.0, {"method": "POST", "url": "/auth",
                                                "statusCode": 200, "duration": 200}),
                   Event("n1", "navigation", 1400.0, {"fromScreen": "Login",
                                                      "toScreen": "Home"})])
    assert len(rc) == rc.len() == 3
    assert rc.correlate_ui_to_api() == [Correlation("u1", "a1", pytest.approx(E(-0.1)), 100.0,
                                                    "ui_to_api")]
    (to_nav,) = rc.correlate_api_to_navigation()
    assert (to_nav.source_event_id, to_nav.target_event_id, to_nav.time_delta_ms) == \
        ("a1", "n1", 100.0)
    assert len(rc.find_correlations()) == 2
    stats = rc.get_statistics()
    assert stats["total_events"] == 3 and stats["correlation_rate"] == 1.0
    assert rc.build_correlation_graph()["full_flows"][0]["ui_event_id"] == "u1"
    rc.clear()
    assert len(rc) == 0
    with pytest.raises(TypeError):
        rc.add_event({"eventId": "x"})


def test_config_overrides():
    assert Correlator(window_ms=100).config.window_ms == 100
    assert Correlator(CorrelationConfig(min_confidence=0.9)).config.min_confidence == 0.9
    with pytest.raises(TypeError):
        Correlator(no_such_field=1)


def test_analytics_paths_match_whole_segments():
    tap = [ui("u", 0)]
    r = run(tap, [api("login", 100, "POST", "https://shop.example/v1/auth/login"),
                  api("track", 110, "GET", "https://shop.example/v1/orders/7/tracking"),
                  api("log", 120, "POST", "https://shop.example/v1/log/batch"),
                  api("seg", 130, "POST", "https://api.segment.io/v1/t")])
    assert set(causes(r)) == {"login", "track"}
    assert {c["eventId"]: c["reason"] for c in r["unattributed_api_calls"]} == \
        {"log": "analytics", "seg": "analytics"}


def test_a_navigation_right_after_a_tap_is_not_the_response_s():
    # the cart response ends at 300; the user taps the Profile tab at 350 and the screen
    # changes at 360: the tap, not the response, changed the screen
    calls = [api("cart", 0, statusCode=200, duration=300)]
    r = run([ui("tab", 350, elementText="Profile")], calls, [nav("n", 360, "Cart", "Profile")])
    assert r["api_to_navigation"] == []
    r = run([], calls, [nav("n", 360, "Cart", "Profile")])
    assert len(r["api_to_navigation"]) == 1


def test_polling_among_dense_taps():
    # taps every 400 ms cover the whole timeline, so every poll "follows an action" by
    # chance; the timer is still recognised because that share is no more than chance
    taps = [ui(f"t{i}", 30 + i * 400) for i in range(130)]
    polls = [api(f"p{i}", 1000 + i * 10_000, url="https://shop.example/api/poll")
             for i in range(5)]
    r = run(taps, polls)
    assert {c["reason"] for c in r["unattributed_api_calls"]} == {"polling"}
    assert causes(r) == {}


def test_one_correlation_id_shared_by_everything():
    # degenerate recorders: every event carries the same id; each call goes to the latest
    # UI event with that id inside its window (the id lookup is a binary search, not a scan)
    taps = [ui(f"u{i}", i * 100.0, correlationId="same") for i in range(2000)]
    calls = [api(f"a{i}", i * 100.0 + 10, correlationId="same", statusCode=200, duration=5)
             for i in range(2000)]
    r = run(taps, calls)
    assert causes(r) == {f"a{i}": f"u{i}" for i in range(2000)}


def test_a_test_script_tapping_like_clockwork_is_not_polling():
    # an automated replay taps every 2 s and each tap fetches the same endpoint 10 ms later:
    # as regular as a timer, but every call follows its tap, where chance would put 17.5%
    # (300 ms + 50 ms skew of each 2 s) of them
    taps = [ui(f"u{i}", 1000 + i * 2000.0) for i in range(20)]
    calls = [api(f"a{i}", 1010 + i * 2000.0, statusCode=200, duration=5) for i in range(20)]
    r = run(taps, calls)
    assert causes(r) == {f"a{i}": f"u{i}" for i in range(20)}
