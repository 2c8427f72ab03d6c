"""The attacker and the referee of the adversarial suite.

The attacker holds exactly the application's rights: on PostgreSQL a role
given its rights by `manage.py grant_application_role` (the README's setup,
deploy/postgresql/application_role.sql), connected as that role; on SQLite
the application's own connection. The referee reads the outcome with plain
SQL and Python — none of the project's rule code — as a superuser.
"""

import contextlib
import datetime
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from scheduling.models import Booking, OpeningRule
from tests import factories as f

APP_ROLE = "hospital_app_test"


def _ensure_role(cursor) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
    if cursor.fetchone() is None:
        try:
            cursor.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
        except DatabaseError:  # created meanwhile by a concurrent test run
            pass


@dataclass
class Attacker:
    """Runs SQL with the application's rights, each call one transaction."""

    vendor: str
    _pg: psycopg.Connection | None = None

    def run(self, *statements) -> None:
        """Run every statement, then COMMIT; any refusal rolls all of it back
        and is raised as a DatabaseError."""
        if self._pg is not None:
            try:
                with self._pg.transaction(), self._pg.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(*_split(statement))
            except psycopg.Error as error:
                raise DatabaseError(str(error)) from error
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(*_split(statement))

    @contextlib.contextmanager
    def orm(self):
        """Django itself connected with the application's rights."""
        if self.vendor != "postgresql":
            yield
            return
        saved = connection.settings_dict["USER"]
        connection.close()
        connection.settings_dict["USER"] = APP_ROLE
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["USER"] = saved


def _split(statement) -> tuple:
    return statement if isinstance(statement, tuple) else (statement, None)


@pytest.fixture
def attacker(transactional_db):
    if connection.vendor != "postgresql":
        yield Attacker("sqlite")
        return
    with connection.cursor() as cursor:
        _ensure_role(cursor)
    call_command("grant_application_role", APP_ROLE, stdout=open("/dev/null", "w"))
    params = connection.get_connection_params()
    pg = psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        dbname=connection.settings_dict["NAME"],
        user=APP_ROLE,
        autocommit=True,
    )
    try:
        yield Attacker("postgresql", pg)
    finally:
        pg.close()


def when(moment: datetime.datetime):
    """A datetime as raw SQL gives it: SQLite stores one canonical UTC text."""
    if connection.vendor != "sqlite":
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


@pytest.fixture
def world(transactional_db):
    """Committed: a member hospital where Dr Neuro has an agenda with one
    upcoming booking, the private clinic where she also consults (with an
    agenda opened while it was a member, and a free slot), and a second
    doctor at the hospital with a free slot."""
    hospital = f.establishment(name="Hôpital de la Pitié", is_member=True)
    clinic = f.establishment(name="Clinique du Parc", is_member=True)
    neuro = f.department(hospital, name="Neurochirurgie")
    clinic_neuro = f.department(clinic, name="Neurochirurgie privée")
    doctor = f.practitioner(last_name="Neuro")
    agenda = f.agenda(doctor, neuro)
    reason = f.reason(agenda)
    slot = f.slot(agenda)
    booking = f.booking(slot, reason)
    clinic_agenda = f.agenda(doctor, clinic_neuro)
    clinic_reason = f.reason(clinic_agenda)
    clinic_slot = f.slot(clinic_agenda)
    f.leave(clinic)  # a member until today: the free slot next week is outside
    colleague_agenda = f.agenda(f.practitioner(last_name="Voisin"), neuro)
    colleague_reason = f.reason(colleague_agenda)
    colleague_slot = f.slot(colleague_agenda)
    cancelled = f.booking(f.slot(agenda), reason)
    Booking.objects.filter(pk=cancelled.pk).update(status="cancelled", cancelled_at=timezone.now())
    rule = OpeningRule.objects.filter(agenda=clinic_agenda).first()
    return World(**{k: v for k, v in locals().items() if k in World.__annotations__})


@dataclass
class World:
    hospital: object
    clinic: object
    neuro: object
    clinic_neuro: object
    doctor: object
    agenda: object
    reason: object
    slot: object
    booking: object
    clinic_agenda: object
    clinic_reason: object
    clinic_slot: object
    colleague_agenda: object
    colleague_reason: object
    colleague_slot: object
    cancelled: object
    rule: object


# --- the referee --------------------------------------------------------------


def bookings_state() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, status, slot_id, reason_id, patient_id FROM scheduling_booking")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def bookings_resolving_outside() -> list[int]:
    """Bookings not cancelled, past ones included, that do not resolve inside
    as of their slot's time: a membership period of the establishment and an
    affiliation containing the slot's local date, a reason of the slot's
    agenda, and (active ones whose slot has not ended) an open agenda —
    computed here from the rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.id, b.status, s.start, s."end", a.id, a.is_active, a.practitioner_id,
                      a.department_id, d.establishment_id, r.agenda_id
                 FROM scheduling_booking b
                 LEFT JOIN scheduling_slot s ON s.id = b.slot_id
                 LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
                 LEFT JOIN hospital_department d ON d.id = a.department_id
                 LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
                WHERE b.status <> 'cancelled'"""
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT practitioner_id, department_id, start_date, end_date FROM hospital_affiliation"
        )
        affiliations = cursor.fetchall()
        cursor.execute("SELECT establishment_id, starts_on, ends_on FROM hospital_membership")
        memberships = cursor.fetchall()
    now, zone = datetime.datetime.now(datetime.UTC), ZoneInfo(settings.TIME_ZONE)
    outside = []
    for row in rows:
        booking, status, start, end, agenda, active, practitioner, department = row[:8]
        establishment, r_agenda = row[8:]
        start, end = _aware(start), _aware(end)
        day = start.astimezone(zone).date() if start else None
        covered = day is not None and any(
            (p, d) == (practitioner, department)
            and _date(s) <= day
            and (e is None or _date(e) >= day)
            for p, d, s, e in affiliations
        )
        member = day is not None and any(
            m == establishment and _date(s) <= day and (e is None or _date(e) >= day)
            for m, s, e in memberships
        )
        needs_open = status in ("booked", "pending") and end is not None and end > now
        if not (member and (active or not needs_open) and r_agenda == agenda and covered):
            outside.append(booking)
    return outside


def _aware(value):
    if value is None or isinstance(value, datetime.datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def fresh_uuid() -> str:
    return uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())
