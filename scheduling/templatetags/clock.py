"""The ``clock`` filter: Django's ``date`` filter, telling apart the local
times that happen twice.

On the last Sunday of October in Europe/Paris the wall clock goes from
02:59:59 (UTC+2) back to 02:00 (UTC+1): every time from 02:00 to 02:59 is
lived twice, and two appointments at "02:30" one hour apart would read the
same. Such a time is followed by its offset, "02:30 (UTC+2)" then
"02:30 (UTC+1)"; every other time renders exactly as the ``date`` filter
renders it.
"""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

register = template.Library()


def ambiguous(local: datetime.datetime) -> bool:
    """Whether this aware local wall time is lived twice (autumn clock
    change). The times skipped in spring (fold 0 earlier offset than fold 1)
    are not: no instant shows them."""
    if local.tzinfo is None:
        return False
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=local.tzinfo, fold=0).utcoffset()
    second = naive.replace(tzinfo=local.tzinfo, fold=1).utcoffset()
    return first is not None and second is not None and first > second


def offset_label(local: datetime.datetime) -> str:
    """'UTC+2', 'UTC+1', 'UTC+5:30', 'UTC-3'."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def suffix(local: datetime.datetime) -> str:
    """' (UTC+2)' when the wall time is ambiguous, '' otherwise."""
    return f" ({offset_label(local)})" if ambiguous(local) else ""


@register.filter(expects_localtime=True, is_safe=False)
def clock(value, arg=None):
    """``{{ slot.start|clock:"D j M H:i" }}``: as ``date``, plus the offset
    when the local time is one of those lived twice."""
    text = date_filter(value, arg)
    if not text or not isinstance(value, datetime.datetime):
        return text
    return text + suffix(value)


def clock_text(value: datetime.datetime, fmt: str) -> str:
    """The filter for Python code: ``value`` (aware) in the current time
    zone, as ``{{ value|clock:fmt }}`` renders it."""
    return clock(timezone.localtime(value), fmt)
