"""Django's ModelBackend, with a staff member's permissions read in one query.

ModelBackend reads a user's permissions in two ORM queries (the user's own,
then their groups'), built again at every request that checks one: every
staff page does (scheduling.staff.urls, the admin). On the board that was
about a tenth of a view's CPU (issue 23). Here the same set is read by one
query written once per process; what it answers is ModelBackend's answer,
kept on the user for the request as ModelBackend keeps it (`_perm_cache`).

Sessions record the backend that logged them in: switching from ModelBackend
to this one signs the staff out once, at the deployment that brings it.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from config.prepared import prepared_cursor


class PermissionsInOneQueryBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _read_permissions(user_obj)
        return user_obj._perm_cache


def _read_permissions(user) -> set[str]:
    """ "app_label.codename" of every permission the user holds, directly or
    through a group; every permission for a superuser (as ModelBackend)."""
    database = Permission.objects.db
    sql = _all_permissions_sql() if user.is_superuser else _held_permissions_sql()
    params = () if user.is_superuser else (user.pk, user.pk)
    with prepared_cursor(connections[database]) as cursor:
        cursor.execute(sql, params)
        return {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}


@cache
def _all_permissions_sql() -> str:
    return f"""
        SELECT t.app_label, p.codename FROM {Permission._meta.db_table} p
        JOIN {ContentType._meta.db_table} t ON t.id = p.content_type_id"""


@cache
def _held_permissions_sql() -> str:
    user_model = get_user_model()
    user_permissions = user_model.user_permissions.through._meta.db_table
    user_groups = user_model.groups.through._meta.db_table
    group_permissions = Group.permissions.through._meta.db_table
    return f"""{_all_permissions_sql()}
        WHERE p.id IN (
          SELECT permission_id FROM {user_permissions} WHERE user_id = %s
          UNION
          SELECT gp.permission_id FROM {group_permissions} gp
          JOIN {user_groups} ug ON ug.group_id = gp.group_id
          WHERE ug.user_id = %s)"""
