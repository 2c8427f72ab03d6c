"""Adversarial review, third round: what the earlier suites did not try, as
the application role (the `attacker` fixture) in plain SQL.

- The database's clock. PostgreSQL's now() is the time the *transaction*
  began: a session that opens a transaction before an appointment starts
  and writes once it has started found the history rules asking "has it
  started?" of a moment long gone.
- Laundering a booking that resolved outside at its time (written behind the
  rule's back, as an older version allowed) with a new affiliation, or with
  a membership period that starts today, after the booking of this morning.
- The rest of PostgreSQL's statements a role may try on objects it does not
  own (rules, triggers, comments, policies, functions, session switches), kept
  as regressions: each is refused and changes nothing.

Each test checks the outcome with plain SQL (tests/helpers.py's
referee), never with the rule code.
"""

import datetime
import time
from dataclasses import dataclass

import psycopg
import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from audit.chain import chain, verify
from hospital.models import Membership
from scheduling.models import Agenda, Booking
from scheduling.selectors.routing import routing_report
from tests import factories as f
from tests.helpers import (
    bookings_resolving_outside,
    bookings_state,
    events_after,
    fresh_uuid,
    last_seq,
    mllp_endpoint,
    when,
)

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = connection.vendor == "postgresql"

_BOOKING_COLUMNS = (
    "(public_id, slot_id, patient_id, reason_id, channel, status, created_at, cancel_reason,"
    " confirmation_digest, confirmation_attempts)"
)


def _insert_booking(slot: int, patient: int, reason: int, status: str = "booked") -> tuple:
    return (
        f"INSERT INTO scheduling_booking {_BOOKING_COLUMNS}"
        " VALUES (%s, %s, %s, %s, 'web', %s, %s, '', '', 0)",
        [fresh_uuid(), slot, patient, reason, status, when(timezone.now())],
    )


def _report(days: int = 30):
    today = timezone.localdate()
    report = routing_report(today - datetime.timedelta(days=days), today)
    return (report.total, report.outside_institution, report.per_establishment, report.per_channel)


def _refused(attacker, *statements) -> None:
    """Refused whole: no booking changed, none resolves outside that did not,
    the report over the past month is unchanged and the trail verifies."""
    before, report, outside = bookings_state(), _report(), bookings_resolving_outside()
    with pytest.raises(DatabaseError):
        attacker.run(*statements)
    assert bookings_state() == before, "a booking changed"
    assert bookings_resolving_outside() == outside
    assert _report() == report
    assert verify(chain()).ok


# --- the transaction's clock (PostgreSQL) ----------------------------------------


def _fresh_agenda(world):
    """An agenda at the hospital's neurosurgery with no generated slots."""
    agenda = f.agenda(f.practitioner(last_name="Horloge"), world.neuro)
    return agenda, f.reason(agenda)


def _starting_in(agenda, seconds: float):
    return f.slot(agenda, start=timezone.now() + datetime.timedelta(seconds=seconds))


def _late(attacker, slot, *statements) -> None:
    """One transaction of the application role, begun before `slot` started,
    whose statements run once it has started (by the wall clock), then COMMIT."""
    pg = attacker._pg
    try:
        with pg.transaction(), pg.cursor() as cursor:
            cursor.execute("SELECT now()")  # the transaction's clock stops here
            wait = (slot.start - timezone.now()).total_seconds() + 0.3
            time.sleep(max(wait, 0))
            for sql, params in statements:
                cursor.execute(sql, params)
    except psycopg.Error as error:
        raise DatabaseError(str(error)) from error


