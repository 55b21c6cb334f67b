"""The C accelerator of the SDK event conversion (_native_sdk.c: add_sdk_events,
convert_sdk_event) against its specification, the pure-Python _add_events, _convert_event and
_session_id_of of session_io/sdk.py and sdk_event.py: the same events (types and key order),
the same diagnostics in the same order, the same session id, on generated odd events, on the
files of tests/data and on simulated sessions; and no reference kept to the events."""

from __future__ import annotations

import gc
import json
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observe_core._backend import NATIVE_AVAILABLE
from sim_session import SCENARIOS, simulate
from observe_core._python.correlate import FIELD_NAMES
from observe_core.session_io import (Session, SessionFormatError, load_files, load_sdk_export,
                                     load_sqlite, sdk, sdk_event)
from observe_core.session_io.common import _Report
from observe_core.session_io.sdk_event import (PAYLOAD_KEYS, SESSION_KEYS, STREAM_OF_TYPE,
                                               TYPE_KEYS, _convert_event)

pytestmark = pytest.mark.skipif(not NATIVE_AVAILABLE, reason="the C extension is not built")
if NATIVE_AVAILABLE:
    from observe_core import _native

from compare import difference  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "data", "sessions")


def session_parts(s: Session):
    return [s.ui_events, s.api_events, s.navigation_events, s.session_id, s.diagnostics,
            s.sources]


def assert_same_sessions(expected: Session, got: Session):
    found = difference(session_parts(expected), session_parts(got), "session")
    assert found is None, found


def both_ways(monkeypatch, fn):
    """fn() with the pure-Python conversion, then with the C one."""
    monkeypatch.setattr(sdk_event, "NATIVE", False)
    expected = fn()
    monkeypatch.setattr(sdk_event, "NATIVE", True)
    got = fn()
    return expected, got


# ---- generated events ----------------------------------------------------------------------------

class Str(str):
    pass


class Int(int):
    def __repr__(self):               # str() of it differs from the int's
        return f"Int({int(self)})"


class Dict(dict):
    pass


ALIASES = sorted({name for names in FIELD_NAMES.values() for name in names})
KEYS = ALIASES + list(TYPE_KEYS) + list(SESSION_KEYS) + ["Type", "EventType", "kind", "state"]


@st.composite
def type_spelling(draw):
    """A known type name in any case, with "_", "-" and " " anywhere."""
    name = draw(st.sampled_from(sorted(STREAM_OF_TYPE)))
    out = []
    for ch in name:
        out.append(draw(st.sampled_from(["", "", "", "", "_", "-", " ", "__"])))
        out.append(ch.upper() if draw(st.booleans()) else ch)
    out.append(draw(st.sampled_from(["", "", "_", " "])))
    return "".join(out)


ODD_TYPES = ["lifecycle", "", " ", "log", "crash", "u i", "UI", "Tap", "clic\u212a",
             "\uff35\uff29", "navigat\u0130on", "ui\x00", "x" * 40, "u" + "_" * 40 + "i",
             "n" + " " * 33 + "av", "networkresponsex", "screen_view_", "ui\u00e9"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6),
                    st.sampled_from(["", "x", "Login", "tap", "\u00e9", "\ud800"]))
type_values = st.one_of(type_spelling(), st.sampled_from(ODD_TYPES), scalars,
                        st.builds(Str, type_spelling()), st.lists(scalars, max_size=2))
session_ids = st.one_of(st.text(max_size=4), st.integers(-5, 10**30), st.booleans(), st.none(),
                        st.floats(allow_nan=False), st.builds(Str, st.text(max_size=3)),
                        st.builds(Int, st.integers(0, 9)), st.lists(st.integers(), max_size=1))
values = st.one_of(scalars, scalars, type_values,
                   st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=3), scalars,
                                                                  max_size=3))


