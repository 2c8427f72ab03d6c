"""A transaction's events are sealed in one pass (issue 23): the chain stays
identical and verifiable however many events one transaction writes, in the
order they were written, and the table that asks for the seal is the
database's alone.

These tests commit for real (transaction=True): on PostgreSQL events are
sealed into the chain at COMMIT, as in production.
"""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import chain, verify
from hospital.models import Establishment, Specialty
from tests import factories as f
from tests.helpers import events_after, last_seq

pytestmark = pytest.mark.django_db(transaction=True)

BIG = 3000


def _pending_left() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM audit_pending), (SELECT count(*) FROM audit_seal_request)"
        )
        return cursor.fetchone()


def test_a_big_transaction_is_chained_whole_and_verifies():
    mark = last_seq()
    with transaction.atomic():
        made = Specialty.objects.bulk_create(
            Specialty(code=f"spec-{n}", name=f"Spécialité {n}") for n in range(BIG)
        )
    events = list(events_after(mark))
    assert len(events) == BIG
    assert [e.seq for e in events] == list(range(mark + 1, mark + BIG + 1))
    assert [e.object_id for e in events] == [str(s.pk) for s in made]
    assert all(e.prev_hash == before.hash for before, e in zip(events, events[1:], strict=False))
    assert verify(chain()).ok
    call_command("audit_verify", stdout=io.StringIO())
    if connection.vendor == "postgresql":
        assert _pending_left() == (0, 0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq, hash FROM audit_chain_head WHERE id = 1")
            assert cursor.fetchone() == (events[-1].seq, events[-1].hash)


def test_events_keep_the_order_they_were_written_in_across_tables_and_statements():
    hospital = f.establishment(city="Paris")
    mark = last_seq()
    with transaction.atomic():
        Establishment.objects.filter(pk=hospital.pk).update(city="Créteil")
        specialty = Specialty.objects.create(code="neuro-x", name="Neuro X")
        Establishment.objects.filter(pk=hospital.pk).update(city="Bobigny")
        Specialty.objects.filter(pk=specialty.pk).update(name="Neuro Y")
        Specialty.objects.filter(pk=specialty.pk).delete()
    hospital_id, specialty_id = str(hospital.pk), str(specialty.pk)
    assert [(e.action, e.object_type, e.object_id) for e in events_after(mark)] == [
        ("update", "hospital_establishment", hospital_id),
        ("insert", "hospital_specialty", specialty_id),
        ("update", "hospital_establishment", hospital_id),
        ("update", "hospital_specialty", specialty_id),
        ("delete", "hospital_specialty", specialty_id),
    ]
    assert verify(chain()).ok


def test_two_transactions_in_turn_each_seal_their_own_events():
    mark = last_seq()
    with transaction.atomic():
        hospital = f.establishment()
    with transaction.atomic():
        Specialty.objects.bulk_create(
            Specialty(code=f"turn-{n}", name=f"Tour {n}") for n in range(50)
        )
    events = list(events_after(mark))
    assert (events[0].object_type, events[0].object_id) == (
        "hospital_establishment",
        str(hospital.pk),
    )
    assert [e.object_type for e in events[-50:]] == ["hospital_specialty"] * 50
    assert verify(chain()).ok


@pytest.mark.postgres_only
def test_the_head_moves_once_per_transaction():
    """The quadratic shape was one update of the head row per event; now one
    per transaction, whatever its size (counted by PostgreSQL itself, with the
    deferred steps fired before the commit)."""
    with transaction.atomic(), connection.cursor() as cursor:
        Specialty.objects.bulk_create(
            Specialty(code=f"once-{n}", name=f"Une fois {n}") for n in range(500)
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated('audit_chain_head'::regclass),"
            " pg_stat_get_xact_tuples_inserted('audit_seal_request'::regclass),"
            " (SELECT count(*) FROM audit_pending)"
        )
        assert cursor.fetchone() == (1, 1, 0)
    assert verify(chain()).ok


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    "forgery",
    [
        # Ask for a seal of nothing, or of someone else's transaction.
        "INSERT INTO audit_seal_request (txid) VALUES (pg_current_xact_id())",
        "INSERT INTO audit_seal_request (txid) VALUES ('1'::xid8)",
        # Withdraw one's own request before the commit, to leave events unsealed.
        "DELETE FROM audit_seal_request",
        "UPDATE audit_seal_request SET txid = '1'::xid8",
        "TRUNCATE audit_seal_request",
        # Or write a pending event directly and have it sealed.
        "INSERT INTO audit_pending (occurred_at, actor, channel, request_id, action, object_type,"
        " object_id, changes) VALUES ('2020-01-01T00:00:00.000000Z', 'user:1:admin', 'admin', '',"
        " 'insert', 'scheduling_booking', '1', '{}')",
    ],
)
def test_the_application_role_cannot_forge_through_the_seal_request(attacker, forgery):
    mark = last_seq()
    with pytest.raises(DatabaseError, match="permission denied"):
        attacker.run(
            "INSERT INTO hospital_specialty (code, name) VALUES ('forge', 'Forge')",
            forgery,
        )
    assert list(events_after(mark)) == []
    # The same write without the forgery is sealed, and the chain verifies.
    attacker.run("INSERT INTO hospital_specialty (code, name) VALUES ('honest', 'Honest')")
    (event,) = events_after(mark)
    assert (event.action, event.object_type) == ("insert", "hospital_specialty")
    assert verify(chain()).ok
    assert _pending_left() == (0, 0)


