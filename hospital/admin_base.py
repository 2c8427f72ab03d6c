"""What every admin page of the platform shares."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hospital.db_refusals import check_rules_now, refusal_message
from hospital.params import IdsMultipleChoiceField, id_param
from hospital.phones import display_phone, normalise_phone


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


class _IdOnlyAutocomplete(AutocompleteSelect):
    """Django's autocomplete widget looks up the posted value to show it again;
    a value that is not an id (`agenda=abc`) would fail that query. The form
    refuses the value anyway: the widget just shows nothing."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if id_param(str(v))], attr)


class _LoggedAs:
    """An object as the admin's change log names it (LogEntry.object_repr)."""

    def __init__(self, obj, text: str):
        self._obj, self._text = obj, text

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return self._text


class ReadablePhoneField(forms.CharField):
    """A stored number (E.164, '+33612345678') shown as people read it and as
    every other staff page shows it ('06 12 34 56 78'); what staff type is
    stored in E.164 by the model's clean()."""

    def prepare_value(self, value):
        return display_phone(value) if isinstance(value, str) and value else value

    def has_changed(self, initial, data) -> bool:
        return _stored(initial or "") != _stored(data or "")


def _stored(value: str) -> str:
    try:
        return normalise_phone(value) if value.strip() else ""
    except ValidationError:
        return value


class PlatformModelAdmin(RefusalsAsMessagesMixin, admin.ModelAdmin):
    list_per_page = 50
    # Establishments', departments' and patients' numbers (issue 25: three formats were shown).
    phone_fields = ("phone",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.phone_fields and not db_field.choices:
            kwargs.setdefault("form_class", ReadablePhoneField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            db = kwargs.get("using")
            kwargs["widget"] = _IdOnlyAutocomplete(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def log_repr(self, obj) -> str:
        """How the admin's change log names `obj`: a model holding health data
        names it by reference, since the log keeps it in clear, forever."""
        return str(obj)

    def log_addition(self, request, obj, message):
        return super().log_addition(request, _LoggedAs(obj, self.log_repr(obj)), message)

    def log_change(self, request, obj, message):
        return super().log_change(request, _LoggedAs(obj, self.log_repr(obj)), message)

    def log_deletions(self, request, queryset):
        logged = [_LoggedAs(obj, self.log_repr(obj)) for obj in queryset]
        return super().log_deletions(request, logged)
