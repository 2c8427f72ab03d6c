import datetime
from collections.abc import Callable, Iterable

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import Event


class OccurredFilter(admin.SimpleListFilter):
    title = _("date")
    parameter_name = "since"
    _DAYS = {"1": 1, "7": 7, "30": 30, "365": 365}

    def lookups(self, request, model_admin):
        return [
            ("1", _("last 24 hours")),
            ("7", _("last 7 days")),
            ("30", _("last 30 days")),
            ("365", _("last year")),
        ]

    def queryset(self, request, queryset):
        days = self._DAYS.get(self.value() or "")
        if days is None:
            return queryset
        since = timezone.now().astimezone(datetime.UTC) - datetime.timedelta(days=days)
        # occurred_at is ISO-8601 UTC text: string order is time order.
        return queryset.filter(occurred_at__gte=since.strftime("%Y-%m-%dT%H:%M:%S"))


class ActorFilter(admin.SimpleListFilter):
    """Staff members by name; the public, commands and the database by kind
    (each public visitor has their own hashed actor: listing them helps no one)."""

    title = _("actor")
    parameter_name = "actor"
    _KINDS = {"public": "public:", "system": "system:", "database": "db:"}

    def lookups(self, request, model_admin):
        staff = (
            Event.objects.filter(actor__startswith="user:")
            .values_list("actor", flat=True)
            .distinct()
            .order_by("actor")[:200]
        )
        kinds = [
            ("public", _("public visitors")),
            ("system", _("commands")),
            ("database", _("database (raw SQL)")),
        ]
        return kinds + [(actor, actor.split(":", 2)[-1]) for actor in staff]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value in self._KINDS:
            return queryset.filter(actor__startswith=self._KINDS[value])
        return queryset.filter(actor=value)


# The apps above the trail teach its search their own references (a booking's
# eight characters, which staff read out on the phone) without the trail
# knowing them: each resolver takes the search term and returns the
# (object_type, object_id) pairs it names, or nothing.
reference_resolvers: list[Callable[[str], Iterable[tuple[str, str]]]] = []


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the database refuses
    changes anyway, and the admin does not offer them."""

    list_display = ["seq", "occurred_at", "actor", "channel", "action", "object_type", "object_id"]
    list_filter = [ActorFilter, "action", "object_type", "channel", OccurredFilter]
    search_fields = ["=actor", "=object_id", "=request_id", "actor"]
    readonly_fields = [f.name for f in Event._meta.fields]
    actions = None
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        named = Q()
        for resolve in reference_resolvers:
            for object_type, object_id in resolve(search_term.strip()):
                named |= Q(object_type=object_type, object_id=object_id)
        if named:
            results = results | queryset.filter(named)
        return results, may_have_duplicates

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
