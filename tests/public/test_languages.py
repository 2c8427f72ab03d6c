"""French by default, English available, and the rules speak the visitor's language."""

import pytest
from django.utils import translation

from scheduling.services import booking as service
from scheduling.services.booking import BookingRefused
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        yield


def test_the_site_is_in_french_by_default(client, french, actors):
    page = client.get("/")
    assert '<html lang="fr">' in page.content.decode()
    assert "Prendre rendez-vous dans nos hôpitaux" in page.content.decode()
    practitioner = client.get(f"/practitioners/{actors.neurosurgeon.rpps}/").content.decode()
    assert "Motif de consultation" in practitioner


def test_english_is_under_en(client, french, actors):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    page = client.get("/en/").content.decode()
    assert 'lang="en"' in page and "Book an appointment in our hospitals" in page


def test_dates_are_local_and_in_french(client, french, actors):
    page = client.get(f"/practitioners/{actors.neurosurgeon.rpps}/").content.decode()
    assert any(day in page for day in ["lundi", "mardi", "mercredi", "jeudi", "vendredi"])


def test_refusals_are_in_french(french, actors):
    import datetime

    from django.utils import timezone

    slot = f.slot(actors.neuro_agenda, start=timezone.now() + datetime.timedelta(days=200))
    service.book(
        slot=slot,
        reason=actors.follow_up,
        patient=f.patient(),
        channel="phone",
        returning=False,
    )
    with pytest.raises(BookingRefused, match="vient d’être pris"):
        service.book(
            slot=slot,
            reason=actors.follow_up,
            patient=f.patient(),
            channel="phone",
            returning=False,
        )


def test_admin_form_errors_are_in_french(admin_client, french):
    page = admin_client.post(
        "/admin/hospital/practitioner/add/",
        {
            "first_name": "A",
            "last_name": "B",
            "rpps": "123",
            "affiliations-TOTAL_FORMS": "0",
            "affiliations-INITIAL_FORMS": "0",
            "affiliations-MIN_NUM_FORMS": "0",
            "affiliations-MAX_NUM_FORMS": "1000",
        },
    )
    assert "Un numéro RPPS compte exactement 11 chiffres." in page.content.decode()


def test_specialties_and_reasons_read_in_english_under_en(client, french, english_texts, actors):
    """Issue 25: the English site showed the French names kept in data."""
    home = client.get("/en/").content.decode()
    assert "Neurosurgery" in home and ">Neurochirurgie<" not in home
    results = client.get("/en/", {"q": "neuro"}).content.decode()
    assert "Neurosurgery" in results
    rpps = actors.neurosurgeon.rpps
    practitioner = client.get(f"/en/practitioners/{rpps}/").content.decode()
    assert "First consultation (30 min)" in practitioner and "Neurosurgery" in practitioner
    assert "Première consultation" not in practitioner
    specialty = client.get("/en/specialties/neurochirurgie/").content.decode()
    assert "<h1>Neurosurgery</h1>" in specialty
    finess = actors.hospital.finess
    assert "Metro line 5" in client.get(f"/en/establishments/{finess}/").content.decode()
    # French stays French; a text left blank in English falls back to it.
    assert "Première consultation" in client.get(f"/practitioners/{rpps}/").content.decode()
    actors.first_visit.label_en = ""
    actors.first_visit.save()
    assert "Première consultation" in client.get(f"/en/practitioners/{rpps}/").content.decode()


def test_the_english_booking_form_offers_the_reasons_in_english(
    client, french, english_texts, actors
):
    from scheduling.selectors.search import free_slots

    slot = free_slots(reason=actors.first_visit).first()
    form = client.get(f"/en/book/{slot.pk}/").content.decode()
    assert "First consultation" in form and "Première consultation" not in form
    assert "Première consultation" in client.get(f"/book/{slot.pk}/").content.decode()
