"""The admin site every model is registered on: Django's, with a date
drill-down that cannot fail, and a change log without private links' tokens.

The drill-down (`date_hierarchy`) reads `?start__year=…&start__month=…&start__day=…`
and builds the bounds of the period itself; a year such as 9999 or 1 makes it
overflow (year 10000, or a UTC instant before year 1) and Django answers 500.
Here every list with a drill-down, ours and third-party apps' (django-axes'),
checks the period first: a date outside the platform's range or no date at
all is an invalid lookup, which Django answers with the list and `?e=1`.
"""

import datetime
from functools import cache

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils.functional import SimpleLazyObject

from config.log_redaction import redact
from hospital.validators import EARLIEST_DATE, LATEST_DATE


def checked_period(params, field: str) -> None:
    """Raise IncorrectLookupParameters unless the drill-down names a real day,
    month or year between EARLIEST_DATE and LATEST_DATE."""
    parts = [params.get(f"{field}__{part}") for part in ("year", "month", "day")]
    if parts[0] is None:
        return
    numbers = []
    for part in parts:
        if part is None:
            break
        raw = part[-1] if isinstance(part, list) else part
        if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 4):
            raise IncorrectLookupParameters(f"{field}: not a date")
        numbers.append(int(raw))
    year, month, day_of_month = (numbers + [1, 1])[:3]
    try:
        day = datetime.date(year, month, day_of_month)
    except ValueError:
        raise IncorrectLookupParameters(f"{field}: not a date") from None
    if not EARLIEST_DATE.year <= day.year <= LATEST_DATE.year or day > LATEST_DATE:
        raise IncorrectLookupParameters(f"{field}: out of range")


class _DrilldownChecked:
    def get_filters(self, request):
        if self.date_hierarchy:
            checked_period(self.params, self.date_hierarchy)
        try:
            return super().get_filters(request)
        except OverflowError as error:  # a bound past what a datetime holds
            raise IncorrectLookupParameters(error) from error


@cache
def drilldown_checked(changelist: type[ChangeList]) -> type[ChangeList]:
    return type(changelist.__name__, (_DrilldownChecked, changelist), {})


class _RedactedRepr:
    """An object as the admin's log names it, without any token in its name."""

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return redact(str(self._obj))


class _PlatformAdmin:
    def get_changelist(self, request, **kwargs):
        return drilldown_checked(super().get_changelist(request, **kwargs))

    def log_deletions(self, request, queryset):
        # Several deletions are logged with bulk_create, which sends no pre_save.
        return super().log_deletions(request, [_RedactedRepr(obj) for obj in queryset])


class PlatformAdminSite(AdminSite):
    """Every ModelAdmin registered here gets the checked drill-down and a
    redacted change log."""

    def register(self, model_or_iterable, admin_class=None, **options):
        from django.contrib.admin import ModelAdmin

        base = admin_class or ModelAdmin
        checked = type(
            base.__name__,
            (_PlatformAdmin, base),
            {"__module__": base.__module__, "__qualname__": base.__qualname__},
        )
        return super().register(model_or_iterable, checked, **options)

    def get_app_list(self, request, app_label=None):
        """Django's, read when a template first uses it. Every admin page asks
        for the whole list (each_context, for the sidebar), and reading it
        checks each registered model's permissions and reverses its links: a
        fifth of the board's time (issue 23), which shows no sidebar."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        return SimpleLazyObject(lambda: super(PlatformAdminSite, self).get_app_list(request))


def _redact_admin_log(sender, instance, **kwargs) -> None:
    """The admin's own log keeps what it is given forever: no private link's
    token nor secret in it (config/log_redaction.py), whatever the admin."""
    instance.object_repr = redact(instance.object_repr)
    instance.change_message = redact(instance.change_message)


class PlatformAdminConfig(AdminConfig):
    default_site = "config.admin_site.PlatformAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import pre_save

        pre_save.connect(_redact_admin_log, sender=LogEntry, dispatch_uid="redact_admin_log")
