"""What every session loader shares: the ``Session`` it returns, the ``SessionFormatError`` it
raises for a file that is not its format, the per-file diagnostics report, and reading a file
as JSON text (encoding, located parse errors, one line at a time).

The three kinds of failure (an unreadable file, a file that is not the format, one bad event)
are described in the package docstring (``observe_core.session_io``).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple


class SessionFormatError(ValueError):
    """A file whose content as a whole is not the expected format. ``file`` is its path,
    ``location`` where the problem is (``"line 3, column 17"``, ``"log.entries"``, or ``""``
    for the whole file), ``line``/``column`` the JSON position when there is one."""

    def __init__(self, file, location: str, message: str, line: Optional[int] = None,
                 column: Optional[int] = None):
        self.file = os.fspath(file)
        self.location = location
        self.message = message
        self.line = line
        self.column = column
        where = f"{self.file}: {location}" if location else self.file
        super().__init__(f"{where}: {message}")


@dataclass
class Session:
    """The streams of one recorded session, in the field names of docs/correlation.md
    section 1. ``diagnostics`` items are ``{"file", "location", "code", "message"}``;
    ``sources`` lists ``{"file", "format"}`` for every file read."""

    ui_events: List[dict] = field(default_factory=list)
    api_events: List[dict] = field(default_factory=list)
    navigation_events: List[dict] = field(default_factory=list)
    session_id: Optional[str] = None
    diagnostics: List[dict] = field(default_factory=list)
    sources: List[dict] = field(default_factory=list)

    def stream(self, name: str) -> List[dict]:
        return {"ui": self.ui_events, "api": self.api_events,
                "navigation": self.navigation_events}[name]

    def extend(self, other: "Session") -> "Session":
        """Appends ``other``'s events, diagnostics and sources; keeps this session's id, or
        takes ``other``'s when this one has none."""
        self.ui_events.extend(other.ui_events)
        self.api_events.extend(other.api_events)
        self.navigation_events.extend(other.navigation_events)
        self.diagnostics.extend(other.diagnostics)
        self.sources.extend(other.sources)
        if self.session_id is None:
            self.session_id = other.session_id
        return self


class _Report:
    """Collects the diagnostics of one file."""

    def __init__(self, session: Session, file: str):
        self.session = session
        self.file = file

    def add(self, location: str, code: str, message: str) -> None:
        self.session.diagnostics.append({"file": self.file, "location": location, "code": code,
                                         "message": message})


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


# ---- reading and parsing -------------------------------------------------------------------------

def _read_text(path: str) -> str:
    """The file decoded as JSON text is (UTF-8, or UTF-16/32 when its first bytes say so; a
    BOM is dropped). ``open`` raises the OSError naming the path."""
    with open(path, "rb") as handle:
        data = handle.read()
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SessionFormatError(path, f"byte {exc.start}",
                                 f"not valid {encoding.upper()} text") from None


def _json_error(path: str, text: str, exc: json.JSONDecodeError) -> SessionFormatError:
    """A SessionFormatError for a document json could not parse; a file that ends inside a
    value is called truncated (an interrupted export or copy)."""
    truncated = exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip())
    what = "truncated JSON (the file ends inside a value)" if truncated else "invalid JSON"
    return SessionFormatError(path, f"line {exc.lineno}, column {exc.colno}",
                              f"{what}: {exc.msg}", exc.lineno, exc.colno)


def _parse_json(path: str, text: str) -> Any:
    if not text.strip():
        raise SessionFormatError(path, "", "empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _json_error(path, text, exc) from None
    except RecursionError:
        raise SessionFormatError(path, "", "JSON nested too deeply") from None


def _loads_line(line: str) -> Tuple[Any, Optional[str]]:
    """(value, None) for a line that parses, (None, reason) for one that does not."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON at column {exc.colno}: {exc.msg}"
    except RecursionError:
        return None, "JSON nested too deeply"