@st.composite
def layer(draw, json_only=False):
    """A dict of field aliases, type keys and session keys, in a random order."""
    keys = draw(st.lists(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), max_size=9,
                         unique=True))
    out = {}
    for key in keys:
        if key in TYPE_KEYS:
            value = draw(type_values)
        elif key in SESSION_KEYS:
            value = draw(session_ids)
        else:
            value = draw(values)
        out[key] = value
    if not json_only and draw(st.integers(0, 9)) == 0:     # keys that are not plain str
        key = draw(st.sampled_from([Str("screen"), Str("type"), 1, (2,), Str("zz")]))
        out[key] = draw(values)
    if json_only:
        out = json.loads(json.dumps(out))
    return out


ABSENT = object()


@st.composite
def payload(draw):
    kind = draw(st.sampled_from(["absent"] * 4 + ["none", "dict", "dict", "dict", "json",
                                                  "json-list", "bad-json", "json-deep", "list",
                                                  "int", "str", "subclass", "bool"]))
    if kind == "absent":
        return ABSENT
    if kind == "none":
        return None
    if kind == "dict":
        return draw(layer())
    if kind == "json":
        return json.dumps(draw(layer(json_only=True)))
    if kind == "json-list":
        return "[1, 2]"
    if kind == "bad-json":
        return draw(st.sampled_from(["{", "{'a': 1}", "", "nul", "{\"type\": }"]))
    if kind == "json-deep":
        return "[" * 100_000
    if kind == "list":
        return [draw(layer())]
    if kind == "int":
        return draw(st.integers())
    if kind == "str":
        return Str(json.dumps(draw(layer(json_only=True))))
    if kind == "subclass":
        return Dict(draw(layer()))
    if kind == "bool":
        return draw(st.booleans())
    return ABSENT


@st.composite
def event(draw):
    raw = draw(layer())
    for key in PAYLOAD_KEYS:
        inner = draw(payload())
        if inner is not ABSENT:
            raw[key] = inner
    items = draw(st.permutations(list(raw.items())))     # payloads anywhere in the order
    raw = dict(items)
    shape = draw(st.integers(0, 19))
    if shape == 0:
        return Dict(raw)
    if shape == 1:
        return draw(st.one_of(scalars, st.lists(scalars, max_size=2)))
    return raw


events = st.lists(event(), max_size=12)
SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def convert(fn, raw, **kw):
    session = Session()
    report = _Report(session, "f.json")
    result = fn(raw, "events[7]", report, **kw)
    return result, session.diagnostics


@SETTINGS
@given(event())
def test_one_event_as_the_reference_converts_it(raw):
    expected = convert(_convert_event, raw)
    got = convert(_native.convert_sdk_event, raw)
    found = difference(expected, got)
    assert found is None, found


forced_types = st.one_of(st.none(), type_spelling(), st.sampled_from(ODD_TYPES), scalars)
defaults = st.one_of(st.none(), st.just({}), st.fixed_dictionaries({
    "eventId": st.one_of(st.none(), st.text(max_size=4)),
    "timestamp": st.one_of(st.none(), st.floats(), st.integers())}),
    st.builds(Dict, st.fixed_dictionaries({"eventId": st.text(max_size=3)})))


@SETTINGS
@given(event(), forced_types, defaults)
def test_forced_type_and_defaults_as_the_reference(raw, forced, defaults):
    """The SQLite store's call: the event_type column decides the stream; the row id and
    timestamp columns fill missing fields."""
    expected = convert(_convert_event, raw, forced_type=forced, defaults=defaults)
    got = convert(_native.convert_sdk_event, raw, forced_type=forced, defaults=defaults)
    found = difference(expected, got)
    assert found is None, found


def add_events(native, items, prefix=None, session_id=None):
    """A session filled by _native.add_sdk_events, or by the original _add_events loop on
    the pure-Python conversion over (location, event) pairs (locations prefix[i])."""
    session = Session(session_id=session_id)
    report = _Report(session, "f.json")
    if native:
        _native.add_sdk_events(session, report, items, prefix)
        return session
    if prefix is not None:
        items = ((f"{prefix}[{i}]", e) for i, e in enumerate(items))
    saved = sdk_event.NATIVE
    sdk_event.NATIVE = False
    try:
        sdk._add_events(session, report, items)
    finally:
        sdk_event.NATIVE = saved
    return session


