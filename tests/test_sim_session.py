"""The session simulator (bench/sim_session.py), the naive all-pairs baseline
(bench/naive_correlator.py) and the accuracy scorer (bench/correlation_accuracy.py)."""

import json
import math
import statistics
from urllib.parse import unquote_plus

import pytest

import correlation_accuracy
import sim_session
from naive_correlator import naive_correlate
from sim_session import SCENARIOS, simulate

N = 200


@pytest.fixture(scope="module")
def sessions():
    return {name: simulate(7, name, N) for name in SCENARIOS}


def streams(s):
    return (("ui", s.ui_events), ("api", s.api_events), ("nav", s.navigation_events))


def dump(s):
    return json.dumps(s.to_json(), sort_keys=True)


def inversions(events):
    times = [e["timestamp"] for e in events]
    return sum(1 for a, b in zip(times, times[1:]) if b < a)


# ---- determinism -----------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_same_seed_same_session(scenario, sessions):
    assert dump(simulate(7, scenario, N)) == dump(sessions[scenario])


def test_different_seed_different_session(sessions):
    other = simulate(8, "default", N)
    assert dump(other) != dump(sessions["default"])
    assert {e["eventId"] for e in other.ui_events}.isdisjoint(
        e["eventId"] for e in sessions["default"].ui_events)


def test_overrides_and_unknown_scenario():
    s = simulate(1, n_actions=50, p_correlation_id=1.0)
    caused = [a for a, u in s.truth.ui_to_api.items() if u]
    ui = {e["eventId"]: e for e in s.ui_events}
    api = {e["eventId"]: e for e in s.api_events}
    assert caused and all(api[a]["correlationId"] == ui[s.truth.ui_to_api[a]]["correlationId"]
                          for a in caused)
    with pytest.raises(ValueError):
        simulate(0, "nope")
    with pytest.raises(TypeError):
        simulate(0, no_such_param=1)


# ---- well-formed sessions and truth -------------------------------------------------------------

@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_truth_ids_exist(scenario, sessions):
    s = sessions[scenario]
    ui = {e["eventId"] for e in s.ui_events}
    api = {e["eventId"] for e in s.api_events}
    nav = {e["eventId"] for e in s.navigation_events}
    calls = api - set(s.truth.response_of)
    assert set(s.truth.ui_to_api) == calls                 # every call, and only calls
    assert {u for u in s.truth.ui_to_api.values() if u} <= ui
    assert set(s.truth.api_to_nav) == nav                  # every navigation
    assert {a for a in s.truth.api_to_nav.values() if a} <= calls
    assert set(s.truth.response_of) <= api and set(s.truth.response_of.values()) <= calls
    assert set(s.truth.typed) <= ui and set(s.truth.typed.values()) <= calls
    assert len(s.ui_events) >= N
    # a realistic mix: caused and background calls, API-caused and UI-caused navigations
    causes = list(s.truth.ui_to_api.values())
    assert causes.count(None) > 10 and len(causes) - causes.count(None) > 100
    nav_causes = list(s.truth.api_to_nav.values())
    assert nav_causes.count(None) > 3 and len(nav_causes) - nav_causes.count(None) > 10


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_timestamps_finite_and_fields_camel_case(scenario, sessions):
    s = sessions[scenario]
    for _, events in streams(s):
        for e in events:
            assert isinstance(e["timestamp"], float) and math.isfinite(e["timestamp"])
            assert e["timestamp"] > 1.7e12
            assert not any("_" in key for key in e)


def test_truth_is_causal(sessions):
    """A cause precedes its call by 5 ms .. a few s; a navigation follows its response by
    10-400 ms; a response follows its request."""
    s = sessions["default"]
    ui = {e["eventId"]: e for e in s.ui_events}
    api = {e["eventId"]: e for e in s.api_events}
    nav = {e["eventId"]: e for e in s.navigation_events}
    for call, cause in s.truth.ui_to_api.items():
        if cause:
            assert 5.0 <= api[call]["timestamp"] - ui[cause]["timestamp"] < 5000.0
    end = {}
    for e in s.api_events:
        if "statusCode" in e:
            request = s.truth.response_of.get(e["eventId"])
            if request:
                assert e["timestamp"] > api[request]["timestamp"]
                assert (e["method"], e["url"], e["correlationId"]) == (
                    api[request]["method"], api[request]["url"], api[request]["correlationId"])
                assert "statusCode" not in api[request]
                end[request] = e["timestamp"]
            else:
                end[e["eventId"]] = e["timestamp"] + e["duration"]
    for n, call in s.truth.api_to_nav.items():
        if call:
            assert 10.0 - 1e-6 <= nav[n]["timestamp"] - end[call] <= 400.0 + 1e-6
            assert api[call]["statusCode" if "statusCode" in api[call] else "method"]


