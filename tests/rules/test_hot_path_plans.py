"""The hot paths' queries read slots and bookings through indexes (issue 23).

On a dataset big enough for PostgreSQL's planner to prefer an index where one
fits (some 48,000 slots and 9,600 bookings, analysed), every query that the
search, the availability pages, the booking service (its slot lock and its
checks of the person) and the board's day send is explained: none may scan
scheduling_slot, scheduling_booking or scheduling_patient (10,000 rows)
sequentially. A query that does would read the whole table at every request
at the AP-HP size. The board's day did, until the (agenda, start) index of
every slot (migration 0030): its slots of all statuses had no index but the
agenda's.

The bulk rows are written with the triggers off (a superuser's switch, in this
test's transaction only): the plans depend on the tables' sizes, not on the
trail or the listing, which are brought in line after.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import assign_perm

from hospital.models import Department
from scheduling.demo import DemoBuilder, Size
from scheduling.models import Agenda, Slot, VisitReason
from scheduling.services import booking as service
from scheduling.services.listing_clock import move_clock
from scheduling.services.patients import PatientDetails
from tests import factories as f

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

WATCHED = {"scheduling_slot", "scheduling_booking", "scheduling_patient"}
DAYS, PER_DAY = 60, 8  # slots per agenda: 480; 100 agendas


@pytest.fixture(scope="module")
def big(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end
    (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _seed()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _seed() -> None:
    DemoBuilder(Size(establishments=5, practitioners=100), lambda _message: None).build()
    start = timezone.localdate() - datetime.timedelta(days=20)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            """INSERT INTO scheduling_slot (agenda_id, start, "end", status, rule_id)
               SELECT a.id, t, t + interval '30 minutes', 'open',
                      (SELECT min(r.id) FROM scheduling_openingrule r WHERE r.agenda_id = a.id)
                 FROM scheduling_agenda a,
                      generate_series(%s::date, %s::date, interval '1 day') d,
                      generate_series(0, %s - 1) n,
                      LATERAL (SELECT (d + time '08:00' + n * interval '30 minutes')
                                      AT TIME ZONE 'Europe/Paris' AS t) s""",
            [start, start + datetime.timedelta(days=DAYS - 1), PER_DAY],
        )
        cursor.execute(
            """INSERT INTO scheduling_patient (public_id, first_name, last_name, birth_date,
                                                email, phone, created_at, sms_consent)
               SELECT gen_random_uuid(), 'Prénom' || n, 'Nom' || n,
                      date '1950-01-01' + n % 20000, 'p' || n || '@example.org', '', now(), false
                 FROM generate_series(1, 10000) n"""
        )
        # Every fifth slot booked, by one patient each.
        cursor.execute(
            """INSERT INTO scheduling_booking (public_id, channel, status, created_at, cancel_reason,
                                                patient_id, slot_id, reason_id, confirmation_attempts,
                                                confirmation_digest, code_round, sequence, to_rebook,
                                                held_by, updated_at)
               SELECT gen_random_uuid(), 'web', 'booked', now(), '', p.id, s.id,
                      (SELECT min(r.id) FROM scheduling_visitreason r WHERE r.agenda_id = s.agenda_id),
                      0, '', 0, 0, false, '', now()
                 FROM (SELECT id, agenda_id, row_number() OVER (ORDER BY id) AS n
                         FROM scheduling_slot) s
                 JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM scheduling_patient) p
                   ON p.n = s.n / 5
                WHERE s.n % 5 = 0"""
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute(
            "SELECT public.scheduling_listing_rebuild(array_agg(id)) FROM scheduling_agenda"
        )
        cursor.execute(
            "ANALYZE scheduling_slot, scheduling_booking, scheduling_patient, scheduling_agendalisting"
        )
        cursor.execute("SELECT count(*) FROM scheduling_slot")
        (slots,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM scheduling_booking")
        (bookings,) = cursor.fetchone()
    assert slots >= 45_000 and bookings >= 9_000, (slots, bookings)


def _sequential_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in WATCHED:
            found.append(node["Relation Name"])
        nodes += node.get("Plans", [])
    return found


def _plan_text(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _explained(captured) -> dict[str, list[str]]:
    """{query: the watched tables it scans sequentially} for every captured
    read or write of a watched table."""
    scans = {}
    for query in captured.captured_queries:
        sql = query["sql"]
        head = sql.lstrip().split(None, 1)[0].upper()
        if head not in ("SELECT", "UPDATE", "DELETE", "WITH"):
            continue
        if not any(table in sql for table in WATCHED):
            continue
        scans[sql] = _sequential_scans(sql)
    return scans


def _assert_indexed(captured, path: str, *, required: bool = True) -> None:
    scans = _explained(captured)
    assert scans or not required, f"{path}: no query of slots or bookings was captured"
    bad = {sql: tables for sql, tables in scans.items() if tables}
    assert not bad, f"{path}: sequential scans of " + "\n\n".join(
        f"{tables} in {sql}\n{_plan_text(sql)}" for sql, tables in bad.items()
    )


def _first_listed_agenda() -> Agenda:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agenda_id FROM scheduling_agendalisting WHERE first_start IS NOT NULL"
            " AND specialty_id IS NULL ORDER BY first_start, agenda_id LIMIT 1"
        )
        (agenda_id,) = cursor.fetchone()
    return Agenda.objects.select_related("practitioner", "department__establishment").get(
        pk=agenda_id
    )


def _free_slot(agenda: Agenda) -> Slot:
    # A day ahead: today's next slot may be within the online booking notice
    # (the seed's slots start at 08:00 Paris; at 08:08 the 08:30 one was refused).
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    return (
        Slot.objects.filter(agenda=agenda, status="open", start__gt=tomorrow)
        .exclude(bookings__isnull=False)
        .order_by("start")
        .first()
    )


def test_search_and_availability_pages_read_slots_through_indexes(big, client):
    agenda = _first_listed_agenda()
    slot = _free_slot(agenda)
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    for path in [
        "/?q=Paris",
        f"/specialties/{agenda.department.specialty.code}/",
        f"/establishments/{agenda.department.establishment.finess}/",
        f"/practitioners/{agenda.practitioner.rpps}/",
        f"/practitioners/{agenda.practitioner.rpps}/?week={monday.isoformat()}",
        f"/book/{slot.pk}/",
    ]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        # The search, specialty and establishment pages read the listing
        # only: no slot, no booking at all.
        _assert_indexed(captured, path, required=path.startswith(("/practitioners/", "/book/")))


def test_the_establishment_page_left_behind_by_the_clock_reads_slots_through_indexes(big, client):
    """With the listing clock stopped a day ago, every department's soonest row
    is behind: their first availability is asked of the slots, agenda by
    agenda (issue 23), never by a scan of every slot."""
    agenda = _first_listed_agenda()
    move_clock(timezone.now() - datetime.timedelta(hours=23))
    path = f"/establishments/{agenda.department.establishment.finess}/"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    _assert_indexed(captured, path)


def test_booking_locks_its_slot_and_checks_the_person_through_indexes(big):
    agenda = _first_listed_agenda()
    slot = _free_slot(agenda)
    reason = VisitReason.objects.filter(
        agenda=agenda, online_bookable=True, for_new_patients=True
    ).first()
    with CaptureQueriesContext(connection) as captured:
        booked = service.book(
            slot=slot.pk,
            reason=reason,
            patient=PatientDetails(
                first_name="Prénom42",
                last_name="Nom42",
                birth_date=datetime.date(1950, 1, 1) + datetime.timedelta(days=42),
                email="p42@example.org",
            ),
            channel="web",
            returning=False,
        )
    assert booked.slot_id == slot.pk
    _assert_indexed(captured, "service.book")


def test_the_board_day_reads_slots_and_bookings_through_indexes(big, client):
    agenda = _first_listed_agenda()
    department = Department.objects.get(pk=agenda.department_id)
    secretary = f.user("secretaire_plans")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, department)
    client.force_login(secretary)
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            "/admin/scheduling/booking/board/", {"department": department.pk, "day": day}
        )
    assert response.status_code == 200
    _assert_indexed(captured, "board day")


def test_the_guards_against_deleting_what_bookings_resolve_through_read_indexes(big):
    """Each BEFORE DELETE guard (rules 0052) walks from the row down to its
    bookings through the foreign keys' indexes, never a whole table: the slot
    regeneration deletes free slots in bulk, one guard per row."""
    from scheduling.rules.postgresql import KEPT_UNDER_BOOKINGS, bookings_through

    agenda = _first_listed_agenda()
    ids = {
        "scheduling_slot": _free_slot(agenda).pk,
        "scheduling_agenda": agenda.pk,
        "hospital_department": agenda.department_id,
        "hospital_establishment": agenda.department.establishment_id,
    }
    assert set(ids) == set(KEPT_UNDER_BOOKINGS)
    bad = {}
    for table in KEPT_UNDER_BOOKINGS:
        sql = f"SELECT EXISTS ({bookings_through(table)})".replace("OLD.id", str(ids[table]))
        if _sequential_scans(sql):
            bad[table] = _plan_text(sql)
    assert not bad, "\n\n".join(f"{t}:\n{p}" for t, p in bad.items())
