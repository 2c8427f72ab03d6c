import re

from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError, models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit import admin as audit_admin
from audit.events import record_read
from audit.models import Action, Event
from hospital.admin_base import PlatformModelAdmin
from hospital.db_refusals import refusal_message
from hospital.models import Affiliation, Department, Practitioner
from scheduling.models import (
    Absence,
    Agenda,
    ApiClient,
    Booking,
    CallCentre,
    CallCentreAgent,
    OpeningRule,
    PartnerOptIn,
    Patient,
    Slot,
    VisitReason,
    WaitlistEntry,
)
from scheduling.selectors.access import departments_for, patients_for
from scheduling.services import agendas, api_clients, partners
from scheduling.services.refusals import Refused
from scheduling.staff.urls import staff_urlpatterns
from scheduling.templatetags.clock import clock_text


class DepartmentScopedAdmin(PlatformModelAdmin):
    """A secretary sees and changes only the rows of their departments: in
    lists, search, autocompletes, choices and direct URLs (404 otherwise)."""

    department_path: str = "department"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=self.in_scope(request.user).values("pk"))

    def in_scope(self, user) -> models.QuerySet:
        # A subquery rather than a join: a row reached several ways is listed once.
        scope = {f"{self.department_path}__in": departments_for(user)}
        return self.model.objects.filter(**scope)

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # not theirs, or not there: the same answer
        return found

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = _choices_for(request.user, db_field.related_model)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = _choices_for(request.user, db_field.related_model)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _choices_for(user, model) -> models.QuerySet | None:
    """The rows of `model` a secretary may point a foreign key at: those of
    their departments (None: the model is not scoped by department). An
    administrator's are all of them, as departments_for() says."""
    departments = departments_for(user)
    if model is Department:
        return departments
    if model is Practitioner:
        affiliated = Affiliation.objects.filter(department__in=departments)
        return Practitioner.objects.filter(pk__in=affiliated.values("practitioner_id"))
    by_agenda = {Agenda: "department", VisitReason: "agenda__department"}
    by_agenda |= {OpeningRule: "agenda__department", Slot: "agenda__department"}
    if model in by_agenda:
        return model.objects.filter(**{f"{by_agenda[model]}__in": departments})
    return None


class ThroughServicesAdmin(DepartmentScopedAdmin):
    """Agendas' hours, absences, reasons and slots change in the admin through
    scheduling.services.agendas, exactly as in the portal: the form validates,
    one service call writes, and a refusal (bookings in the way, named) is a
    message. The service owns its transaction, so these views do not open one
    around it, and the service sets the many-to-many fields itself."""

    actions = None  # no bulk change that would skip the services
    readonly_after_creation: tuple[str, ...] = ()

    # Django's changeform_view and delete_view run their private halves inside
    # transaction.atomic(); here the service's own (durable) transaction is the
    # only one, so the halves are called directly.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusals_as_messages(
            request, lambda: self._changeform_view(request, object_id, form_url, extra_context)
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self._refusals_as_messages(
            request, lambda: self._delete_view(request, object_id, extra_context)
        )

    def _refusals_as_messages(self, request, view) -> HttpResponse:
        try:
            return view()
        except Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
        except IntegrityError as error:  # refused by the database: the service rolled back
            self.message_user(
                request,
                _("Refused: %(reason)s") % {"reason": refusal_message(error)},
                messages.ERROR,
            )
        return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change) -> None:
        saved = self.save_through_service(obj, form, by=request.user, change=change)
        obj.pk = saved.pk  # what the admin logs and redirects to

    def save_through_service(self, obj, form, *, by, change: bool) -> models.Model:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the service saved the many-to-many fields, in its transaction

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_after_creation if obj is not None else ()


