"""Notices run by the real task runner: django-tasks' database backend and its
worker (`manage.py db_worker`), in transactions that commit for real."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from tests import factories as f


@pytest.fixture
def secretary(actors):
    department = actors.neuro_agenda.department
    department.phone = "01 42 16 00 00"
    department.practical_info = "Bâtiment Babinski, 2e étage."
    department.save()
    user = f.user("secretaire")
    user.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", user, department)
    return user
