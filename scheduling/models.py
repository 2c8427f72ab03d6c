"""Agendas, what can be booked in them, and the bookings themselves.

The engine that fills and books these lives in service modules; this module
holds single-object behaviour and the constraints every caller is held to.
"""

import datetime
import functools
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hospital.models import Department, Establishment, Practitioner, Specialty, in_language
from hospital.validators import compact_ins, validate_ins, validate_sane_date
from scheduling.invariant import BlockingBookings, institution_rule_violation, upcoming


class UtcNow(Now):
    """The current time as the database's default; on SQLite in the one
    canonical text form its rules compare (microseconds, as Django writes)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(STRFTIME('%%%%Y-%%%%m-%%%%d %%%%H:%%%%M:%%%%f', 'NOW') || '000')",
            **extra_context,
        )


class Reservation(models.TextChoices):
    """Which channels a slot is kept for until it opens to all (issue 24)."""

    NONE = "", _("every channel")
    PHONE = "phone", _("phone and call centre")
    PARTNERS = "partners", _("partner portals (API)")


# The booking channels that may book a slot reserved for each group before
# its release. The practitioner's own portal books anything of their agenda.
# The database's reservation rule is rendered from this (scheduling/rules/reservations.py).
RESERVATION_CHANNELS: dict[str, tuple[str, ...]] = {
    Reservation.PHONE: ("phone", "call_centre", "portal"),
    Reservation.PARTNERS: ("api", "partner", "portal"),
}


@functools.cache
def reservations_open_to(channel: str) -> tuple[str, ...]:
    """The reservations a channel may book before their release ('' included);
    asked once per cell of the board, worked out once per channel."""
    return ("", *(group for group, channels in RESERVATION_CHANNELS.items() if channel in channels))


def reservation_lets(channel: str, reserved_for: str, opens_to_all_at, now) -> bool:
    """May `channel` book a slot with this reservation at `now`: released, or
    kept for it. Slot.is_open_to, and the board, which reads the two columns
    without making the slot (selectors.board)."""
    released = opens_to_all_at is not None and opens_to_all_at <= now
    return released or reserved_for in reservations_open_to(channel)


class Agenda(models.Model):
    """One practitioner's bookable calendar in one member department."""

    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.PROTECT,
        related_name="agendas",
        verbose_name=_("practitioner"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="agendas", verbose_name=_("department")
    )
    is_active = models.BooleanField(_("open for booking"), default=True)
    # Capacity reserved per channel (issue 24): a share of the slots the weekly
    # hours produce, stamped on each slot when it is generated.
    reserved_share = models.PositiveSmallIntegerField(
        _("share of slots reserved (%)"),
        default=0,
        db_default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Every slot of the weekly hours in this proportion is kept for the channels below "
            "until its release; opening rules may reserve their own slots instead."
        ),
    )
    reserved_for = models.CharField(
        _("reserved for"),
        max_length=20,
        choices=[c for c in Reservation.choices if c[0]],
        default=Reservation.PHONE,
        db_default=Reservation.PHONE,
    )
    release_hours = models.PositiveSmallIntegerField(
        _("release delay (hours)"),
        default=48,
        db_default=48,
        validators=[MaxValueValidator(24 * 90)],
        help_text=_("A reserved slot opens to every channel this long before it starts."),
    )

    class Meta:
        ordering = ["department", "practitioner"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "department"], name="scheduling_agenda_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(reserved_share__gte=0, reserved_share__lte=100),
                name="scheduling_agenda_reserved_share_range",
                violation_error_message=_("The reserved share is a percentage, 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(reserved_for__in=["phone", "partners"]),
                name="scheduling_agenda_reserved_for_valid",
            ),
            models.CheckConstraint(
                condition=Q(release_hours__gte=0, release_hours__lte=24 * 90),
                name="scheduling_agenda_release_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} — {self.department}"

    def clean(self) -> None:
        establishment = self.department.establishment if self.department_id else None
        today = timezone.localdate()
        if establishment and not establishment.memberships.current_or_future(today).exists():
            raise ValidationError(
                {
                    "department": _(
                        "%(establishment)s is not a member of the institution: "
                        "no agenda can be opened there."
                    )
                    % {"establishment": self.department.establishment}
                }
            )
        if self.pk:
            blocking = self.bookings_in_the_way()
            if blocking:
                raise ValidationError(blocking.as_message())

    def bookings_in_the_way(self) -> BlockingBookings:
        """An agenda keeps its practitioner and department while it has bookings
        (past ones included: they resolved through it), and stays open while
        bookings are upcoming in it."""
        previous = Agenda.objects.filter(pk=self.pk).first()
        if previous is None:
            return BlockingBookings([])
        repointed = (previous.practitioner_id, previous.department_id) != (
            self.practitioner_id,
            self.department_id,
        )
        # The admin closes an agenda through services.agendas.close_agenda, which
        # cancels its upcoming bookings (patients told) before it closes it.
        closing = previous.is_active and not self.is_active
        closing = closing and not getattr(self, "closes_through_service", False)
        if repointed:
            bookings = Booking.objects.not_cancelled().filter(slot__agenda=self)
            rows = bookings.select_related("slot").order_by("slot__start")
            return BlockingBookings(list(rows), history=True)
        if not closing:
            return BlockingBookings([])
        return upcoming(Booking.objects.filter(slot__agenda=self))


class VisitReason(models.Model):
    """What a patient comes for (first consultation, follow-up…), and how long it takes."""

    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, related_name="reasons", verbose_name=_("agenda")
    )
    label = models.CharField(_("label"), max_length=150)
    label_en = models.CharField(
        _("label in English"),
        default="",
        max_length=150,
        blank=True,
        db_default="",
        help_text=_("Shown on the English site and to patients who booked in English."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    online_bookable = models.BooleanField(_("bookable online"), default=True)
    for_new_patients = models.BooleanField(_("open to new patients"), default=True)
    for_returning_patients = models.BooleanField(_("open to returning patients"), default=True)
    instructions = models.TextField(_("instructions for the patient"), blank=True)
    instructions_en = models.TextField(
        _("instructions in English"), blank=True, default="", db_default=""
    )

    class Meta:
        ordering = ["agenda", "label"]
        verbose_name = _("visit reason")
        verbose_name_plural = _("visit reasons")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="scheduling_visitreason_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(for_new_patients=True) | Q(for_returning_patients=True),
                name="scheduling_visitreason_open_to_someone",
                violation_error_message=_(
                    "A visit reason must be open to new patients, returning patients, or both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_label} ({self.duration_minutes} min)"

    @property
    def local_label(self) -> str:
        return in_language(self.label, self.label_en)

    @property
    def local_instructions(self) -> str:
        return in_language(self.instructions, self.instructions_en)

    def clean(self) -> None:
        if self.pk and self.agenda_id:
            blocking = self.bookings_in_the_way()
            if blocking:
                raise ValidationError({"agenda": blocking.as_message()})

    def bookings_in_the_way(self) -> BlockingBookings:
        """A visit reason stays in its agenda while bookings use it (past ones included)."""
        previous = (
            VisitReason.objects.filter(pk=self.pk).values_list("agenda_id", flat=True).first()
        )
        if previous is None or previous == self.agenda_id:
            return BlockingBookings([])
        bookings = Booking.objects.not_cancelled().filter(reason=self).select_related("slot")
        return BlockingBookings(list(bookings.order_by("slot__start")), history=True)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class OpeningRule(models.Model):
    """Weekly recurring hours, in the institution's local time, over a validity range."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, related_name="opening_rules", verbose_name=_("agenda")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from (local time)"))
    end_time = models.TimeField(_("until (local time)"))
    valid_from = models.DateField(_("valid from"), validators=[validate_sane_date])
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[validate_sane_date]
    )
    reasons = models.ManyToManyField(
        VisitReason, related_name="opening_rules", verbose_name=_("visit reasons")
    )
    reserved_for = models.CharField(
        _("reserved for"),
        max_length=20,
        choices=Reservation.choices,
        blank=True,
        default=Reservation.NONE,
        db_default=Reservation.NONE,
        help_text=_(
            "Every slot of these hours is kept for these channels until its release; "
            "empty: the agenda's share applies."
        ),
    )

    class Meta:
        ordering = ["agenda", "weekday", "start_time"]
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="scheduling_openingrule_end_after_start",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="scheduling_openingrule_validity_order",
                violation_error_message=_("The rule cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="scheduling_openingrule_weekday"
            ),
            models.CheckConstraint(
                condition=Q(reserved_for__in=["", "phone", "partners"]),
                name="scheduling_openingrule_reserved_for_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Absence(models.Model):
    """A closed range in an agenda: holiday, congress, sick leave."""

    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, related_name="absences", verbose_name=_("agenda")
    )
    start = models.DateTimeField(_("from"), validators=[validate_sane_date])
    end = models.DateTimeField(_("until"), validators=[validate_sane_date])
    label = models.CharField(_("reason"), max_length=150, blank=True)

    class Meta:
        ordering = ["agenda", "start"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="scheduling_absence_end_after_start",
                violation_error_message=_("The absence must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agenda}: {self.start:%Y-%m-%d} → {self.end:%Y-%m-%d}"


class SlotQuerySet(models.QuerySet):
    def not_started(self) -> "SlotQuerySet":
        """The slots still to start by the database's clock at the statement:
        the only ones a change may close, reserve or delete (a slot that has
        started is history: scheduling/rules/postgresql.py, SLOT_HISTORY)."""
        return self.filter(start__gt=UtcNow())

    def free(self) -> "SlotQuerySet":
        taken = Booking.objects.holding().filter(slot=models.OuterRef("pk"))
        return self.filter(status=Slot.Status.OPEN).exclude(models.Exists(taken))

    def open_to(self, channel: str, now=None) -> "SlotQuerySet":
        """The slots `channel` may book now: not reserved, released, or reserved for it."""
        now = now or timezone.now()
        return self.filter(
            Q(reserved_for__in=reservations_open_to(channel)) | Q(opens_to_all_at__lte=now)
        )


class Slot(models.Model):
    """A bookable time range in one agenda, stored in UTC."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, related_name="slots", verbose_name=_("agenda")
    )
    start = models.DateTimeField(_("start"), validators=[validate_sane_date])
    end = models.DateTimeField(_("end"), validators=[validate_sane_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    rule = models.ForeignKey(
        OpeningRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("opening rule"),
        help_text=_("The rule that generated this slot; empty for a slot opened by hand."),
    )
    # Stamped when the slot is generated (services.slots); the database refuses
    # a booking through another channel before opens_to_all_at, and any
    # loosening of a reservation before its release (scheduling/rules/reservations.py).
    reserved_for = models.CharField(
        _("reserved for"),
        max_length=20,
        choices=Reservation.choices,
        blank=True,
        default=Reservation.NONE,
        db_default=Reservation.NONE,
    )
    opens_to_all_at = models.DateTimeField(
        _("opens to every channel at"), null=True, blank=True, validators=[validate_sane_date]
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["agenda", "start"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="scheduling_slot_end_after_start",
                violation_error_message=_("A slot must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="scheduling_slot_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reserved_for="", opens_to_all_at__isnull=True)
                | (
                    Q(reserved_for__in=["phone", "partners"], opens_to_all_at__isnull=False)
                    & Q(opens_to_all_at__lte=F("start"))
                ),
                name="scheduling_slot_reservation_release",
                violation_error_message=_(
                    "A reserved slot opens to every channel at a time no later than its start; "
                    "an unreserved one has no such time."
                ),
            ),
        ]
        indexes = [
            # Serves the free-slot search of one agenda, in time order
            # (search.free_slots filtered by practitioner or department).
            models.Index(
                fields=["agenda", "start"],
                condition=Q(status="open"),
                name="scheduling_slot_open_agenda",
            ),
            # Serves the search across agendas in a time window, in time order
            # (search.free_slots by specialty or establishment). The id makes
            # the order total, so "the first 20" stops after 20 matches instead
            # of sorting every slot that starts at the same minute.
            models.Index(
                fields=["start", "id"], condition=Q(status="open"), name="scheduling_slot_open_time"
            ),
            # Serves the board's day and the agenda's week, which show every
            # slot whatever its status: without it PostgreSQL reads all of an
            # agenda's slots to keep one day's, or the whole table
            # (tests/rules/test_hot_path_plans.py).
            models.Index(fields=["agenda", "start"], name="scheduling_slot_agenda_start"),
            # Serves the listing clock's look for slots released since its last
            # move (scheduling/listing.py, _PG_RELEASED): reserved slots only.
            models.Index(
                fields=["opens_to_all_at"],
                condition=~Q(reserved_for=""),
                name="scheduling_slot_release",
            ),
        ]
        # No two slots of one agenda may overlap: an exclusion constraint on
        # PostgreSQL (installed by migration 0002, scheduling/migrations/_rules_v1.py),
        # a trigger on SQLite (scheduling/rules/sqlite.py).

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.agenda.practitioner} {local:%Y-%m-%d %H:%M}"

    @property
    def local_date(self):
        return timezone.localtime(self.start).date()

    def is_open_to(self, channel: str, now=None) -> bool:
        """May `channel` book this slot now, as far as its reservation goes?"""
        return reservation_lets(
            channel, self.reserved_for, self.opens_to_all_at, now or timezone.now()
        )

    def clean(self) -> None:
        if not (self.agenda_id and self.start and self.end) or self.end <= self.start:
            return
        overlapping = Slot.objects.filter(
            agenda_id=self.agenda_id, start__lt=self.end, end__gt=self.start
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(_("This slot overlaps another slot of the same agenda."))
        previous = Slot.objects.filter(pk=self.pk).first() if self.pk else None
        now = timezone.now()
        if previous is None and self.start <= now:
            raise ValidationError(_("A slot is opened in the future only: this time has passed."))
        if previous is not None and previous.start <= now:
            if (previous.status, previous.reserved_for, previous.opens_to_all_at) != (
                self.status,
                self.reserved_for,
                self.opens_to_all_at,
            ):
                raise ValidationError(
                    _("This slot has started: it stays open or closed, and reserved, as it was.")
                )
            if (previous.agenda_id, previous.start, previous.end) != (
                self.agenda_id,
                self.start,
                self.end,
            ):
                raise ValidationError(
                    _("This slot has started: its agenda and times never change.")
                )
        elif previous is not None and self.start <= now:
            raise ValidationError(_("A slot is never moved into the past."))
        if previous is not None and self.bookings.not_cancelled().exists():
            if (previous.agenda_id, previous.start) != (self.agenda_id, self.start):
                raise ValidationError(
                    _("This slot is booked: move the booking instead of the slot.")
                )


def site_language() -> str:
    return settings.LANGUAGE_CODE


class PatientQuerySet(models.QuerySet):
    def not_erased(self) -> "PatientQuerySet":
        return self.filter(erasure__isnull=True)


class Patient(models.Model):
    """The minimum needed to receive a patient and reach them about the appointment.

    Erased (services.rights), a record keeps its row, its public reference and
    its bookings, with every identity and contact field blanked: the bookings
    stay as anonymous facts, and the Erasure row says when, why and by whom."""

    # What an erased record's birth date becomes: the earliest date the
    # platform holds, never a real patient's (no column may be null here).
    ERASED_BIRTH_DATE = datetime.date(1900, 1, 1)

    public_id = models.UUIDField(
        _("public reference"), default=uuid.uuid4, unique=True, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), validators=[validate_sane_date])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    ins = models.CharField(
        _("INS"),
        max_length=15,
        blank=True,
        default="",
        db_default="",
        validators=[validate_ins],
        help_text=_(
            "Identifiant National de Santé (the NIR, 15 characters), when the identity is "
            "qualified: sent to the hospital's systems with the appointments."
        ),
    )
    sms_consent = models.BooleanField(
        _("agrees to text messages"),
        default=False,
        db_default=False,
        help_text=_("Reminders by SMS are sent only with the patient's consent."),
    )
    # The language the patient last used on the public site: every notice
    # follows it, whoever or whatever causes it (services.notifications).
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=site_language,
        db_default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        permissions = [
            ("export_person_data", _("Can export everything held about a person")),
            ("erase_person_data", _("Can erase a person's identity and contact details")),
        ]
        indexes = [
            # Serves "every record of one person" (services.patients.records_of):
            # the cap and the overlap check of each booking, and which record a
            # booking goes to. The names are compared with UPPER(), as iexact does.
            models.Index(F("birth_date"), Upper("last_name"), name="scheduling_patient_person"),
        ]

    def __str__(self) -> str:
        return self.name_of(self.pk, self.first_name, self.last_name)

    @staticmethod
    def name_of(pk, first_name: str, last_name: str) -> str:
        """How a record reads on every screen, from its columns: the board
        reads them without making the record (selectors.board)."""
        if not (last_name or first_name):
            return _("erased patient #%(id)s") % {"id": pk}
        return f"{last_name.upper()} {first_name}"

    def clean_fields(self, exclude=None) -> None:
        # An INS typed as printed on a card (spaces, a lower-case 2a/2b) is
        # checked and kept in its compact form.
        self.ins = compact_ins(self.ins)
        super().clean_fields(exclude=exclude)

    @property
    def phone_display(self) -> str:
        """The number as people read it ('06 12 34 56 78'), stored in E.164."""
        from hospital.phones import display_phone

        return display_phone(self.phone) if self.phone else ""

    def clean(self) -> None:
        from hospital.phones import normalise_phone

        if self.phone:
            try:
                self.phone = normalise_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from None


class BookingQuerySet(models.QuerySet):
    def not_cancelled(self) -> "BookingQuerySet":
        """Bookings that occupy their slot: unconfirmed holds and the past's
        outcomes included. (An *active* booking, in the rules and the README,
        is booked or pending: `upcoming()` are those still to come.)"""
        return self.exclude(status=Booking.Status.CANCELLED)

    def holding(self, now=None) -> "BookingQuerySet":
        """Bookings not cancelled, less the holds whose confirmation time has run out."""
        now = now or timezone.now()
        expired = Q(status=Booking.Status.PENDING, hold_expires_at__lte=now)
        return self.not_cancelled().exclude(expired)

    def vouched_for(self) -> "BookingQuerySet":
        """Less the public site's holds whose code has not been given yet:
        anyone can make one in anyone's name, so they count towards nobody's
        cap or overlaps (services.booking.checks.check_person). A waiting-list
        offer (no code) and another system's hold do count."""
        return self.exclude(
            status=Booking.Status.PENDING,
            channel=Booking.Channel.WEB,
            confirmation_digest__gt="",
        )

    def delete(self):
        raise ValidationError(_("Bookings are never deleted: cancel them instead, with a reason."))

    delete.queryset_only = True

    def upcoming(self) -> "BookingQuerySet":
        return self.filter(
            status__in=[Booking.Status.BOOKED, Booking.Status.PENDING],
            slot__start__gte=timezone.now(),
        )


class Booking(models.Model):
    """A patient's appointment in one slot. Cancelled bookings stay, never deleted."""

    class Channel(models.TextChoices):
        WEB = "web", _("public website")
        PHONE = "phone", _("phone (secretary)")
        PORTAL = "portal", _("practitioner portal")
        API = "api", _("API")
        CALL_CENTRE = "call_centre", _("call centre")
        # An external booking site the institution lets book into the agendas
        # whose practitioners opted in (ApiClient.Kind.PARTNER, PartnerOptIn).
        PARTNER = "partner", _("partner portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the patient's confirmation")
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        HONOURED = "honoured", _("honoured")
        MISSED = "missed", _("missed")

    # The statuses a booking may move to from each, one way: a hold is
    # confirmed or dropped, an appointment cancelled or given its outcome,
    # an outcome corrected; a cancellation is final. The database's lifecycle
    # trigger allows exactly these (scheduling/rules/postgresql.py, sqlite.py;
    # tests/institution/test_booking_transitions.py tries each on both).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.BOOKED, Status.CANCELLED}),
        Status.BOOKED: frozenset({Status.CANCELLED, Status.HONOURED, Status.MISSED}),
        Status.CANCELLED: frozenset(),
        Status.HONOURED: frozenset({Status.MISSED}),
        Status.MISSED: frozenset({Status.HONOURED}),
    }

    public_id = models.UUIDField(
        _("public reference"), default=uuid.uuid4, unique=True, editable=False
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot")
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("patient")
    )
    reason = models.ForeignKey(
        VisitReason, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("reason")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.CharField(_("cancellation reason"), max_length=250, blank=True)
    hold_expires_at = models.DateTimeField(
        _("held until"),
        null=True,
        blank=True,
        help_text=_("An unconfirmed booking holds its slot until then."),
    )
    confirmation_digest = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # Which code was sent last (codes are derived from it, never stored): a
    # resend makes the earlier code stop working.
    code_round = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        db_default=0,
        editable=False,
        help_text=_("Raised on every change of time or status: the calendar event's SEQUENCE."),
    )
    to_rebook = models.BooleanField(
        _("to rebook"),
        default=False,
        db_default=False,
        help_text=_(
            "The appointment can no longer take place at its time (an absence): a secretary "
            "moves or cancels it; the patient has been told."
        ),
    )
    checked_in_at = models.DateTimeField(
        _("arrived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the front desk saw the patient arrive."),
    )
    # Raised by save() on every change (Booking.save), so that another system
    # can poll the bookings changed since its last look (GET /api/v1/bookings/,
    # FHIR _lastUpdated). The database default covers rows written in SQL.
    updated_at = models.DateTimeField(
        _("last changed"), default=timezone.now, db_default=UtcNow(), editable=False
    )
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Given by the client: a retried request returns this booking instead of booking again."
        ),
    )
    # Who made the hold (scheduling/services/booking/makers.py); only they
    # confirm it, and the database compares (scheduling/rules/holds.py).
    held_by = models.CharField(
        _("hold made by"), max_length=80, blank=True, default="", db_default="", editable=False
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Serves the anti-hoarding checks: a patient's upcoming bookings.
            models.Index(
                fields=["patient"],
                condition=Q(status="booked"),
                name="scheduling_booking_patient",
            ),
            # Serves the secretaries' worklist of appointments to rebook
            # (selectors.worklist.to_rebook): a handful of rows among all.
            models.Index(
                fields=["slot"], condition=Q(to_rebook=True), name="scheduling_booking_to_rebook"
            ),
            # Serves polling: the bookings changed since a moment, in the
            # order of change (selectors.api_scope.changed_bookings).
            models.Index(fields=["updated_at", "id"], name="scheduling_booking_updated"),
        ]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            # Also serves "is this slot free?" (search.free_slots, NOT EXISTS).
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="scheduling_booking_one_active_per_slot",
                violation_error_message=_("This slot is already booked."),
            ),
            models.CheckConstraint(
                condition=Q(
                    channel__in=["web", "phone", "portal", "api", "call_centre", "partner"]
                ),
                name="scheduling_booking_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "booked", "cancelled", "honoured", "missed"]),
                name="scheduling_booking_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(hold_expires_at__isnull=False),
                name="scheduling_booking_hold_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="scheduling_booking_cancellation_recorded",
                violation_error_message=_("A cancelled booking records when it was cancelled."),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | ~Q(status="pending"),
                name="scheduling_booking_check_in_not_pending",
                violation_error_message=_("An unconfirmed booking cannot be checked in."),
            ),
            models.CheckConstraint(
                condition=Q(to_rebook=False) | Q(status="booked"),
                name="scheduling_booking_rebook_only_booked",
                violation_error_message=_(
                    "Only a booked appointment can be waiting to be rebooked."
                ),
            ),
        ]
        # The institution rule (member establishment, affiliation on the slot's
        # date, reason of the slot's agenda) is enforced by triggers installed
        # by migration; see scheduling/rules/.

    def __str__(self) -> str:
        return f"{self.patient} — {self.slot}"

    def save(self, *args, **kwargs) -> None:
        # Checked here as well as in the database so that a direct save() gets
        # the readable message instead of the trigger's terse one.
        self.clean()
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not (self.slot_id and self.reason_id) or self.is_cancelled:
            return
        problem = institution_rule_violation(self.slot, self.reason)
        if problem:
            raise ValidationError(problem)
        if self.channel and not self.slot.is_open_to(self.channel):
            raise ValidationError(
                _(
                    "This slot is kept for %(channels)s until %(release)s: "
                    "it cannot be booked through %(channel)s before then."
                )
                % {
                    "channels": self.slot.get_reserved_for_display(),
                    "release": timezone.localtime(self.slot.opens_to_all_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "channel": self.get_channel_display(),
                }
            )

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Bookings are never deleted: cancel it instead, with a reason."))

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class WaitlistEntryQuerySet(models.QuerySet):
    def in_line(self) -> "WaitlistEntryQuerySet":
        """Waiting entries, first come first served."""
        return self.filter(status=WaitlistEntry.Status.WAITING).order_by("created_at", "pk")


class WaitlistEntry(models.Model):
    """A patient waiting for an earlier slot: with a practitioner, for one of
    their visit reasons; or in a specialty at an establishment (any of its
    practitioners, for a reason the slot offers online to this patient).

    The patient's identity and contact details stay on their Patient record
    (masked in the audit trail); this row only points at it."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered a slot")
        BOOKED = "booked", _("booked")
        CLOSED = "closed", _("closed")

    public_id = models.UUIDField(
        _("public reference"), default=uuid.uuid4, unique=True, editable=False
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="waitlist", verbose_name=_("patient")
    )
    reason = models.ForeignKey(
        VisitReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waitlist",
        verbose_name=_("reason"),
    )
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty"),
    )
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("establishment"),
    )
    returning = models.BooleanField(_("already followed"), default=False)
    wanted_before = models.DateField(_("wanted before"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offer = models.ForeignKey(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current offer"),
        help_text=_("The slot held for this patient while they answer."),
    )
    created_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)

    objects = WaitlistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "offered", "booked", "closed"]),
                name="scheduling_waitlistentry_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer__isnull=False),
                name="scheduling_waitlistentry_offer_held",
            ),
            models.CheckConstraint(
                condition=Q(
                    reason__isnull=False, specialty__isnull=True, establishment__isnull=True
                )
                | Q(reason__isnull=True, specialty__isnull=False, establishment__isnull=False),
                name="scheduling_waitlistentry_one_target",
                violation_error_message=_(
                    "A waiting-list entry is for a practitioner's visit reason, or for a "
                    "specialty at an establishment."
                ),
            ),
        ]
        indexes = [
            # Serve "the first in line for this slot" (services.waitlist.offer_slot):
            # entries for the slot's reasons, and for its specialty at its establishment.
            models.Index(
                fields=["reason", "created_at"],
                condition=Q(status="waiting"),
                name="scheduling_waitlist_in_line",
            ),
            models.Index(
                fields=["specialty", "establishment", "created_at"],
                condition=Q(status="waiting"),
                name="scheduling_waitlist_specialty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.reason or self.specialty}"


class Erasure(models.Model):
    """A patient record whose identity and contact details were erased: on the
    person's request (staff, with a reason) or at the end of the retention
    period. The record's bookings stay, anonymous."""

    class Basis(models.TextChoices):
        REQUEST = "request", _("on the person's request")
        RETENTION = "retention", _("retention period over")

    patient = models.OneToOneField(
        Patient, on_delete=models.PROTECT, related_name="erasure", verbose_name=_("patient")
    )
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=["request", "retention"]),
                name="scheduling_erasure_basis_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"patient #{self.patient_id} ({self.basis}, {self.erased_at:%Y-%m-%d})"


