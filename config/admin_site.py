"""The admin site every model is registered on: Django's, with a date
drill-down that cannot fail.

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


class _DrilldownCheckedAdmin:
    def get_changelist(self, request, **kwargs):
        return drilldown_checked(super().get_changelist(request, **kwargs))


class PlatformAdminSite(AdminSite):
    """Every ModelAdmin registered here gets the checked drill-down."""

    def register(self, model_or_iterable, admin_class=None, **options):
        from django.contrib.admin import ModelAdmin

        base = admin_class or ModelAdmin
        checked = type(
            base.__name__,
            (_DrilldownCheckedAdmin, base),
            {"__module__": base.__module__, "__qualname__": base.__qualname__},
        )
        return super().register(model_or_iterable, checked, **options)


class PlatformAdminConfig(AdminConfig):
    default_site = "config.admin_site.PlatformAdminSite"
