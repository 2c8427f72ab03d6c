"""The establishment registry: who the institution is, and who works where."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hospital import guards
from hospital.phones import display_phone, normalise_phone
from hospital.validators import validate_finess, validate_rpps, validate_sane_date


def in_language(french: str, english: str) -> str:
    """The English text under English (the site's /en/, and the mails and SMS
    of a patient who booked in English, rendered in their language) when one
    was written; the French otherwise."""
    language = translation.get_language() or ""
    return english if english and language.startswith("en") else french


def _normalise_phone_field(instance) -> None:
    if instance.phone:
        try:
            instance.phone = normalise_phone(instance.phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from None


class Establishment(models.Model):
    """A hospital or site. Only members of the institution can ever be booked;
    external ones (a private clinic, a partner hospital) are recorded to be shown."""

    name = models.CharField(_("name"), max_length=200)
    finess = models.CharField(
        _("FINESS number"), max_length=9, unique=True, validators=[validate_finess]
    )
    address = models.CharField(_("address"), max_length=250)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100)
    # Derived by the database from the membership periods, never written by
    # the application (the database overrides whatever it is given): true
    # while the establishment has a period with no end date. Searches and
    # scopes filter on it; the rule itself reads the periods (Membership).
    is_member = models.BooleanField(
        _("member of the institution"),
        default=False,
        editable=False,
        help_text=_("A member with no end date announced: see the membership periods."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        db_default="",
        help_text=_("The switchboard; a department's own number is shown first."),
    )
    practical_info = models.TextField(
        _("practical information"),
        blank=True,
        db_default="",
        help_text=_("Access, parking, reception: shown in every confirmation and reminder."),
    )
    practical_info_en = models.TextField(
        _("practical information in English"),
        default="",
        blank=True,
        db_default="",
        help_text=_("Shown on the English site and to patients who booked in English."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    def __str__(self) -> str:
        return self.name

    @property
    def local_practical_info(self) -> str:
        return in_language(self.practical_info, self.practical_info_en)

    def clean(self) -> None:
        _normalise_phone_field(self)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone) if self.phone else ""

    def member_on(self, day: datetime.date) -> bool:
        return self.memberships.covering(day).exists()


class MembershipQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> "MembershipQuerySet":
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def current_or_future(self, today: datetime.date) -> "MembershipQuerySet":
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Membership(models.Model):
    """An establishment in the institution from starts_on to ends_on (inclusive).

    The institution rule reads these periods: a booking resolves inside when
    a period of its establishment contains its slot's local date. Leaving is
    an end date, refused while upcoming bookings remain after it. What has
    happened is never rewritten: a period that has started keeps its start
    and is never deleted, one that has ended never changes, an end date is
    never set before today, and a new period never covers a past booking
    (the database refuses all of these: scheduling/rules/).
    """

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("establishment"),
    )
    starts_on = models.DateField(_("member from"), validators=[validate_sane_date])
    ends_on = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_("The last day of membership. Empty: no end announced."),
        validators=[validate_sane_date],
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["establishment", "starts_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hospital_membership_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        # Periods of one establishment never overlap: an exclusion constraint
        # on PostgreSQL, a trigger on SQLite (scheduling/rules/).

    def __str__(self) -> str:
        until = self.ends_on.isoformat() if self.ends_on else "…"
        return f"{self.establishment} ({self.starts_on.isoformat()} → {until})"

    def overlapping(self) -> MembershipQuerySet:
        others = Membership.objects.filter(establishment_id=self.establishment_id).exclude(
            pk=self.pk
        )
        if self.ends_on is not None:
            others = others.filter(starts_on__lte=self.ends_on)
        return others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))

    def clean(self) -> None:
        from django.utils import timezone

        if not (self.establishment_id and self.starts_on):
            return
        if self.ends_on and self.ends_on < self.starts_on:
            return  # the check constraint reports it
        if self.overlapping().exists():
            raise ValidationError(_("This establishment is already a member over these dates."))
        today = timezone.localdate()
        stored = Membership.objects.filter(pk=self.pk).first() if self.pk else None
        if stored is not None and stored.ends_on is not None and stored.ends_on < today:
            raise ValidationError(_("This period has ended: it is history and never changes."))
        if stored is not None and stored.starts_on <= today and stored.starts_on != self.starts_on:
            raise ValidationError(
                {"starts_on": _("This period has started: its start date never changes.")}
            )
        if (
            self.ends_on is not None
            and self.ends_on < today
            and (stored is None or stored.ends_on != self.ends_on)
        ):
            raise ValidationError(
                {"ends_on": _("An end date is today or later: the past is not rewritten.")}
            )
        if stored is None or stored.starts_on != self.starts_on:
            guards.refuse_if_objected(guards.Change.MEMBERSHIP_STARTS, self, field="starts_on")
        if stored is not None:
            guards.refuse_if_objected(
                guards.Change.MEMBERSHIP_CHANGES, self, deleting=False, field="ends_on"
            )

    def delete_check(self) -> None:
        from django.utils import timezone

        stored = Membership.objects.get(pk=self.pk)
        if stored.starts_on <= timezone.localdate():
            raise ValidationError(
                _("This period has started: it is history and never deleted; give it an end date.")
            )
        guards.refuse_if_objected(guards.Change.MEMBERSHIP_CHANGES, self, deleting=True)

    def delete(self, *args, **kwargs):
        self.delete_check()
        return super().delete(*args, **kwargs)


class Specialty(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(
        _("name in English"),
        default="",
        max_length=120,
        blank=True,
        db_default="",
        help_text=_("Shown on the English site and to patients who booked in English."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_en)


class Department(models.Model):
    """A care unit within one establishment ("Neurochirurgie — Pitié-Salpêtrière")."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("establishment"),
    )
    name = models.CharField(_("name"), max_length=200)
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("main specialty"),
        null=True,
        blank=True,
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        db_default="",
        help_text=_("Where patients call: shown in every notice and every 'please call us'."),
    )
    practical_info = models.TextField(
        _("practical information"),
        blank=True,
        db_default="",
        help_text=_("Floor, entrance, what to bring: shown in confirmations and reminders."),
    )
    practical_info_en = models.TextField(
        _("practical information in English"),
        default="",
        blank=True,
        db_default="",
        help_text=_("Shown on the English site and to patients who booked in English."),
    )

    class Meta:
        ordering = ["establishment__name", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        # Granted per department with django-guardian: a secretary sees and
        # runs the agendas and bookings of the departments assigned to them.
        permissions = [("work_in_department", _("Can run this department's agendas and bookings"))]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name"], name="hospital_department_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.establishment.name}"

    @property
    def local_practical_info(self) -> str:
        return in_language(self.practical_info, self.practical_info_en)

    @property
    def contact_phone(self) -> str:
        """The number a patient should call: the department's, else the establishment's."""
        return self.phone or self.establishment.phone

    @property
    def contact_phone_display(self) -> str:
        return display_phone(self.contact_phone) if self.contact_phone else ""

    def clean(self) -> None:
        _normalise_phone_field(self)
        if not self.pk:
            return
        previous = Department.objects.filter(pk=self.pk).values_list("establishment_id", flat=True)
        if previous.first() != self.establishment_id:
            guards.refuse_if_objected(guards.Change.DEPARTMENT_MOVES, self, field="establishment")


