"""A small hand-written factory module: valid objects with the fewest arguments.

Identifiers are generated with valid check digits, so a test states only what
it is about.
"""

import contextlib
import datetime
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from hospital.models import (
    Affiliation,
    Department,
    Establishment,
    Membership,
    Practitioner,
    Specialty,
)
from hospital.validators import luhn_check_digit
from scheduling.models import Agenda, Booking, OpeningRule, Patient, Slot, VisitReason
from scheduling.rules.holds import acting_for
from scheduling.rules.state import rules_suspended

_counter = itertools.count(1)
# Default slot times: a week ahead, half an hour apart, counted from each
# test's start (tests/conftest.py restarts it). Counted over the whole suite,
# they drifted past the booking horizon after a few thousand slots, and a test
# late in the run found no bookable slot where it passed alone.
_slot_counter = itertools.count(1)


def restart_slot_times() -> None:
    global _slot_counter
    _slot_counter = itertools.count(1)


def finess(departement: str = "75") -> str:
    body = f"{departement}{next(_counter):06d}"
    digits = {"2A": "21", "2B": "22"}.get(departement, departement) + body[2:]
    return body + luhn_check_digit(digits)


def rpps() -> str:
    body = f"1{next(_counter):09d}"
    return body + luhn_check_digit(body)


def establishment(*, is_member: bool = True, **fields) -> Establishment:
    n = next(_counter)
    defaults = {
        "name": f"Hôpital {n}" if is_member else f"Clinique privée {n}",
        "finess": finess(),
        "address": f"{n} rue de la Santé",
        "postal_code": "75013",
        "city": "Paris",
    }
    created = Establishment.objects.create(**{**defaults, **fields})
    if is_member:
        # A member since before any test's past; is_member follows (the database derives it).
        Membership.objects.create(establishment=created, starts_on=MEMBER_SINCE)
        created.refresh_from_db(fields=["is_member"])
    return created


MEMBER_SINCE = datetime.date(2000, 1, 1)


def leave(establishment_: Establishment, on: datetime.date | None = None) -> None:
    """The establishment leaves the institution after `on` (default today), as
    the admin does it: its open period gets an end date."""
    Membership.objects.filter(establishment=establishment_, ends_on__isnull=True).update(
        ends_on=on or timezone.localdate()
    )
    establishment_.refresh_from_db(fields=["is_member"])


def specialty(code: str = "neurochirurgie") -> Specialty:
    return Specialty.objects.get_or_create(code=code, defaults={"name": code.title()})[0]


def department(establishment_: Establishment | None = None, **fields) -> Department:
    return Department.objects.create(
        establishment=establishment_ or establishment(),
        name=fields.pop("name", f"Service {next(_counter)}"),
        **fields,
    )


def practitioner(**fields) -> Practitioner:
    n = next(_counter)
    defaults = {"first_name": "Camille", "last_name": f"Martin{n}", "rpps": rpps()}
    return Practitioner.objects.create(**{**defaults, **fields})


def affiliation(practitioner_, department_, start=None, end=None) -> Affiliation:
    return Affiliation.objects.create(
        practitioner=practitioner_,
        department=department_,
        start_date=start or datetime.date(2020, 1, 1),
        end_date=end,
    )


def agenda(practitioner_=None, department_=None, *, affiliated: bool = True) -> Agenda:
    practitioner_ = practitioner_ or practitioner()
    department_ = department_ or department()
    if affiliated:
        affiliation(practitioner_, department_)
    return Agenda.objects.create(practitioner=practitioner_, department=department_)


def reason(agenda_: Agenda, minutes: int = 20, **fields) -> VisitReason:
    created = VisitReason.objects.create(
        agenda=agenda_,
        label=fields.pop("label", "Consultation"),
        duration_minutes=minutes,
        **fields,
    )
    for rule in OpeningRule.objects.filter(agenda=agenda_, weekday=FACTORY_WEEKDAY):
        rule.reasons.add(created)
    return created


# Slots made by the factory belong to one catch-all rule of their agenda, which
# offers every reason of the agenda (as a practitioner's weekly rule would).
FACTORY_WEEKDAY = 6


