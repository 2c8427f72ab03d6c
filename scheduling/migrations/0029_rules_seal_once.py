"""The audit seal in one pass per transaction (issue 23): each event's row
trigger only notes that its transaction needs sealing (one row of
audit_seal_request per transaction), and that row's two deferred steps chain
every pending event in order and move the chain head once, still as the
transaction's last step. Sealing each event with its own trigger cost O(n²)
in one transaction (bench/audit_seal.py). The SQL is frozen in sql/0029_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install

# The per-event seal this version replaces.
RETIRED = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_pending_seal ON public.audit_pending;",
        "DROP TRIGGER IF EXISTS audit_pending_seal_last ON public.audit_pending;",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0028_rules_call_centre")]

    operations = [install("0029_rules_seal_once", retire=RETIRED)]
