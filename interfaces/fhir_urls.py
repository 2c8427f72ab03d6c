"""/fhir/Subscription: included by config/urls.py before scheduling's FHIR
URLs, whose last route answers anything else under /fhir/ with a 404."""

from django.urls import path, re_path

from interfaces import fhir_subscriptions as views

app_name = "fhir_subscriptions"

urlpatterns = [
    path("Subscription", views.SubscriptionSearch.as_view(), name="subscriptions"),
    re_path(
        r"^Subscription/(?P<pk>[0-9]{1,18})$",
        views.SubscriptionRead.as_view(),
        name="subscription",
    ),
]
