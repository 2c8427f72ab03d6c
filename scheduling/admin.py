import hashlib

from django.contrib import admin
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.events import record_read
from hospital.admin_base import PlatformModelAdmin
from hospital.models import Department
from scheduling.models import Absence, Agenda, Booking, OpeningRule, Patient, Slot, VisitReason
from scheduling.selectors.access import departments_for


class DepartmentScopedAdmin(PlatformModelAdmin):
    """A secretary sees and changes only the rows of their departments: in
    lists, search, autocompletes, choices and direct URLs (404 otherwise)."""

    department_path: str = "department"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = {f"{self.department_path}__in": departments_for(request.user)}
        in_scope = queryset.model.objects.filter(**scope).values("pk")
        # A subquery rather than a join: a patient with several bookings is listed once.
        return queryset.filter(pk__in=in_scope)

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # not theirs, or not there: the same answer
        return found

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        departments = departments_for(request.user)
        if db_field.related_model is Department:
            kwargs["queryset"] = departments
        elif db_field.related_model is Agenda:
            kwargs["queryset"] = Agenda.objects.filter(department__in=departments)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class AgendaAdmin(DepartmentScopedAdmin):
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
class VisitReasonAdmin(DepartmentScopedAdmin):
    department_path = "agenda__department"
    list_display = ["label", "agenda", "duration_minutes", "online_bookable"]
    list_filter = ["online_bookable", "for_new_patients", "for_returning_patients"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["label", "agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]


@admin.register(OpeningRule)
class OpeningRuleAdmin(DepartmentScopedAdmin):
    department_path = "agenda__department"
    list_display = ["agenda", "weekday", "start_time", "end_time", "valid_from", "valid_until"]
    list_filter = ["weekday"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]
    filter_horizontal = ["reasons"]


@admin.register(Absence)
class AbsenceAdmin(DepartmentScopedAdmin):
    department_path = "agenda__department"
    list_display = ["agenda", "start", "end", "label"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name", "label"]
    autocomplete_fields = ["agenda"]
    date_hierarchy = "start"


@admin.register(Slot)
class SlotAdmin(DepartmentScopedAdmin):
    department_path = "agenda__department"
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
class PatientAdmin(RecordsReadsMixin, DepartmentScopedAdmin):
    """A secretary sees the patients who have bookings in their departments."""

    department_path = "bookings__slot__agenda__department"
    list_display = ["last_name", "first_name", "birth_date"]
    search_fields = ["last_name", "first_name", "=email", "=phone"]
    readonly_fields = ["public_id", "created_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # patients stay: their bookings point at them

    def get_search_results(self, request, queryset, search_term):
        """A patient search by staff is a read of health data: audited, with the
        patients it returned (the search words themselves are hashed)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            record_read(
                "scheduling_patient",
                "search",
                detail={
                    "query_sha256": hashlib.sha256(search_term.encode()).hexdigest()[:16],
                    "results": list(results.values_list("pk", flat=True)[:100]),
                },
            )
        return results, may_have_duplicates


@admin.register(Booking)
class BookingAdmin(RecordsReadsMixin, DepartmentScopedAdmin):
    department_path = "slot__agenda__department"
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

    # Bookings change only through scheduling.services.booking (locks, caps, cutoff):
    # the admin shows them; booking on a caller's behalf is a staff screen of
    # its own, not a model form.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled, never deleted

    def get_urls(self):
        from scheduling.staff.urls import staff_urlpatterns

        return staff_urlpatterns(self.admin_site) + super().get_urls()