@SETTINGS
@given(events, st.sampled_from(["events", ""]),
       st.sampled_from([None, None, "sess-0"]))
def test_event_lists_as_the_reference_adds_them(raws, prefix, session_id):
    expected = add_events(False, raws, prefix, session_id)
    got = add_events(True, raws, prefix, session_id)
    assert_same_sessions(expected, got)


@SETTINGS
@given(events)
def test_located_pairs_as_the_reference_adds_them(raws):
    pairs = [(f"line {i + 1}", raw) for i, raw in enumerate(raws)]
    expected = add_events(False, iter(pairs))
    got = add_events(True, iter(pairs))
    assert_same_sessions(expected, got)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({"type": type_values}, optional={
    "sessionId": session_ids, "session_id": session_ids,
    "data": st.one_of(st.none(), st.text(max_size=3), st.builds(Dict), st.fixed_dictionaries(
        {}, optional={"sessionId": session_ids, "session_id": session_ids}))}), max_size=6))
def test_session_id_from_the_first_event_having_one(raws):
    expected = add_events(False, raws, "events")
    got = add_events(True, raws, "events")
    assert_same_sessions(expected, got)


def test_session_id_skips_bools_floats_and_reads_data():
    cases = [([{"sessionId": True, "session_id": 1.5, "data": {"sessionId": 7}}], "7"),
             ([{"session_id": False}, {"data": {"session_id": "d"}, "sessionId": None}], "d"),
             ([{"sessionId": Int(3)}], "Int(3)"), ([{"sessionId": Str("x")}], "x"),
             ([{"details": {"sessionId": "no"}}, 5, {"session_id": 10**20}], str(10**20))]
    for raws, sid in cases:
        expected = add_events(False, raws, "events")
        got = add_events(True, raws, "events")
        assert_same_sessions(expected, got)
        assert got.session_id == sid


def test_every_type_spelling_names_its_stream():
    """Each table name and its documented spellings, on the event, in data and details."""
    for name, stream in STREAM_OF_TYPE.items():
        for spelling in (name, name.upper(), f"_{name}-", " ".join(name)):
            for key in TYPE_KEYS:
                for raw in ({key: spelling, "id": "e1", "timestamp": 5, "type_": 1},
                            {"data": {key: spelling, "from": "A", "value": "v"}, "ts": 3},
                            {"details": {key: spelling, "action": None}, "data": {}}):
                    expected = convert(_convert_event, raw)
                    got = convert(_native.convert_sdk_event, raw)
                    assert got[0][0] == stream
                    assert difference(expected, got) is None, (raw, expected, got)


def test_duplicate_aliases_across_layers_take_the_event_then_data_then_details():
    raw = {"type": "navigation", "time": 2, "data": {"timestamp": 1, "ts": 0, "to": "B",
                                                     "type": "push"},
           "details": {"toScreen": "C", "from": "A", "nav_type": "x", "eventId": "d"},
           "event_id": "top"}
    expected = convert(_convert_event, raw)
    got = convert(_native.convert_sdk_event, raw)
    assert difference(expected, got) is None
    assert got[0] == ("navigation", {"eventId": "top", "timestamp": 2, "fromScreen": "A",
                                     "toScreen": "B", "navType": "push"})


def reference_calls(fn):
    """The sdk_event functions fn() calls (the C code calls them for what it leaves to them)."""
    names = []

    def hook(frame, event, arg):
        if event == "call" and frame.f_code.co_filename == sdk_event.__file__:
            names.append(frame.f_code.co_name)
    sys.setprofile(hook)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return names


