"""Validators of the French national identifiers used in the registry."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import nir

# Two characters of département (digits, or 2A/2B for Corsica), six digits of
# order number, one Luhn check digit.
FINESS_PATTERN = re.compile(r"^(\d{2}|2A|2B)\d{7}$")
RPPS_PATTERN = re.compile(r"^\d{11}$")

# The Luhn key of a Corsican FINESS number is computed with 2A read as 21 and
# 2B as 22 (the numeric codes the national file used before the split).
_CORSICA_DIGITS = {"2A": "21", "2B": "22"}


# The check digit of FINESS and RPPS numbers is a Luhn key (the rule the
# national directories publish); python-stdnum computes it, rather than our own
# loop. It has no FINESS or RPPS module of its own (it has SIRET and SIREN,
# which the registry import checks with stdnum.fr.siret).
def luhn_is_valid(digits: str) -> bool:
    return luhn.is_valid(digits)


def luhn_check_digit(digits: str) -> str:
    """The digit that, appended to `digits`, makes a valid Luhn number."""
    return luhn.calc_check_digit(digits)


def finess_digits(finess: str) -> str:
    return _CORSICA_DIGITS.get(finess[:2], finess[:2]) + finess[2:]


def validate_finess(value: str) -> None:
    if not FINESS_PATTERN.match(value or ""):
        raise ValidationError(
            _("A FINESS number has 9 characters: 2 for the département (or 2A/2B), then 7 digits."),
            code="finess_format",
        )
    if not luhn_is_valid(finess_digits(value)):
        raise ValidationError(
            _("This FINESS number's check digit is wrong: check for a typing error."),
            code="finess_checksum",
        )


def validate_rpps(value: str) -> None:
    if not RPPS_PATTERN.match(value or ""):
        raise ValidationError(_("An RPPS number has exactly 11 digits."), code="rpps_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("This RPPS number's check digit is wrong: check for a typing error."),
            code="rpps_checksum",
        )


# The INS (Identifiant National de Santé) of a person born in France is their
# NIR: 13 characters (2A/2B for Corsica) and a key of two digits, which
# python-stdnum checks. Stored compact: 15 characters, no spaces.
def validate_ins(value: str) -> None:
    try:
        compact = nir.validate(value or "")
    except StdnumError:
        raise ValidationError(
            _(
                "An INS is the 15 characters of the NIR, its key included: check for a typing error."
            ),
            code="ins_invalid",
        ) from None
    if compact != value:
        raise ValidationError(_("Write the INS without spaces."), code="ins_format")


def compact_ins(value: str) -> str:
    return nir.compact(value or "").upper()


# --- dates anyone can enter -------------------------------------------------------
# Every date and time typed into a form is bounded: a year 1 or 9999 is a typing
# error (or an attack), and outside these bounds the conversions between local
# time and UTC, and date arithmetic around them, stop working.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def validate_sane_date(value: datetime.date) -> None:
    """A date, or a datetime (its local date), between EARLIEST_DATE and LATEST_DATE."""
    day = value
    if isinstance(value, datetime.datetime):
        day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Please give a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )
