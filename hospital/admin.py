from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from hospital import guards
from hospital.admin_base import PlatformModelAdmin
from hospital.models import (
    Affiliation,
    Department,
    Establishment,
    Membership,
    Practitioner,
    Specialty,
)
from hospital.params import id_param


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ["name", "specialty"]
    extra = 0
    show_change_link = True


class MembershipInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse on the form, before anything is saved, to delete a period
        (Membership.delete() would refuse it too late)."""
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete_check()


class MembershipInline(admin.TabularInline):
    """The establishment's membership periods: joining is a period from a
    date, leaving an end date (refused while upcoming bookings remain after
    it); periods of the past are history (the database refuses to rewrite
    them)."""

    model = Membership
    formset = MembershipInlineFormSet
    fields = ["starts_on", "ends_on"]
    extra = 0


@admin.register(Establishment)
class EstablishmentAdmin(PlatformModelAdmin):
    list_display = ["name", "finess", "city", "is_member"]
    list_filter = ["is_member", "city"]
    search_fields = ["name", "=finess", "city"]
    readonly_fields = ["is_member"]
    inlines = [MembershipInline, DepartmentInline]


@admin.register(Membership)
class MembershipAdmin(PlatformModelAdmin):
    list_display = ["establishment", "starts_on", "ends_on"]
    list_select_related = ["establishment"]
    search_fields = ["establishment__name", "=establishment__finess"]
    autocomplete_fields = ["establishment"]
    date_hierarchy = "starts_on"


@admin.register(Specialty)
class SpecialtyAdmin(PlatformModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdminMixin, PlatformModelAdmin):
    """Its "Object permissions" page is where administrators assign secretaries
    to this department (django-guardian); each grant is audited."""

    list_display = ["name", "establishment", "specialty", "is_member"]
    list_filter = ["establishment__is_member", "specialty", "establishment"]
    list_select_related = ["establishment", "specialty"]
    search_fields = ["name", "establishment__name", "=establishment__finess"]
    autocomplete_fields = ["establishment", "specialty"]

    @admin.display(boolean=True, description=_("member"), ordering="establishment__is_member")
    def is_member(self, department: Department) -> bool:
        return department.establishment.is_member

    # django-guardian's pages look the department up with the id from the URL as
    # it is: one that is not an id is a 404 here, not an error there.
    def obj_perms_manage_view(self, request, object_pk):
        return super().obj_perms_manage_view(request, _department_id(object_pk))

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        return super().obj_perms_manage_user_view(
            request, _department_id(object_pk), _department_id(user_id)
        )

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        return super().obj_perms_manage_group_view(
            request, _department_id(object_pk), _department_id(group_id)
        )


def _department_id(object_pk) -> str:
    """An id from the URL of the department's permission pages (as django-guardian
    takes it, a string), or a 404."""
    department = id_param(str(object_pk))
    if department is None:
        raise Http404
    return str(department)


class AffiliationInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse on the form, before anything is saved, to remove an affiliation
        that upcoming bookings need (Affiliation.delete() would refuse it too late)."""
        super().clean()
        for form in self.deleted_forms:
            guards.refuse_if_objected(
                guards.Change.AFFILIATION_CHANGES, form.instance, deleting=True
            )


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    formset = AffiliationInlineFormSet
    fields = ["department", "start_date", "end_date"]
    autocomplete_fields = ["department"]
    extra = 0


@admin.register(Practitioner)
class PractitionerAdmin(PlatformModelAdmin):
    list_display = ["last_name", "first_name", "rpps", "user"]
    list_filter = ["specialties"]
    list_select_related = ["user"]
    search_fields = ["last_name", "first_name", "=rpps"]
    filter_horizontal = ["specialties"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(PlatformModelAdmin):
    list_display = ["practitioner", "department", "start_date", "end_date"]
    list_filter = ["department__establishment__is_member", "department__establishment"]
    list_select_related = ["practitioner", "department__establishment"]
    search_fields = ["practitioner__last_name", "=practitioner__rpps", "department__name"]
    autocomplete_fields = ["practitioner", "department"]
    date_hierarchy = "start_date"
