"""The front desk's check-in (issue 14): when the patient arrived, on the
booking itself (audited with it). An unconfirmed hold cannot be checked in.
SQLite rebuilds the bookings table for this: the rules of 0016 and the
listing's triggers of 0013 (both frozen) are taken off around it and put
back; 0018 then installs the rules that know the column."""

from importlib import import_module

from django.db import migrations, models

from scheduling.migrations._frozen_rules import suspended_on_sqlite

_listing = import_module("scheduling.migrations.0013_agenda_listing_triggers")


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            with schema_editor.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    return run


_listing_off = _on_sqlite(_listing.LISTING_SQLITE_REVERSE)
_listing_on = _on_sqlite(_listing.LISTING_SQLITE)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0016_rules_api_clients"),
    ]

    operations = [migrations.RunPython(_listing_off, _listing_on)] + suspended_on_sqlite(
        "0016_rules_api_clients",
        [
            migrations.AddField(
                model_name="booking",
                name="checked_in_at",
                field=models.DateTimeField(
                    blank=True,
                    editable=False,
                    help_text="When the front desk saw the patient arrive.",
                    null=True,
                    verbose_name="arrived at",
                ),
            ),
            migrations.AddConstraint(
                model_name="booking",
                constraint=models.CheckConstraint(
                    condition=models.Q(("checked_in_at__isnull", True))
                    | ~models.Q(("status", "pending")),
                    name="scheduling_booking_check_in_not_pending",
                    violation_error_message="An unconfirmed booking cannot be checked in.",
                ),
            ),
        ],
    ) + [migrations.RunPython(_listing_on, _listing_off)]
