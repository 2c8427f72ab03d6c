"""Membership as dated periods (issue 21), migrated from the is_member flag.

The audit trail recorded every change of the flag: where it speaks of an
establishment (its creation, or a change of `is_member`), its periods are
the trail's, day by day (_membership_trail.py says how it is read). Where
it does not (a row older than the trail whose flag never changed), what
the flag and the data say becomes periods, without losing what exists:
- a member gets one open-ended period from the local date of its earliest
  slot (the first day the data shows it in use), or from the migration's
  day when it has no slot yet;
- an establishment that is not a member but has bookings of the past (not
  cancelled) left the institution some day after its last one — the rule
  refused a departure while bookings remained upcoming, and agendas only
  opened in members — so it gets the period from its earliest slot to its
  last booking's day: the least the data proves. Its history stays inside.
- any other establishment gets no period (it never was a member).

The audit trail's triggers on the new table are installed by the next rules
version (scheduling 0020): these rows are written before them, like every
row that existed before the trail.
"""

import datetime
from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import hospital.validators
from hospital.migrations._membership_trail import (
    periods_from_trail,
    trail_events_by_establishment,
)


def periods_from_flag(apps, schema_editor):
    Establishment = apps.get_model("hospital", "Establishment")
    Membership = apps.get_model("hospital", "Membership")
    Slot = apps.get_model("scheduling", "Slot")
    Booking = apps.get_model("scheduling", "Booking")
    zone = ZoneInfo(settings.TIME_ZONE)
    now = datetime.datetime.now(datetime.UTC)
    today = now.astimezone(zone).date()
    with schema_editor.connection.cursor() as cursor:
        trail = trail_events_by_establishment(cursor)
    for establishment in Establishment.objects.order_by("pk"):
        slots = Slot.objects.filter(agenda__department__establishment=establishment)
        first = slots.order_by("start").values_list("start", flat=True).first()
        starts_on = min(first.astimezone(zone).date(), today) if first else today
        periods = periods_from_trail(
            trail.get(str(establishment.pk), []),
            zone=zone,
            member_now=establishment.is_member,
            today=today,
            earliest_slot_day=first.astimezone(zone).date() if first else None,
        )
        if periods is not None:
            Membership.objects.bulk_create(
                Membership(establishment=establishment, starts_on=start, ends_on=end)
                for start, end in periods
            )
            continue
        if establishment.is_member:
            Membership.objects.create(establishment=establishment, starts_on=starts_on)
            continue
        last = (
            Booking.objects.filter(slot__in=slots, slot__start__lte=now)
            .exclude(status="cancelled")
            .order_by("-slot__start")
            .values_list("slot__start", flat=True)
            .first()
        )
        if last is not None:
            Membership.objects.create(
                establishment=establishment,
                starts_on=starts_on,
                ends_on=last.astimezone(zone).date(),
            )


def flag_from_periods(apps, schema_editor):
    """Backwards: the flag as the periods leave it (an open-ended one)."""
    Establishment = apps.get_model("hospital", "Establishment")
    Membership = apps.get_model("hospital", "Membership")
    open_ended = Membership.objects.filter(ends_on__isnull=True).values("establishment_id")
    Establishment.objects.update(is_member=False)
    Establishment.objects.filter(pk__in=open_ended).update(is_member=True)


def no_overlap(apps, schema_editor):
    # SQLite: triggers in the rules (scheduling/rules/sqlite.py), reinstalled
    # with every version. btree_gist was created by 0002.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE hospital_membership ADD CONSTRAINT hospital_membership_no_overlap"
            " EXCLUDE USING gist (establishment_id WITH =,"
            " daterange(starts_on, ends_on, '[]') WITH &&)"
        )


def drop_no_overlap(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE hospital_membership DROP CONSTRAINT IF EXISTS hospital_membership_no_overlap"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('hospital', '0008_dates_within_bounds'),
        ('scheduling', '0019_public_reference_label'),
    ]

    operations = [
        migrations.AlterField(
            model_name='establishment',
            name='is_member',
            field=models.BooleanField(default=False, editable=False, help_text='A member with no end date announced: see the membership periods.', verbose_name='member of the institution'),
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(validators=[hospital.validators.validate_sane_date], verbose_name='member from')),
                ('ends_on', models.DateField(blank=True, help_text='The last day of membership. Empty: no end announced.', null=True, validators=[hospital.validators.validate_sane_date], verbose_name='member until')),
                ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='hospital.establishment', verbose_name='establishment')),
            ],
            options={
                'verbose_name': 'membership period',
                'verbose_name_plural': 'membership periods',
                'ordering': ['establishment', 'starts_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='hospital_membership_end_after_start', violation_error_message='The end date cannot be before the start date.')],
            },
        ),
        migrations.RunPython(no_overlap, drop_no_overlap),
        migrations.RunPython(periods_from_flag, flag_from_periods),
    ]
