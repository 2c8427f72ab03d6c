"""Partner portals as channels (issue 24): an API client's kind (a partner
portal is bounded by per-agenda opt-in), the agendas opted in to each
partner, and the booking channel "partner". SQLite rebuilds the bookings and
API clients tables: every trigger and view is taken off around it and put
back; 0040 installs the rules that know the new table."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0038_rules_per_object"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerOptIn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="opted in at",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner opt-in",
                "verbose_name_plural": "partner opt-ins",
            },
        ),
        *suspended_on_sqlite(
            None,
            [
                migrations.RemoveConstraint(
                    model_name="booking",
                    name="scheduling_booking_channel_valid",
                ),
                migrations.AddField(
                    model_name="apiclient",
                    name="kind",
                    field=models.CharField(
                        choices=[
                            ("system", "system of the institution"),
                            ("partner", "partner portal"),
                        ],
                        db_default="system",
                        default="system",
                        help_text="A partner portal sees and books only the agendas whose practitioners opted in to it.",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                migrations.AlterField(
                    model_name="booking",
                    name="channel",
                    field=models.CharField(
                        choices=[
                            ("web", "public website"),
                            ("phone", "phone (secretary)"),
                            ("portal", "practitioner portal"),
                            ("api", "API"),
                            ("call_centre", "call centre"),
                            ("partner", "partner portal"),
                        ],
                        max_length=20,
                        verbose_name="channel",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="booking",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "channel__in",
                                ["web", "phone", "portal", "api", "call_centre", "partner"],
                            )
                        ),
                        name="scheduling_booking_channel_valid",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="partneroptin",
            name="agenda",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="partner_opt_ins",
                to="scheduling.agenda",
                verbose_name="agenda",
            ),
        ),
        migrations.AddField(
            model_name="partneroptin",
            name="client",
            field=models.ForeignKey(
                limit_choices_to={"kind": "partner"},
                on_delete=django.db.models.deletion.CASCADE,
                related_name="opt_ins",
                to="scheduling.apiclient",
                verbose_name="partner portal",
            ),
        ),
        migrations.AddField(
            model_name="partneroptin",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="opted in by",
            ),
        ),
        migrations.AddConstraint(
            model_name="partneroptin",
            constraint=models.UniqueConstraint(
                fields=("agenda", "client"), name="scheduling_partneroptin_once"
            ),
        ),
    ]
