"""The outbound feed to the hospital's other systems.

`OutboundEvent` rows are written by the database, by a trigger on the
booking table (interfaces/sql.py), in the transaction of every booking
change: no path — the ORM, the admin, the API, a command, raw SQL — can
change a booking without writing one. The same trigger writes one
`Dispatch` per active `Endpoint`: what that system still has to receive.
The task worker delivers them (interfaces/relay.py), in order per booking
and endpoint, and logs every attempt (`DispatchAttempt`).

No patient data here: an event holds the booking's id, what happened and the
appointment's time and agenda at that moment; the patient's identity is read
from the booking when the message is written, at send time.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Endpoint(models.Model):
    """A system that receives every booking change: an HL7 v2 interface
    engine over MLLP, or an HTTPS webhook (Standard Webhooks)."""

    class Kind(models.TextChoices):
        MLLP = "mllp", _("HL7 v2.5 SIU over MLLP")
        WEBHOOK = "webhook", _("signed webhook (JSON)")
        REST_HOOK = "rest-hook", _("FHIR Subscription (rest-hook)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    address = models.CharField(
        _("address"),
        max_length=300,
        help_text=_("MLLP: host:port. Webhook: the https:// URL that receives the POSTs."),
    )
    # A FHIR Subscription's channel.header (its receiver's credential) is
    # held here too: the audit trail keeps this column as a keyed hash only.
    secret = models.CharField(
        _("signing secret"),
        max_length=500,
        blank=True,
        help_text=_(
            "Webhooks: the whsec_… secret shared with the receiver. FHIR Subscription: "
            "the header sent with each POST, e.g. Authorization: …"
        ),
    )
    receiving_application = models.CharField(
        _("receiving application"), max_length=50, blank=True, help_text=_("MLLP: MSH-5.")
    )
    receiving_facility = models.CharField(
        _("receiving facility"), max_length=50, blank=True, help_text=_("MLLP: MSH-6.")
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active endpoints are sent the changes made from now on."),
    )
    # A FHIR Subscription (rest-hook) is an endpoint of its API client: it is
    # sent the changes of the bookings in that client's scope only.
    client = models.ForeignKey(
        "scheduling.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("API client"),
    )
    criteria = models.CharField(_("criteria"), max_length=200, blank=True)
    payload = models.CharField(
        _("payload"),
        max_length=50,
        blank=True,
        help_text=_("FHIR Subscription: application/fhir+json, or empty for a ping."),
    )

    class Meta:
        verbose_name = _("endpoint")
        verbose_name_plural = _("endpoints")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["mllp", "webhook", "rest-hook"]),
                name="interfaces_endpoint_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="rest-hook", client__isnull=False)
                | (~Q(kind="rest-hook") & Q(client__isnull=True)),
                name="interfaces_endpoint_subscription_has_client",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from interfaces.validation import check_endpoint

        check_endpoint(self)


class OutboundEvent(models.Model):
    """One change of a booking, written by the database's trigger only."""

    class Kind(models.TextChoices):
        CREATED = "created", _("booked")  # SIU^S12
        MOVED = "moved", _("moved")  # SIU^S13
        MODIFIED = "modified", _("modified")  # SIU^S14
        CANCELLED = "cancelled", _("cancelled")  # SIU^S15
        NOSHOW = "noshow", _("did not come")  # SIU^S26

    booking = models.ForeignKey(
        "scheduling.Booking",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booking"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The booking as it stood after the change: its status and revision, and
    # its slot's time and agenda (a slot may be deleted later; these stay).
    status = models.CharField(_("status"), max_length=10)
    sequence = models.PositiveIntegerField(_("revision"))
    slot_id = models.BigIntegerField(_("slot"))
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    agenda = models.ForeignKey(
        "scheduling.Agenda",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("agenda"),
    )
    occurred_at = models.DateTimeField(_("occurred at"))

    class Meta:
        verbose_name = _("outbound event")
        verbose_name_plural = _("outbound events")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.booking_id}"


class Dispatch(models.Model):
    """One event still owed to, or delivered to, one endpoint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead letter: waiting for staff")

    event = models.ForeignKey(
        OutboundEvent, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("event")
    )
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("endpoint")
    )
    # The event's booking, repeated so that "is an earlier message of this
    # booking still owed to this endpoint?" reads one index.
    booking_id = models.BigIntegerField(_("booking"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending it holds it until then; a worker killed mid-send lets
    # it go when this passes, and another sends it again (same control id).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="interfaces_dispatch_once"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "delivered", "dead"]),
                name="interfaces_dispatch_status_valid",
            ),
        ]
        indexes = [
            # Serves relay.due() and its "nothing earlier of this booking is
            # still owed to this endpoint": the undelivered rows only.
            models.Index(
                fields=["endpoint", "booking_id", "event"],
                condition=~Q(status="delivered"),
                name="interfaces_dispatch_owed",
            ),
        ]

    def __str__(self) -> str:
        return self.control_id

    @property
    def control_id(self) -> str:
        """MSH-10 and webhook-id: the same on every attempt, so a receiver
        that sees it twice (a retry after a lost ACK) knows it is one message."""
        return f"RDV{self.pk}"


class DispatchAttempt(models.Model):
    """The delivery log: one row per attempt, whatever its outcome."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        REFUSED = "refused", _("refused by the receiver")
        FAILED = "failed", _("failed (network, timeout)")

    dispatch = models.ForeignKey(
        Dispatch, on_delete=models.CASCADE, related_name="log", verbose_name=_("dispatch")
    )
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # MSA-1 (AA, AE, AR, CA…) or the HTTP status.
    ack_code = models.CharField(_("acknowledgement"), max_length=10, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.dispatch} {self.outcome} {self.ack_code}"