@pytest.mark.postgres_only
class TestTheTransactionsClock:
    """The history rules ask "has it started?" of the wall clock, not of the
    moment the transaction began: a transaction held open across a slot's
    start writes nothing the rules refuse to a transaction begun after it."""

    def test_a_booking_made_on_a_slot_that_started_while_the_transaction_was_open(
        self, world, attacker
    ):
        agenda, reason = _fresh_agenda(world)
        slot = _starting_in(agenda, 2)
        before = bookings_state()
        with pytest.raises(DatabaseError, match="has started"):
            _late(attacker, slot, _insert_booking(slot.pk, world.booking.patient_id, reason.pk))
        assert bookings_state() == before
        assert not Booking.objects.filter(slot=slot).exists()

    def test_an_appointment_cancelled_after_it_started(self, world, attacker):
        agenda, reason = _fresh_agenda(world)
        slot = _starting_in(agenda, 3)
        booking = f.booking(slot, reason, channel="phone")
        with pytest.raises(DatabaseError, match="has started"):
            _late(
                attacker,
                slot,
                (
                    "UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = now(),"
                    " cancel_reason = 'x' WHERE id = %s",
                    [booking.pk],
                ),
            )
        booking.refresh_from_db()
        assert booking.status == Booking.Status.BOOKED

    def test_a_started_slot_moved_back_into_the_future(self, world, attacker):
        agenda, _reason = _fresh_agenda(world)
        slot = _starting_in(agenda, 2)
        later = timezone.now() + datetime.timedelta(days=9)
        with pytest.raises(DatabaseError, match="has started"):
            _late(
                attacker,
                slot,
                (
                    'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
                    [later, later + datetime.timedelta(minutes=20), slot.pk],
                ),
            )
        slot.refresh_from_db()
        assert slot.start < timezone.now()

    def test_a_booking_moved_onto_a_slot_that_started_meanwhile(self, world, attacker):
        agenda, reason = _fresh_agenda(world)
        upcoming = f.booking(f.slot(agenda), reason)
        slot = _starting_in(agenda, 2)
        with pytest.raises(DatabaseError, match="has started"):
            _late(
                attacker,
                slot,
                (
                    "UPDATE scheduling_booking SET slot_id = %s, sequence = sequence + 1"
                    " WHERE id = %s",
                    [slot.pk, upcoming.pk],
                ),
            )
        upcoming.refresh_from_db()
        assert upcoming.slot_id != slot.pk


# --- laundering a booking that resolved outside ------------------------------------


def _forged_past_booking(slot, reason, patient) -> Booking:
    """A booking written behind the rule's back (the tables' owner, or an older
    version of the platform): it resolved outside at its time."""
    forged = Booking(slot=slot, reason=reason, patient=patient, channel="web")
    with f.as_history():
        Booking.objects.bulk_create([forged])
    return forged


@dataclass
class Unaffiliated:
    doctor: object
    forged: Booking


@pytest.fixture
def unaffiliated(world) -> Unaffiliated:
    """At the hospital (a member), an agenda of a practitioner who was never
    affiliated to its department, as only the tables' owner could open it, and
    a booking of three days ago on it: outside at its time."""
    doctor = f.practitioner(last_name="Sansaffiliation")
    with f.as_history():
        agenda = Agenda.objects.create(practitioner=doctor, department=world.neuro)
    reason = f.reason(agenda)
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    slot = f.slot(agenda, start=start)
    forged = _forged_past_booking(slot, reason, world.booking.patient)
    assert forged.pk in bookings_resolving_outside()
    return Unaffiliated(doctor, forged)


