"""Every change leaves exactly one event, attributed, chained and unchangeable.

These tests commit for real (transaction=True): on PostgreSQL events are
sealed into the chain at COMMIT, as in production.
"""

import datetime
import json
import threading
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.context import acting
from audit.events import record_read
from audit.sql import MASK_PREFIX
from hospital.models import Affiliation, Establishment
from scheduling.models import Booking, Patient
from tests import factories as f
from tests.helpers import events_after, last_seq, triggers_disabled

pytestmark = pytest.mark.django_db(transaction=True)

SECRETARY = "user:7:secretaire"


def test_model_save_writes_one_event_with_the_acting_user():
    mark = last_seq()
    with acting(actor=SECRETARY, channel="admin", request_id="req-1"):
        hospital = f.establishment(is_member=False)
    (event,) = events_after(mark)
    assert (event.action, event.object_type, event.object_id) == (
        "insert",
        "hospital_establishment",
        str(hospital.pk),
    )
    assert (event.actor, event.channel, event.request_id) == (SECRETARY, "admin", "req-1")


def test_update_records_before_and_after_of_changed_fields_only():
    hospital = f.establishment(city="Paris")
    mark = last_seq()
    hospital.city = "Créteil"
    hospital.save(update_fields=["city"])
    (event,) = events_after(mark)
    assert event.action == "update"
    assert '"city"' in event.changes and "Paris" in event.changes and "Créteil" in event.changes
    assert "finess" not in event.changes


def test_queryset_update_writes_one_event_per_row():
    first, second = f.establishment(), f.establishment()
    mark = last_seq()
    Establishment.objects.filter(pk__in=[first.pk, second.pk]).update(city="Bobigny")
    events = list(events_after(mark))
    assert [(e.action, e.object_id) for e in events] == [
        ("update", str(first.pk)),
        ("update", str(second.pk)),
    ] or sorted(e.object_id for e in events) == sorted([str(first.pk), str(second.pk)])
    assert len(events) == 2


def test_bulk_create_writes_one_event_per_row():
    mark = last_seq()
    Establishment.objects.bulk_create(
        [
            Establishment(name=f"Site {n}", finess=f.finess(), address="1 rue", city="Paris")
            for n in range(3)
        ]
    )
    assert events_after(mark, action="insert", object_type="hospital_establishment").count() == 3
    assert events_after(mark).count() == 3


def test_delete_writes_one_event():
    affiliation = f.affiliation(f.practitioner(), f.department())
    affiliation_id = affiliation.pk
    mark = last_seq()
    affiliation.delete()
    (event,) = events_after(mark)
    assert (event.action, event.object_type, event.object_id) == (
        "delete",
        "hospital_affiliation",
        str(affiliation_id),
    )


def test_raw_sql_is_recorded_and_attributed_to_the_database_role():
    hospital = f.establishment()
    mark = last_seq()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hospital_establishment SET city = %s WHERE id = %s", ["Rennes", hospital.pk]
        )
    (event,) = events_after(mark)
    assert event.action == "update" and event.channel == "sql"
    assert event.actor.startswith("db:")


def test_booking_and_its_event_roll_back_together():
    agenda = f.agenda()
    slot, reason, patient = f.slot(agenda), f.reason(agenda), f.patient()
    mark = last_seq()
    with pytest.raises(RuntimeError), transaction.atomic():
        booking = f.booking(slot, reason, patient=patient)
        raise RuntimeError("the caller fails after the write")
    assert not Booking.objects.filter(pk=booking.pk).exists()
    assert not events_after(mark).exists()

    booking = f.booking(slot, reason, patient=patient)
    assert (
        events_after(mark, object_type="scheduling_booking", object_id=str(booking.pk)).count() == 1
    )


def test_patient_identity_never_appears_in_clear():
    mark = last_seq()
    patient = f.patient(
        first_name="Zoéline",
        last_name="Quintanilla",
        email="zoeline.q@example.org",
        phone="+33699887766",
        birth_date=datetime.date(1977, 3, 9),
    )
    Patient.objects.filter(pk=patient.pk).update(
        email="nouvelle.adresse@example.org", phone="+33611112222"
    )
    events = list(events_after(mark))
    assert [e.action for e in events] == ["insert", "update"]
    trail = " ".join(e.changes for e in events)
    for secret in [
        "Zoéline",
        "Quintanilla",
        "zoeline.q",
        "example.org",
        "99887766",
        "11112222",
        "1977-03-09",
    ]:
        assert secret not in trail
    assert MASK_PREFIX in events[1].changes and '"email"' in events[1].changes


