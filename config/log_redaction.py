"""Working private links and secrets never reach a log.

A patient's link to manage an appointment, a waiting-list offer's link and a
practitioner's calendar feed carry their token in the path; whoever reads a
log line holding one could cancel the appointment or read the agenda. The
same for an API client's bearer token and a secret passed in a query string.
`redact()` replaces each with `[redacted]`, keeping the rest of the line
(the route, the status, the request id) so the request can still be traced.

Used by a logging filter on every handler — Django's (settings.LOGGING) and
gunicorn's access and error logs (deploy/gunicorn.conf.py) — and on the
admin's own log, django_admin_log (config/admin_site.py). Plain Python: the
gunicorn master loads it before Django is set up.
"""

import logging
import re

REDACTED = "[redacted]"

# /appointment/<signed token>/…, /en/appointment/…, /waitlist/offer/<token>/,
# /waitlist/leave/<token>/,
# /portal/calendar/<token>.ics: a token is what follows, up to the next
# separator (signed tokens and token_urlsafe() hold no '.', '/' nor space).
_PRIVATE_PATH = re.compile(
    r"(/(?:appointment|waitlist/offer|waitlist/leave|portal/calendar)/)([^/\s?#&\"'.<>]+)",
    re.IGNORECASE,
)
# ?token=…&key=…: what a query string may carry that opens something.
_SECRET_PARAM = re.compile(
    r"([?&;](?:token|access_token|key|api_key|apikey|secret|password|passwd|signature|sig|code)=)"
    r"([^&;\s\"'#<>]+)",
    re.IGNORECASE,
)
# An API client's token (scheduling.services.api_clients.TOKEN_PREFIX), and
# any bearer credential written out.
_API_TOKEN = re.compile(r"\bhsa_[A-Za-z0-9_\-]{6,}")
_BEARER = re.compile(r"(\bBearer\s+)([^\s\"',]+)", re.IGNORECASE)


def redact(text: str) -> str:
    if not text or not isinstance(text, str):
        return text
    text = _PRIVATE_PATH.sub(rf"\1{REDACTED}", text)
    text = _SECRET_PARAM.sub(rf"\1{REDACTED}", text)
    text = _BEARER.sub(rf"\1{REDACTED}", text)
    return _API_TOKEN.sub(f"hsa_{REDACTED}", text)


_traceback = logging.Formatter()


class RedactSecretsFilter(logging.Filter):
    """The record's message and traceback, redacted, before any formatter reads them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _traceback.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
