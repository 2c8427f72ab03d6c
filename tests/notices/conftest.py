"""Notices run by the real task runner: django-tasks' database backend and its
worker (`manage.py db_worker`), in transactions that commit for real."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests import factories as f

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(settings):
    """The production task backend: tasks wait in the database for the worker."""
    settings.TASKS = DATABASE_TASKS


def run_worker(*options: str) -> None:
    """What `manage.py db_worker` does in production, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", *options, verbosity=0)


def clock_reaches(moment: datetime.datetime) -> None:
    """Tasks scheduled up to `moment` become due now (the queue's clock moves on)."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY", run_after__lte=moment).update(
        run_after=timezone.now()
    )


def pending_tasks(name: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY", task_path__endswith=name))


@pytest.fixture
def secretary(clinic_world):
    department = clinic_world["agenda"].department
    department.phone = "01 42 16 00 00"
    department.practical_info = "Bâtiment Babinski, 2e étage."
    department.save()
    user = f.user("secretaire")
    user.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", user, department)
    return user
