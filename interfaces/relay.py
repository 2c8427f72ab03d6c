"""The task worker delivers the outbound feed: every dispatch, in order per
booking and endpoint, at least once, with retries and a dead-letter state.

Every worker runs `deliver_due` when it starts and at every heartbeat
(outbox.queue.periodic): a message leaves within TASK_HEARTBEAT_SECONDS of
its change's commit while a worker runs.

Order: a dispatch is sent only when every earlier dispatch of the same
booking to the same endpoint is delivered — never S15 before that booking's
S12. A dead letter therefore holds that booking's later messages back until
staff replay it (admin), while other bookings flow.

Claims: a worker takes a dispatch by a conditional UPDATE (claimed_until, a
few timeouts ahead), sends it outside any transaction, then records the
attempt if its claim still stands. A worker killed mid-send leaves the claim
to expire, and another sends the message again with the same control id
(MSH-10, webhook-id): at least once, and a duplicate is recognisable.

Outcomes: AA or CA (HL7), 2xx (webhook): delivered. AR/CR (the receiver
cannot take it now), no answer, a timeout, any other HTTP status: retried
after INTERFACE_RETRY_SECONDS, doubling each time (at most an hour), then a
dead letter after INTERFACE_ATTEMPTS attempts. AE/CE (the receiver says the
message itself is wrong: sending it again unchanged would fail again): a
dead letter at once, for staff to fix what the receiver refused and replay.
"""

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from interfaces import hl7, mllp, subscriptions, webhooks
from interfaces.facts import facts
from interfaces.models import Dispatch, DispatchAttempt, Endpoint
from interfaces.validation import mllp_address
from outbox import queue

logger = logging.getLogger(__name__)
MAX_DELAY = datetime.timedelta(hours=1)
DELIVERED, RETRY, DEAD = "delivered", "retry", "dead"


@dataclass(frozen=True)
class Result:
    verdict: str  # DELIVERED, RETRY, DEAD
    outcome: str  # DispatchAttempt.Outcome
    ack_code: str = ""
    detail: str = ""


