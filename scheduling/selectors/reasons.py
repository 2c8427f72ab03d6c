"""Which visit reasons a slot offers, and to whom: written once, used by the
booking forms, the booking service and the availability search.

Online (web, API), a slot offers the online-bookable reasons of the opening
rule that generated it; a slot opened by hand offers nothing online. Staff
(phone, portal) book any reason of the rule, or any reason of the agenda in
a slot opened by hand. Either way, a reason must fit in the slot.
"""

import datetime

from django.db.models import Exists, Func, IntegerField, OuterRef, Q, QuerySet

from scheduling.models import Booking, OpeningRule, Slot, VisitReason

STAFF_CHANNELS = frozenset({Booking.Channel.PHONE, Booking.Channel.PORTAL})


def is_staff_channel(channel: str) -> bool:
    return channel in STAFF_CHANNELS


class _MinutesBetween(Func):
    """Whole minutes from the second datetime to the first: a slot's length in a query."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 60)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # julianday() is a float: the margin (6 ms) keeps 20 minutes from flooring to 19.
        template = "CAST((julianday(%(expressions)s)) * 1440 + 0.0001 AS INTEGER)"
        joiner = ") - julianday("
        return self.as_sql(compiler, connection, template=template, arg_joiner=joiner, **extra)


def _fitting(reasons: QuerySet[VisitReason], minutes) -> QuerySet[VisitReason]:
    """The reasons that last at most `minutes` (a value, or the length of the
    slot of an enclosing query)."""
    return reasons.filter(duration_minutes__lte=minutes)


def offered_reasons(slot: Slot, channel: str) -> QuerySet[VisitReason]:
    reasons = VisitReason.objects.filter(agenda_id=slot.agenda_id)
    if slot.rule_id is not None:
        reasons = reasons.filter(opening_rules=slot.rule_id)
    elif not is_staff_channel(channel):
        return reasons.none()
    if not is_staff_channel(channel):
        reasons = reasons.filter(online_bookable=True)
    length = int((slot.end - slot.start).total_seconds() // 60)
    return _fitting(reasons, length).order_by("label")


def offers_online(reason: VisitReason | None = None) -> Exists:
    """For a Slot queryset: offered_reasons(slot, web) is not empty (and holds
    `reason`, if given). One correlated EXISTS, which PostgreSQL runs as a
    semi-join per candidate slot. A rule's reasons are its agenda's
    (services.agendas.add_rule refuses others), so the agenda is not compared."""
    reasons = VisitReason.objects.filter(opening_rules=OuterRef("rule_id"), online_bookable=True)
    reasons = _fitting(reasons, _MinutesBetween(OuterRef("end"), OuterRef("start")))
    if reason is not None:
        reasons = reasons.filter(pk=reason.pk)
    return Exists(reasons)


def with_weekly_hours(reasons: QuerySet[VisitReason], today: datetime.date) -> QuerySet:
    """Each reason with `in_weekly_hours`: whether an opening rule still in
    force carries it. A reason bookable online that no rule carries is offered
    by no slot, so patients find "no free time" everywhere; the portal says so."""
    carrying = OpeningRule.objects.filter(reasons=OuterRef("pk")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return reasons.annotate(in_weekly_hours=Exists(carrying))