def test_staff_read_of_a_patient_is_an_event():
    patient = f.patient()
    mark = last_seq()
    with acting(actor=SECRETARY, channel="admin"):
        record_read("scheduling_patient", patient.pk)
    (event,) = events_after(mark)
    assert (event.action, event.actor, event.object_id) == ("read", SECRETARY, str(patient.pk))


# --- append-only -----------------------------------------------------------------


def _some_event_seq() -> int:
    f.establishment()
    return last_seq()


def test_update_of_an_event_is_refused_by_the_database():
    seq = _some_event_seq()
    with pytest.raises(DatabaseError, match="append-only|not authorized"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_event SET actor = 'someone-else' WHERE seq = %s", [seq])


def test_delete_of_an_event_is_refused_by_the_database():
    seq = _some_event_seq()
    with pytest.raises(DatabaseError, match="append-only|not authorized"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_event WHERE seq = %s", [seq])


def test_truncate_of_the_trail_is_refused_by_the_database():
    seq = _some_event_seq()
    statement = (
        "TRUNCATE audit_event" if connection.vendor == "postgresql" else "DELETE FROM audit_event"
    )
    with pytest.raises(DatabaseError, match="append-only|not authorized"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert events_after(seq - 1).exists()


@pytest.mark.postgres_only  # SQLite: the connection guard refuses it (tests/institution)
def test_hand_written_event_is_refused_on_postgresql():
    with pytest.raises(DatabaseError, match="written by the database only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO audit_event VALUES (999999, 'x', 'x', 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')"
            )


# --- verification ------------------------------------------------------------------


def _verify(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


class _Undo(Exception):
    def __init__(self, outcome):
        self.outcome = outcome


def _verify_tampered(statements: list[tuple[str, list]], *args) -> str | CommandError:
    """Tamper as a database owner would, verify, then roll the tampering back so
    that the (shared, committed) trail stays intact for the other tests."""
    try:
        with transaction.atomic():
            with triggers_disabled("audit_event") as cursor:
                for statement, params in statements:
                    cursor.execute(statement, params)
            try:
                outcome = _verify(*args)
            except CommandError as error:
                outcome = error
            raise _Undo(outcome)
    except _Undo as undo:
        return undo.outcome


def _three_events() -> int:
    for _ in range(3):
        f.establishment()
    return last_seq()


def test_audit_verify_passes_on_an_intact_chain_and_counts_events():
    last = _three_events()
    assert f"{last} events verified" in _verify()


def test_audit_verify_names_an_edited_event():
    last = _three_events()
    outcome = _verify_tampered(
        [("UPDATE audit_event SET actor = 'user:1:someone-else' WHERE seq = %s", [last - 1])]
    )
    assert f"broken at event {last - 1}: its content does not match" in str(outcome)
    assert "edited" in str(outcome)


def test_audit_verify_names_a_deleted_event():
    last = _three_events()
    outcome = _verify_tampered([("DELETE FROM audit_event WHERE seq = %s", [last - 1])])
    assert f"broken at event {last - 1}: event {last - 1} is missing" in str(outcome)


def test_audit_verify_names_reordered_events():
    last = _three_events()
    # Swap the positions of two events (their content moves, their hashes follow).
    outcome = _verify_tampered(
        [
            ("UPDATE audit_event SET seq = -1 WHERE seq = %s", [last - 1]),
            ("UPDATE audit_event SET seq = %s WHERE seq = %s", [last - 1, last]),
            ("UPDATE audit_event SET seq = %s WHERE seq = -1", [last]),
        ]
    )
    assert f"broken at event {last - 1}: does not follow the previous event" in str(outcome)


def test_audit_verify_catches_a_cut_tail_given_the_known_head():
    last = _three_events()
    from io import StringIO

    out = StringIO()
    call_command("audit_head", stdout=out)
    head = out.getvalue().split()[0]
    assert head.startswith(f"{last}:")
    cut = [("DELETE FROM audit_event WHERE seq >= %s", [last - 1])]
    # Without the head stored elsewhere, a clean cut of the tail is invisible ...
    assert f"{last - 2} events verified" in str(_verify_tampered(cut))
    # ... with it, it is named.
    outcome = _verify_tampered(cut, "--head", head)
    assert isinstance(outcome, CommandError) and "truncated" in str(outcome)
    assert _verify("--head", head).startswith("audit chain intact")


def test_audit_head_is_signed_when_a_key_is_configured(settings):
    _three_events()
    settings.AUDIT_HEAD_HMAC_KEY = "test-key"
    from io import StringIO

    from audit.chain import current_head

    out = StringIO()
    call_command("audit_head", stdout=out)
    head = current_head()
    assert out.getvalue().strip() == f"{head} hmac-sha256={head.signature('test-key')}"


def test_audit_verify_accepts_exactly_what_audit_head_prints_and_checks_its_signature(settings):
    _three_events()
    settings.AUDIT_HEAD_HMAC_KEY = "test-key"
    from io import StringIO

    out = StringIO()
    call_command("audit_head", stdout=out)
    printed = out.getvalue().strip()
    assert " hmac-sha256=" in printed
    assert _verify("--head", printed).startswith("audit chain intact")
    seq, signature = printed.split(" ", 1)
    forged = f"{seq} hmac-sha256={'0' * 64}"
    with pytest.raises(CommandError, match="signature does not match"):
        _verify("--head", forged)
    with pytest.raises(CommandError, match="must carry its signature"):
        _verify("--head", seq)
    settings.AUDIT_HEAD_HMAC_KEY = ""
    with pytest.raises(CommandError, match="signed but AUDIT_HEAD_HMAC_KEY is not set"):
        _verify("--head", printed)


def test_audit_verify_without_a_head_says_a_cut_tail_goes_unseen():
    _three_events()
    assert "cannot be told from a complete one" in _verify()


def test_audit_verify_rejects_a_malformed_head():
    with pytest.raises(CommandError, match="SEQ:HASH"):
        _verify("--head", "12:not-a-hash")


# --- concurrency ----------------------------------------------------------------------


@pytest.mark.postgres_only  # SQLite has a single writer: nothing concurrent to test
def test_concurrent_writers_do_not_fork_the_chain():
    mark = last_seq()
    errors: list[Exception] = []
    start = threading.Barrier(8)

    def write(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    Establishment.objects.create(
                        name=f"Concurrent {n}", finess=f.finess(), address="x", city="y"
                    )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(events_after(mark).values_list("seq", flat=True))
    assert seqs == list(range(mark + 1, mark + 41))
    assert "events verified" in _verify()


def test_integrity_refusal_leaves_no_event():
    agenda = f.agenda()
    slot, reason = f.slot(agenda), f.reason(agenda)
    f.booking(slot, reason)
    mark = last_seq()
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.bulk_create(
            [
                Booking(
                    slot=slot,
                    reason=reason,
                    patient=f.patient(),
                    channel="web",
                    public_id=uuid.uuid4(),
                )
            ]
        )
    assert not events_after(mark, object_type="scheduling_booking").exists()
    assert Affiliation.objects.exists()


# --- keyed hashes of patient identity --------------------------------------------


@pytest.mark.postgres_only
def test_postgresql_identity_hash_is_hmac_sha256_with_the_database_s_own_key():
    import hashlib
    import hmac

    from audit.sql import MASK_PREFIX

    with connection.cursor() as cursor:
        cursor.execute("SELECT inner_key FROM audit_secret")
        inner = bytes(cursor.fetchone()[0])
        cursor.execute("SELECT public.audit_mask('1980-05-17'), public.audit_mask('1980-05-17')")
        masked, again = cursor.fetchone()
    assert masked != again, "each hash has its own nonce"
    nonce = masked.removeprefix(MASK_PREFIX).split(":")[0]
    key = bytes(b ^ 0x36 for b in inner)  # HMAC zero-pads a short key to the block
    expected = hmac.new(key, f"{nonce}:1980-05-17".encode(), hashlib.sha256).hexdigest()[:32]
    assert masked == f"{MASK_PREFIX}{nonce}:{expected}"


@pytest.mark.sqlite_only
def test_sqlite_identity_hash_is_hmac_sha256_with_the_configured_key(settings):
    import hashlib
    import hmac

    from audit.sql import MASK_PREFIX

    seq = last_seq()
    f.patient(birth_date=datetime.date(1980, 5, 17))
    event = events_after(seq, object_type="scheduling_patient").get()
    masked = json.loads(event.changes)["birth_date"]
    nonce = masked.removeprefix(MASK_PREFIX).split(":")[0]
    key = settings.AUDIT_IDENTITY_KEY.encode()
    digest = hmac.new(key, f"{nonce}:1980-05-17".encode(), hashlib.sha256).hexdigest()[:32]
    assert masked == f"{MASK_PREFIX}{nonce}:{digest}"