class TestNoAffiliationLaundersThePast:
    """A booking that resolved outside at its time stays outside: no new
    affiliation, earlier start, later end or re-pointed affiliation covers it
    afterwards (the twin of the membership periods' rule)."""

    def test_a_new_affiliation_covering_it(self, world, attacker, unaffiliated):
        doctor = unaffiliated.doctor
        _refused(
            attacker,
            (
                "INSERT INTO hospital_affiliation (practitioner_id, department_id, start_date)"
                " VALUES (%s, %s, %s)",
                [doctor.pk, world.neuro.pk, "2000-01-01"],
            ),
        )

    def test_an_affiliation_started_earlier(self, world, attacker, unaffiliated):
        doctor = unaffiliated.doctor
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with f.as_history():  # SQLite refuses any write around an outside booking
            later = f.affiliation(doctor, world.neuro, start=tomorrow)
        _refused(
            attacker,
            (
                "UPDATE hospital_affiliation SET start_date = %s WHERE id = %s",
                ["2000-01-01", later.pk],
            ),
        )

    def test_an_ended_affiliation_extended_over_it(self, world, attacker, unaffiliated):
        doctor = unaffiliated.doctor
        with f.as_history():
            ended = f.affiliation(
                doctor,
                world.neuro,
                start=datetime.date(2020, 1, 1),
                end=timezone.localdate() - datetime.timedelta(days=10),
            )
        _refused(
            attacker,
            ("UPDATE hospital_affiliation SET end_date = NULL WHERE id = %s", [ended.pk]),
        )

    def test_an_affiliation_of_another_department_re_pointed_to_it(
        self, world, attacker, unaffiliated
    ):
        doctor = unaffiliated.doctor
        with f.as_history():
            elsewhere = f.affiliation(doctor, world.clinic_neuro)
        _refused(
            attacker,
            (
                "UPDATE hospital_affiliation SET department_id = %s WHERE id = %s",
                [world.neuro.pk, elsewhere.pk],
            ),
        )

    @pytest.mark.postgres_only  # SQLite refuses any write around an outside booking
    def test_an_affiliation_covering_no_booking_of_the_past_is_made(
        self, world, attacker, unaffiliated
    ):
        """What the rule leaves alone: the practitioner affiliated from today."""
        doctor, forged = unaffiliated.doctor, unaffiliated.forged
        attacker.run(
            (
                "INSERT INTO hospital_affiliation (practitioner_id, department_id, start_date)"
                " VALUES (%s, %s, %s)",
                [doctor.pk, world.neuro.pk, timezone.localdate().isoformat()],
            )
        )
        assert forged.pk in bookings_resolving_outside()


@dataclass
class OutsiderThisMorning:
    outsider: object
    forged: Booking


@pytest.fixture
def outsider_this_morning(world) -> OutsiderThisMorning:
    """An establishment that never was a member, with an agenda (as only the
    tables' owner could have made it) and a booking of today that has ended (it
    started half an hour ago): outside at its time."""
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=30)
    if timezone.localdate(start) != timezone.localdate():
        pytest.skip("half an hour ago was yesterday, local time")
    outsider = f.establishment(name="Centre extérieur", is_member=False)
    department = f.department(outsider, name="Neurologie extérieure")
    f.affiliation(world.doctor, department)
    with f.as_history():
        agenda = Agenda.objects.create(practitioner=world.doctor, department=department)
    reason = f.reason(agenda)
    slot = f.slot(agenda, start=start)
    forged = _forged_past_booking(slot, reason, world.booking.patient)
    assert forged.pk in bookings_resolving_outside()
    return OutsiderThisMorning(outsider, forged)


class TestNoPeriodLaundersThisMorning:
    """A period starting today covers today's appointments that have
    started: a booking of this morning that resolved outside stays outside."""

    def test_a_new_period_starting_today(self, world, attacker, outsider_this_morning):
        outsider = outsider_this_morning.outsider
        _refused(
            attacker,
            (
                "INSERT INTO hospital_membership (establishment_id, starts_on) VALUES (%s, %s)",
                [outsider.pk, timezone.localdate().isoformat()],
            ),
        )

    def test_a_future_period_brought_forward_to_today(self, world, attacker, outsider_this_morning):
        outsider = outsider_this_morning.outsider
        with f.as_history():
            period = Membership.objects.create(
                establishment=outsider, starts_on=timezone.localdate() + datetime.timedelta(days=5)
            )
        _refused(
            attacker,
            (
                "UPDATE hospital_membership SET starts_on = %s WHERE id = %s",
                [timezone.localdate().isoformat(), period.pk],
            ),
        )

    @pytest.mark.postgres_only  # SQLite refuses any write around an outside booking
    def test_a_period_starting_tomorrow_is_made(self, world, attacker, outsider_this_morning):
        outsider, forged = outsider_this_morning.outsider, outsider_this_morning.forged
        attacker.run(
            (
                "INSERT INTO hospital_membership (establishment_id, starts_on) VALUES (%s, %s)",
                [outsider.pk, (timezone.localdate() + datetime.timedelta(days=1)).isoformat()],
            )
        )
        assert forged.pk in bookings_resolving_outside()


