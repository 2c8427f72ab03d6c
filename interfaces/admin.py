from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hospital.admin_base import PlatformModelAdmin
from interfaces.models import Dispatch, DispatchAttempt, Endpoint
from interfaces.replay import replay_dead_letters


@admin.register(Endpoint)
class EndpointAdmin(PlatformModelAdmin):
    list_display = ("name", "kind", "address", "active")
    list_filter = ("kind", "active")
    fields = (
        "name",
        "kind",
        "address",
        "secret",
        "receiving_application",
        "receiving_facility",
        "active",
        "client",
        "criteria",
        "payload",
    )
    # A FHIR Subscription is made by its API client (POST /fhir/Subscription).
    readonly_fields = ("client", "criteria", "payload")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate it: its delivery log keeps naming it


class AttemptInline(admin.TabularInline):
    model = DispatchAttempt
    fields = ("started_at", "duration_ms", "outcome", "ack_code", "detail")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Dispatch)
class DispatchAdmin(PlatformModelAdmin):
    """What each system was sent, is owed, or refused: the dead letters are
    found with the status filter and replayed with the action."""

    list_display = (
        "control_id",
        "kind",
        "booking_id",
        "endpoint",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    )
    list_filter = ("status", "endpoint", "event__kind")
    list_select_related = ("event", "endpoint")
    search_fields = ("=booking_id",)
    readonly_fields = (
        "control_id",
        "event",
        "endpoint",
        "booking_id",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    )
    fields = readonly_fields
    inlines = [AttemptInline]
    actions = ["replay"]

    @admin.display(description=_("message control id"))
    def control_id(self, obj: Dispatch) -> str:
        return obj.control_id

    @admin.display(description=_("kind"), ordering="event__kind")
    def kind(self, obj: Dispatch) -> str:
        return obj.event.get_kind_display()

    @admin.action(description=_("Send the selected dead letters again"), permissions=["change"])
    def replay(self, request, queryset):
        replayed = replay_dead_letters(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d dead letter goes back in the line.",
                "%(count)d dead letters go back in the line.",
                replayed,
            )
            % {"count": replayed},
            messages.SUCCESS if replayed else messages.WARNING,
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
