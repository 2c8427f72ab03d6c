"""Hooks through which other apps may refuse a change to the registry.

The registry cannot know what depends on it (scheduling does), yet an
establishment leaving the institution, a department moving, or an
affiliation ending must be refused while bookings rely on them. So the
registry declares the questions, and apps that depend on the registry
register their answers in `AppConfig.ready()` — the shape of Django's
`password_validation`: `clean()` gathers every registered guard's errors.

A guard is a callable taking the changed (unsaved) instance and returning
a list of messages, empty when it has nothing against the change. The
database enforces the same rules at commit; guards give the readable
message first.
"""

from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import ValidationError

Guard = Callable[..., list[str]]


class Change(StrEnum):
    MEMBERSHIP_STARTS = "membership_starts"  # (membership): a new or earlier start
    MEMBERSHIP_CHANGES = "membership_changes"  # (membership, deleting=bool)
    DEPARTMENT_MOVES = "department_moves"  # (department)
    AFFILIATION_CHANGES = "affiliation_changes"  # (affiliation, deleting=bool)


_registry: dict[Change, list[Guard]] = {change: [] for change in Change}


def register(change: Change, guard: Guard) -> None:
    if guard not in _registry[change]:
        _registry[change].append(guard)


def objections(change: Change, *args, **kwargs) -> list[str]:
    """Every registered guard's messages against this change."""
    return [message for guard in _registry[change] for message in guard(*args, **kwargs)]


def refuse_if_objected(change: Change, *args, field: str | None = None, **kwargs) -> None:
    messages = objections(change, *args, **kwargs)
    if messages:
        raise ValidationError({field: messages} if field else messages)