def due(now=None):
    """Dispatches that may be sent now: pending, due, unclaimed, to an active
    endpoint, with nothing earlier of their booking still owed to it."""
    now = now or timezone.now()
    earlier_owed = Dispatch.objects.filter(
        endpoint=OuterRef("endpoint"),
        booking_id=OuterRef("booking_id"),
        event_id__lt=OuterRef("event_id"),
    ).exclude(status=Dispatch.Status.DELIVERED)
    return (
        Dispatch.objects.filter(status=Dispatch.Status.PENDING, endpoint__active=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .exclude(Exists(earlier_owed))
        .order_by("id")
    )


def claim(dispatch_id: int, now) -> datetime.datetime | None:
    """Take one dispatch for this worker; its claim's end, or None if taken."""
    until = now + datetime.timedelta(seconds=3 * settings.INTERFACE_TIMEOUT_SECONDS)
    taken = (
        Dispatch.objects.filter(pk=dispatch_id, status=Dispatch.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=until, attempts=F("attempts") + 1)
    )
    return until if taken else None


def deliver_due(*, budget: float | None = None) -> int:
    """Send what is due until nothing is or `budget` seconds have passed;
    returns how many were delivered."""
    stop = time.monotonic() + (budget if budget is not None else settings.TASK_HEARTBEAT_SECONDS)
    delivered = 0
    while time.monotonic() < stop:
        now = timezone.now()
        candidates = list(due(now).values_list("pk", flat=True)[:20])
        claimed = next(((pk, until) for pk in candidates if (until := claim(pk, now))), None)
        if claimed is None:
            break
        delivered += deliver(*claimed) == DELIVERED
    return delivered


def deliver(dispatch_id: int, claimed_until: datetime.datetime) -> str:
    dispatch = Dispatch.objects.select_related("event", "endpoint").get(pk=dispatch_id)
    started, clock = timezone.now(), time.monotonic()
    try:
        result = send(dispatch)
    except Exception as error:  # rendering failed: the data, not the receiver
        logger.exception("dispatch %s could not be written", dispatch.control_id)
        result = Result(DEAD, DispatchAttempt.Outcome.FAILED, detail=f"not written: {error!r}")
    _record(dispatch, claimed_until, result, started, int((time.monotonic() - clock) * 1000))
    return result.verdict


def send(dispatch: Dispatch) -> Result:
    if dispatch.endpoint.kind == Endpoint.Kind.REST_HOOK:
        return _send_to_subscription(dispatch)
    endpoint, appointment = dispatch.endpoint, facts(dispatch)
    timeout = settings.INTERFACE_TIMEOUT_SECONDS
    if endpoint.kind == Endpoint.Kind.MLLP:
        message = hl7.siu(
            appointment,
            receiving_application=endpoint.receiving_application,
            receiving_facility=endpoint.receiving_facility,
        )
        host, port = mllp_address(endpoint.address)
        try:
            ack = mllp.exchange(host, port, message, timeout=timeout)
        except mllp.MllpError as error:
            return Result(RETRY, DispatchAttempt.Outcome.FAILED, detail=str(error))
        return _hl7_verdict(ack, dispatch.control_id)
    try:
        status = webhooks.post(
            endpoint.address,
            endpoint.secret,
            dispatch.control_id,
            webhooks.body(appointment),
            timeout=timeout,
        )
    except OSError as error:
        return Result(
            RETRY, DispatchAttempt.Outcome.FAILED, detail=f"{type(error).__name__}: {error}"
        )
    if 200 <= status < 300:
        return Result(DELIVERED, DispatchAttempt.Outcome.DELIVERED, str(status))
    return Result(RETRY, DispatchAttempt.Outcome.REFUSED, str(status))


def _send_to_subscription(dispatch: Dispatch) -> Result:
    """A FHIR Subscription: nothing leaves about a booking outside its
    client's scope (closed at once, the log saying so)."""
    if not subscriptions.in_scope(dispatch):
        return Result(DELIVERED, DispatchAttempt.Outcome.DELIVERED, "", "outside scope: not sent")
    try:
        status = subscriptions.post(dispatch, timeout=settings.INTERFACE_TIMEOUT_SECONDS)
    except OSError as error:
        return Result(
            RETRY, DispatchAttempt.Outcome.FAILED, detail=f"{type(error).__name__}: {error}"
        )
    if 200 <= status < 300:
        return Result(DELIVERED, DispatchAttempt.Outcome.DELIVERED, str(status))
    return Result(RETRY, DispatchAttempt.Outcome.REFUSED, str(status))


def _hl7_verdict(ack: bytes, control_id: str) -> Result:
    try:
        code, acknowledged, text = hl7.read_ack(ack)
    except Exception as error:
        return Result(RETRY, DispatchAttempt.Outcome.FAILED, detail=f"unreadable ACK: {error!r}")
    if acknowledged != control_id:
        detail = f"ACK for {acknowledged!r}, not {control_id!r}"
        return Result(RETRY, DispatchAttempt.Outcome.FAILED, code, detail)
    if code in ("AA", "CA"):
        return Result(DELIVERED, DispatchAttempt.Outcome.DELIVERED, code)
    verdict = DEAD if code in ("AE", "CE") else RETRY
    return Result(verdict, DispatchAttempt.Outcome.REFUSED, code, text)


def _record(dispatch: Dispatch, claimed_until, result: Result, started, duration_ms: int) -> None:
    now = timezone.now()
    verdict = result.verdict
    if verdict == RETRY and dispatch.attempts >= settings.INTERFACE_ATTEMPTS:
        verdict = DEAD
    changes: dict = {"claimed_until": None, "last_error": result.detail[:300]}
    if verdict == DELIVERED:
        changes.update(status=Dispatch.Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif verdict == DEAD:
        changes.update(status=Dispatch.Status.DEAD, next_attempt_at=None)
        logger.error("dispatch %s is a dead letter: %s", dispatch.control_id, result.detail[:300])
    else:
        changes["next_attempt_at"] = now + retry_delay(dispatch.attempts)
    with transaction.atomic():
        DispatchAttempt.objects.create(
            dispatch=dispatch,
            started_at=started,
            duration_ms=duration_ms,
            outcome=result.outcome,
            ack_code=result.ack_code[:10],
            detail=result.detail[:300],
        )
        # Only while this worker's claim stands: one whose claim ran out
        # (it was too slow, another took over) records its attempt, no state.
        Dispatch.objects.filter(pk=dispatch.pk, claimed_until=claimed_until).update(**changes)


def retry_delay(attempts: int) -> datetime.timedelta:
    delay = datetime.timedelta(seconds=settings.INTERFACE_RETRY_SECONDS * 2 ** (attempts - 1))
    return min(delay, MAX_DELAY)


def replay(dispatch: Dispatch) -> bool:
    """A dead letter goes back in the line, its attempts counted afresh
    (staff, from the admin: the caller records who)."""
    return bool(
        Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.DEAD).update(
            status=Dispatch.Status.PENDING, attempts=0, next_attempt_at=None, last_error=""
        )
    )


@queue.periodic
def deliver_interface_messages() -> int:
    return deliver_due()
