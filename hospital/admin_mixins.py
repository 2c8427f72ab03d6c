"""What every admin page of the platform shares."""

from django.contrib import admin, messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class RefusalsAsMessagesMixin:
    """Show a refusal by the database (a trigger of the institution rule, a
    constraint) as a message on the form, never as a server error.

    Model validation normally refuses first with a field error; this catches
    what only the database can see, such as a change made concurrently.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            message = str(error).split("institution rule:", 1)[-1].strip().splitlines()[0]
            self.message_user(
                request, _("Refused: %(reason)s") % {"reason": message}, messages.ERROR
            )
            return self._refused_redirect(request, object_id)

    def _refused_redirect(self, request, object_id):
        return HttpResponseRedirect(request.get_full_path())


class PlatformModelAdmin(RefusalsAsMessagesMixin, admin.ModelAdmin):
    list_per_page = 50
