"""JSON request bodies, refused cleanly before they can hurt the process.

Limits are checked cheapest first: size, then nesting depth (a linear scan, so `[` × 100,000 never
reaches the recursive parser), then the parse itself with bounded numbers, then the text: a string
holding a lone UTF-16 surrogate (`"\\ud800"`) is valid JSON but not text, and would fail later where
it is encoded (a database or Redis write), so it is refused here, naming the top-level field.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 16
MAX_NUMBER_CHARS = 40  # far beyond any quantity or hour; int() of 4,300+ digits raises inside the parser

_SIGNIFICANT = re.compile(r'[\[\]{}"\\]')
_SURROGATE = re.compile("[\ud800-\udfff]")  # in a Python str only a lone surrogate can match


class BadJsonBody(Exception):
    """`code` is one of: body_too_large, invalid_json, invalid_text (then `field` names the top-level key)."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def decode_json_body(raw: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    if len(raw) > max_bytes:
        raise BadJsonBody("body_too_large", f"The request body can be at most {max_bytes} bytes.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadJsonBody("invalid_json", "The request body must be JSON in UTF-8.") from exc
    if _deeper_than(text, max_depth):
        raise BadJsonBody("invalid_json", f"The request body nests more than {max_depth} levels deep.")
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except ValueError as exc:  # JSONDecodeError is a ValueError, and so is what _int/_float/_constant raise
        raise BadJsonBody("invalid_json", "The request body must be JSON.") from exc
    field = _field_with_broken_text(data)
    if field is not False:
        raise BadJsonBody("invalid_text", "The request contains characters that are not valid text.", field=field)
    return data


def _deeper_than(text: str, max_depth: int) -> bool:
    """Whether brackets outside strings nest deeper than `max_depth` (jumping between significant characters)."""
    depth, in_string, escaped_at = 0, False, -1
    for match in _SIGNIFICANT.finditer(text):
        index, char = match.start(), match.group()
        if index == escaped_at:
            continue
        if in_string:
            if char == "\\":
                escaped_at = index + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_CHARS:
        raise ValueError("number too long")
    return int(digits)


def _float(digits: str) -> float:
    value = float(digits) if len(digits) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _field_with_broken_text(data: Any) -> str | None | bool:
    """The top-level key whose value (or the key itself) holds a lone surrogate; None when it is not under
    a key; False when the body is clean."""
    if isinstance(data, dict):
        for key, value in data.items():
            if _broken(key) or _broken(value):
                return key
        return False
    return None if _broken(data) else False


def _broken(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_broken(key) or _broken(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_broken(item) for item in value)
    return False
