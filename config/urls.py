from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.login_form import LoginForm
from scheduling.portal.urls import feed_urlpatterns
from scheduling.staff.reports import routing_report_view

admin.site.login_form = LoginForm
# A database that cannot serve is a 503 (retry later), not a 500.
handler500 = "config.errors.server_error"
# The institution's name, not "Django administration" (read when shown: tests may change it).
_institution = lazy(lambda: settings.INSTITUTION_NAME, str)()
admin.site.site_header = _institution
admin.site.site_title = format_lazy("{} — {}", _institution, _("staff"))
admin.site.index_title = _("Appointments and agendas")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "admin/routing-report/",
        admin.site.admin_view(routing_report_view),
        name="admin_routing_report",
    ),
    path("admin/", admin.site.urls),
    path("call-centre/", include("scheduling.callcentre.urls")),
    path("api/v1/", include("scheduling.api.urls")),
    # The outbound feed's Subscription first: scheduling's FHIR ends with a catch-all 404.
    path("fhir/", include("interfaces.fhir_urls")),
    path("fhir/", include("scheduling.fhir.urls")),
    *feed_urlpatterns,
]
# French at /, English at /en/.
urlpatterns += i18n_patterns(
    path("portal/", include("scheduling.portal.urls")),
    path("", include("scheduling.public.urls")),
    prefix_default_language=False,
)
