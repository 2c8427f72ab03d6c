from django.urls import path, re_path

from scheduling.fhir import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.Metadata.as_view(), name="metadata"),
    path("Schedule", views.ScheduleSearch.as_view(), name="schedules"),
    re_path(r"^Schedule/(?P<pk>[0-9]{1,18})$", views.ScheduleRead.as_view(), name="schedule"),
    path("Slot", views.SlotSearch.as_view(), name="slots"),
    path("Appointment", views.AppointmentSearch.as_view(), name="appointments"),
    path("Appointment/$find", views.Find.as_view(), name="find"),
    path("Appointment/$hold", views.Hold.as_view(), name="hold"),
    path("Appointment/$book", views.Book.as_view(), name="book"),
    path("Appointment/<uuid:public_id>", views.AppointmentRead.as_view(), name="appointment"),
    re_path(
        r"^Practitioner/(?P<rpps>[0-9]{11})$", views.PractitionerRead.as_view(), name="practitioner"
    ),
    re_path(
        r"^Organization/(?P<finess>[0-9AB]{9})$",
        views.OrganizationRead.as_view(),
        name="organization",
    ),
    # Anything else under /fhir/ is an OperationOutcome 404, not a page.
    re_path(r"^.*$", views.NotFound.as_view()),
]