# --- statements on objects the role does not own (PostgreSQL) ---------------------------

NOT_OWNED = {
    "a rule rewriting inserts into bookings": (
        "CREATE RULE r AS ON INSERT TO scheduling_booking DO INSTEAD NOTHING"
    ),
    "a trigger of the role's own": (
        "CREATE TRIGGER t BEFORE INSERT ON scheduling_booking"
        " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()"
    ),
    "the audit triggers disabled": "ALTER TABLE scheduling_booking DISABLE TRIGGER ALL",
    "the rule's trigger disabled by name": (
        "ALTER TABLE hospital_membership DISABLE TRIGGER institution_rule"
    ),
    "every trigger switched off for the session": "SET session_replication_role = replica",
    "row security turned on over the trail": "ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY",
    "a policy hiding events": "CREATE POLICY p ON audit_event USING (false)",
    "the rule function replaced": (
        "CREATE OR REPLACE FUNCTION public.scheduling_invariant_check(bigint[], text)"
        " RETURNS void LANGUAGE sql AS 'SELECT NULL'"
    ),
    "an operator of the role's own in public": (
        "CREATE FUNCTION public.eq_always(bigint, bigint) RETURNS boolean"
        " LANGUAGE sql AS 'SELECT true'"
    ),
    "a schema of the role's own ahead on the search path": "CREATE SCHEMA hijack",
    "a temporary table standing in for bookings": (
        "CREATE TEMPORARY TABLE scheduling_booking (id bigint)"
    ),
    "a table inheriting from slots": (
        "CREATE TABLE public.slot_child () INHERITS (public.scheduling_slot)"
    ),
    "a view over the trail": "CREATE VIEW public.audit_v AS SELECT * FROM audit_event",
    "a rule's comment (its frozen hash) rewritten": (
        "COMMENT ON FUNCTION public.scheduling_booking_history() IS 'rules:0000'"
    ),
    "the trail truncated": "TRUNCATE audit_event",
    "bookings truncated": "TRUNCATE scheduling_booking",
    "the chain head moved": "UPDATE audit_chain_head SET seq = 0",
    "the chain head locked": "SELECT 1 FROM audit_chain_head FOR UPDATE",
    "a pending event planted": (
        "INSERT INTO audit_pending (txid, occurred_at, actor, channel, request_id, action,"
        " object_type, object_id, changes) VALUES (pg_current_xact_id(), '', '', '', '',"
        " 'update', 'x', '1', '{}')"
    ),
    "the writer called": "SELECT audit_write('update', 'scheduling_booking', '1', '{}')",
    "the keyed hash called": "SELECT audit_mask('1980-05-17')",
    "the trail's key read": "SELECT * FROM audit_secret",
    "the trail's key handed to everyone": "GRANT SELECT ON audit_secret TO PUBLIC",
    "the listing written": "DELETE FROM scheduling_agendalisting",
    "the outbound feed rewritten": "DELETE FROM interfaces_outboundevent",
    "the migrations' history rewritten": "DELETE FROM django_migrations",
    "a large object stored": "SELECT lo_from_bytea(0, 'x')",
    "the owner's role taken": "SET ROLE postgres",
    "a prepared transaction outliving its session": (
        "PREPARE TRANSACTION 'adv'"  # refused where prepared transactions are off, the default
    ),
}


@pytest.mark.postgres_only
@pytest.mark.parametrize("name", sorted(NOT_OWNED))
def test_a_statement_on_what_the_role_does_not_own_is_refused(name, world, attacker):
    before, seq = bookings_state(), last_seq()
    with pytest.raises(DatabaseError):
        attacker.run(NOT_OWNED[name])
    assert bookings_state() == before
    assert bookings_resolving_outside() == []
    assert not events_after(seq).exists()
    assert verify(chain()).ok


