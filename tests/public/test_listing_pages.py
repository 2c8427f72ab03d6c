"""The pages that list practitioners: the establishment page, what they show
when the listing clock falls behind, and how many queries they cost."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from scheduling.models import Agenda, AgendaListing
from scheduling.services.listing_clock import move_clock, refresh_clock
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital():
    refresh_clock()
    return f.establishment(
        name="Hôpital Henri-Mondor",
        city="Créteil",
        postal_code="94000",
        phone="01 49 81 21 11",
        practical_info="Métro 8 Créteil-L'Échat.",
    )


def _doctor(hospital, code: str, last_name: str, *slot_hours: float):
    specialty = f.specialty(code)
    department = hospital.departments.get_or_create(
        name=specialty.name, defaults={"specialty": specialty}
    )[0]
    agenda = f.agenda(f.practitioner(last_name=last_name), department)
    f.reason(agenda)
    now = timezone.now().replace(microsecond=0, second=0)
    return agenda, [f.slot(agenda, start=now + datetime.timedelta(hours=h)) for h in slot_hours]


def _shown(when: datetime.datetime) -> str:
    return date_format(timezone.localtime(when), "l j F, H:i")


def test_establishment_page_gives_address_phone_access_and_departments(client, hospital):
    _, (slot,) = _doctor(hospital, "cardiologie", "Benali", 50)
    page = client.get(f"/establishments/{hospital.finess}/").content.decode()
    for expected in ["94000 Créteil", 'href="tel:0149812111"', "Métro 8 Créteil-L&#x27;Échat."]:
        assert expected in page
    assert "Cardiologie et maladies vasculaires" in page and _shown(slot.start) in page


def test_a_department_of_the_establishment_lists_its_practitioners(client, hospital):
    agenda, _ = _doctor(hospital, "cardiologie", "Benali", 50)
    _doctor(hospital, "neurologie", "Roux", 60)
    url = f"/establishments/{hospital.finess}/?department={agenda.department_id}"
    page = client.get(url).content.decode()
    assert "Dr Camille Benali" in page and "Dr Camille Roux" not in page


def test_a_listing_the_clock_left_behind_never_shows_a_too_soon_slot(client, hospital):
    agenda, (too_soon, later) = _doctor(hospital, "cardiologie", "Benali", 1, 50)
    move_clock(timezone.now() - datetime.timedelta(hours=23))  # cron stopped long ago
    assert AgendaListing.objects.main().get(agenda=agenda).first_start == too_soon.start
    for url in ["/specialties/cardiologie/", "/?q=benali", f"/establishments/{hospital.finess}/"]:
        page = client.get(url).content.decode()
        assert _shown(later.start) in page and _shown(too_soon.start) not in page, url


def test_departments_the_clock_left_behind_cost_one_query_whatever_their_number(
    client, hospital, django_assert_num_queries, on_postgres
):
    """Issue 23: each department whose soonest listed row the clock left behind
    asked the slots of the whole institution, in time order, for its first
    (one query per department, longer as the institution grows); they are
    asked in one query, each row's agenda by its own slots, with the same
    first availability shown."""
    shown = {}
    for code in ("cardiologie", "neurologie", "pneumologie"):
        _, (too_soon, later) = _doctor(hospital, code, f"Behind{code}", 1, 50 + len(shown))
        # Another practitioner of the department, listed on time but later.
        _, (listed,) = _doctor(hospital, code, f"OnTime{code}", 70)
        shown[code] = (too_soon, later, listed)
    # A department whose only practitioner has nothing left once behind.
    _doctor(hospital, "dermatologie", "Nothing", 1)
    move_clock(timezone.now() - datetime.timedelta(hours=23))
    url = f"/establishments/{hospital.finess}/"
    # the establishment, its departments, the first availability of those behind
    with django_assert_num_queries(3 + (2 if on_postgres else 0) + 1):  # + the one with nothing
        page = client.get(url).content.decode()
    for too_soon, later, listed in shown.values():
        assert _shown(later.start) in page and _shown(too_soon.start) not in page
        assert _shown(listed.start) not in page  # later than the behind row's exact first
    assert page.count("No online availability at the moment.") == 1


def test_the_practitioner_page_offers_each_of_their_hospitals(client, hospital):
    agenda, (slot,) = _doctor(hospital, "cardiologie", "Benali", 50)
    other = f.establishment(name="Hôpital Avicenne", city="Bobigny")
    department = f.department(other, specialty=f.specialty("cardiologie"))
    second = f.agenda(agenda.practitioner, department)
    f.reason(second, label="Suivi")
    there = f.slot(second, start=slot.start + datetime.timedelta(hours=2))
    week = timezone.localtime(slot.start).date().isoformat()
    page = client.get(f"/practitioners/{agenda.practitioner.rpps}/?week={week}").content.decode()
    assert "Consultation (20 min) — Hôpital Henri-Mondor" in page
    assert "Suivi (20 min) — Hôpital Avicenne" in page
    assert f"/book/{slot.pk}/" in page and f"/book/{there.pk}/" in page
    Agenda.objects.filter(pk=second.pk).update(is_active=False)
    page = client.get(f"/practitioners/{agenda.practitioner.rpps}/?week={week}").content.decode()
    assert "Hôpital Avicenne" not in page and f"/book/{there.pk}/" not in page


def test_an_agenda_with_nothing_free_online_comes_last(client, hospital):
    _doctor(hospital, "cardiologie", "Nothing")
    _doctor(hospital, "cardiologie", "Later", 80)
    _doctor(hospital, "cardiologie", "Sooner", 50)
    page = client.get("/specialties/cardiologie/").content.decode()
    assert page.index("Sooner") < page.index("Later") < page.index("Nothing")
    assert "No online availability at the moment." in page


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the specialty; one page of its listing (an index range scan)
        ("/specialties/cardiologie/", 2),
        # the specialty the words name, the page, and the search form's choices
        ("/?q=cardiologue+creteil", 3),
        # the establishment; its departments; one department's page
        ("/establishments/{finess}/?department={department}", 3),
    ],
)
def test_listing_pages_cost_a_fixed_number_of_queries(
    client, hospital, django_assert_num_queries, on_postgres, url, queries
):
    for n in range(20):
        agenda, _ = _doctor(hospital, "cardiologie", f"Martin{n}", 30 + n)
    url = url.format(finess=hospital.finess, department=agenda.department_id)
    # On PostgreSQL every request also sets, then resets, the audit context.
    with django_assert_num_queries(queries + (2 if on_postgres else 0)):
        assert client.get(url).status_code == 200


def _reversed_by_templates(monkeypatch) -> list:
    """The URLs the templates' {% url %} tags reverse, as they are asked for."""
    import django.urls  # where {% url %} imports reverse from, as it renders

    calls, real = [], django.urls.reverse
    monkeypatch.setattr(django.urls, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_the_practitioner_week_links_its_slots_once_per_page(client, hospital, monkeypatch):
    """Issue 23: each slot's link, time and spoken label were a {% url %}, two
    clock filters, a date filter and a translation each, most of the week's
    time; they are made once per page, so what the template does per slot is
    no longer a tag, and each link still says when and where."""
    agenda, _ = _doctor(hospital, "cardiologie", "Benali")
    today = timezone.localdate()
    tuesday = today + datetime.timedelta(days=8 - today.weekday())  # next week's
    eight = timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(8)))
    url = f"/practitioners/{agenda.practitioner.rpps}/?week={tuesday.isoformat()}"
    reversed_urls = _reversed_by_templates(monkeypatch)
    slots = [f.slot(agenda, start=eight + datetime.timedelta(minutes=30 * n)) for n in range(2)]
    client.get(url)
    few = len(reversed_urls)
    slots += [
        f.slot(agenda, start=eight + datetime.timedelta(minutes=30 * n)) for n in range(2, 12)
    ]
    reversed_urls.clear()
    page = client.get(url).content.decode()
    assert len(reversed_urls) == few
    day = date_format(tuesday, "l j F")
    assert page.count(f"<h3>{day}</h3>") == 1
    for slot in slots:
        time = timezone.localtime(slot.start).strftime("%H:%M")
        label = f"Book at {time} on {day}, Hôpital Henri-Mondor"
        assert f'<a class="slot" href="/book/{slot.pk}/" aria-label="{label}">{time}</a>' in page


def test_the_establishment_lists_a_department_with_nothing_free_and_not_one_with_no_agenda(
    client, hospital
):
    """Each department's first availability is its listing's soonest row
    (issue 23): a department whose agendas have nothing free online is still
    listed, as such; one with no bookable agenda is not."""
    _doctor(hospital, "cardiologie", "Benali")  # no slot
    _, (slot,) = _doctor(hospital, "neurologie", "Roux", 60)
    f.department(hospital, name="Radiologie", specialty=f.specialty("radiologie"))
    page = client.get(f"/establishments/{hospital.finess}/").content.decode()
    cardiology = page.index("Cardiologie")
    neurology = page.index("Neurologie", cardiology)
    assert "No online availability at the moment." in page[cardiology:neurology]
    assert _shown(slot.start) in page[neurology:]
    assert "Radiologie" not in page
