"""An API client keeps its past (adversarial review, round 4:
tests/institution/test_attacks_round4.py, F1 and F2).

The routing report counts a booking for the API client whose service account
made it. The client's account never changed (its user_id is an identity the
rules pin), but:
- an account that had made bookings could be given to a new API client
  (INSERT), which handed a secretary's phone bookings of last month to it;
  no client is given an account that has made bookings now (create_client
  and the admin make each client a new service account);
- on SQLite, a client that had booked could be deleted (its scopes, then
  itself), and its bookings left the report's client lines; a client that
  has made bookings is not deleted now, on either database (PostgreSQL's
  application role has no DELETE on the table: the rule holds for the
  owner's maintenance too). It is deactivated.

The objects are frozen in sql/objects/<vendor>/ (sql/0048_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0047_rules_history_by_wall_clock")]

    operations = [install("0048_rules_api_clients_keep_their_past")]