class VisitReasonInline(admin.TabularInline):
    """Shown on the agenda; changed on the reason's own page (through the service)."""

    model = VisitReason
    fields = [
        "label",
        "duration_minutes",
        "online_bookable",
        "for_new_patients",
        "for_returning_patients",
    ]
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agenda)
class AgendaAdmin(ThroughServicesAdmin):
    """Closing an agenda (unticking "open for booking") cancels its upcoming
    appointments through the service, and tells each patient."""

    list_display = [
        "practitioner",
        "department",
        "establishment",
        "is_active",
        "reserved_share",
        "release_hours",
    ]
    list_filter = ["is_active", "department__establishment", "department__specialty"]
    list_select_related = ["practitioner", "department__establishment"]
    search_fields = ["practitioner__last_name", "=practitioner__rpps", "department__name"]
    autocomplete_fields = ["practitioner", "department"]
    inlines = [VisitReasonInline]

    @admin.display(description=_("establishment"), ordering="department__establishment__name")
    def establishment(self, agenda: Agenda):
        return agenda.department.establishment

    def get_readonly_fields(self, request, obj=None):
        return ("weekly_hours",) if obj is not None else ()

    @admin.display(description=_("weekly hours"))
    def weekly_hours(self, agenda: Agenda):
        return format_html(
            '<a href="{}?agenda={}">{}</a>',
            reverse("admin:scheduling_openingrule_add"),
            agenda.pk,
            _("Add weekly hours to this agenda"),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class ClosingForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # A form sent without the reservation's fields leaves them as
                # they are (ModelForm keeps a defaulted field left out of the data).
                for name in ("reserved_share", "reserved_for", "release_hours"):
                    if name in self.fields:
                        self.fields[name].required = False

            def clean(self):
                data = super().clean()
                # Closing cancels the upcoming bookings first (save_model): the
                # model's "stays open while booked" check is the service's here.
                self.instance.closes_through_service = not data.get("is_active", True)
                return data

        return ClosingForm

    def save_model(self, request, obj, form, change) -> None:
        if change and "is_active" in form.changed_data and not obj.is_active:
            cancelled = agendas.close_agenda(
                obj, reason=str(_("The agenda was closed by the hospital.")), by=request.user
            )
            if cancelled:
                self.message_user(
                    request,
                    _("%(count)d upcoming appointments were cancelled; each patient is being told.")
                    % {"count": len(cancelled)},
                    messages.WARNING,
                )
            return
        agendas.save_agenda(obj, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        admin.ModelAdmin.save_related(self, request, form, formsets, change)  # read-only inline


@admin.register(VisitReason)
class VisitReasonAdmin(ThroughServicesAdmin):
    department_path = "agenda__department"
    list_display = ["label", "agenda", "duration_minutes", "online_bookable"]
    list_filter = ["online_bookable", "for_new_patients", "for_returning_patients"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["label", "agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]
    readonly_after_creation = ("agenda",)

    def save_through_service(self, obj, form, *, by, change):
        fields = {name: form.cleaned_data[name] for name in agendas.REASON_FIELDS}
        if not change:
            return agendas.add_reason(obj.agenda, by=by, **fields)
        changed = {name: fields[name] for name in form.changed_data if name in fields}
        return agendas.update_reason(obj, by=by, **changed)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # bookings and opening rules point at it


@admin.register(OpeningRule)
class OpeningRuleAdmin(ThroughServicesAdmin):
    """Weekly hours: added, or given a last day (valid until); never rewritten,
    since booked slots were made from them."""

    department_path = "agenda__department"
    list_display = [
        "agenda",
        "weekday",
        "start_time",
        "end_time",
        "valid_from",
        "valid_until",
        "reserved_for",
    ]
    list_filter = ["weekday", "reserved_for"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name"]
    autocomplete_fields = ["agenda"]
    readonly_after_creation = (
        "agenda",
        "weekday",
        "start_time",
        "end_time",
        "valid_from",
        "reasons",
        "reserved_for",
    )

    class Media:
        js = ["admin/js/jquery.init.js", "js/opening_rule_admin.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reasons":
            # A handful of the agenda's own: boxes to tick (the admin's two-list
            # widget marks its search icons with ARIA that axe-core refuses).
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "reasons":
            # The reasons of the agenda chosen (in the URL, or posted), never of
            # every agenda in scope: ~94 look-alike "Consultation" lines otherwise.
            agenda = request.POST.get("agenda") or request.GET.get("agenda") or ""
            reasons = field.queryset.filter(agenda_id=agenda if agenda.isdigit() else None)
            field.queryset = reasons.select_related(
                "agenda__practitioner", "agenda__department__establishment"
            )
            field.label_from_instance = reason_choice_label
            if not agenda.isdigit():
                field.help_text = _("Choose the agenda first: its visit reasons are listed then.")
        return field

    def save_through_service(self, obj, form, *, by, change):
        if change:
            return agendas.end_rule(obj, valid_until=obj.valid_until, by=by).rule
        data = form.cleaned_data
        fields = [
            "weekday",
            "start_time",
            "end_time",
            "valid_from",
            "valid_until",
            "reasons",
            "reserved_for",
        ]
        return agendas.add_rule(obj.agenda, by=by, **{name: data[name] for name in fields}).rule

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # its slots point at it: give it a last day instead


def reason_choice_label(reason: VisitReason) -> str:
    """A reason as a choice among others: its name, then whose agenda it is."""
    return f"{reason} — {reason.agenda.practitioner}, {reason.agenda.department}"


@admin.register(Absence)
class AbsenceAdmin(ThroughServicesAdmin):
    """Added over free slots only (they close at once), removed (they reopen),
    never rewritten."""

    department_path = "agenda__department"
    list_display = ["agenda", "start", "end", "label"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name", "label"]
    autocomplete_fields = ["agenda"]
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change) -> None:
        added = agendas.add_absence(
            obj.agenda, start=obj.start, end=obj.end, label=obj.label, by=request.user
        )
        obj.pk = added.absence.pk
        if added.to_rebook:
            self.message_user(request, agendas.displaced_message(added.to_rebook), messages.WARNING)

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        agendas.remove_absence(obj, by=request.user)


@admin.register(PartnerOptIn)
class PartnerOptInAdmin(ThroughServicesAdmin):
    """The agendas of their departments that staff opt in to a partner portal
    (the practitioner does it in the portal), through services.partners:
    added (opted in) or deleted (opted out), never rewritten."""

    department_path = "agenda__department"
    list_display = ["agenda", "client", "created_at", "created_by"]
    list_filter = ["client"]
    list_select_related = ["agenda__practitioner", "agenda__department", "client", "created_by"]
    autocomplete_fields = ["agenda"]
    fields = ["agenda", "client"]

    def _manages(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.has_perm("scheduling.change_agenda")

    def has_module_permission(self, request) -> bool:
        return self._manages(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._manages(request)

    def has_add_permission(self, request) -> bool:
        return self._manages(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._manages(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "client":
            kwargs["queryset"] = ApiClient.objects.active().partners()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_through_service(self, obj, form, *, by, change: bool) -> models.Model:
        partners.set_opt_in(agenda=obj.agenda, client=obj.client, opted_in=True, by=by)
        return PartnerOptIn.objects.get(agenda=obj.agenda, client=obj.client)

    def delete_model(self, request, obj) -> None:
        partners.set_opt_in(agenda=obj.agenda, client=obj.client, opted_in=False, by=request.user)


@admin.register(Slot)
class SlotAdmin(ThroughServicesAdmin):
    """Opened by hand, or opened and closed; moving a slot is moving its bookings."""

    department_path = "agenda__department"
    list_display = ["agenda", "local_start", "end", "status", "reserved_for", "opens_to_all_at"]
    list_filter = ["status", "reserved_for", "agenda__department__establishment"]
    list_select_related = ["agenda__practitioner", "agenda__department__establishment"]
    search_fields = ["agenda__practitioner__last_name", "=agenda__practitioner__rpps"]
    raw_id_fields = ["agenda", "rule"]
    date_hierarchy = "start"
    show_full_result_count = False
    readonly_after_creation = ("agenda", "start", "end", "rule", "reserved_for", "opens_to_all_at")

    def get_fields(self, request, obj=None):
        return (
            ["agenda", "start", "end"]
            if obj is None
            else ["agenda", "start", "end", "rule", "status", "reserved_for", "opens_to_all_at"]
        )

    def save_through_service(self, obj, form, *, by, change):
        if change:
            return agendas.set_slot_open(obj, is_open=obj.status == Slot.Status.OPEN, by=by)
        return agendas.add_slot(obj.agenda, start=obj.start, end=obj.end, by=by)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # bookings point at it: close it instead

    @admin.display(description=_("start (local time)"), ordering="start")
    def local_start(self, slot: Slot) -> str:
        return clock_text(slot.start, "Y-m-d H:i")


class RecordsReadsMixin:
    """Opening a patient's record or booking is a read of health data: audited."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_read(self.model._meta.db_table, object_id)
        return response


@admin.register(Patient)
class PatientAdmin(RecordsReadsMixin, DepartmentScopedAdmin):
    """Staff reach the patients of their departments' bookings, and search those (audited)."""

    list_display = ["last_name", "first_name", "birth_date"]
    search_fields = ["last_name", "first_name", "=email", "=phone"]
    # The language is the patient's choice on the public site: notices follow it.
    readonly_fields = ["public_id", "language", "created_at"]

    def in_scope(self, user) -> models.QuerySet:
        return patients_for(user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # patients stay: their bookings point at them

    def log_repr(self, obj: Patient) -> str:
        return f"patient #{obj.pk}"  # never the name: the admin's log keeps it in clear

    def get_search_results(self, request, queryset, search_term):
        """A patient search by staff is a read of health data: audited, with the
        patients it returned; the search words are identity too, so the
        database keeps them only as a keyed hash ("masked")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            record_read(
                "scheduling_patient",
                "search",
                detail={
                    "masked": {"query": search_term},
                    "results": list(results.values_list("pk", flat=True)[:100]),
                },
            )
        return results, may_have_duplicates


def _bookings_named(term: str) -> list[tuple[str, str]]:
    """The bookings a search of the trail names by the reference staff see
    (the public reference's first eight characters, or all of it)."""
    term = term.lower().replace("-", "")
    if not re.fullmatch(r"[0-9a-f]{8}|[0-9a-f]{32}", term):
        return []
    bookings = (
        Booking.objects.filter(public_id__startswith=term)
        if len(term) == 8
        else (Booking.objects.filter(public_id=term))
    )
    return [(Booking._meta.db_table, str(pk)) for pk in bookings.values_list("pk", flat=True)[:20]]


audit_admin.reference_resolvers.append(_bookings_named)


@admin.register(Booking)
class BookingAdmin(RecordsReadsMixin, DepartmentScopedAdmin):
    department_path = "slot__agenda__department"
    # Short columns: the list fits a 1,280-pixel screen (the slot's str repeats the practitioner).
    list_display = ["reference", "patient", "when", "practitioner", "reason", "status", "to_rebook"]
    list_filter = ["status", "to_rebook", "channel", "slot__agenda__department__establishment"]
    list_select_related = ["patient", "reason", "slot__agenda__practitioner"]
    search_fields = ["=public_id", "patient__last_name", "slot__agenda__practitioner__last_name"]
    raw_id_fields = ["slot", "patient", "reason", "created_by", "cancelled_by"]
    readonly_fields = ["public_id", "created_at", "hold_expires_at", "held_by", "sequence"]
    actions = None

    @admin.display(description=_("reference"), ordering="public_id")
    def reference(self, booking: Booking) -> str:
        return booking.public_id.hex[:8]

    @admin.display(description=_("when"), ordering="slot__start")
    def when(self, booking: Booking) -> str:
        return clock_text(booking.slot.start, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("practitioner"), ordering="slot__agenda__practitioner__last_name")
    def practitioner(self, booking: Booking) -> str:
        return booking.slot.agenda.practitioner.last_name

    def log_repr(self, obj: Booking) -> str:
        return f"booking #{obj.pk}"  # its str() names the patient

    # Bookings change only through scheduling.services.booking (locks, caps, cutoff):
    # the admin shows them; booking on a caller's behalf is a staff screen of
    # its own, not a model form.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled, never deleted

    def history_view(self, request, object_id, extra_context=None):
        """The booking's history is its audit trail, not Django's admin log:
        bookings change through the services, which the admin log never sees.
        The booking is looked up through the staff member's scope first (404)."""
        booking = self.get_object(request, object_id)
        trail = []
        if booking is not None:
            trail = (
                Event.objects.filter(object_type=Booking._meta.db_table, object_id=str(booking.pk))
                .exclude(action=Action.READ)
                .order_by("seq")
            )
        return super().history_view(request, object_id, {**(extra_context or {}), "trail": trail})

    def get_urls(self):
        return staff_urlpatterns(self.admin_site) + super().get_urls()


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(DepartmentScopedAdmin):
    """The waiting lists of the staff member's departments, in order; changes
    happen through the public site and the offers (services.waitlist)."""

    list_display = ["created_at", "patient", "reason", "specialty", "wanted_before", "status"]
    list_filter = ["status"]
    list_select_related = ["patient", "reason__agenda__practitioner", "specialty"]
    raw_id_fields = ["patient", "reason", "specialty", "establishment", "offer"]

    def in_scope(self, user) -> models.QuerySet:
        departments = departments_for(user)
        same_department = departments.filter(
            specialty=models.OuterRef("specialty"), establishment=models.OuterRef("establishment")
        )
        return WaitlistEntry.objects.filter(
            models.Q(reason__agenda__department__in=departments) | models.Exists(same_department)
        )

    readonly_fields = ["public_id", "created_at"]
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(PlatformModelAdmin):
    """Administrators only: a client's scope is a right over patients' bookings."""

    list_display = [
        "name",
        "kind",
        "is_active",
        "can_read",
        "can_book",
        "token_prefix",
        "created_at",
    ]
    list_filter = ["kind", "is_active", "can_read", "can_book"]
    search_fields = ["name"]
    filter_horizontal = ["establishments", "departments"]
    readonly_fields = ["public_id", "token_prefix", "created_at"]
    fields = [
        "name",
        "kind",
        "is_active",
        "can_read",
        "can_book",
        "establishments",
        "departments",
        "public_id",
        "token_prefix",
        "created_at",
    ]
    actions = ["issue_new_token"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate it: the trail keeps pointing at it

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            token = api_clients.issue_identity(obj)
            self.message_user(
                request,
                _("The client's token, shown this once only: %(token)s") % {"token": token},
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Issue a new token (the current one stops working)"))
    def issue_new_token(self, request, queryset) -> None:
        for client in queryset:
            token = api_clients.rotate_token(client)
            self.message_user(
                request,
                _("New token of %(client)s, shown this once only: %(token)s")
                % {"client": client, "token": token},
                messages.WARNING,
            )


class CallCentreAgentInline(admin.TabularInline):
    model = CallCentreAgent
    raw_id_fields = ["user"]
    extra = 1


@admin.register(CallCentre)
class CallCentreAdmin(PlatformModelAdmin):
    """Administrators only: the institution manages the agents' accounts and
    what their call centre may book. An agent added here is put in the
    call-centre role (scheduling.roles), the console's only right."""

    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    filter_horizontal = ["establishments", "specialties"]
    inlines = [CallCentreAgentInline]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate it: the routing report keeps counting its bookings

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        from django.contrib.auth.models import Group

        from scheduling.roles import CALL_CENTRE

        role = Group.objects.get(name=CALL_CENTRE)
        for agent in formset.queryset.model.objects.filter(call_centre=form.instance):
            agent.user.groups.add(role)