def test_typed_value_in_truth_call(sessions):
    for scenario in ("default", "busy", "messy"):
        s = sessions[scenario]
        ui = {e["eventId"]: e for e in s.ui_events}
        api = {e["eventId"]: e for e in s.api_events}
        assert len(s.truth.typed) >= 5
        for input_id, call_id in s.truth.typed.items():
            value, call = ui[input_id]["inputText"], api[call_id]
            assert ui[input_id]["action"] == "input"
            assert value in unquote_plus(call["url"]) or value in (call.get("requestBody") or "")
            submit = ui[s.truth.ui_to_api[call_id]]
            assert submit["action"] == "tap" and submit["timestamp"] > ui[input_id]["timestamp"]


def test_background_calls():
    s = simulate(2, n_actions=300)
    polls = sorted(e["timestamp"] for e in s.api_events
                   if e["url"].endswith("/v1/notifications/unread-count")
                   and e["eventId"] in s.truth.ui_to_api)
    gaps = [b - a for a, b in zip(polls, polls[1:])]
    assert len(polls) >= 10 and all(9600 <= g <= 10400 for g in gaps)
    analytics = [e for e in s.api_events if "google-analytics.com/collect" in e["url"]
                 or e["url"].endswith("/v1/track")]
    assert len(analytics) >= 10
    for e in analytics:
        assert s.truth.ui_to_api.get(e["eventId"]) is None
    for e in s.api_events:
        if "/notifications/" in e["url"]:
            assert s.truth.ui_to_api.get(e["eventId"]) is None


def test_signals_mostly_shared_not_always(sessions):
    s = sessions["default"]
    ui = {e["eventId"]: e for e in s.ui_events}
    api = {e["eventId"]: e for e in s.api_events}
    pairs = [(api[a], ui[u]) for a, u in s.truth.ui_to_api.items() if u]
    same_thread = sum(a["threadId"] == u["threadId"] for a, u in pairs) / len(pairs)
    same_screen = sum(a["screen"] == u["screen"] for a, u in pairs) / len(pairs)
    same_id = sum(a["correlationId"] == u.get("correlationId") for a, u in pairs) / len(pairs)
    assert 0.6 < same_thread < 0.95
    assert 0.8 < same_screen < 1.0
    assert 0.15 < same_id < 0.45
    for a, u in pairs:
        if a["correlationId"] == u.get("correlationId"):
            assert a["requestHeaders"]["X-Observe-Correlation-ID"] == a["correlationId"]
    split = len(s.truth.response_of) / len(s.truth.ui_to_api)
    assert 0.35 < split < 0.65
    counts = {}
    for u in s.truth.ui_to_api.values():
        if u:
            counts[u] = counts.get(u, 0) + 1
    assert max(counts.values()) == 3 and 1 in counts.values()


# ---- scenarios -------------------------------------------------------------------------------

def test_no_ids_has_no_correlation_id(sessions):
    s = sessions["no-ids"]
    for _, events in streams(s):
        for e in events:
            assert "correlationId" not in e
            assert "X-Observe-Correlation-ID" not in e.get("requestHeaders", {})
    assert any("correlationId" in e for e in sessions["default"].ui_events)
    # the same session otherwise
    assert [e["eventId"] for e in s.api_events] == [
        e["eventId"] for e in sessions["default"].api_events]


def test_messy_has_duplicates_disorder_and_missing_fields(sessions):
    s, clean = sessions["messy"], sessions["default"]
    ids = [e["eventId"] for _, events in streams(s) for e in events]
    assert len(ids) - len(set(ids)) >= 5
    assert set(ids) == {e["eventId"] for _, events in streams(clean) for e in events}
    assert inversions(s.ui_events) > 5 and inversions(s.navigation_events) > 0
    assert inversions(clean.ui_events) == 0 and inversions(clean.navigation_events) == 0
    assert inversions(s.api_events) > inversions(clean.api_events)
    missing = sum(1 for e in s.ui_events if "threadId" not in e or "screen" not in e
                  or "elementType" not in e)
    missing += sum(1 for e in s.api_events if "threadId" not in e or "screen" not in e
                   or "endpoint" not in e)
    assert missing >= 3
    assert all("threadId" in e and "screen" in e and "elementType" in e for e in clean.ui_events)


def test_busy_has_shorter_gaps(sessions):
    def gaps(s):
        times = sorted(e["timestamp"] for e in s.ui_events)
        return [b - a for a, b in zip(times, times[1:])]
    busy = statistics.median(gaps(sessions["busy"]))
    default = statistics.median(gaps(sessions["default"]))
    assert 300 <= busy <= 800 and 1500 <= default <= 3500
    # calls of different actions overlap in time
    s = sessions["busy"]
    ui = {e["eventId"]: e["timestamp"] for e in s.ui_events}
    overlapping = 0
    for call, cause in s.truth.ui_to_api.items():
        if cause:
            t = next(e["timestamp"] for e in s.api_events if e["eventId"] == call)
            overlapping += any(ui[cause] < t2 < t for t2 in ui.values())
    assert overlapping >= 5