class Practitioner(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    rpps = models.CharField(
        _("RPPS number"), max_length=11, unique=True, validators=[validate_rpps]
    )
    specialties = models.ManyToManyField(
        Specialty, related_name="practitioners", blank=True, verbose_name=_("specialties")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practitioner",
        verbose_name=_("staff account"),
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")

    def __str__(self) -> str:
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name: str, last_name: str) -> str:
        """How a practitioner reads on every screen, from the columns: the
        board reads them without making the record (scheduling.selectors.board)."""
        return f"Dr {first_name} {last_name}"


class AffiliationQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> "AffiliationQuerySet":
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Affiliation(models.Model):
    """A practitioner working in a department from start_date to end_date (inclusive)."""

    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("practitioner"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("department"),
    )
    start_date = models.DateField(_("from"), validators=[validate_sane_date])
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Empty: open-ended."),
        validators=[validate_sane_date],
    )

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["practitioner", "start_date"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="hospital_affiliation_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        # No two affiliations of one practitioner to one department may overlap:
        # an exclusion constraint on PostgreSQL and a trigger on SQLite, both
        # installed by migration 0002 (see hospital/migrations/_rules_v1.py).

    def __str__(self) -> str:
        until = self.end_date.isoformat() if self.end_date else "…"
        return f"{self.practitioner} @ {self.department} ({self.start_date.isoformat()} → {until})"

    def overlapping(self) -> "AffiliationQuerySet":
        others = Affiliation.objects.filter(
            practitioner_id=self.practitioner_id, department_id=self.department_id
        ).exclude(pk=self.pk)
        if self.end_date is not None:
            others = others.filter(start_date__lte=self.end_date)
        return others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))

    def clean(self) -> None:
        if not (self.practitioner_id and self.department_id and self.start_date):
            return
        if self.end_date and self.end_date < self.start_date:
            return  # the check constraint reports it
        if self.overlapping().exists():
            raise ValidationError(
                _("This practitioner is already affiliated to this department over these dates.")
            )
        if self.pk:
            guards.refuse_if_objected(guards.Change.AFFILIATION_CHANGES, self, deleting=False)

    def delete(self, *args, **kwargs):
        guards.refuse_if_objected(guards.Change.AFFILIATION_CHANGES, self, deleting=True)
        return super().delete(*args, **kwargs)
