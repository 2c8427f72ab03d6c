from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from config.login_form import LoginForm
from scheduling.portal import views as portal

app_name = "portal"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="scheduling/portal/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            next_page=reverse_lazy("portal:dashboard"),
        ),
        name="login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("portal:login")),
        name="logout",
    ),
    path("", portal.dashboard, name="dashboard"),
    path("week/", portal.week, name="week"),
    path("agendas/<int:agenda_id>/", portal.agenda_detail, name="agenda_detail"),
    path("agendas/<int:agenda_id>/hours/", portal.hours, name="hours"),
    path("agendas/<int:agenda_id>/absences/new/", portal.absence_new, name="absence_new"),
    path("agendas/<int:agenda_id>/rules/", portal.rule_add, name="rule_add"),
    path("agendas/<int:agenda_id>/reservation/", portal.reservation, name="reservation_change"),
    path(
        "agendas/<int:agenda_id>/rules/<int:rule_id>/end/", portal.rule_remove, name="rule_remove"
    ),
    path("agendas/<int:agenda_id>/absences/", portal.absence_add, name="absence_add"),
    path("agendas/<int:agenda_id>/slots/<int:slot_id>/", portal.slot_toggle, name="slot_toggle"),
    path(
        "agendas/<int:agenda_id>/reasons/<int:reason_id>/",
        portal.reason_update,
        name="reason_update",
    ),
    path("agendas/<int:agenda_id>/partners/", portal.partners, name="partners"),
    path("calendar/", portal.feed, name="feed"),
]

# The subscription URL lives outside the language prefix: calendar apps keep it forever.
feed_urlpatterns = [
    path("portal/calendar/<str:token>.ics", portal.calendar_feed, name="portal_calendar")
]
