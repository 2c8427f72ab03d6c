from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.events import record_read
from hospital.admin_mixins import PlatformModelAdmin
from scheduling.models import Absence, Agenda, Booking, OpeningRule, Patient, Slot, VisitReason


class VisitReasonInline(admin.TabularInline):
    model = VisitReason
    fields = [
        "label",
        "duration_minutes",
        "online_bookable",
        "for_new_patients",
        "for_returning_patients",
    ]
    extra = 0


@admin.register(Agenda)
class AgendaAdmin(PlatformModelAdmin):
    list_display = ["practitioner", "department", "establishment", "is_active"]
    list_filter = ["is_active", "department__establishment", "department__specialty"]
    list_select_related = ["practitioner", "department__establishment"]
    search_fields = ["practitioner__last_name", "=practitioner__rpps", "department__name"]
    autocomplete_fields = ["practitioner", "department"]
    inlines = [VisitReasonInline]

    @admin.display(description=_("establishment"), ordering="department__establishment__name")
    def establishment(self, agenda: Agenda):
        return agenda.department.establishment


@admin.register(VisitReason)
class VisitReasonAdmin(PlatformModelAdmin):
    list_display = ["label", "agenda", "duration_minutes", "online_bookable"]
    list_filter = ["online_bookable", "for_new_patients", "for_returning_patients"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["label", "agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]


@admin.register(OpeningRule)
class OpeningRuleAdmin(PlatformModelAdmin):
    list_display = ["agenda", "weekday", "start_time", "end_time", "valid_from", "valid_until"]
    list_filter = ["weekday"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]
    filter_horizontal = ["reasons"]


@admin.register(Absence)
class AbsenceAdmin(PlatformModelAdmin):
    list_display = ["agenda", "start", "end", "label"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name", "label"]
    autocomplete_fields = ["agenda"]
    date_hierarchy = "start"


@admin.register(Slot)
class SlotAdmin(PlatformModelAdmin):
    list_display = ["agenda", "local_start", "end", "status"]
    list_filter = ["status", "agenda__department__establishment"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name", "=agenda__practitioner__rpps"]
    raw_id_fields = ["agenda", "rule"]
    date_hierarchy = "start"
    show_full_result_count = False

    @admin.display(description=_("start (local time)"), ordering="start")
    def local_start(self, slot: Slot) -> str:
        return timezone.localtime(slot.start).strftime("%Y-%m-%d %H:%M")


class RecordsReadsMixin:
    """Opening a patient's record or booking is a read of health data: audited."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_read(self.model._meta.db_table, object_id)
        return response


@admin.register(Patient)
class PatientAdmin(RecordsReadsMixin, PlatformModelAdmin):
    list_display = ["last_name", "first_name", "birth_date"]
    search_fields = ["last_name", "first_name", "=email", "=phone"]
    readonly_fields = ["public_id", "created_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # patients stay: their bookings point at them


@admin.register(Booking)
class BookingAdmin(RecordsReadsMixin, PlatformModelAdmin):
    list_display = ["reference", "patient", "slot", "reason", "channel", "status"]
    list_filter = ["status", "channel", "slot__agenda__department__establishment"]
    list_select_related = ["patient", "reason", "slot__agenda__practitioner"]
    search_fields = ["=public_id", "patient__last_name", "slot__agenda__practitioner__last_name"]
    raw_id_fields = ["slot", "patient", "reason", "created_by", "cancelled_by"]
    readonly_fields = ["public_id", "created_at", "hold_expires_at"]
    actions = None

    @admin.display(description=_("reference"), ordering="public_id")
    def reference(self, booking: Booking) -> str:
        return booking.public_id.hex[:8]

    # Bookings change only through scheduling.booking (locks, caps, cutoff):
    # the admin shows them; booking on a caller's behalf is a staff screen of
    # its own, not a model form.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled, never deleted
