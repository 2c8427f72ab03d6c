"""The audit seal reads its transaction's pending events by key (issue 21:
throughput), on PostgreSQL only. Each pending event now carries its
transaction's id (`audit_pending.txid`, written by audit_write, indexed), and
audit_seal takes that transaction's rows out by it before it locks the chain
head. It used to read, then delete, the whole pending table while holding the
head: every other transaction's uncommitted rows and, until a VACUUM, the dead
rows of every transaction sealed before — a walk that grew with the table and
that every writing transaction waited for. The chain is the same: the same
events, in the order they were written, hashed alike. The functions are frozen
in sql/objects/postgresql/ (sql/0046_*.objects); SQLite has no pending table.

The pending table holds no committed row (every transaction seals its own
before it commits), so the column needs no value for existing rows."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


def _pending_by_transaction(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE public.audit_pending ADD COLUMN txid xid8 NOT NULL")
        cursor.execute("CREATE INDEX audit_pending_txid ON public.audit_pending (txid)")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0045_rules_one_booking_plan")]

    operations = [
        migrations.RunPython(_pending_by_transaction),
        install("0046_rules_seal_by_transaction"),
    ]