class CalendarFeed(models.Model):
    """A practitioner's private calendar subscription. Only a digest of the token
    is stored; issuing a new token revokes the previous one."""

    practitioner = models.OneToOneField(
        Practitioner, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.practitioner} ({self.created_at:%Y-%m-%d})"


class StillBookable(models.Func):
    """For an AgendaListing queryset: the row's agenda is active, of the row's
    practitioner, in the row's department, at the row's establishment, and
    that establishment is a member (AgendaListingQuerySet.still_bookable).

    The same EXISTS that `Exists(Agenda.objects.filter(pk=OuterRef(...), ...))`
    sends, written once as SQL: Django built and compiled that subquery (three
    tables, four outer references) anew for every query of every public list,
    about 1 ms of CPU each, more than PostgreSQL takes to run it (issue 23).
    Only the four columns of the outer row are compiled, per query, so the
    re-check follows the listing's alias into subqueries."""

    arity = 4
    output_field = models.BooleanField()
    _template: dict[str, str] = {}  # per vendor, made at the first query

    def __init__(self) -> None:
        super().__init__(
            F("agenda_id"), F("practitioner_id"), F("department_id"), F("establishment_id")
        )

    def as_sql(self, compiler, connection, **extra_context):
        template = self._template.get(connection.vendor) or self._make_template(connection)
        agenda, practitioner, department, establishment = (
            compiler.compile(column)[0] for column in self.get_source_expressions()
        )
        sql = template.format(
            agenda=agenda,
            practitioner=practitioner,
            department=department,
            establishment=establishment,
        )
        return sql, []

    @classmethod
    def _make_template(cls, connection) -> str:
        quote = connection.ops.quote_name
        agenda, department, establishment = (
            quote(model._meta.db_table) for model in (Agenda, Department, Establishment)
        )
        template = (
            f"EXISTS(SELECT 1 FROM {agenda} still_agenda"
            f" INNER JOIN {department} still_department"
            " ON still_department.id = still_agenda.department_id"
            f" INNER JOIN {establishment} still_establishment"
            " ON still_establishment.id = still_department.establishment_id"
            " WHERE still_agenda.id = {agenda}"
            " AND still_agenda.is_active"
            " AND still_agenda.practitioner_id = {practitioner}"
            " AND still_agenda.department_id = {department}"
            " AND still_department.establishment_id = {establishment}"
            " AND still_establishment.is_member"
            # PostgreSQL only (SQLite has no OFFSET without LIMIT, nor this planner):
            # kept a subplan, run for each row the outer scan yields. Flattened
            # into a semi-join, its four correlated equalities read as independent
            # and about one row in all, and the planner hashed and sorted every
            # agenda of a department to find its soonest row (the establishment
            # page: 40 agendas a department at AP-HP size, 1,099 buffers, where
            # the (department, first start) index reaches it in 166).
            f"{' OFFSET 0' if connection.vendor == 'postgresql' else ''})"
        )
        cls._template[connection.vendor] = template
        return template


