import uuid

from django.conf import settings

from audit.context import REQUEST_ID_PATTERN, AuditChannel, acting, actor_for_public, actor_for_user

# First path segment -> channel. Everything else is the public site.
_CHANNELS = {"admin": AuditChannel.ADMIN, "api": AuditChannel.API, "portal": AuditChannel.PORTAL}


def _channel(path: str) -> str:
    first = path.lstrip("/").split("/", 1)[0]
    if first in dict(settings.LANGUAGES):  # /fr/admin/ as well as /admin/
        first = path.lstrip("/").split("/", 2)[1] if path.count("/") > 1 else ""
    return _CHANNELS.get(first, AuditChannel.WEB)


def _request_id(request) -> str:
    # Keep the id a proxy gave the request, so logs and the trail line up, but
    # never let a client write arbitrary text into the audit trail.
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID_PATTERN.match(given) else uuid.uuid4().hex


def _session_key(request) -> str | None:
    """A visitor who writes (books, confirms, cancels) gets a session, so that
    their changes share one pseudonymous actor in the trail."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None and request.method == "POST":
        session.save()
    return session.session_key


class AuditContextMiddleware:
    """Attribute every audited change and read made during a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = actor_for_user(user)
        else:
            actor = actor_for_public(_session_key(request))
        request_id = _request_id(request)
        with acting(actor=actor, channel=_channel(request.path), request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
