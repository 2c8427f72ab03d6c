"""Log records carry the request id the audit trail records, so that a line of
the logs and an event of the trail can be matched; in production they are
JSON lines written by python-json-logger (settings.LOGGING)."""

import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from audit.context import current

# Never serialised: the request object's repr carries the query string, where
# a staff search would put a patient's name.
_NOT_LOGGED = ("request", "server_time", "taskName")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Inside a request, the audit context has it; django.request logs the
        # response after the middleware's context closed, from the request.
        request = getattr(record, "request", None)
        record.request_id = current().get("request_id") or getattr(request, "request_id", "-")
        return True


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        reserved_attrs=[*RESERVED_ATTRS, *_NOT_LOGGED],
    )
