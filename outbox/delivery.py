"""Each notice leaves once, whatever process dies.

A notice has an idempotency key (the caller builds it: booking, kind,
channel, revision or round, reminder). `once(key, send)` sends unless a
delivery with that key is recorded, and records it as soon as the mail
server or SMS provider has accepted it. A task run again after a crash
finds the record and sends nothing; a mail's Message-ID is derived from
the key, so a copy that does get through twice is one message to the
patient's mail client.

One window remains, and no protocol without the receiver's help closes it:
a crash after the server accepted the message (SMTP's 250 to the end of
DATA) and before the record commits. It spans one round trip to the
database: on PostgreSQL the record is written *before* sending, inside a
transaction held across the send, so only its COMMIT is left once the 250
arrives; on SQLite (one machine, one writer at a time) the send is not held
inside a write transaction and the record is one INSERT after it. The SMTP
connection's QUIT comes after the record (`mail_connection`).

On PostgreSQL the uncommitted record also makes a second attempt at the same
key wait for the first, then find it sent: two workers never both send it.
"""

import contextlib
import hashlib
import hmac
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from outbox.models import Delivery


def sent(key: str) -> bool:
    return Delivery.objects.filter(key=key).exists()


def once(key: str, send: Callable[[], object]) -> bool:
    """Run `send` unless the delivery `key` was recorded. True when it sent now,
    False when an earlier attempt had."""
    if sent(key):
        return False
    if connection.vendor != "postgresql":
        send()
        with contextlib.suppress(IntegrityError):  # recorded meanwhile: it went twice
            Delivery.objects.create(key=key, sent_at=timezone.now())
        return True
    with transaction.atomic():
        try:
            with transaction.atomic():
                Delivery.objects.create(key=key, sent_at=timezone.now())
        except IntegrityError:
            return False  # another attempt sent it while this one waited for its record
        send()
    return True


def message_id(key: str) -> str:
    """The Message-ID of the mail with this key: the same for every attempt,
    and opaque (keyed with SECRET_KEY: it names no booking)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    return f"<{digest[:40]}@{domain}>"


@contextlib.contextmanager
def mail_connection() -> Iterator:
    """A connection to the mail server opened before `once` and closed after
    it: the QUIT exchange is not inside the window between the server's
    acceptance and the record."""
    mailer = get_connection(fail_silently=False)
    mailer.open()
    try:
        yield mailer
    finally:
        mailer.close()
