from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterfacesConfig(AppConfig):
    name = "interfaces"
    verbose_name = _("Hospital systems")

    def ready(self) -> None:
        from interfaces import (
            relay,  # noqa: F401  (registers the delivery as periodic work)
            sql,
        )
        from interfaces.subscriptions import CAPABILITY
        from scheduling.fhir.capability import declare
        from scheduling.rules import frozen

        # /fhir/Subscription is served from here (config/urls.py): say so in /fhir/metadata.
        declare(CAPABILITY)
        # The feed's SQL is frozen and checked as scheduling's is (freeze_rules --app
        # interfaces, rules_drift, the fold test), though scheduling never imports it.
        frozen.register("interfaces", sql.render)
