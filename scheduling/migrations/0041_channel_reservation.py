"""Capacity reserved per channel (issue 24): an agenda's share and release
delay, an opening rule's reserved channels, and each slot's reservation. SQLite
rebuilds the tables for the new columns: every trigger and view is
taken off and put back; then the rules that know the columns
(the reservation rule, SQLite's audit triggers listing every column) are
installed (the objects that changed, frozen in sql/)."""

import django.core.validators
import hospital.validators
from django.db import migrations, models

from scheduling.migrations._frozen_rules import install, suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0009_membership_periods"),
        ("scheduling", "0040_rules_partner_portals"),
    ]

    operations = [
        *suspended_on_sqlite(
            None,
            [
                migrations.AddField(
                    model_name="agenda",
                    name="release_hours",
                    field=models.PositiveSmallIntegerField(
                        db_default=48,
                        default=48,
                        help_text="A reserved slot opens to every channel this long before it starts.",
                        validators=[django.core.validators.MaxValueValidator(2160)],
                        verbose_name="release delay (hours)",
                    ),
                ),
                migrations.AddField(
                    model_name="agenda",
                    name="reserved_for",
                    field=models.CharField(
                        choices=[
                            ("phone", "phone and call centre"),
                            ("partners", "partner portals (API)"),
                        ],
                        db_default="phone",
                        default="phone",
                        max_length=20,
                        verbose_name="reserved for",
                    ),
                ),
                migrations.AddField(
                    model_name="agenda",
                    name="reserved_share",
                    field=models.PositiveSmallIntegerField(
                        db_default=0,
                        default=0,
                        help_text="Every slot of the weekly hours in this proportion is kept for the channels below until its release; opening rules may reserve their own slots instead.",
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="share of slots reserved (%)",
                    ),
                ),
                migrations.AddField(
                    model_name="openingrule",
                    name="reserved_for",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("", "every channel"),
                            ("phone", "phone and call centre"),
                            ("partners", "partner portals (API)"),
                        ],
                        db_default="",
                        default="",
                        help_text="Every slot of these hours is kept for these channels until its release; empty: the agenda's share applies.",
                        max_length=20,
                        verbose_name="reserved for",
                    ),
                ),
                migrations.AddField(
                    model_name="slot",
                    name="opens_to_all_at",
                    field=models.DateTimeField(
                        blank=True,
                        null=True,
                        validators=[hospital.validators.validate_sane_date],
                        verbose_name="opens to every channel at",
                    ),
                ),
                migrations.AddField(
                    model_name="slot",
                    name="reserved_for",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("", "every channel"),
                            ("phone", "phone and call centre"),
                            ("partners", "partner portals (API)"),
                        ],
                        db_default="",
                        default="",
                        max_length=20,
                        verbose_name="reserved for",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="agenda",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("reserved_share__gte", 0), ("reserved_share__lte", 100)
                        ),
                        name="scheduling_agenda_reserved_share_range",
                        violation_error_message="The reserved share is a percentage, 0 to 100.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="agenda",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("reserved_for__in", ["phone", "partners"])),
                        name="scheduling_agenda_reserved_for_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="agenda",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("release_hours__gte", 0), ("release_hours__lte", 2160)),
                        name="scheduling_agenda_release_hours_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="openingrule",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("reserved_for__in", ["", "phone", "partners"])),
                        name="scheduling_openingrule_reserved_for_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="slot",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("opens_to_all_at__isnull", True), ("reserved_for", "")),
                            models.Q(
                                ("opens_to_all_at__isnull", False),
                                ("reserved_for__in", ["phone", "partners"]),
                                ("opens_to_all_at__lte", models.F("start")),
                            ),
                            _connector="OR",
                        ),
                        name="scheduling_slot_reservation_release",
                        violation_error_message="A reserved slot opens to every channel at a time no later than its start; an unreserved one has no such time.",
                    ),
                ),
            ],
        ),
        install("0041_channel_reservation"),
    ]
