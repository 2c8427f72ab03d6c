from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from scheduling import tasks  # noqa: F401  (names its tasks for the services to enqueue)
        from scheduling.roles import ensure_roles
        from scheduling.rules import connection, guards, holds, state
        from scheduling.search_text import install_on_sqlite

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="scheduling_roles")
        post_migrate.connect(
            state.write_time_zone, sender=self, dispatch_uid="scheduling_sqlite_time_zone"
        )
        connection_created.connect(connection.guard, dispatch_uid="scheduling_sqlite_guard")
        connection_created.connect(install_on_sqlite, dispatch_uid="scheduling_listing_sqlite")
        connection_created.connect(holds.install_on_sqlite, dispatch_uid="scheduling_hold_makers")
        guards.register_all()
