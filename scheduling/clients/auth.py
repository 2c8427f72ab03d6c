"""Who calls the API: an API client, by its bearer token; what it may do; how often.

Shared by the REST API and FHIR. The request's user is the client's service
account (so services attribute the change to it in the audit trail) and
`request.auth` the client itself.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from audit.context import acting_as
from audit.events import record_read
from scheduling.models import ApiClient
from scheduling.services.api_clients import client_for_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            token = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        client = client_for_token(token)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return client.user, client

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


def client_of(request) -> ApiClient:
    return request.auth


class IsApiClient(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiClient)


class CanRead(IsApiClient):
    message = _("This API client may not read availability.")

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request.auth.can_read


class CanBook(IsApiClient):
    message = _("This API client may not book.")

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request.auth.can_book


class PerClientThrottle(throttling.SimpleRateThrottle):
    """API_RATE requests per client, counted in the shared cache (Redis in production)."""

    scope = "api_client"

    def get_rate(self) -> str:
        return settings.API_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiClient):
            return None  # refused before throttling: no client, nothing to count
        return f"throttle_api_client_{request.auth.pk}"


def record_bookings_read(request, bookings) -> None:
    """Another system read these appointments (and their patients' references):
    the trail records the read with the client as actor, as it does a
    secretary's. Nothing is recorded when nothing was shown."""
    shown = [booking.pk for booking in bookings]
    with acting_as(client_of(request).user):
        if len(shown) == 1:
            record_read("scheduling_booking", shown[0])
        elif shown:
            record_read("scheduling_booking", "api-search", detail={"bookings": shown})
