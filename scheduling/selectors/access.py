"""Who among the staff may see and run which departments.

A secretary is assigned departments one by one (django-guardian object
permission `hospital.work_in_department`); an administrator, or a staff
member given the permission for all departments, sees them all.
"""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from hospital.models import Department

PERMISSION = "hospital.work_in_department"


def departments_for(user) -> QuerySet[Department]:
    if not (user.is_active and user.is_staff):
        return Department.objects.none()
    if user.is_superuser or user.has_perm(PERMISSION):
        return Department.objects.all()
    return get_objects_for_user(user, PERMISSION, klass=Department, accept_global_perms=False)
