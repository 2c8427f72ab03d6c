"""The one JSON parser of the REST API and FHIR: what another system posts
is refused with a structured 4xx before any view reads it when it could
only do harm later.

- a body over MAX_BODY_BYTES: 413, read no further;
- nesting deeper than MAX_DEPTH: 400, checked on the raw bytes *before*
  decoding (Python's decoder recurses once per level: a body of ten thousand
  `[` would end in a RecursionError, a 500, on every write endpoint);
- not UTF-8, not JSON, NaN or Infinity, a number no float holds: 400;
- a NUL byte or a lone surrogate (`"\\ud800"`) in any key or string: 400.
  PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded
  to UTF-8, so the database, a log line or the answer echoing it would fail.

Messages never repeat the value refused.
"""

import json
import math
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

MAX_BODY_BYTES = 64 * 1024  # a FHIR $book with its contained Patient is ~2 KB
MAX_DEPTH = 32  # a FHIR Parameters resource nests ~8 levels

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def _refuse(message) -> exceptions.ParseError:
    return exceptions.ParseError(message)


def check_depth(raw: bytes) -> None:
    """Count brackets outside strings, stopping at the first level too deep."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > MAX_DEPTH:
            raise _refuse(_("The JSON body is nested too deeply."))


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _no_constant(name: str):
    raise ValueError("NaN and Infinity are not JSON")


def check_strings(data) -> None:
    """Every key and string of the parsed body, without recursion (the depth
    is bounded already, but a wide body is walked as cheaply)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and _FORBIDDEN.search(item):
            raise _refuse(_("The JSON body contains a NUL byte or an invalid character."))


def parse_json(raw: bytes):
    """The body's JSON, or a ParseError / BodyTooLarge saying what is wrong."""
    if len(raw) > MAX_BODY_BYTES:
        raise BodyTooLarge()
    check_depth(raw)
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(_("The request body is not valid JSON.")) from None
    check_strings(data)
    return data


class CheckedJSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the limits above."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        return parse_json(raw)
