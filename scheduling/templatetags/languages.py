"""The registry's texts in the reader's language where they are kept in data
(a specialty's English name), for the pages that show them denormalised: the
search listing keeps a practitioner's specialties as one French string."""

import time

from django import template
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation

from hospital.models import Specialty

register = template.Library()

# The specialties' English names change in the admin, rarely: each process
# reads the table (some thirty rows) at most once a minute, not once per card
# (at once after a change it saved itself).
_TTL_SECONDS = 60.0
_english: dict[str, str] = {}
_read_at = -_TTL_SECONDS


def _english_names() -> dict[str, str]:
    global _english, _read_at
    if time.monotonic() - _read_at >= _TTL_SECONDS:
        rows = Specialty.objects.exclude(name_en="").values_list("name", "name_en")
        # Longest first: "Chirurgie vasculaire" before a shorter name it contains.
        _english = dict(sorted(rows, key=lambda row: -len(row[0])))
        _read_at = time.monotonic()
    return _english


@receiver(post_save, sender=Specialty)
def _forget_english_names(**kwargs) -> None:
    global _read_at
    _read_at = -_TTL_SECONDS


@register.filter
def specialties_in_language(names: str) -> str:
    """The listing's ", "-joined French names, in English under English."""
    if not names or not (translation.get_language() or "").startswith("en"):
        return names
    parts = []
    rest = names
    while rest:
        for french, english in _english_names().items():
            if rest.startswith(french):
                parts.append(english)
                rest = rest[len(french) :]
                break
        else:
            parts.append(rest[0])
            rest = rest[1:]
    return "".join(parts)
