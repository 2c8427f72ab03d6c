from django.contrib import admin
from django.urls import path
from django.views.generic import TemplateView

from scheduling.views_admin import routing_report_view

urlpatterns = [
    path("", TemplateView.as_view(template_name="hospital/home.html"), name="home"),
    path(
        "admin/routing-report/",
        admin.site.admin_view(routing_report_view),
        name="admin_routing_report",
    ),
    path("admin/", admin.site.urls),
]
