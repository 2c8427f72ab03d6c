"""Call centres (issue 24): a contracted team of agents, its establishments
and specialties; a booking's channel may be "call_centre" (its column grows
to hold the word). SQLite rebuilds the bookings table to change the column:
the rules of 0026 (and every other trigger) are taken off around it and put
back; the rules themselves never name a channel value, so none is re-frozen."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0009_membership_periods"),
        ("scheduling", "0026_rules_erasure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CallCentre",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "call centre",
                "verbose_name_plural": "call centres",
                "ordering": ["name"],
                "permissions": [
                    ("use_call_centre_console", "Can book through the call-centre console")
                ],
            },
        ),
        migrations.CreateModel(
            name="CallCentreAgent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
            options={
                "verbose_name": "call-centre agent",
                "verbose_name_plural": "call-centre agents",
            },
        ),
        *suspended_on_sqlite(
            "0026_rules_erasure",
            [
                migrations.RemoveConstraint(
                    model_name="booking",
                    name="scheduling_booking_channel_valid",
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
                        ],
                        max_length=20,
                        verbose_name="channel",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="booking",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("channel__in", ["web", "phone", "portal", "api", "call_centre"])
                        ),
                        name="scheduling_booking_channel_valid",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="callcentre",
            name="establishments",
            field=models.ManyToManyField(
                help_text="The agents book in these establishments only.",
                related_name="+",
                to="hospital.establishment",
                verbose_name="establishments",
            ),
        ),
        migrations.AddField(
            model_name="callcentre",
            name="specialties",
            field=models.ManyToManyField(
                help_text="The agents book these specialties only.",
                related_name="+",
                to="hospital.specialty",
                verbose_name="specialties",
            ),
        ),
        migrations.AddField(
            model_name="callcentreagent",
            name="call_centre",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agents",
                to="scheduling.callcentre",
                verbose_name="call centre",
            ),
        ),
        migrations.AddField(
            model_name="callcentreagent",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="call_centre_agent",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
    ]