@pytest.mark.postgres_only
def test_the_security_definer_functions_the_role_may_call_are_the_known_ones(attacker):
    """A function that runs as its owner and that the role may call is a door
    past the grants: only the listing clock's bounded entry point is one
    (trigger functions cannot be called, whoever may execute them)."""
    with attacker._pg.cursor() as cursor:
        cursor.execute(
            """SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.prosecdef
                  AND p.prorettype <> 'trigger'::regtype
                  AND has_function_privilege(current_user, p.oid, 'EXECUTE')
                ORDER BY 1"""
        )
        callable_ = [row[0] for row in cursor.fetchall()]
    assert callable_ == ["scheduling_listing_move_clock"]


@pytest.mark.postgres_only
def test_every_constraint_made_immediate_or_deferred_still_checks_and_seals(world, attacker):
    """SET CONSTRAINTS ALL IMMEDIATE, then ALL DEFERRED, around a change the
    rule refuses and one it allows: the refused one is refused, the allowed
    one lands in the trail, and the chain verifies."""
    _refused(
        attacker,
        "SET CONSTRAINTS ALL IMMEDIATE",
        f"UPDATE hospital_establishment SET city = 'Lyon' WHERE id = {world.hospital.pk}",
        "SET CONSTRAINTS ALL DEFERRED",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE"
        f" WHERE establishment_id = {world.hospital.pk}",
    )
    seq = last_seq()
    attacker.run(
        "SET CONSTRAINTS ALL IMMEDIATE",
        f"UPDATE hospital_establishment SET city = 'Lyon' WHERE id = {world.hospital.pk}",
        "SET CONSTRAINTS ALL DEFERRED",
        f"UPDATE hospital_establishment SET city = 'Paris' WHERE id = {world.hospital.pk}",
    )
    changes = [e.changes for e in events_after(seq, object_type="hospital_establishment")]
    assert len(changes) == 2 and "Lyon" in changes[0] and "Paris" in changes[1]
    assert verify(chain()).ok


@pytest.mark.postgres_only
def test_a_writable_cte_over_bookings_is_checked_and_recorded(world, attacker):
    """A data-modifying WITH runs every trigger as a plain statement does."""
    seq = last_seq()
    _refused(
        attacker,
        "WITH moved AS (UPDATE scheduling_booking SET reason_id = "
        f"{world.clinic_reason.pk} WHERE id = {world.booking.pk} RETURNING id)"
        " SELECT count(*) FROM moved",
    )
    attacker.run(
        "WITH touched AS (UPDATE scheduling_booking SET cancel_reason = cancel_reason"
        f" WHERE id = {world.booking.pk} RETURNING id) SELECT count(*) FROM touched",
    )
    assert events_after(seq, object_type="scheduling_booking").count() == 1


# --- who made the past's bookings (the report's teams) ------------------------------


@dataclass
class AgentBooking:
    agent: object
    south: object


@pytest.fixture
def agent_booking(world) -> AgentBooking:
    """A call-centre agent of Centre Nord who booked at the hospital three days
    ago (honoured), and Centre Sud, another team."""
    from scheduling.models import CallCentre, CallCentreAgent

    north, south = (
        CallCentre.objects.create(name="Centre Nord"),
        CallCentre.objects.create(name="Centre Sud"),
    )
    user = f.user("agent.nord")
    agent = CallCentreAgent.objects.create(user=user, call_centre=north)
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    f.booking(
        f.slot(world.agenda, start=start), world.reason, channel="call_centre", created_by=user
    )
    assert _teams() == _north(agent)
    return AgentBooking(agent, south)


def _teams():
    today = timezone.localdate()
    return routing_report(today - datetime.timedelta(days=30), today).per_team


