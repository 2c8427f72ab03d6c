from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from scheduling.api import views

app_name = "api"

urlpatterns = [
    path("specialties/", views.SpecialtyList.as_view(), name="specialties"),
    path("establishments/", views.EstablishmentList.as_view(), name="establishments"),
    path("departments/", views.DepartmentList.as_view(), name="departments"),
    path("practitioners/", views.PractitionerList.as_view(), name="practitioners"),
    path("reasons/", views.ReasonList.as_view(), name="reasons"),
    path("availability/", views.availability, name="availability"),
    path("bookings/", views.Bookings.as_view(), name="book"),
    path("bookings/<uuid:public_id>/", views.booking_detail, name="booking"),
    path("bookings/<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<uuid:public_id>/move/", views.move, name="move"),
    path("bookings/<uuid:public_id>/outcome/", views.record_outcome, name="record_outcome"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/v1/ is a structured 404, not a page.
    re_path(r"^.*$", views.not_found),
]
