import uuid

from django.conf import settings
from django.contrib import messages

from audit.context import REQUEST_ID_PATTERN, AuditChannel, acting, actor_for_public, actor_for_user
from config.middleware import MACHINE_PATHS

# First path segment -> channel. Everything else is the public site.
_CHANNELS = {
    "admin": AuditChannel.ADMIN,
    "api": AuditChannel.API,
    "fhir": AuditChannel.API,
    "portal": AuditChannel.PORTAL,
    "call-centre": AuditChannel.CALL_CENTRE,
}


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
    their changes share one pseudonymous actor in the trail. The key is chosen
    before the view runs (the trail's triggers need the actor), but the
    session is stored only if the post was accepted: see _keep_new_session."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None and request.method == "POST":
        session._session_key = request.new_visitor_session = session._get_new_session_key()
    return session.session_key


def _accepted(request, response) -> bool:
    """A form post the site accepted answers with a redirect and no error message."""
    if not 300 <= response.status_code < 400:
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return not any(message.level >= messages.ERROR for message in queued)


def _keep_new_session(request, response) -> None:
    """Store the session made for this post if the post was accepted; a
    refused post (a 4xx, a form shown again, an error message) leaves none."""
    key = getattr(request, "new_visitor_session", None)
    if key is None or request.session.session_key != key:
        return  # not a new visitor's post, or the view made its own session (a login)
    if _accepted(request, response):
        request.session.save(must_create=True)
        request.session.modified = True  # the session middleware sets the cookie
    else:
        request.session._session_key = None


class AuditContextMiddleware:
    """Attribute every audited change and read made during a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = actor_for_user(user)
        elif request.path.startswith(MACHINE_PATHS):
            # Another system: no session; its API client is the actor of its
            # changes (the services attribute them to the client's account).
            actor = actor_for_public(None)
        else:
            actor = actor_for_public(_session_key(request))
        request_id = request.request_id = _request_id(request)
        with acting(actor=actor, channel=_channel(request.path), request_id=request_id):
            response = self.get_response(request)
        _keep_new_session(request, response)
        response["X-Request-ID"] = request_id
        return response
