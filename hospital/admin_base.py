"""What every admin page of the platform shares."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hospital.db_refusals import check_rules_now, refusal_message


class RefusalsAsMessagesMixin:
    """Show a refusal as a message on the page, never as a server error.

    Model validation normally refuses first with a field error; this catches
    what is only refused while saving or deleting: a trigger of the institution
    rule or a constraint (a change made concurrently, a bulk delete), or a
    model's own delete() (an affiliation that upcoming bookings still need).
    Whatever the view had written is rolled back.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return self._refusing(request, lambda: view(request, object_id, form_url, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        opts = self.opts
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
        return self._refusing(
            request, lambda: view(request, object_id, extra_context), then=change_url
        )

    def changelist_view(self, request, extra_context=None):
        view = super().changelist_view
        if request.method != "POST":  # only actions and list_editable write
            return view(request, extra_context)
        return self._refusing(request, lambda: view(request, extra_context))

    def _refusing(
        self, request: HttpRequest, view: Callable[[], HttpResponse], then: str | None = None
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                response = view()
                check_rules_now()
                return response
        except IntegrityError as error:
            _discard_messages(request)  # what the view said it did was rolled back
            reason = refusal_message(error).strip().splitlines()[0]
            self.message_user(
                request, _("Refused: %(reason)s") % {"reason": reason}, messages.ERROR
            )
        except ValidationError as error:  # raised by a model's save() or delete(), readable
            _discard_messages(request)
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(then or request.get_full_path())


def _discard_messages(request: HttpRequest) -> None:
    for _message in messages.get_messages(request):  # iterating marks them as shown
        pass


class PlatformModelAdmin(RefusalsAsMessagesMixin, admin.ModelAdmin):
    list_per_page = 50
