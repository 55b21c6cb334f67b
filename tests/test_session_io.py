"""Session files -> event streams (observe_core.session_io, docs/correlation.md section 8).

The sample files in tests/data/sessions/ are written by hand in the shape each tool writes:
the recording SDK's export and its JSON Lines stream, a Chrome devtools HAR, a HAR with wrong
types, a Charles HAR cut off mid-file, Appium's driver.get_events() output. The SQLite store
is built here. Every expected value is read off those files.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3

import pytest

from observe_core import Correlator
from observe_core.session_io import (Session, SessionFormatError, detect_format,
                                     iso_to_epoch_ms, load_appium_events, load_files, load_har,
                                     load_session, load_sdk_export, load_sqlite)

DATA = os.path.join(os.path.dirname(__file__), "data", "sessions")
EXPORT = os.path.join(DATA, "shop_login_export.json")
JSONL = os.path.join(DATA, "checkout_stream.jsonl")
CHROME_HAR = os.path.join(DATA, "shop_login_chrome.har")
WRONG_HAR = os.path.join(DATA, "wrong_types.har")
TRUNCATED_HAR = os.path.join(DATA, "charles_truncated.har")
APPIUM = os.path.join(DATA, "appium_events.json")

T0 = 1715679000000          # 2024-05-14T09:30:00Z in ms, the start of the shop session


def diag(path, location, code, message):
    return {"file": path, "location": location, "code": code, "message": message}


# ---- the SDK export ------------------------------------------------------------------------------

def test_sdk_export_fields_from_top_level_data_and_details():
    s = load_sdk_export(EXPORT)
    assert isinstance(s, Session)
    assert s.session_id == "sess-7f3a2c"
    assert s.ui_events == [
        {"eventId": "evt-0001", "timestamp": T0, "screen": "Welcome", "action": "tap",
         "elementId": "btn_sign_in", "elementText": "Sign in",
         "elementType": "android.widget.Button"},
        # eventType "input" gives the action; "value" is typed text; fields under "details"
        {"eventId": "evt-0003", "timestamp": T0 + 4200, "screen": "Login",
         "elementId": "email_field", "elementType": "android.widget.EditText",
         "inputText": "ana.silva@example.com", "action": "input"},
        # flat event, type "tap"
        {"eventId": "evt-0004", "timestamp": T0 + 6100, "screen": "Login",
         "correlationId": "c-login-01", "elementId": "btn_login", "elementText": "Log in",
         "action": "tap"},
        # snake_case and alternative names under "data"
        {"eventId": "evt-0007", "timestamp": T0 + 12000, "screen": "Home", "threadId": "main",
         "action": "tap", "elementId": "btn_add_to_cart", "elementText": "Add to cart"},
        # event_type "click"
        {"eventId": "evt-0008", "timestamp": T0 + 15000, "screen": "Home",
         "elementId": "btn_checkout", "elementText": "Checkout", "action": "click"},
    ]
    assert s.navigation_events == [
        # the stream's "type" is not read again; data's "type" is the navigation type
        {"eventId": "evt-0002", "timestamp": T0 + 350, "fromScreen": "Welcome",
         "toScreen": "Login", "navType": "push"},
        # an ISO 8601 timestamp is passed on as written (the correlator parses it)
        {"eventId": "evt-0006", "timestamp": "2024-05-14T09:30:06.700Z", "fromScreen": "Login",
         "toScreen": "Home", "navType": "replace"},
    ]
    assert s.api_events == []
    assert s.diagnostics == [diag(EXPORT, "events[4]", "unknown-type",
                                  "unknown event type 'lifecycle'; skipped")]
    assert s.sources == [{"file": EXPORT, "format": "sdk-export"}]


def test_sdk_export_as_plain_list_and_count_mismatch(tmp_path):
    events = json.load(open(EXPORT))["events"]
    plain = tmp_path / "events.json"
    plain.write_text(json.dumps(events, indent=2))
    s = load_sdk_export(plain)
    assert [e["eventId"] for e in s.ui_events] == [
        "evt-0001", "evt-0003", "evt-0004", "evt-0007", "evt-0008"]
    assert s.diagnostics[0]["location"] == "[4]"
    assert s.session_id is None

    short = tmp_path / "short.json"
    short.write_text(json.dumps({"timestamp": 1, "count": 9, "events": events[:2]}))
    s = load_sdk_export(short)
    assert s.diagnostics == [diag(str(short), "count", "count-mismatch",
                                  "the export says count 9 but holds 2 events")]


def test_sdk_event_problems_are_diagnostics(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"events": [
        {"id": "a", "timestamp": 5},                                    # no type
        {"id": "b", "type": 7, "timestamp": 5},                         # not a string
        {"id": "c", "eventType": "network", "timestamp": 9, "data": [1],
         "details": "{\"method\": \"GET\", \"url\": \"https://x.example/a\"}"},
        "tap",
    ]}))
    s = load_sdk_export(path)
    f = str(path)
    assert s.diagnostics == [
        diag(f, "events[0]", "missing-type",
             "the event has no type field (type, eventType, event_type); skipped"),
        diag(f, "events[1]", "unknown-type", "unknown event type 7; skipped"),
        diag(f, "events[2]", "bad-payload",
             "'data' is an array, not an object; its fields are ignored"),
        diag(f, "events[3]", "not-an-object", "the event is a string, not an object; skipped"),
    ]
    # a payload stored as a JSON string is parsed
    assert s.api_events == [{"eventId": "c", "timestamp": 9, "method": "GET",
                             "url": "https://x.example/a"}]


def test_sdk_export_errors_name_file_and_location(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "count": 1,\n  "events": [\n    {"type": "ui",\n')
    with pytest.raises(SessionFormatError) as err:
        load_sdk_export(bad)
    assert str(err.value).startswith(f"{bad}: line 5, column 1: truncated JSON")
    assert (err.value.file, err.value.line, err.value.column) == (str(bad), 5, 1)

    not_export = tmp_path / "config.json"
    not_export.write_text('{\n  "theme": "dark"\n}\n')
    with pytest.raises(SessionFormatError, match="config.json: not a session export"):
        load_sdk_export(not_export)

    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"count": 1, "events": {"type": "ui"}}')
    with pytest.raises(SessionFormatError) as err:
        load_sdk_export(wrong)
    assert str(err.value) == f"{wrong}: events: expected a list of events, found an object"

    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'{"events": [{"type": "ui", "elementText": "Caf\xe9"}]}')
    with pytest.raises(SessionFormatError, match=r"latin1.json: byte 46: not valid UTF-8"):
        load_sdk_export(latin1)


def test_missing_and_unreadable_files_raise_oserror_with_the_path(tmp_path):
    missing = str(tmp_path / "nope.json")
    for load in (load_sdk_export, load_har, load_appium_events, load_sqlite):
        with pytest.raises(FileNotFoundError) as err:
            load(missing)
        assert err.value.filename == missing
    with pytest.raises(IsADirectoryError):
        load_har(tmp_path)


def test_empty_events_file_is_an_empty_session(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    s = load_sdk_export(empty)
    assert (s.ui_events, s.api_events, s.navigation_events) == ([], [], [])
    assert [d["code"] for d in s.diagnostics] == ["empty-file"]


# ---- JSON Lines ----------------------------------------------------------------------------------

def test_jsonl_reads_past_broken_lines():
    s = load_sdk_export(JSONL)
    assert s.session_id == "sess-91bd04"
    assert s.ui_events == [
        {"eventId": "e-102", "timestamp": 1715682603250, "screen": "Checkout",
         "threadId": "main", "elementId": "promo_code", "inputText": "SPRING24",
         "action": "input"},
        {"eventId": "e-103", "timestamp": 1715682604010, "screen": "Checkout",
         "threadId": "main", "elementId": "btn_apply_promo", "elementText": "Apply",
         "action": "tap"},
    ]
    assert s.api_events == [
        {"eventId": "e-104", "timestamp": 1715682604090, "threadId": "OkHttp Dispatcher",
         "correlationId": "req-7", "method": "POST",
         "url": "https://api.shop.example/v1/cart/promo",
         "requestHeaders": {"Content-Type": "application/json"},
         "requestBody": {"code": "SPRING24"}},
        {"eventId": "e-105", "timestamp": 1715682604388, "correlationId": "req-7",
         "method": "POST", "url": "https://api.shop.example/v1/cart/promo",
         "statusCode": 200, "duration": 298, "responseBody": "{\"discount\":0.15}"},
    ]
    assert s.navigation_events == [
        {"eventId": "e-101", "timestamp": 1715682600000, "fromScreen": "Cart",
         "toScreen": "Checkout"},
        {"eventId": "e-108", "timestamp": "2024-05-14T10:30:04.600Z", "fromScreen": "Checkout",
         "toScreen": "OrderReview", "navType": "push"},
    ]
    assert s.diagnostics == [
        # two writers interleaved on line 6; line 7 is blank; line 11 was cut off
        diag(JSONL, "line 6", "bad-json",
             "invalid JSON at column 85: Expecting ',' delimiter; line skipped"),
        diag(JSONL, "line 9", "unknown-type", "unknown event type 'analytics'; skipped"),
        diag(JSONL, "line 10", "not-an-object", "the event is an array, not an object; skipped"),
        diag(JSONL, "line 11", "bad-json",
             "invalid JSON at column 64: Unterminated string starting at; line skipped"),
    ]
    assert s.sources == [{"file": JSONL, "format": "jsonl"}]


def test_jsonl_detected_by_content_whatever_the_name(tmp_path):
    lines = open(JSONL).read().split("\n")
    renamed = tmp_path / "events.json"
    renamed.write_text("\n".join(lines[:5]) + "\n")
    s = load_sdk_export(renamed)
    assert [e["eventId"] for e in s.ui_events + s.api_events] == ["e-102", "e-103", "e-104",
                                                                   "e-105"]
    # a broken first line: most lines still parse alone, so it is JSON Lines
    broken_first = tmp_path / "stream.log"
    broken_first.write_text('{"eventId": "x", "type": "ui"\n' + "\n".join(lines[1:5]) + "\n")
    s = load_sdk_export(broken_first)
    assert [d["location"] for d in s.diagnostics] == ["line 1"]
    assert len(s.ui_events) == 2
    # one line, one event
    single = tmp_path / "one.json"
    single.write_text(lines[2])
    assert [e["eventId"] for e in load_sdk_export(single).ui_events] == ["e-103"]


# ---- HAR -----------------------------------------------------------------------------------------

def test_chrome_har_entries_become_api_events():
    s = load_har(CHROME_HAR)
    assert s.session_id is None and s.diagnostics == []
    by_id = {e["eventId"]: e for e in s.api_events}
    # Chrome writes no _id: the id is pageref + entry index
    assert list(by_id) == [f"page_1-{i}" for i in range(6)]
    providers = by_id["page_1-0"]
    assert providers == {
        "eventId": "page_1-0",
        "timestamp": 1715679000120.0,             # 2024-05-14T09:30:00.120Z
        "method": "GET",
        "url": "https://api.shop.example/v1/auth/providers?platform=android",
        "statusCode": 200,
        "duration": 95.3,
        "requestHeaders": providers["requestHeaders"],
        "requestBody": None,
        "responseBody": "{\"providers\":[\"password\",\"google\"],\"passwordless\":false}",
    }
    assert isinstance(providers["timestamp"], float)
    assert providers["requestHeaders"][0] == {"name": ":authority", "value": "api.shop.example"}
    login = by_id["page_1-1"]
    assert (login["method"], login["timestamp"], login["duration"]) == ("POST", T0 + 6180.0,
                                                                        412.5)
    assert login["requestBody"] == '{"email":"ana.silva@example.com","password":"<redacted>"}'
    assert {"name": "X-Observe-Correlation-ID", "value": "c-login-01"} in login["requestHeaders"]
    assert by_id["page_1-2"]["statusCode"] == 204
    assert by_id["page_1-4"]["requestBody"] == '{"sku":"SKU-1042","qty":1}'
    # net::ERR_CONNECTION_RESET: status 0 means no response
    failed = by_id["page_1-5"]
    assert (failed["statusCode"], failed["duration"], failed["responseBody"]) == (None, 85.2,
                                                                                   None)
    assert s.sources == [{"file": CHROME_HAR, "format": "har"}]


def test_har_entries_with_wrong_types_are_skipped_with_located_diagnostics():
    s = load_har(WRONG_HAR)
    assert s.api_events == [
        {"eventId": "1f6c0a",
         "timestamp": 1715679001482.0,            # 11:30:01.482+02:00 = 09:30:01.482Z
         "method": "GET", "url": "https://api.shop.example/v1/profile", "statusCode": 200,
         "duration": 125.0,                       # no "time": blocked+send+wait+receive
         "requestHeaders": [{"name": "Accept", "value": "application/json"}],
         "requestBody": None,
         "responseBody": None},                   # base64 content is not text
        {"eventId": "har-7", "timestamp": T0 + 7250.0, "method": "POST",
         "url": "https://api.shop.example/v1/search", "statusCode": None, "duration": 57,
         "requestHeaders": {"Content-Type": "application/x-www-form-urlencoded"},
         "requestBody": "q=red+shoes&page=2", "responseBody": None},
    ]

    def d(i, code, message):
        return diag(WRONG_HAR, f"log.entries[{i}]", code, message)
    assert s.diagnostics == [
        d(1, "wrong-type", "request is a string, not an object; entry skipped"),
        d(2, "wrong-type", "startedDateTime is a number, not a string; entry skipped"),
        d(3, "wrong-type", "response is an array, not an object; entry skipped"),
        d(4, "wrong-type", "the entry is null, not an object; entry skipped"),
        d(5, "bad-timestamp",
          "startedDateTime '14/05/2024 09:30:05' is not an ISO 8601 date-time; entry skipped"),
        d(6, "wrong-type",
          "request.headers is a string, not an array or an object; entry skipped"),
        d(8, "wrong-type", "time is a string, not a number; entry skipped"),
        d(9, "wrong-type", "response.status is a string, not a number; entry skipped"),
    ]


def test_truncated_har_is_a_located_error():
    with pytest.raises(SessionFormatError) as err:
        load_har(TRUNCATED_HAR)
    # the file ends inside the postData text that opens at line 85, column 21
    assert str(err.value) == (f"{TRUNCATED_HAR}: line 85, column 21: truncated JSON (the file "
                              "ends inside a value): Unterminated string starting at")
    assert (err.value.line, err.value.column, err.value.location) == (85, 21,
                                                                      "line 85, column 21")
    assert isinstance(err.value, ValueError)


def test_har_structure_errors(tmp_path):
    cases = {
        '{"entries": []}': "log: not a HAR file: no \"log\" object at the top level",
        '{"log": {"version": "1.2"}}': "log.entries: expected a list of entries, found null",
        '{"log": {"entries": {"0": {}}}}':
            "log.entries: expected a list of entries, found an object",
        "": "empty file",
    }
    for text, message in cases.items():
        path = tmp_path / "x.har"
        path.write_text(text)
        with pytest.raises(SessionFormatError) as err:
            load_har(path)
        assert str(err.value) == f"{path}: {message}"


@pytest.mark.parametrize("text, ms", [
    ("2024-05-14T09:30:00.120Z", T0 + 120.0),
    ("2024-05-14T11:30:00.120+02:00", T0 + 120.0),          # Firefox: local time with offset
    ("2024-05-14T04:30:00.120-0500", T0 + 120.0),
    ("2024-05-14T09:30:00.120133+00:00", T0 + 120.133),     # mitmproxy: microseconds
    ("2024-05-14T09:30:00.120133999Z", T0 + 120.133999),    # nanoseconds
    ("2024-05-14T09:30:00", float(T0)),                     # no offset: UTC
    ("2024-02-30T09:30:00Z", None), ("14/05/2024 09:30", None), ("", None),
])
def test_iso_8601(text, ms):
    got = iso_to_epoch_ms(text)
    assert got == ms if ms is None else math.isclose(got, ms, rel_tol=0, abs_tol=1e-6)


# ---- Appium --------------------------------------------------------------------------------------

def test_appium_user_actions_become_ui_events():
    s = load_appium_events(APPIUM)
    assert s.ui_events == [
        {"eventId": "appium-1", "timestamp": 1715688001330, "action": "input",
         "appiumCommand": "setValue"},
        {"eventId": "appium-3", "timestamp": 1715688002420, "action": "tap",
         "appiumCommand": "click"},
        {"eventId": "appium-5", "timestamp": 1715688004800, "action": "gesture",
         "appiumCommand": "performActions"},
        {"eventId": "appium-8", "timestamp": 1715688007100, "action": "back",
         "appiumCommand": "back"},
    ]
    assert s.api_events == [] and s.navigation_events == []
    assert s.diagnostics == [
        diag(APPIUM, "commands[6]", "bad-timestamp",
             "click: startTime is null, not a number; skipped"),
        diag(APPIUM, "commands[7]", "bad-command",
             "expected an object with a string \"cmd\", found a string; skipped"),
    ]


def test_appium_wrapped_responses_and_errors(tmp_path):
    events = json.load(open(APPIUM))
    for wrapper in ({"value": events}, {"sessionId": "abc", "events": events}):
        path = tmp_path / "wrapped.json"
        path.write_text(json.dumps(wrapper))
        assert len(load_appium_events(path).ui_events) == 4
    bad = tmp_path / "bad.json"
    bad.write_text('{"commands": "click"}')
    with pytest.raises(SessionFormatError) as err:
        load_appium_events(bad)
    assert str(err.value) == f"{bad}: commands: expected a list of commands, found a string"
    bad.write_text('[{"cmd": "click"}]')
    with pytest.raises(SessionFormatError, match="not Appium event timings"):
        load_appium_events(bad)


# ---- SQLite --------------------------------------------------------------------------------------

def make_store(path):
    """The recorder's event store with two sessions (docs/correlation.md section 8)."""
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE sessions (id TEXT PRIMARY KEY, started_at REAL, app_version TEXT,
                               device TEXT);
        CREATE TABLE events (id INTEGER PRIMARY KEY, session_id TEXT, event_type TEXT,
                             timestamp REAL, data TEXT);
    """)
    con.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?)", [
        ("s-search", 1715690000000.0, "3.4.1", "Pixel 7"),
        ("s-login", 1715679000000.0, "3.4.1", "Pixel 7"),
    ])
    rows = [
        ("s-login", "ui", T0, {"eventId": "u1", "type": "ui", "timestamp": T0, "action": "tap",
                               "elementId": "btn_login", "screen": "Login"}),
        ("s-login", "api", T0 + 80, {"eventId": "a1", "method": "POST",
                                     "url": "https://api.shop.example/v1/auth/login",
                                     "statusCode": 200, "duration": 310}),
        ("s-login", "navigation", T0 + 500, {"type": "navigation", "from": "Login",
                                             "to": "Home"}),
        ("s-login", "crash", T0 + 900, {"reason": "OOM"}),
        ("s-login", "ui", T0 + 950, "{not json"),
        ("s-login", None, T0 + 990, {"eventType": "tap", "eventId": "u2", "timestamp": T0 + 990}),
        ("s-search", "ui", 1715690000500.0, {"eventId": "x1", "action": "tap"}),
    ]
    con.executemany("INSERT INTO events (session_id, event_type, timestamp, data) "
                    "VALUES (?, ?, ?, ?)",
                    [(sid, kind, ts, data if isinstance(data, str) else json.dumps(data))
                     for sid, kind, ts, data in rows])
    con.commit()
    con.close()


def test_sqlite_store(tmp_path):
    db = str(tmp_path / "observe_events.db")
    make_store(db)
    with pytest.raises(ValueError) as err:
        load_sqlite(db)
    assert str(err.value) == (f"{db}: the database holds 2 sessions (s-login, s-search); "
                              "choose one with session_id")
    with pytest.raises(ValueError, match=r"no session 's-x'; the database holds: s-login, "
                                         r"s-search"):
        load_sqlite(db, "s-x")

    s = load_sqlite(db, "s-login")
    assert s.session_id == "s-login"
    assert s.ui_events == [
        {"eventId": "u1", "timestamp": T0, "screen": "Login", "action": "tap",
         "elementId": "btn_login"},
        # event_type NULL: the type comes from the data; it is a specific action
        {"eventId": "u2", "timestamp": T0 + 990, "action": "tap"},
    ]
    # no type in data: the column says api; no timestamp in data: the column's
    assert s.api_events == [{"eventId": "a1", "timestamp": T0 + 80.0, "method": "POST",
                             "url": "https://api.shop.example/v1/auth/login",
                             "statusCode": 200, "duration": 310}]
    # no id in data: db-{row id}; data's "type": "navigation" is not read as navType
    assert s.navigation_events == [{"eventId": "db-3", "timestamp": T0 + 500.0,
                                    "fromScreen": "Login", "toScreen": "Home"}]
    assert s.diagnostics == [
        diag(db, "events[id=4]", "unknown-type", "unknown event type 'crash'; skipped"),
        diag(db, "events[id=5]", "bad-json", "the data column is not JSON (invalid JSON at "
                                             "column 2: Expecting property name enclosed in "
                                             "double quotes); skipped"),
    ]


def test_sqlite_single_session_is_picked_and_bad_files(tmp_path):
    db = str(tmp_path / "one.db")
    make_store(db)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM sessions WHERE id = 's-login'")
    con.execute("DELETE FROM events WHERE session_id = 's-login'")
    con.commit()
    con.close()
    s = load_sqlite(db)
    assert s.session_id == "s-search"
    assert s.ui_events == [{"eventId": "x1", "timestamp": 1715690000500.0, "action": "tap"}]

    not_db = tmp_path / "notes.db"
    not_db.write_text("hello")
    with pytest.raises(SessionFormatError, match=r"notes.db: not a SQLite database"):
        load_sqlite(not_db)
    other = str(tmp_path / "other.db")
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(SessionFormatError) as err:
        load_sqlite(other)
    assert str(err.value) == f"{other}: events: no events table: not the recorder's event store"


# ---- several sources -----------------------------------------------------------------------------

def test_detect_format(tmp_path):
    db = str(tmp_path / "store.db")
    make_store(db)
    assert [detect_format(p) for p in (EXPORT, JSONL, CHROME_HAR, APPIUM, db)] == [
        "events", "events", "har", "appium", "sqlite"]
    minified = tmp_path / "min.har"                 # one line, yet not JSON Lines
    minified.write_text(json.dumps(json.load(open(CHROME_HAR))))
    assert detect_format(minified) == "har"
    with pytest.raises(SessionFormatError, match="line 85, column 21"):
        detect_format(TRUNCATED_HAR)


def test_load_session_merges_by_content(tmp_path):
    db = str(tmp_path / "store.db")
    make_store(db)
    s = load_session(EXPORT, CHROME_HAR, APPIUM, JSONL, db, session_id="s-login")
    assert s.session_id == "s-login"
    assert len(s.ui_events) == 5 + 4 + 2 + 2
    assert len(s.api_events) == 6 + 2 + 1
    assert len(s.navigation_events) == 2 + 2 + 1
    assert [src["format"] for src in s.sources] == ["sdk-export", "har", "appium", "jsonl",
                                                     "sqlite"]
    assert [d["file"] for d in s.diagnostics] == [EXPORT, APPIUM, APPIUM] + [JSONL] * 4 + [db] * 2
    with pytest.raises(ValueError, match="no input files"):
        load_session()


def test_load_files_like_the_cli():
    s = load_files(events=JSONL, har=WRONG_HAR, appium=APPIUM)
    assert s.session_id == "sess-91bd04"
    assert [e["eventId"] for e in s.api_events] == ["e-104", "e-105", "1f6c0a", "har-7"]
    assert [e["eventId"] for e in s.ui_events] == ["e-102", "e-103", "appium-1", "appium-3",
                                                   "appium-5", "appium-8"]
    assert len(s.diagnostics) == 4 + 8 + 2
    with pytest.raises(ValueError, match="no input files"):
        load_files()


def test_end_to_end_sdk_events_and_har_traffic():
    """The shop session: UI and screens from the SDK, network from Chrome's HAR.

    Hand check (docs/correlation.md sections 3-4; HAR calls have no screen or thread, so only
    time and correlation ids count; score = exp(-delay / 1000 ms)):
      evt-0001 tap Sign in   t=0      -> page_1-0 GET  /v1/auth/providers at 120: exp(-0.12)
                                         = 0.887
      evt-0004 tap Log in    t=6100   -> page_1-1 POST /v1/auth/login at 6180: header
                                         X-Observe-Correlation-ID c-login-01 = the tap's
                                         correlationId: decisive, 1.0
      evt-0007 tap Add to cart 12000  -> page_1-4 POST /v1/cart/items at 12090: exp(-0.09)
                                         = 0.914
      evt-0008 click Checkout 15000   -> page_1-5 POST /v1/checkout at 15060 (status 0 in the
                                         HAR: no response): exp(-0.06) = 0.942
      page_1-2 google-analytics /g/collect at 6200: analytics, unattributed
      page_1-3 GET /v1/home/feed at 7400: best cause evt-0004, 1300 ms earlier, exp(-1.3)
                                         = 0.27 < 0.5: low-confidence, unattributed
      evt-0003 (typed e-mail at 4200) causes nothing: for the login call it would score
        (0.55 exp(-1.98) + 0.25) / 0.8 = 0.41, but the correlation id decides anyway.
    Navigations: evt-0002 (350) <- providers ended at 215.3: exp(-0.1347) = 0.874;
                 evt-0006 (6700) <- login ended at 6592.5: exp(-0.1075) = 0.898.
    """
    s = load_files(events=EXPORT, har=CHROME_HAR)
    assert s.session_id == "sess-7f3a2c"
    result = Correlator().correlate_events(s.ui_events, s.api_events, s.navigation_events,
                                           session_id=s.session_id)
    pairs = {call["eventId"]: (entry["ui_event"]["eventId"], round(call["confidence"], 3),
                               call["correlationMethods"])
             for entry in result["ui_to_api"] for call in entry["api_calls"]}
    assert pairs == {
        "page_1-0": ("evt-0001", 0.887, ["time"]),
        "page_1-1": ("evt-0004", 1.0, ["correlation_id"]),
        "page_1-4": ("evt-0007", 0.914, ["time"]),
        "page_1-5": ("evt-0008", 0.942, ["time"]),
    }
    assert [(c["eventId"], c["reason"]) for c in result["unattributed_api_calls"]] == [
        ("page_1-2", "analytics"), ("page_1-3", "low-confidence")]
    assert [(n["api_event"]["eventId"], n["navigation"]["eventId"], round(n["confidence"], 3))
            for n in result["api_to_navigation"]] == [("page_1-0", "evt-0002", 0.874),
                                                      ("page_1-1", "evt-0006", 0.898)]
    assert result["full_flows"][1]["description"] == (
        "User tap on Log in -> triggers POST /v1/auth/login -> which causes navigate to Home "
        "(success)")
    assert result["diagnostics"] == []
    json.dumps(result)


def test_cut_anywhere_gives_a_session_or_a_located_error(tmp_path):
    """Every sample file cut at 60 places (an interrupted copy or export), plus pathological
    nesting: a Session or a SessionFormatError naming the file, never another exception."""
    cut = tmp_path / "cut"
    for source in (EXPORT, JSONL, CHROME_HAR, WRONG_HAR, APPIUM):
        data = open(source, "rb").read()
        for k in range(60):
            cut.write_bytes(data[:len(data) * k // 60])
            try:
                load_session(cut)
            except SessionFormatError as exc:
                assert exc.file == str(cut)
    for text in ("[" * 100000, '{"events": ' + "[" * 100000 + "]" * 100000 + "}",
                 '{"type": "ui", "data": ' + "[" * 100000 + "}\n" * 2):
        cut.write_text(text)
        try:
            load_session(cut)
        except SessionFormatError as exc:
            assert exc.file == str(cut)