class AgendaListingQuerySet(models.QuerySet):
    def main(self) -> "AgendaListingQuerySet":
        """One row per bookable agenda."""
        return self.filter(specialty__isnull=True).still_bookable()

    def of_specialty(self, specialty: Specialty) -> "AgendaListingQuerySet":
        return self.filter(specialty=specialty).still_bookable()

    def still_bookable(self) -> "AgendaListingQuerySet":
        """Rows whose agenda is, as the page is read, active at a member
        establishment, where the row says it is: the public lists never show
        a row the triggers did not write (a forged one), whoever wrote it.
        A semi-join (EXISTS) rather than joins: PostgreSQL reads the joins'
        correlated equalities as about one row in all, so it sorted every
        match (`/?q=Paris` at AP-HP size: 5,720 rows, 148 ms) instead of
        walking the first-availability index to the page's few rows (0.3 ms)."""
        return self.filter(StillBookable())

    def first_from(self, earliest, latest) -> "AgendaListingQuerySet":
        return self.filter(first_start__gte=earliest, first_start__lt=latest)


class AgendaListing(models.Model):
    """Each bookable agenda, as the public pages list it, with its first free
    slot bookable online. Derived data, written by the database's triggers
    only (scheduling/rules/listing.py); not audited, since everything it is made of is."""

    agenda = models.ForeignKey(
        Agenda,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # NULL on the agenda's main row; otherwise one of the specialties it is listed under.
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    first_start = models.DateTimeField(null=True)
    # Normalised words (scheduling.search_text.normalize): name, department,
    # establishment, city, specialties. A trigram index serves it on PostgreSQL.
    search_text = models.TextField()
    # What a card shows, copied from the registry: a page reads one table.
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    rpps = models.CharField(max_length=11)
    department_name = models.CharField(max_length=200)
    establishment_name = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    finess = models.CharField(max_length=9)
    specialty_names = models.TextField()

    objects = AgendaListingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agenda"],
                condition=Q(specialty__isnull=True),
                name="scheduling_agendalisting_one_main",
            ),
            models.UniqueConstraint(
                fields=["agenda", "specialty"], name="scheduling_agendalisting_one_per_specialty"
            ),
        ]
        indexes = [
            # Serves search results and the clock's refresh: main rows in order
            # of first availability (selectors.listing, listing.refresh_clock).
            models.Index(
                fields=["first_start", "agenda"],
                condition=Q(specialty__isnull=True),
                include=["establishment", "practitioner", "department"],
                name="scheduling_listing_main_first",
            ),
            # Serves the specialty pages: a specialty's agendas in order of
            # first availability (selectors.listing with a specialty).
            models.Index(
                fields=["specialty", "first_start", "agenda"],
                condition=Q(specialty__isnull=False),
                include=["establishment", "practitioner", "department"],
                name="scheduling_listing_specialty",
            ),
            # Serves the practitioner page: their listed agendas
            # (selectors.directory.practitioner_page).
            models.Index(
                fields=["rpps"], condition=Q(specialty__isnull=True), name="scheduling_listing_rpps"
            ),
            # Serves the establishment page: each department's first
            # availability (selectors.directory.departments_of).
            models.Index(
                fields=["department", "first_start"],
                condition=Q(specialty__isnull=True),
                name="scheduling_listing_department",
            ),
        ]

    def __str__(self) -> str:
        return f"agenda {self.agenda_id}: {self.first_start}"


