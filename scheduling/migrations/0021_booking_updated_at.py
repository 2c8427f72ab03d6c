"""When a booking last changed (issue 22): another system polls the bookings
changed since its last look. Booking.save() raises it on every change; the
database default covers rows written in SQL. SQLite rebuilds the bookings
table for the new column: the rules of 0020 (and every other trigger, the
listing's and the feed's included) are taken off around it and put back;
0022 then installs the rules that know the column (SQLite's audit triggers
list every column)."""

import django.utils.timezone
from django.db import migrations, models

import scheduling.models
from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0020_hold_makers_side_tables"),
    ]

    operations = suspended_on_sqlite(
        "0020_hold_makers_side_tables",
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
    )
