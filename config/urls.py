from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.login_form import LoginForm
from scheduling.portal.urls import feed_urlpatterns
from scheduling.staff.reports import routing_report_view

admin.site.login_form = LoginForm

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "admin/routing-report/",
        admin.site.admin_view(routing_report_view),
        name="admin_routing_report",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("scheduling.api.urls")),
    path("fhir/", include("scheduling.fhir.urls")),
    *feed_urlpatterns,
]
# French at /, English at /en/.
urlpatterns += i18n_patterns(
    path("portal/", include("scheduling.portal.urls")),
    path("", include("scheduling.public.urls")),
    prefix_default_language=False,
)
