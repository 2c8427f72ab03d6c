"""Membership periods read back from the audit trail (migration 0009, issue 21).

Frozen with the migration: it reads the trail's events as the triggers of
hospital 0004 and audit/sql.py write them, never today's models. Each
establishment's events (`hospital_establishment`, in the chain's order) say
when its `is_member` flag was set and cleared:

- an `insert` gives the flag it was created with, at that time;
- an `update` whose changes name `is_member` gives [before, after];
- a `delete` ends whatever it was.

A period starts on the local date the flag became true and ends on the local
date it became false (that day's bookings were made while it was a member:
leaving was refused while bookings remained upcoming). Leaving and joining
again on one day is one period (a day is the periods' unit).

What the trail cannot say is left to the data, as before: a row older than
the trail that was a member when the trail began is a member from its
earliest slot's day (or the trail's first word on it, if earlier); a row
the trail never speaks of keeps the flag's reading (`from_data`).
"""

import datetime
import json
from collections.abc import Iterable
from zoneinfo import ZoneInfo

Period = tuple[datetime.date, datetime.date | None]
TrailEvent = tuple[str, str, str]  # (occurred_at, action, changes as JSON text)


def _day(occurred_at: str, zone: ZoneInfo) -> datetime.date:
    moment = datetime.datetime.fromisoformat(occurred_at.replace("Z", "+00:00"))
    return moment.astimezone(zone).date()


def _flag(value) -> bool:
    # PostgreSQL's jsonb writes true/false; SQLite's json_object writes 1/0.
    return bool(value)


def transitions(events: Iterable[TrailEvent], zone: ZoneInfo) -> tuple[bool | None, list]:
    """(the flag before the trail's first word on it, or None if the trail saw
    the row created; [(day, flag), ...] every change of the flag, in order)."""
    before: bool | None = None
    seen_insert = False
    changes: list[tuple[datetime.date, bool]] = []
    for occurred_at, action, text in events:
        data = json.loads(text or "{}")
        if action == "insert":
            seen_insert = True
            changes.append((_day(occurred_at, zone), _flag(data.get("is_member"))))
        elif action == "update" and "is_member" in data:
            old, new = data["is_member"]
            if not seen_insert and not changes:
                before = _flag(old)
            changes.append((_day(occurred_at, zone), _flag(new)))
        elif action == "delete":
            changes.append((_day(occurred_at, zone), False))
    return before, changes


def periods_from_trail(
    events: list[TrailEvent],
    *,
    zone: ZoneInfo,
    member_now: bool,
    today: datetime.date,
    earliest_slot_day: datetime.date | None,
) -> list[Period] | None:
    """The periods the trail records, or None when it records nothing about
    the flag (the caller then reads the data, as the flag's migration did)."""
    before, changes = transitions(events, zone)
    if not changes:
        return None
    periods: list[list] = []
    member = False
    if before:  # a member already when the trail began
        first_word = changes[0][0]
        start = min(earliest_slot_day, first_word) if earliest_slot_day else first_word
        periods.append([start, None])
        member = True
    if bool(member_now) != changes[-1][1]:
        # The flag as it stands is the database's last word.
        changes.append((today, bool(member_now)))
    for day, flag in changes:
        if flag and not member:
            if periods and periods[-1][1] is not None and periods[-1][1] >= day:
                periods[-1][1] = None  # left and came back the same day
            else:
                periods.append([day, None])
        elif member and not flag:
            periods[-1][1] = max(day, periods[-1][0])
        member = flag
    return [(start, end) for start, end in periods]


def trail_events_by_establishment(cursor) -> dict[str, list[TrailEvent]]:
    cursor.execute(
        "SELECT object_id, occurred_at, action, changes FROM audit_event"
        " WHERE object_type = 'hospital_establishment' ORDER BY seq"
    )
    events: dict[str, list[TrailEvent]] = {}
    for object_id, occurred_at, action, changes in cursor.fetchall():
        events.setdefault(object_id, []).append((occurred_at, action, changes))
    return events
