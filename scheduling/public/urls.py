from django.urls import path, register_converter

from scheduling.public import views


class FinessConverter:
    """A FINESS number's shape (hospital.validators): anything else is a 404,
    before any query (a NUL byte would otherwise reach PostgreSQL)."""

    regex = "(?:[0-9]{2}|2A|2B)[0-9]{7}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class RppsConverter(FinessConverter):
    regex = "[0-9]{11}"


register_converter(FinessConverter, "finess")
register_converter(RppsConverter, "rpps")

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("specialties/<slug:code>/", views.specialty_detail, name="specialty_detail"),
    path(
        "establishments/<finess:finess>/", views.establishment_detail, name="establishment_detail"
    ),
    path("practitioners/<rpps:rpps>/", views.practitioner_detail, name="practitioner_detail"),
    path("book/<int:slot_id>/", views.booking_create, name="booking_create"),
    path("book/confirm/<uuid:public_id>/", views.booking_confirm, name="booking_confirm"),
    path("book/confirm/<uuid:public_id>/resend/", views.booking_resend, name="booking_resend"),
    path("practitioners/<rpps:rpps>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path(
        "specialties/<slug:code>/waitlist/",
        views.specialty_waitlist_join,
        name="specialty_waitlist_join",
    ),
    path("waitlist/offer/<str:token>/", views.offer_respond, name="offer_respond"),
    path("waitlist/leave/<str:token>/", views.waitlist_leave, name="waitlist_leave"),
    path("appointment/<str:token>/", views.appointment_manage, name="appointment_manage"),
    path(
        "appointment/<str:token>/calendar.ics",
        views.appointment_ics_download,
        name="appointment_ics",
    ),
    path("appointment/<str:token>/cancel/", views.appointment_cancel, name="appointment_cancel"),
    path("appointment/<str:token>/move/", views.appointment_move, name="appointment_move"),
    path("my/", views.person_link_request, name="person_link_request"),
    path("my/<str:token>/", views.my_appointments, name="my_appointments"),
    path("my/<str:token>/data/", views.my_data, name="my_data"),
    path("my/<str:token>/data.json", views.my_data_json, name="my_data_json"),
    path("privacy/", views.privacy, name="privacy"),
]
