"""What a visitor or another system is answered when a request fails on the server.

A database that cannot be reached in time (connect timeout), a statement the
server cancelled (statement timeout), a connection lost mid-request: the
request could not be served now and may be retried, which is a 503 with
Retry-After, not a 500 — the page says so in the visitor's language, the API
and FHIR answer their own JSON. Anything else is Django's own 500. The error
is logged either way (django.request), with its traceback.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

from config.middleware import MACHINE_PATHS

RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    """The error, or one it was raised from, says the database could not serve."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__
    return False


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """handler500: Django calls it inside its handler of the uncaught exception."""
    if not database_unavailable(sys.exc_info()[1]):
        return django_server_error(request, template_name)
    response = _unavailable(request.path)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unavailable(path: str) -> HttpResponse:
    message = _("The service is temporarily unavailable. Please try again in a few minutes.")
    if path.startswith("/fhir/"):
        issue = {"severity": "error", "code": "transient", "diagnostics": message}
        return JsonResponse(
            {"resourceType": "OperationOutcome", "issue": [issue]},
            status=503,
            content_type="application/fhir+json",
        )
    if path.startswith(MACHINE_PATHS):
        return JsonResponse({"code": "unavailable", "message": message}, status=503)
    # Rendered without the request's context: the session, the messages and
    # the visitor's user may all need the database that just failed.
    return HttpResponse(loader.render_to_string("503.html"), status=503)