def test_jitter_shifts_clocks_within_bounds(sessions):
    s, clean = sessions["jitter"], sessions["default"]
    shifts = {}
    for (stream, events), (_, originals) in zip(streams(s), streams(clean)):
        assert [e["eventId"] for e in events] == [e["eventId"] for e in originals]
        deltas = [e["timestamp"] - o["timestamp"] for e, o in zip(events, originals)]
        assert all(abs(d) <= 40.0 + 15.0 + 1.001 for d in deltas)   # offset + noise (+ 1 ms fix)
        assert statistics.pstdev(deltas) > 1.0
        shifts[stream] = statistics.median(deltas)
    assert len({round(v) for v in shifts.values()}) == 3        # a different offset per stream


# ---- the naive baseline --------------------------------------------------------------------

def test_naive_attaches_one_call_to_two_taps():
    ui = [{"eventId": "u1", "timestamp": 1000.0, "action": "tap", "screen": "Home"},
          {"eventId": "u2", "timestamp": 1500.0, "action": "tap", "screen": "Home"}]
    api = [{"eventId": "a1", "timestamp": 1600.0, "method": "GET",
            "url": "https://x.example/v1/feed", "screen": "Home", "statusCode": 200}]
    result = naive_correlate(ui, api, [])
    owners = [entry["ui_event"]["eventId"] for entry in result["ui_to_api"]
              if any(c["eventId"] == "a1" for c in entry["api_calls"])]
    assert owners == ["u1", "u2"]
    assert result["correlated_api_events"] == 1 and result["correlated_ui_events"] == 2


def test_naive_thread_match_across_a_minute_and_camel_case_ignored():
    ui = [{"event_id": "u1", "timestamp": 0.0, "action": "tap", "screen": "Cart",
           "thread_id": "main"}]
    api = [{"event_id": "a1", "timestamp": 60_000.0, "method": "GET", "url": "https://x/p",
            "screen": "Cart", "thread_id": "main"},
           {"event_id": "a0", "timestamp": -30_000.0, "method": "GET", "url": "https://x/q",
            "screen": "Cart", "thread_id": "main"}]
    result = naive_correlate(ui, api, [])
    calls = result["ui_to_api"][0]["api_calls"]
    assert [(c["eventId"], c["confidence"]) for c in calls] == [("a1", 0.5), ("a0", 0.5)]
    assert calls[1]["delayMs"] < 0                         # a call before the tap "caused" by it
    # the same events as the SDKs write them: the thread signal is not read at all
    camel_ui = [{"eventId": "u1", "timestamp": 0.0, "screen": "Cart", "threadId": "main"}]
    camel_api = [{"eventId": "a1", "timestamp": 60_000.0, "screen": "Cart", "threadId": "main"}]
    assert naive_correlate(camel_ui, camel_api, [])["ui_to_api"] == []


def test_naive_navigation_all_pairs_either_order():
    api = [{"eventId": "a1", "timestamp": 1000.0}, {"eventId": "a2", "timestamp": 9000.0}]
    nav = [{"eventId": "n1", "timestamp": 5000.0, "fromScreen": "A", "toScreen": "B"}]
    pairs = [(e["api_event"]["eventId"], e["delayMs"])
             for e in naive_correlate([], api, nav)["api_to_navigation"]]
    assert pairs == [("a1", 4000.0), ("a2", -4000.0)]


def test_accuracy_scoring_on_a_simulated_session():
    s = simulate(3, n_actions=60)
    result = naive_correlate(s.ui_events, s.api_events, s.navigation_events)
    for key in ("ui_to_api", "api_to_navigation", "full_flows", "total_ui_events",
                "total_api_events", "total_navigation_events", "correlated_ui_events",
                "correlated_api_events", "correlation_rate"):
        assert key in result
    json.dumps(result)
    (p_ui, r_ui), (p_nav, r_nav) = correlation_accuracy.score_session(
        result, s.truth, s.truth.response_of)
    assert 0.0 < p_ui < 0.8 and r_ui > 0.8          # many-to-many: high recall, low precision
    assert 0.0 < p_nav < 0.5 and r_nav == 1.0
    # a perfect prediction scores 1/1
    perfect = {"ui_to_api": [{"ui_event": {"eventId": u}, "api_calls": [{"eventId": a}]}
                             for a, u in s.truth.ui_to_api.items() if u],
               "api_to_navigation": [{"navigation": {"eventId": n}, "api_event": {"eventId": a}}
                                     for n, a in s.truth.api_to_nav.items() if a]}
    assert correlation_accuracy.score_session(perfect, s.truth) == ((1.0, 1.0), (1.0, 1.0))


def test_cli_prints_json(capsys):
    assert sim_session.main(["--seed", "1", "--scenario", "busy", "-n", "20"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"seed", "scenario", "ui_events", "api_events", "navigation_events",
                         "truth"}
    assert data["scenario"] == "busy" and len(data["ui_events"]) >= 20