def test_plain_events_take_the_c_path():
    """Every spelling of every type, fields on the event and in dict payloads, str and int
    session ids: converted in C, the reference not called; so a C path that stopped
    recognising them (and handed them all to the reference) is caught."""
    raws = []
    for i, name in enumerate(sorted(STREAM_OF_TYPE)):
        for spelling in (name, name.upper(), f"_{name.title()}-", " ".join(name)):
            key = TYPE_KEYS[i % len(TYPE_KEYS)]
            raws += [{key: spelling, "id": f"e{i}", "timestamp": i, "sessionId": i},
                     {"data": {key: spelling, "from": "A"}, "details": {"value": "v"},
                      "session_id": "s", "data_": None}]
    expected = add_events(False, raws, "events")
    assert reference_calls(lambda: add_events(True, raws, "events")) == []
    assert_same_sessions(expected, add_events(True, raws, "events"))
    report = _Report(Session(), "f")
    assert reference_calls(lambda: [_native.convert_sdk_event(
        raw, "w", report, forced_type="Network_Request", defaults={"eventId": "db-1"})
        for raw in raws + [{}]]) == []
    # and what is left to the reference reaches it
    assert reference_calls(lambda: add_events(True, [{"type": "lifecycle"}], "e"))[:1] == [
        "_convert_event"]
    assert "_session_id_of" in reference_calls(lambda: add_events(
        True, [{"type": "ui", "sessionId": Str("s")}], "e"))


# ---- files -----------------------------------------------------------------------------------

def load_both(monkeypatch, load):
    """load() on both conversions: the same Session, or the same exception."""
    def run():
        try:
            return load()
        except (SessionFormatError, ValueError, OSError) as exc:
            return exc
    expected, got = both_ways(monkeypatch, run)
    if isinstance(expected, Exception):
        assert type(got) is type(expected) and str(got) == str(expected)
        return None
    assert_same_sessions(expected, got)
    return got


@pytest.mark.parametrize("name", sorted(os.listdir(DATA)))
def test_data_files_load_the_same(monkeypatch, name):
    load_both(monkeypatch, lambda: load_files(events=os.path.join(DATA, name)))


def write_session(seed, scenario, n_actions, path, shape):
    """A simulated session written as bench/bench_correlate.py's write_session does (the
    export), or as a plain list, or as JSON Lines."""
    s = simulate(seed, scenario, n_actions)
    events = ([dict(e, type="ui") for e in s.ui_events] +
              [dict(e, type="api") for e in s.api_events] +
              [dict(e, type="navigation") for e in s.navigation_events])
    with open(path, "w") as f:
        if shape == "export":
            json.dump({"timestamp": events[0]["timestamp"] if events else 0,
                       "count": len(events), "events": events}, f)
        elif shape == "list":
            json.dump(events, f)
        else:
            f.write("".join(json.dumps(e) + "\n" for e in events))


