"""Who among the staff may see and run which departments, and reach which patients.

A secretary is assigned departments one by one (django-guardian object
permission `hospital.work_in_department`); an administrator, or a staff
member given the permission for all departments, sees them all. Staff reach
a patient through their departments' bookings only; the admin's patient
search (audited) searches those. A call-centre agent has no department:
they reach the patients booked in their call centre's establishments and
specialties (selectors.call_centre).
"""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from hospital.models import Department
from scheduling.models import Booking, Patient

PERMISSION = "hospital.work_in_department"


def _sees_everything(user) -> bool:
    return user.is_superuser or user.has_perm(PERMISSION)


def departments_for(user) -> QuerySet[Department]:
    if not (user.is_active and user.is_staff):
        return Department.objects.none()
    if _sees_everything(user):
        return Department.objects.all()
    return get_objects_for_user(user, PERMISSION, klass=Department, accept_global_perms=False)


def patients_for(user) -> QuerySet[Patient]:
    if not (user.is_active and user.is_staff):
        return Patient.objects.none()
    if _sees_everything(user):
        return Patient.objects.all()
    from scheduling.selectors.call_centre import call_centre_of, patients_of

    team = call_centre_of(user)
    if team is not None:
        return patients_of(team)
    booked = Booking.objects.filter(slot__agenda__department__in=departments_for(user))
    # A subquery rather than a join: a patient with several bookings is one row.
    return Patient.objects.filter(pk__in=booked.values("patient_id"))


def known_departments(user) -> frozenset[int] | None:
    """The departments whose appointments a staff member may be told about
    (services.booking.checks.check_person); None: every department."""
    if user.is_active and user.is_staff and _sees_everything(user):
        return None
    return frozenset(departments_for(user).values_list("pk", flat=True))
