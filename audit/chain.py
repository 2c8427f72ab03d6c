"""Recompute the hash chain and name the first broken link."""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from audit.models import Event
from audit.sql import GENESIS, SEPARATOR


def event_hash(event: Event, prev_hash: str) -> str:
    fields = [
        prev_hash,
        str(event.seq),
        event.occurred_at,
        event.actor,
        event.channel,
        event.request_id,
        event.action,
        event.object_type,
        event.object_id,
        event.changes,
    ]
    return hashlib.sha256(SEPARATOR.join(fields).encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> "Head":
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"a head is SEQ:HASH (64 hex characters), got {text!r}")
        return cls(int(seq), digest.lower())

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    def signature(self, key: str) -> str:
        return hmac.new(key.encode(), str(self).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignedHead:
    """A head as `audit_head` prints it: "SEQ:HASH" or "SEQ:HASH hmac-sha256=SIG"."""

    head: Head
    signature: str | None

    @classmethod
    def parse(cls, text: str) -> "SignedHead":
        head_text, _, rest = text.strip().partition(" ")
        signature = None
        if rest:
            name, _, signature = rest.strip().partition("=")
            if name != "hmac-sha256" or len(signature) != 64:
                raise ValueError(f"a signature is hmac-sha256=<64 hex characters>, got {rest!r}")
        return cls(Head.parse(head_text), signature)

    def checked(self, key: str) -> Head:
        """The head, once its signature matches the key (a key demands one)."""
        if not key:
            if self.signature:
                raise ValueError("the head is signed but AUDIT_HEAD_HMAC_KEY is not set")
            return self.head
        if not self.signature:
            raise ValueError("AUDIT_HEAD_HMAC_KEY is set: the head must carry its signature")
        if not hmac.compare_digest(self.signature.lower(), self.head.signature(key)):
            raise ValueError("the head's signature does not match: it was not signed with this key")
        return self.head


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(events: Iterable[Event], known_head: Head | None = None) -> Verdict:
    """Walk the events in sequence order; the first that does not follow is named."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for event in events:
        if event.seq != expected_seq:
            return Verdict(
                checked, expected_seq, f"event {expected_seq} is missing (next is {event.seq})"
            )
        if event.prev_hash != prev_hash:
            return Verdict(
                checked, event.seq, "does not follow the previous event (reordered or replaced)"
            )
        if event_hash(event, prev_hash) != event.hash:
            return Verdict(checked, event.seq, "its content does not match its hash (edited)")
        if known_head and event.seq == known_head.seq and event.hash != known_head.hash:
            return Verdict(checked, event.seq, "differs from the known head")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if known_head and checked < known_head.seq:
        return Verdict(
            checked,
            checked + 1,
            f"the trail ends before the known head {known_head.seq} (truncated)",
        )
    return Verdict(checked)


def chain() -> Iterable[Event]:
    return Event.objects.order_by("seq").iterator(chunk_size=5000)


def current_head() -> Head | None:
    last = Event.objects.order_by("-seq").only("seq", "hash").first()
    return Head(last.seq, last.hash) if last else None
