"""The secretaries' screens, served inside the admin (its login, its layout)."""

from django.contrib.auth.decorators import permission_required
from django.urls import path

from scheduling.staff import board, rights, views


def staff_urlpatterns(admin_site) -> list:
    def staff(view, permission):
        guarded = permission_required(permission, raise_exception=True)(view)
        return admin_site.admin_view(guarded)

    return [
        path(
            "person/",
            staff(rights.person_search, "scheduling.export_person_data"),
            name="scheduling_person_search",
        ),
        path(
            "person/<int:patient_id>/",
            staff(rights.person_detail, "scheduling.export_person_data"),
            name="scheduling_person_detail",
        ),
        path(
            "person/<int:patient_id>/export.json",
            staff(rights.person_json, "scheduling.export_person_data"),
            name="scheduling_person_json",
        ),
        path(
            "person/<int:patient_id>/erase/",
            staff(rights.person_erase, "scheduling.erase_person_data"),
            name="scheduling_person_erase",
        ),
        path(
            "phone/",
            staff(views.phone_booking, "scheduling.add_booking"),
            name="scheduling_booking_phone",
        ),
        path(
            "to-rebook/",
            staff(views.worklist, "scheduling.change_booking"),
            name="scheduling_booking_worklist",
        ),
        path(
            "day/",
            staff(views.department_day, "scheduling.view_booking"),
            name="scheduling_department_day",
        ),
        path(
            "<int:booking_id>/cancel/",
            staff(views.booking_cancel, "scheduling.change_booking"),
            name="scheduling_booking_cancel",
        ),
        path(
            "<int:booking_id>/move/",
            staff(views.booking_move, "scheduling.change_booking"),
            name="scheduling_booking_move",
        ),
        path(
            "board/",
            staff(board.board, "scheduling.view_booking"),
            name="scheduling_board",
        ),
        path(
            "board/book/",
            staff(board.board_book, "scheduling.add_booking"),
            name="scheduling_board_book",
        ),
        path(
            "<int:booking_id>/check-in/",
            staff(views.booking_check_in, "scheduling.change_booking"),
            name="scheduling_booking_check_in",
        ),
        path(
            "<int:booking_id>/outcome/",
            staff(views.booking_outcome, "scheduling.change_booking"),
            name="scheduling_booking_outcome",
        ),
    ]
