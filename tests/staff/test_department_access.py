"""departments_for(user) selects the departments django-guardian's own
get_objects_for_user would, without building guardian's query at every
request (issue 23): the permission assigned to the user on a department, or
to one of the user's groups; nothing for an inactive or non-staff account;
every department for a superuser or a holder of the permission for all."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from hospital.models import Department, Establishment
from scheduling.selectors.access import PERMISSION, departments_for, known_departments
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments(actors) -> list[Department]:
    return [actors.cardio, actors.neuro, f.department(actors.hospital, name="Pneumologie")]


def guardian_says(user) -> set[int]:
    granted = get_objects_for_user(user, PERMISSION, klass=Department, accept_global_perms=False)
    return set(granted.values_list("pk", flat=True))


def selected(user) -> set[int]:
    return set(departments_for(user).values_list("pk", flat=True))


def test_no_permission_is_no_department(departments):
    user = f.user("sans_service")
    assert selected(user) == guardian_says(user) == set()


def test_the_users_own_permissions(departments):
    cardio, neuro, _ = departments
    user = f.user("a_titre_personnel")
    assign_perm(PERMISSION, user, cardio)
    assign_perm(PERMISSION, user, neuro)
    assert selected(user) == guardian_says(user) == {cardio.pk, neuro.pk}


def test_a_groups_permissions(departments):
    _, neuro, lungs = departments
    team = Group.objects.create(name="Accueil neurochirurgie")
    assign_perm(PERMISSION, team, neuro)
    assign_perm(PERMISSION, Group.objects.create(name="Autre équipe"), lungs)
    user = f.user("par_son_equipe")
    user.groups.add(team)
    assert selected(user) == guardian_says(user) == {neuro.pk}


def test_own_and_group_permissions_together(departments):
    cardio, neuro, lungs = departments
    team = Group.objects.create(name="Accueil")
    assign_perm(PERMISSION, team, neuro)
    assign_perm(PERMISSION, team, cardio)
    user = f.user("des_deux")
    user.groups.add(team)
    assign_perm(PERMISSION, user, cardio)
    assign_perm(PERMISSION, user, lungs)
    assert selected(user) == guardian_says(user) == {cardio.pk, neuro.pk, lungs.pk}
    assert departments_for(user).count() == 3  # each once


def test_other_permissions_give_no_department(actors, departments):
    cardio, neuro, lungs = departments
    user = f.user("autres_droits")
    team = Group.objects.create(name="Modification")
    user.groups.add(team)
    assign_perm("hospital.change_department", user, cardio)
    assign_perm("hospital.change_department", team, neuro)
    # Another model's permission on an object whose key reads as a department's
    # (bulk_create: guardian's save() wants the establishment to exist).
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=user,
                permission=Permission.objects.get(codename="change_establishment"),
                content_type=ContentType.objects.get_for_model(Establishment),
                object_pk=str(lungs.pk),
            )
        ]
    )
    assert selected(user) == guardian_says(user) == set()


def test_an_inactive_or_non_staff_account_has_no_department(departments):
    cardio = departments[0]
    gone = f.user("partie", is_active=False)
    outside = f.user("hors_personnel", staff=False)
    for user in (gone, outside):
        assign_perm(PERMISSION, user, cardio)
        assert guardian_says(user) == {cardio.pk}  # guardian does not look
        assert selected(user) == set()
        assert known_departments(user) == frozenset()


def test_a_superuser_or_a_holder_for_all_departments_sees_every_one(departments):
    everyone = {d.pk for d in departments}
    holder = f.user("tous_services")
    holder.user_permissions.add(Permission.objects.get(codename="work_in_department"))
    team = Group.objects.create(name="Direction")
    team.permissions.add(Permission.objects.get(codename="work_in_department"))
    through_group = f.user("direction")
    through_group.groups.add(team)
    for user in (f.user("admin_general", superuser=True), holder, through_group):
        assert selected(user) == everyone
        assert known_departments(user) is None


def test_a_revoked_department_is_gone_at_the_next_call(departments):
    cardio, neuro, _ = departments
    user = f.user("revoquee")
    assign_perm(PERMISSION, user, cardio)
    assign_perm(PERMISSION, user, neuro)
    assert selected(user) == {cardio.pk, neuro.pk}
    remove_perm(PERMISSION, user, neuro)
    assert selected(user) == guardian_says(user) == {cardio.pk}


def test_as_a_subquery_it_scopes_another_query(actors, departments):
    cardio, neuro, _ = departments
    user = f.user("sous_requete")
    assign_perm(PERMISSION, user, neuro)
    agendas = [f.agenda(department_=cardio), f.agenda(department_=neuro)]
    scoped = type(agendas[0]).objects.filter(department__in=departments_for(user))
    assert list(scoped) == [agendas[1]]
