"""Who among the staff may see and run which departments, and reach which patients.

A secretary is assigned departments one by one (django-guardian object
permission `hospital.work_in_department`); an administrator, or a staff
member given the permission for all departments, sees them all. Staff reach
a patient through their departments' bookings only; the admin's patient
search (audited) searches those. A call-centre agent has no department:
they reach the patients booked in their call centre's establishments and
specialties (selectors.call_centre).
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission, UserObjectPermission

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
    return _assigned().filter(object_pk__in=RawSQL(_assigned_sql(), _assigned_params(user)))


# What guardian's get_objects_for_user(user, PERMISSION, klass=Department,
# accept_global_perms=False) selects, its query written once per process:
# building it each view cost the board about 2 ms of CPU (issue 23). The
# departments on which the permission is assigned to the user or to one of
# the user's groups, in guardian's generic tables (the project has no
# direct-FK ones); the permission found by app and codename on Department's
# content type, each department matched as guardian does, its key as text.
@cache
def _assigned_sql() -> str:
    user_groups = get_user_model().groups.through._meta.db_table
    permission = f"""
        SELECT p.id FROM {Permission._meta.db_table} p
        JOIN {ContentType._meta.db_table} t ON t.id = p.content_type_id
        WHERE t.app_label = %s AND t.model = %s AND p.codename = %s"""
    return f"""
        SELECT object_pk FROM {UserObjectPermission._meta.db_table}
        WHERE user_id = %s AND permission_id IN ({permission})
        UNION
        SELECT object_pk FROM {GroupObjectPermission._meta.db_table}
        WHERE group_id IN (SELECT group_id FROM {user_groups} WHERE user_id = %s)
        AND permission_id IN ({permission})"""


def _assigned_params(user) -> tuple:
    app_label, codename = PERMISSION.split(".")
    permission = (app_label, Department._meta.model_name, codename)
    return (user.pk, *permission, user.pk, *permission)


@cache
def _assigned() -> QuerySet[Department]:
    """Departments with their key as guardian's tables hold it (never evaluated:
    each call filters a copy)."""
    return Department.objects.alias(object_pk=Cast("pk", CharField()))


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
