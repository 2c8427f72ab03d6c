"""Text messages, through a pluggable backend like Django's mail backends.

SMS_BACKEND names a class with `send(messages) -> int`. The platform ships
development and test backends only; a provider is plugged in by writing a
small class (README: "Plugging an SMS provider") and naming it in SMS_BACKEND.
Numbers are E.164 (hospital.phones normalises them on the way in).
"""

import datetime
import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# The locmem backend's sent messages, as django.core.mail.outbox (tests).
outbox: list["TextMessage"] = []


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    sender: str = ""
    # The notice's idempotency key, the same on every attempt: a provider that
    # takes a client reference can refuse a message it already accepted.
    reference: str = ""


class BaseBackend:
    def send(self, messages: list[TextMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Prints each message (development)."""

    def send(self, messages: list[TextMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to} from {message.sender}:\n{message.body}\n\n")
        sys.stdout.flush()
        return len(messages)


class FileBackend(BaseBackend):
    """Appends each message to a file per day in SMS_FILE_PATH (staging)."""

    def send(self, messages: list[TextMessage]) -> int:
        folder = settings.SMS_FILE_PATH
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(tz=datetime.UTC)
        with (folder / f"{now:%Y-%m-%d}.log").open("a", encoding="utf-8") as out:
            for message in messages:
                head = f"{now:%H:%M:%S} to {message.to} ref {message.reference}"
                out.write(f"{head}:\n{message.body}\n\n")
        return len(messages)


class LocmemBackend(BaseBackend):
    """Keeps messages in `scheduling.sms.outbox` (tests)."""

    def send(self, messages: list[TextMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class DisabledBackend(BaseBackend):
    """No provider configured: nothing is sent, and the log says so."""

    def send(self, messages: list[TextMessage]) -> int:
        for message in messages:
            logger.warning("SMS not sent (no SMS_BACKEND configured) to %s", message.to[:6])
        return 0


def send_sms(to: str, body: str, *, reference: str = "") -> int:
    backend = import_string(settings.SMS_BACKEND)()
    message = TextMessage(to=to, body=body, sender=settings.SMS_SENDER, reference=reference)
    return backend.send([message])