def _north(agent) -> list[dict]:
    """The report's team lines when the agent's booking counts for Centre Nord,
    the agent's team (by its id, which a name swapped cannot move)."""
    return [{"team_id": agent.call_centre_id, "team": "Centre Nord", "bookings": 1}]


class TestThePastsTeamsStay:
    """The report counts each booking for the call centre of the agent who
    made it: an agent who has booked stays in their call centre, and no
    account's past bookings are handed to a team afterwards."""

    def test_the_agent_moved_to_another_call_centre(self, world, attacker, agent_booking):
        agent, south = agent_booking.agent, agent_booking.south
        with pytest.raises(DatabaseError):
            attacker.run(
                f"UPDATE scheduling_callcentreagent SET call_centre_id = {south.pk}"
                f" WHERE id = {agent.pk}"
            )
        assert _teams() == _north(agent)

    def test_the_agent_removed_and_made_again_in_another(self, world, attacker, agent_booking):
        agent, south = agent_booking.agent, agent_booking.south
        with pytest.raises(DatabaseError):
            attacker.run(
                f"DELETE FROM scheduling_callcentreagent WHERE id = {agent.pk}",
                f"INSERT INTO scheduling_callcentreagent (user_id, call_centre_id)"
                f" VALUES ({agent.user_id}, {south.pk})",
            )
        assert _teams() == _north(agent)

    def test_a_secretary_who_booked_made_an_agent(self, world, attacker, agent_booking):
        agent, south = agent_booking.agent, agent_booking.south
        secretary = f.user("secretaire.passee")
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
        f.booking(
            f.slot(world.agenda, start=start), world.reason, channel="phone", created_by=secretary
        )
        with pytest.raises(DatabaseError):
            attacker.run(
                f"INSERT INTO scheduling_callcentreagent (user_id, call_centre_id)"
                f" VALUES ({secretary.pk}, {south.pk})"
            )
        assert _teams() == _north(agent)

    def test_an_agent_who_never_booked_changes_team(self, world, attacker, agent_booking):
        from scheduling.models import CallCentreAgent

        agent, south = agent_booking.agent, agent_booking.south
        newcomer = CallCentreAgent.objects.create(user=f.user("agent.nouveau"), call_centre=south)
        attacker.run(
            f"UPDATE scheduling_callcentreagent SET call_centre_id = {agent.call_centre_id}"
            f" WHERE id = {newcomer.pk}",
            f"DELETE FROM scheduling_callcentreagent WHERE id = {newcomer.pk}",
        )


# --- the report's reserved capacity over the past -------------------------------------


@pytest.fixture
def reserved_past(world):
    """Three days ago at the hospital: a slot reserved for the phone (released
    48 hours before it), left free."""
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    return f.slot(
        world.agenda,
        start=start,
        reserved_for="phone",
        opens_to_all_at=start - datetime.timedelta(hours=48),
    )


def _reservations():
    today = timezone.localdate()
    return routing_report(today - datetime.timedelta(days=30), today).per_reservation


RESERVED_PAST = {
    "deleted": "DELETE FROM scheduling_slot WHERE id = {id}",
    "closed": "UPDATE scheduling_slot SET status = 'closed' WHERE id = {id}",
    "its reservation cleared": (
        "UPDATE scheduling_slot SET reserved_for = '', opens_to_all_at = NULL WHERE id = {id}"
    ),
    "handed to partners": "UPDATE scheduling_slot SET reserved_for = 'partners' WHERE id = {id}",
}


@pytest.mark.parametrize("name", sorted(RESERVED_PAST))
def test_the_past_s_reserved_capacity_is_not_rewritten(name, world, attacker, reserved_past):
    before = _reservations()
    try:
        attacker.run(RESERVED_PAST[name].format(id=reserved_past.pk))
    except DatabaseError:
        pass
    assert _reservations() == before


# --- where the outbound feed's messages go ----------------------------------------------


