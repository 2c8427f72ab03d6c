"""The booking form is written out in its template (issue 23: its widget
templates took three quarters of the page's time). It must stay the markup
Django's own rendering gives, in every state a visitor sees it: blank, with
their details back and the errors next to the fields, in French."""

import re

import pytest
from django.template import engines
from django.utils import translation
from pytest_django.asserts import assertHTMLEqual

from tests.helpers import booking_form, first_slot

pytestmark = pytest.mark.django_db

# The form as the template had it before, through Django's widget templates:
# the reference the written-out markup is compared with.
DJANGO_RENDERED = """{% load i18n %}
<form method="post" class="stack" novalidate>
  {% csrf_token %}
  {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
  {{ form.form_token }}
  {{ form.seen_before.as_field_group }}
  {% if form.reason.field.queryset.exists %}
  {{ form.reason.as_field_group }}
  {% else %}
  <p role="alert">{% translate "This slot cannot be booked online." %}</p>
  {% endif %}
  {{ form.for_whom.as_field_group }}
  {{ form.first_name.as_field_group }}
  {{ form.last_name.as_field_group }}
  {{ form.birth_date.as_field_group }}
  {{ form.email.as_field_group }}
  {{ form.phone.as_field_group }}
  <div class="checkbox-field">
    {{ form.sms_consent }}
    <label for="{{ form.sms_consent.id_for_label }}">{{ form.sms_consent.label }}</label>
  </div>
  <div class="checkbox-field">
    {{ form.consent }}
    <label for="{{ form.consent.id_for_label }}">{{ form.consent.label }}</label>
  </div>
  {{ form.consent.errors }}
  <p class="muted"><a href="{% url 'public:privacy' %}">{% translate "How we use your details" %}</a></p>
  <button type="submit">{% translate "Continue" %}</button>
</form>"""

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _form_markup(html: str) -> str:
    form = re.search(r'<form method="post" class="stack".*?</form>', html, re.S).group(0)
    return _CSRF.sub('name="csrfmiddlewaretoken" value="token"', form)


def _assert_django_markup(response) -> None:
    assert response.status_code == 200
    reference = engines["django"].from_string(DJANGO_RENDERED)
    expected = reference.render({"form": response.context["form"]}, request=response.wsgi_request)
    assertHTMLEqual(_form_markup(response.content.decode()), _form_markup(expected))


def test_the_booking_form_renders_no_widget_template(client, actors):
    response = client.get(f"/book/{first_slot(actors).pk}/")
    rendered = {template.name for template in response.templates}
    assert not {name for name in rendered if name.startswith("django/forms/")}
    assert 'autocomplete="given-name"' in response.content.decode()


def test_the_blank_form_is_djangos_markup(client, actors):
    _assert_django_markup(client.get(f"/book/{first_slot(actors).pk}/"))


def test_a_refused_post_gives_back_the_details_and_the_errors_by_their_fields(client, actors):
    slot = first_slot(actors)
    details = booking_form(
        actors,
        email="not-an-email",
        birth_date="2990-01-01",
        seen_before="returning",
        for_whom="relative",
        sms_consent="on",
        consent="",
        reason=actors.follow_up.pk,
    )
    response = client.post(f"/book/{slot.pk}/", details)
    _assert_django_markup(response)
    page = response.content.decode()
    assert 'value="not-an-email"' in page and 'value="2990-01-01"' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert 'aria-describedby="id_consent_error"' in page
    assert re.search(r'value="relative"[^>]*checked', page)
    assert re.search(rf'value="{actors.follow_up.pk}"[^>]*checked', page)


def test_every_missing_answer_is_named_by_its_field(client, actors):
    response = client.post(f"/book/{first_slot(actors).pk}/", {"form_token": "t-1"})
    _assert_django_markup(response)
    errors = response.context["form"].errors
    assert {"reason", "seen_before", "for_whom", "first_name", "email", "consent"} <= set(errors)
    page = response.content.decode()
    for name in ("seen_before", "reason", "for_whom"):
        assert f'<fieldset aria-describedby="id_{name}_error">' in page


def test_a_reason_not_offered_is_refused_on_its_fieldset(client, actors):
    slot = first_slot(actors)
    response = client.post(f"/book/{slot.pk}/", booking_form(actors, reason="999999"))
    _assert_django_markup(response)
    assert 'id="id_reason_error"' in response.content.decode()


def test_changing_the_address_brings_back_the_hold_details(client, actors):
    slot = first_slot(actors)
    assert client.post(f"/book/{slot.pk}/", booking_form(actors)).status_code == 302
    response = client.get(f"/book/{slot.pk}/?change=1")
    _assert_django_markup(response)
    page = response.content.decode()
    assert 'value="1980-05-17"' in page and 'value="Durand"' in page


def test_the_form_reads_the_same_in_french(client, actors, settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        response = client.post(f"/book/{first_slot(actors).pk}/", booking_form(actors, consent=""))
        _assert_django_markup(response)
    assert "Motif de consultation\N{NO-BREAK SPACE}:" in response.content.decode()