class ListingClock(models.Model):
    """One row: first availability is counted from `not_before` on
    (listing.refresh_clock moves it, from cron)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    not_before = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="scheduling_listingclock_one")
        ]

    def __str__(self) -> str:
        return f"from {self.not_before}"


class ApiClientQuerySet(models.QuerySet):
    def active(self) -> "ApiClientQuerySet":
        return self.filter(is_active=True)

    def partners(self) -> "ApiClientQuerySet":
        return self.filter(kind=ApiClient.Kind.PARTNER)


class ApiClient(models.Model):
    """Another system of the institution that calls the REST and FHIR APIs
    (patient administration, call-centre software, the national platform).

    Only a digest of its token is stored: the token is shown once, when the
    client is created (scheduling.services.api_clients). It sees and books in
    the departments of its establishments and the departments it is given;
    its calls are attributed to it in the audit trail through its own
    service account (`user`), which cannot sign in.

    A *partner portal* (an external booking site a practitioner prefers) is a
    client too, bounded further: it sees and books only the agendas opted in
    to it (PartnerOptIn), on the channel "partner", and reads only its own
    bookings and their patients (scheduling.selectors.api_scope)."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("system of the institution")
        PARTNER = "partner", _("partner portal")

    public_id = models.UUIDField(
        _("public reference"), default=uuid.uuid4, unique=True, editable=False
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        editable=False,
        verbose_name=_("service account"),
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        _("token starts with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to tell tokens apart."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.SYSTEM,
        db_default=Kind.SYSTEM,
        help_text=_(
            "A partner portal sees and books only the agendas whose practitioners opted in to it."
        ),
    )
    can_read = models.BooleanField(
        _("may read availability"), default=True, help_text=_("Search free slots, read agendas.")
    )
    can_book = models.BooleanField(
        _("may book"),
        default=False,
        help_text=_("Book, cancel, move and record the outcome of appointments."),
    )
    establishments = models.ManyToManyField(
        Establishment,
        blank=True,
        related_name="+",
        verbose_name=_("establishments"),
        help_text=_("Every department of these establishments is in the client's scope."),
    )
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="+",
        verbose_name=_("departments"),
        help_text=_("Single departments in the client's scope, beyond its establishments."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name


class CallCentre(models.Model):
    """A contracted call centre: a team of agents who book by phone for the
    institution, over the establishments and specialties it is given (not
    departments: a call centre answers for a place and a kind of care). The
    agents' accounts are the institution's, managed in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    establishments = models.ManyToManyField(
        Establishment,
        related_name="+",
        verbose_name=_("establishments"),
        help_text=_("The agents book in these establishments only."),
    )
    specialties = models.ManyToManyField(
        Specialty,
        related_name="+",
        verbose_name=_("specialties"),
        help_text=_("The agents book these specialties only."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("call centre")
        verbose_name_plural = _("call centres")
        permissions = [("use_call_centre_console", _("Can book through the call-centre console"))]

    def __str__(self) -> str:
        return self.name


class CallCentreAgent(models.Model):
    """A staff account answering the phone for one call centre: its team in
    the routing report, its rights those of the team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="call_centre_agent",
        verbose_name=_("account"),
    )
    call_centre = models.ForeignKey(
        CallCentre, on_delete=models.PROTECT, related_name="agents", verbose_name=_("call centre")
    )

    class Meta:
        verbose_name = _("call-centre agent")
        verbose_name_plural = _("call-centre agents")

    def __str__(self) -> str:
        return f"{self.user} ({self.call_centre})"


class PartnerOptIn(models.Model):
    """An agenda opted in to one partner portal: the partner sees and books it.
    The practitioner (portal) or their department's staff opt in and out
    (scheduling.services.partners); opting out removes the row, which the
    trail keeps. The database refuses a partner's booking in an agenda that
    is not opted in to it (scheduling/rules/partners.py)."""

    agenda = models.ForeignKey(
        Agenda, on_delete=models.CASCADE, related_name="partner_opt_ins", verbose_name=_("agenda")
    )
    client = models.ForeignKey(
        ApiClient,
        on_delete=models.CASCADE,
        related_name="opt_ins",
        limit_choices_to={"kind": ApiClient.Kind.PARTNER},
        verbose_name=_("partner portal"),
    )
    created_at = models.DateTimeField(_("opted in at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("opted in by"),
    )

    class Meta:
        verbose_name = _("partner opt-in")
        verbose_name_plural = _("partner opt-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "client"], name="scheduling_partneroptin_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agenda} → {self.client}"
