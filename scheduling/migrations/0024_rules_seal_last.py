"""The database rules with the audit seal as the last step of every
transaction (issue 19): the seal's deferred trigger on audit_pending now only
deletes the pending row, and a second deferred trigger on that delete
(audit_pending_seal_last) writes the event and takes the chain head, queued
behind every institution-rule check and listing update. The SQL is frozen in
sql/0024_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0023_rules_history_membership")]

    operations = [install("0024_rules_seal_last")]
