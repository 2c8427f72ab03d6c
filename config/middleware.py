"""Request hygiene that no view should have to repeat."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


# The staff's pages: the admin (with the board and the routing report) and the call-centre console.
STAFF_PATHS = ("/admin/", "/call-centre/")


def staff_language(request) -> str:
    """The language the staff member chose (the cookie /i18n/setlang/ sets),
    else the institution's. A workstation's browser language is no choice of
    the person signed in on it, so Accept-Language is not read."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class StaffLanguageMiddleware:
    """The public site is French at / and English at /en/ (i18n_patterns
    without a default prefix), so LocaleMiddleware gives every unprefixed
    path, the staff's included, the site's language. Staff pages have no
    language prefix to carry a choice: there, the staff member's own choice,
    kept in the language cookie, is honoured instead. Runs just after
    LocaleMiddleware, which then names the language in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(STAFF_PATHS):
            return self.get_response(request)
        translation.activate(staff_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response