def test_a_message_is_not_re_pointed_to_another_endpoint_unseen(world, attacker):
    from interfaces.models import Dispatch, Endpoint

    mllp_endpoint("127.0.0.1:9")
    elsewhere = Endpoint.objects.create(
        name="Ailleurs",
        kind="mllp",
        address="127.0.0.1:10",
        receiving_application="X",
        active=False,
    )
    f.booking(f.slot(world.agenda), world.reason)
    dispatch = Dispatch.objects.order_by("-pk").first()
    seq = last_seq()
    try:
        attacker.run(
            f"UPDATE interfaces_dispatch SET endpoint_id = {elsewhere.pk}, status = 'pending'"
            f" WHERE id = {dispatch.pk}"
        )
    except DatabaseError:
        return
    dispatch.refresh_from_db()
    assert dispatch.endpoint_id != elsewhere.pk or events_after(seq).exists()


DISPATCH_REWRITES = {
    "its event": "UPDATE interfaces_dispatch SET event_id = {other_event} WHERE id = {id}",
    "its booking": "UPDATE interfaces_dispatch SET booking_id = booking_id + 1 WHERE id = {id}",
    "its id (the control id RDV<n>)": "UPDATE interfaces_dispatch SET id = id + 1000 WHERE id = {id}",
    # PostgreSQL: revoked from the role; SQLite: a trigger refuses it.
    "deleted": "DELETE FROM interfaces_dispatch WHERE id = {id}",
}


DELIVERY_LOG_REWRITES = {
    "an attempt's outcome rewritten": "UPDATE interfaces_dispatchattempt SET outcome = 'delivered',"
    " ack_code = 'AA' WHERE id = {id}",
    "an attempt moved to another message": "UPDATE interfaces_dispatchattempt"
    " SET dispatch_id = {other} WHERE id = {id}",
    "an attempt erased": "DELETE FROM interfaces_dispatchattempt WHERE id = {id}",
    "the whole log erased": "DELETE FROM interfaces_dispatchattempt",
}


@pytest.mark.parametrize("name", sorted(DELIVERY_LOG_REWRITES))
def test_the_delivery_log_is_only_added_to(name, world, attacker):
    """The trail does not record the delivery log (a row per attempt), so
    no row of it may change or go: it is what says a patient's message went
    to another system, and what the receiver answered."""
    from interfaces.models import Dispatch, DispatchAttempt

    mllp_endpoint("127.0.0.1:9")
    f.booking(f.slot(world.agenda), world.reason)
    f.booking(f.slot(world.agenda), world.reason, patient=f.patient(last_name="Autre"))
    first, dispatch = Dispatch.objects.order_by("pk")[:2]
    attempt = DispatchAttempt.objects.create(
        dispatch=dispatch,
        started_at=timezone.now(),
        duration_ms=12,
        outcome=DispatchAttempt.Outcome.REFUSED,
        ack_code="AR",
        detail="refused by the receiver",
    )
    log = lambda: list(DispatchAttempt.objects.order_by("pk").values())  # noqa: E731
    before = log()
    with pytest.raises(DatabaseError):
        attacker.run(DELIVERY_LOG_REWRITES[name].format(id=attempt.pk, other=first.pk))
    assert log() == before


@pytest.mark.parametrize("name", sorted(DISPATCH_REWRITES))
def test_a_dispatch_keeps_what_it_carries_and_where(name, world, attacker):
    from interfaces.models import Dispatch

    mllp_endpoint("127.0.0.1:9")
    f.booking(f.slot(world.agenda), world.reason)
    first = Dispatch.objects.order_by("pk").first()
    f.booking(f.slot(world.agenda), world.reason, patient=f.patient(last_name="Autre"))
    dispatch = Dispatch.objects.order_by("-pk").first()
    identity = lambda: list(  # noqa: E731
        Dispatch.objects.values_list("pk", "event_id", "endpoint_id", "booking_id")
    )
    before = identity()
    with pytest.raises(DatabaseError):
        attacker.run(DISPATCH_REWRITES[name].format(id=dispatch.pk, other_event=first.event_id))
    assert identity() == before
