"""Appium's event timings (``driver.get_events()`` saved as JSON): each command that is a
user's action on the app becomes a UI event at its startTime.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from .common import (Session, SessionFormatError, _is_number, _json_type, _parse_json,
                     _read_text, _Report)

# Appium commands that are a user's action on the app, and the action each records. Names are
# Appium's internal command names (its route table: click, setValue, performActions, ...) and
# the mobile: extensions some drivers log under their own name; everything else (findElement,
# getPageSource, getScreenshot, the session's own commands) is not an action and is ignored.
APPIUM_ACTIONS = {
    **dict.fromkeys(("click", "clickCurrent", "tap", "mobileTap", "mobileClickGesture"), "tap"),
    **dict.fromkeys(("doubleClick", "mobileDoubleTap", "mobileDoubleClickGesture"),
                    "double_tap"),
    **dict.fromkeys(("touchLongClick", "longPress", "mobileTouchAndHold",
                     "mobileLongClickGesture"), "long_press"),
    **dict.fromkeys(("setValue", "setValueImmediate", "replaceValue", "sendKeys", "keys",
                     "mobileType"), "input"),
    **dict.fromkeys(("clear",), "clear"),
    **dict.fromkeys(("submit",), "submit"),
    **dict.fromkeys(("performActions", "performTouch", "performMultiAction"), "gesture"),
    **dict.fromkeys(("flick", "swipe", "mobileSwipe", "mobileSwipeGesture", "mobileFlingGesture"),
                    "swipe"),
    **dict.fromkeys(("scroll", "mobileScroll", "mobileScrollGesture"), "scroll"),
    **dict.fromkeys(("mobileDragFromToForDuration", "mobileDragGesture", "drag"), "drag"),
    **dict.fromkeys(("pressKeyCode", "longPressKeyCode", "keyevent"), "key"),
    **dict.fromkeys(("back",), "back"),
}


def _appium_root(doc: Any) -> Optional[dict]:
    """The events object: as returned by get_events(), or inside the raw HTTP response
    (``{"value": {...}}``) or the session details (``{"events": {...}}``)."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("commands"), list):
        return doc
    for key in ("value", "events"):
        inner = doc.get(key)
        if isinstance(inner, dict) and isinstance(inner.get("commands"), list):
            return inner
    return None


def _session_from_appium(path: str, doc: Any) -> Session:
    root = _appium_root(doc)
    if root is None:
        if isinstance(doc, dict) and "commands" in doc:
            raise SessionFormatError(path, "commands", f"expected a list of commands, found "
                                     f"{_json_type(doc['commands'])}")
        raise SessionFormatError(path, "", "not Appium event timings: expected an object with "
                                 "a \"commands\" list (driver.get_events())")
    session = Session(sources=[{"file": path, "format": "appium"}])
    report = _Report(session, path)
    for index, command in enumerate(root["commands"]):
        where = f"commands[{index}]"
        if not isinstance(command, dict) or not isinstance(command.get("cmd"), str):
            what = _json_type(command.get("cmd")) if isinstance(command, dict) else \
                _json_type(command)
            report.add(where, "bad-command", f"expected an object with a string \"cmd\", "
                                             f"found {what}; skipped")
            continue
        action = APPIUM_ACTIONS.get(command["cmd"])
        if action is None:
            continue
        start = command.get("startTime")
        if not _is_number(start):
            report.add(where, "bad-timestamp", f"{command['cmd']}: startTime is "
                                               f"{_json_type(start)}, not a number; skipped")
            continue
        session.ui_events.append({"eventId": f"appium-{index}", "timestamp": start,
                                  "action": action, "appiumCommand": command["cmd"]})
    return session


def load_appium_events(path) -> Session:
    """Appium's event timings (``driver.get_events()`` saved as JSON): each user-action
    command becomes a UI event at its startTime (epoch ms)."""
    path = os.fspath(path)
    return _session_from_appium(path, _parse_json(path, _read_text(path)))
