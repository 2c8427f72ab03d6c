from django.urls import path

from scheduling.callcentre import views

app_name = "call_centre"

urlpatterns = [
    path("", views.console, name="console"),
    path("slot/<int:slot_id>/", views.slot_detail, name="slot"),
    path("slot/<int:slot_id>/book/", views.book, name="book"),
    path("slot/<int:slot_id>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path("waitlist/<int:entry_id>/", views.waitlist_entry, name="waitlist_entry"),
    path("waitlist/<int:entry_id>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("booking/<int:booking_id>/", views.booking_detail, name="booking"),
    path("booking/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("booking/<int:booking_id>/move/", views.booking_move, name="booking_move"),
]
