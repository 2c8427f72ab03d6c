"""The history rules read the wall clock, and nothing launders the past
(adversarial review, round 3: tests/institution/test_attacks_round3.py).

- PostgreSQL: "has it started?" and "today" are asked of clock_timestamp(),
  the time of the statement, not now(), the time its transaction began. A
  session of the application role that began a transaction before an
  appointment started, and wrote once it had, booked, cancelled or moved it
  — and moved the slot itself back into the future — as if it were still to
  come. (SQLite's 'now' was already the statement's.)
- A membership period starting today covered this morning's appointments
  that had started: the rule looked at days before today only. It now looks
  at every appointment that has started, on both databases.
- No affiliation covers afterwards a booking of the past that no affiliation
  covered at its time (the twin of the membership periods' rule): a new
  affiliation, an earlier start, a later end or one re-pointed to the
  practitioner and department is refused over such a booking.
- The routing report counts a booking for the call centre of the agent who
  made it: an account that has made bookings now keeps its team (its agent
  row is neither moved to another call centre nor deleted, and an account
  that booked does not become an agent afterwards), which the application
  role could change to hand last month's bookings to another team.

The objects are frozen in sql/objects/<vendor>/ (sql/0047_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0046_rules_seal_by_transaction")]

    operations = [install("0047_rules_history_by_wall_clock")]