def _factory_rule(agenda_: Agenda) -> OpeningRule:
    rule, created = OpeningRule.objects.get_or_create(
        agenda=agenda_,
        weekday=FACTORY_WEEKDAY,
        defaults={
            "start_time": datetime.time(0),
            "end_time": datetime.time(23, 59),
            "valid_from": datetime.date(2000, 1, 1),
        },
    )
    if created:
        rule.reasons.add(*agenda_.reasons.all())
    return rule


def _free_start(agenda_: Agenda, minutes: int) -> datetime.datetime:
    """About a week ahead, past any slot the agenda already has there: an
    agenda with weekly hours (Dr Neuro's) has generated slots on weekday
    mornings, and a week from a test run at 08:50 Paris time is among them."""
    start = timezone.now().replace(microsecond=0) + timedelta(
        days=7, minutes=next(_slot_counter) * 30
    )
    while agenda_.slots.filter(
        start__lt=start + timedelta(minutes=minutes), end__gt=start
    ).exists():
        start += timedelta(minutes=30)
    return start


def slot(
    agenda_: Agenda, start=None, minutes: int = 20, *, by_hand: bool = False, **fields
) -> Slot:
    if start is None:
        start = _free_start(agenda_, minutes)
    rule = None if by_hand else _factory_rule(agenda_)
    made = Slot(
        agenda=agenda_, start=start, end=start + timedelta(minutes=minutes), rule=rule, **fields
    )
    if start > timezone.now():
        made.save()
        return made
    # A slot of a test's past is written as history is, like f.booking's: the
    # database refuses the application a slot opened in the past.
    with as_history():
        made.save()
    return made


def started_slot(agenda_: Agenda, minutes: int = 20) -> Slot:
    """A slot of today's that started a few minutes ago, ending before any
    slot the agenda already has: Dr Neuro's slot under way, generated from
    now on, would overlap one started five minutes ago when a test runs
    during her morning hours. Just after local midnight it starts at midnight:
    a slot of yesterday's is not today's (its patient is not checked in today)."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now.replace(second=0, microsecond=0) - timedelta(minutes=5), midnight)
    while (
        overlapping := agenda_.slots.filter(
            start__lt=start + timedelta(minutes=minutes), end__gt=start
        )
        .order_by("start")
        .first()
    ):
        start = overlapping.start - timedelta(minutes=minutes)
    return slot(agenda_, start=start, minutes=minutes)


def patient(**fields) -> Patient:
    defaults = {
        "first_name": "Alex",
        "last_name": "Durand",
        "birth_date": datetime.date(1980, 5, 17),
        "email": "alex.durand@example.org",
        "phone": "+33612345678",
    }
    return Patient.objects.create(**{**defaults, **fields})


def booking(slot_: Slot, reason_: VisitReason | None = None, **fields) -> Booking:
    """A booking made before its slot started. On a slot that has started
    already (a test's past), it is written as history is: by the tables'
    owner, around the rules that refuse the application to do it."""
    reason_ = reason_ or slot_.agenda.reasons.first() or reason(slot_.agenda)
    if fields.get("status") == Booking.Status.PENDING:
        fields.setdefault("held_by", "web:factory")  # every hold has a maker
    made = Booking(
        slot=slot_,
        reason=reason_,
        patient=fields.pop("patient", None) or patient(),
        channel=fields.pop("channel", Booking.Channel.WEB),
        **fields,
    )
    if slot_.start > timezone.now():
        with transaction.atomic(), acting_for(made.held_by):
            made.save()
        return made
    made.clean()
    with as_history():
        made.save()
    return made


@contextlib.contextmanager
def as_history():
    """Writes that only the past's own time could have made: the superuser's
    switch on PostgreSQL (no trigger fires: no rule, no audit event), the
    rules suspended on SQLite (platform_maintenance's row, one transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            if cursor.fetchone()[0] == "replica":  # an enclosing block's: it resets it
                yield
                return
            cursor.execute("SET session_replication_role = replica")
            try:
                yield
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
        return
    with rules_suspended():
        yield


def user(username: str, *, staff: bool = True, superuser: bool = False, **fields):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw", **fields)
    return User.objects.create_user(
        username, f"{username}@example.org", "pw", is_staff=staff, **fields
    )


def secretary(username: str, *departments: Department):
    """A staff member of the secretaries' group, working in `departments`."""
    made = user(username)
    made.groups.add(Group.objects.get(name="Secrétariat"))
    for department_ in departments:
        assign_perm("hospital.work_in_department", made, department_)
    return made