@pytest.mark.parametrize("shape", ["export", "list", "jsonl"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_simulated_sessions_load_the_same(monkeypatch, tmp_path, scenario, shape):
    path = str(tmp_path / ("s.jsonl" if shape == "jsonl" else "s.json"))
    write_session(3, scenario, 300, path, shape)
    got = load_both(monkeypatch, lambda: load_files(events=path))
    assert got.ui_events and got.api_events and got.navigation_events


def test_plan_10k_session_loads_the_same(monkeypatch, tmp_path):
    """The benchmark's 21,000-event file (bench_correlate.write_session('plan 10K'))."""
    from bench_correlate import write_session as bench_write
    path = str(tmp_path / "plan10k.json")
    bench_write("plan 10K", path)
    got = load_both(monkeypatch, lambda: load_files(events=path))
    assert len(got.ui_events) + len(got.api_events) + len(got.navigation_events) == 21_000


def test_sqlite_store_loads_the_same(monkeypatch, tmp_path):
    from test_session_io import make_store
    db = str(tmp_path / "events.db")
    make_store(db)
    for sid in ("s-login", "s-search"):
        load_both(monkeypatch, lambda: load_sqlite(db, sid))


def test_export_with_odd_events_loads_the_same(monkeypatch, tmp_path):
    """Diagnostics of every kind from both conversions, in file order."""
    events = [{"type": "ui", "data": "{\"action\": \"tap\", \"screen\": \"A\"}"},
              {"type": "lifecycle"}, 7, None, {"eventType": "Network_Request", "data": [1]},
              {"event_type": "TAP", "details": "not json", "sessionId": 5},
              {"type": 3, "data": {"type": "screen", "to": "B"}}, {"id": "x"},
              {"type": "ui", "session_id": True, "data": {"sessionId": "s-9"}}]
    path = str(tmp_path / "odd.json")
    with open(path, "w") as f:
        json.dump({"count": 3, "events": events}, f)
    got = load_both(monkeypatch, lambda: load_sdk_export(path))
    assert [d["code"] for d in got.diagnostics] == [
        "count-mismatch", "unknown-type", "not-an-object", "not-an-object", "bad-payload",
        "bad-payload", "missing-type"]
    assert got.session_id == "5"
    jsonl = str(tmp_path / "odd.jsonl")
    with open(jsonl, "w") as f:
        f.write("\n".join([json.dumps(e) for e in events[:4]] + ["{broken"] +
                          [json.dumps(e) for e in events[4:]]))
    load_both(monkeypatch, lambda: load_sdk_export(jsonl))


def test_native_is_chosen_when_built():
    assert sdk_event.NATIVE is True


# ---- references ------------------------------------------------------------------------------

def convert_all(raws):
    """Every native entry point on every event (in a function: no loop variable left)."""
    session = Session()
    _native.add_sdk_events(session, _Report(session, "f"), raws, "events")
    session = Session()
    _native.add_sdk_events(session, _Report(session, "f"),
                           iter([(f"line {i}", e) for i, e in enumerate(raws)]))
    for raw in raws:
        _native.convert_sdk_event(raw, "w", _Report(Session(), "f"), "api", {"eventId": "db-1"})
        _native.convert_sdk_event(raw, "w", _Report(Session(), "f"))


def test_no_reference_is_kept_to_the_events(tmp_path):
    path = str(tmp_path / "s.json")
    write_session(1, "default", 60, path, "export")
    with open(path) as f:
        doc = json.load(f)
    doc["events"] += [{"type": "lifecycle", "x": "y"}, {"type": "ui", "data": "{\"a\": 1}"},
                      "text", {"eventType": "tap", "details": {"screen": "S"}, "sessionId": "s"}]
    raws = doc["events"]
    values = ([v for e in raws if isinstance(e, dict) for v in e.values()] + raws
              + [k for e in raws if isinstance(e, dict) for k in e])
    convert_all(raws)           # the tables are read from sdk_event (and kept) at first use
    gc.collect()
    before = [sys.getrefcount(v) for v in values]
    for _ in range(20):
        convert_all(raws)
    gc.collect()
    after = [sys.getrefcount(v) for v in values]
    changed = [(v, b, a) for v, b, a in zip(values, before, after) if a != b]
    assert not changed, changed[:5]


def test_exceptions_from_the_report_propagate():
    class Failing(_Report):
        def add(self, *args):
            raise KeyError("report")
    session = Session()
    with pytest.raises(KeyError, match="report"):
        _native.add_sdk_events(session, Failing(session, "f"), [{"type": "ui"}, 5], "events")
    assert session.ui_events == [{}]


def test_a_session_id_set_meanwhile_is_kept():
    """The loop reads session.session_id anew after Python code ran (here the report)."""
    class Setting(_Report):
        def add(self, *args):
            super().add(*args)
            self.session.session_id = "set-by-report"
    raws = [{"type": "ui"}, {"type": "lifecycle"}, {"type": "ui", "sessionId": "later"}]
    sessions = []
    for native in (False, True):
        session = Session()
        if native:
            _native.add_sdk_events(session, Setting(session, "f"), raws, "events")
        else:
            sdk_event.NATIVE, saved = False, sdk_event.NATIVE
            try:
                sdk._add_events(session, Setting(session, "f"), raws, "events")
            finally:
                sdk_event.NATIVE = saved
        sessions.append(session)
    assert_same_sessions(*sessions)
    assert sessions[1].session_id == "set-by-report"


def test_bad_arguments_are_type_errors():
    session = Session()
    report = _Report(session, "f")
    with pytest.raises(TypeError):
        _native.add_sdk_events(session, report, [1, 2])            # not pairs
    with pytest.raises(TypeError):
        _native.add_sdk_events(session, report, [], 5)
