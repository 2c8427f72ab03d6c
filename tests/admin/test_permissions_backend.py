"""config.auth_backend: ModelBackend's permissions, read in one query (issue 23)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.auth_backend import PermissionsInOneQueryBackend

pytestmark = pytest.mark.django_db


def _permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def _fresh(user):
    """The user read again: no permission kept from an earlier check."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def desk_user():
    """A staff member holding one permission directly and two through groups
    (one held both ways), and a group they are not in."""
    user = get_user_model().objects.create_user("desk", password="x" * 16, is_staff=True)
    user.user_permissions.add(_permission("view_booking"))
    desk = Group.objects.create(name="Desk")
    desk.permissions.add(_permission("add_booking"), _permission("view_booking"))
    rights = Group.objects.create(name="Rights")
    rights.permissions.add(_permission("export_person_data"))
    user.groups.add(desk, rights)
    Group.objects.create(name="Other").permissions.add(_permission("delete_booking"))
    return user


def test_the_permissions_are_django_s_own_answer(desk_user):
    ours = PermissionsInOneQueryBackend().get_all_permissions(_fresh(desk_user))
    assert ours == ModelBackend().get_all_permissions(_fresh(desk_user))
    assert ours == {
        "scheduling.view_booking",
        "scheduling.add_booking",
        "scheduling.export_person_data",
    }
    user = _fresh(desk_user)
    assert user.has_perms(["scheduling.view_booking", "scheduling.add_booking"])
    assert not user.has_perm("scheduling.delete_booking")  # another group's


def test_they_are_read_in_one_query_and_kept_for_the_request(desk_user):
    user = _fresh(desk_user)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("scheduling.view_booking")
        assert user.has_perm("scheduling.export_person_data")
        assert not user.has_perm("scheduling.delete_booking")
    assert len(queries) == 1


def test_a_superuser_holds_every_permission_and_an_inactive_user_none(desk_user):
    boss = get_user_model().objects.create_superuser("boss", password="x" * 16)
    backend = PermissionsInOneQueryBackend()
    assert len(backend.get_all_permissions(_fresh(boss))) == Permission.objects.count()
    assert backend.get_all_permissions(_fresh(boss)) == ModelBackend().get_all_permissions(
        _fresh(boss)
    )
    desk_user.is_active = False
    desk_user.save()
    assert backend.get_all_permissions(_fresh(desk_user)) == set()
    assert not _fresh(desk_user).has_perm("scheduling.view_booking")


def test_a_permission_taken_away_is_gone_at_the_next_request(desk_user):
    desk_user.user_permissions.remove(_permission("view_booking"))
    assert _fresh(desk_user).has_perm("scheduling.view_booking")  # still the group's
    Group.objects.get(name="Desk").permissions.remove(_permission("view_booking"))
    assert not _fresh(desk_user).has_perm("scheduling.view_booking")
