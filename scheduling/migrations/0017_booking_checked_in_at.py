"""The front desk's check-in (issue 14): when the patient arrived, on the
booking itself (audited with it). An unconfirmed hold cannot be checked in.
SQLite rebuilds the bookings table for this: the rules of 0011 are taken off
around it and put back; 0018 then installs the rules that know the column."""

from django.db import migrations, models

from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0014_dates_within_bounds_admin_log_without_names"),
    ]

    operations = suspended_on_sqlite(
        "0011_rules_notices",
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
    )
