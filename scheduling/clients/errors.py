"""Every refusal as a structured 4xx: {"code": …, "message": …}, never a 500.

`code` comes from the platform's one refusal vocabulary (RefusalCode) for
the rules, or names the HTTP-level problem (not_found, invalid, …).
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from scheduling.clients.parsing import BodyTooLarge
from scheduling.services.refusals import RefusalCode, Refused

# Refusals about the state of things another request changed: a 409.
CONFLICTS = frozenset(
    {RefusalCode.SLOT_TAKEN, RefusalCode.NOT_ACTIVE, RefusalCode.IDEMPOTENCY_MISMATCH}
)


def refusal_status(refusal: Refused) -> int:
    if refusal.code == RefusalCode.TOO_MANY_HOLDS:
        return status.HTTP_429_TOO_MANY_REQUESTS  # until one of its holds ends
    if refusal.code == RefusalCode.VERSION_CHANGED:
        return status.HTTP_412_PRECONDITION_FAILED
    if refusal.code in CONFLICTS:
        return status.HTTP_409_CONFLICT
    return status.HTTP_422_UNPROCESSABLE_ENTITY


def _code(error: exceptions.APIException) -> str:
    if isinstance(error, exceptions.ValidationError | exceptions.ParseError):
        return "invalid"  # a field, or the body as a whole (scheduling.clients.parsing)
    if isinstance(error, exceptions.NotFound):
        return "not_found"
    if isinstance(error, exceptions.Throttled):
        return "throttled"
    return error.default_code


def handle(error, context) -> Response:
    if isinstance(error, Refused):
        return Response(
            {"code": str(error.code), "message": error.message}, status=refusal_status(error)
        )
    if isinstance(error, Http404):
        error = exceptions.NotFound(_("Not found."))
    elif isinstance(error, PermissionDenied):
        error = exceptions.PermissionDenied()
    elif isinstance(error, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE
        error = BodyTooLarge()
    response = exception_handler(error, context)
    if response is None:
        return None  # a bug: Django's 500 page, and the error logged
    body = {"code": _code(error), "message": _message(error)}
    if isinstance(error, exceptions.ValidationError):
        body["fields"] = error.detail
    response.data = body
    return response


def _message(error: exceptions.APIException) -> str:
    if isinstance(error, exceptions.ValidationError):
        return _("The request is not valid: see fields.")
    detail = error.detail
    return str(detail if not isinstance(detail, list | dict) else error.default_detail)