def _second_connection():
    import psycopg

    params = connection.get_connection_params()
    return psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        dbname=connection.settings_dict["NAME"],
        user=connection.settings_dict["USER"],
    )


def _pending_reads(cursor) -> tuple[int, int, int, int]:
    # The session's counts not yet reported, this transaction's included
    # (PostgreSQL reports them at most once a second): compare two readings
    # inside one transaction.
    cursor.execute(
        "SELECT seq_scan, seq_tup_read, idx_scan, n_tup_del FROM pg_stat_xact_user_tables"
        " WHERE relid = 'audit_pending'::regclass"
    )
    return cursor.fetchone()


@pytest.mark.postgres_only
def test_the_seal_takes_its_own_transaction_s_events_by_key_and_leaves_the_others():
    """Issue 21 (throughput): the seal reads and deletes the pending events of
    its own transaction through the index on their transaction id, while
    another transaction's events wait uncommitted in the same table and dead
    rows of those sealed before fill its pages (autovacuum may be off); it
    never scans the table. The other transaction's events are sealed at its
    own commit, after these, and the chain verifies."""
    # Dead rows: a few hundred committed-and-sealed events' worth of pages.
    Specialty.objects.bulk_create(
        Specialty(code=f"dead-{n}", name=f"Morte {n}") for n in range(400)
    )
    mark = last_seq()
    other = _second_connection()
    try:
        with other.cursor() as cursor:  # psycopg opens a transaction: not committed
            cursor.execute("INSERT INTO hospital_specialty (code, name) VALUES ('other', 'Autre')")
        with transaction.atomic(), connection.cursor() as cursor:
            before = _pending_reads(cursor)
            mine = Specialty.objects.create(code="mine", name="La mienne")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the seal, fired now
            after = _pending_reads(cursor)
            seq_scans, rows_scanned, index_scans, deleted = (
                a - b for a, b in zip(after, before, strict=True)
            )
            assert (seq_scans, rows_scanned) == (0, 0), "the seal scanned the pending table"
            assert index_scans >= 1
            assert deleted == 1
        (event,) = events_after(mark)
        assert (event.action, event.object_type, event.object_id) == (
            "insert",
            "hospital_specialty",
            str(mine.pk),
        )
        other.commit()
    finally:
        other.close()
    events = list(events_after(mark))
    assert [(e.object_type, e.object_id) for e in events] == [
        ("hospital_specialty", str(mine.pk)),
        ("hospital_specialty", str(Specialty.objects.get(code="other").pk)),
    ]
    assert verify(chain()).ok
    assert _pending_left() == (0, 0)
