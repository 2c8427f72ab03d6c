"""Request hygiene that no view should have to repeat."""

from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse

# The APIs for other systems (REST and FHIR), which answer JSON, never a page.
MACHINE_PATHS = ("/api/", "/fhir/")


class NulByteInRequest(SuspiciousOperation):
    """Answered 400 Bad Request (and logged by django.security)."""


class RefuseNulBytesMiddleware:
    """No text in the platform contains a NUL byte, and PostgreSQL refuses one
    in any query: a URL or query string carrying one (`?q=%00`, in an admin
    search or autocomplete) is a bad request, not a server error. Form fields
    refuse it on their own (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/fhir/"):
                from scheduling.fhir.resources import operation_outcome

                return JsonResponse(
                    operation_outcome(400, "NUL byte in the URL"),
                    status=400,
                    content_type="application/fhir+json",
                )
            if request.path.startswith(MACHINE_PATHS):
                # Other systems read a structured refusal (scheduling.clients.errors).
                return JsonResponse(
                    {"code": "invalid", "message": "NUL byte in the URL"}, status=400
                )
            raise NulByteInRequest("NUL byte in the URL")
        return self.get_response(request)
