from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterfacesConfig(AppConfig):
    name = "interfaces"
    verbose_name = _("Hospital systems")

    def ready(self) -> None:
        from interfaces import relay  # noqa: F401  (registers the delivery as periodic work)
        from interfaces.subscriptions import CAPABILITY
        from scheduling.fhir.capability import declare

        # /fhir/Subscription is served from here (config/urls.py): say so in /fhir/metadata.
        declare(CAPABILITY)
