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
    path("Location", views.LocationSearch.as_view(), name="locations"),
    re_path(r"^Location/(?P<finess>[0-9AB]{9})$", views.LocationRead.as_view(), name="location"),
    path("HealthcareService", views.HealthcareServiceSearch.as_view(), name="services"),
    re_path(
        r"^HealthcareService/(?P<pk>[0-9]{1,18})$",
        views.HealthcareServiceRead.as_view(),
        name="service",
    ),
    path("PractitionerRole", views.PractitionerRoleSearch.as_view(), name="roles"),
    re_path(
        r"^PractitionerRole/(?P<pk>[0-9]{1,18})$",
        views.PractitionerRoleRead.as_view(),
        name="role",
    ),
    path("Patient", views.PatientSearch.as_view(), name="patients"),
    path("Patient/<uuid:public_id>", views.PatientRead.as_view(), name="patient"),
    path("CodeSystem", views.CodeSystemSearch.as_view(), name="code_systems"),
    re_path(
        r"^CodeSystem/(?P<name>[a-z-]{1,40})$", views.CodeSystemRead.as_view(), name="code_system"
    ),
    # Anything else under /fhir/ is an OperationOutcome 404, not a page.
    re_path(r"^.*$", views.NotFound.as_view()),
]
