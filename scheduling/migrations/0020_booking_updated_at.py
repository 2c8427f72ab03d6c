"""When a booking last changed (issue 22): another system polls the bookings
changed since its last look. Booking.save() raises it on every change; the
database default covers rows written in SQL. SQLite rebuilds the bookings
table for the new column: the rules of 0018 and the listing's triggers of
0013 (both frozen) are taken off around it and put back; 0021 then installs
the rules that know the column (SQLite's audit triggers list every column)."""

from importlib import import_module

import django.utils.timezone
from django.db import migrations, models

import scheduling.models
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
        ("scheduling", "0019_public_reference_label"),
    ]

    operations = [migrations.RunPython(_listing_off, _listing_on)] + suspended_on_sqlite(
        "0018_rules_check_in",
        [
            migrations.AddField(
                model_name="booking",
                name="updated_at",
                field=models.DateTimeField(
                    db_default=scheduling.models.UtcNow(),
                    default=django.utils.timezone.now,
                    editable=False,
                    verbose_name="last changed",
                ),
            ),
            migrations.AddIndex(
                model_name="booking",
                index=models.Index(fields=["updated_at", "id"], name="scheduling_booking_updated"),
            ),
        ],
    ) + [migrations.RunPython(_listing_on, _listing_off)]
