"""FINESS and RPPS numbers are checked for format and check digit."""

import pytest
from django.core.exceptions import ValidationError

from hospital.validators import validate_finess, validate_rpps


@pytest.mark.parametrize(
    "finess",
    [
        "750100125",  # Pitié-Salpêtrière
        "2A0000014",  # Corsica: the key is computed with 2A read as 21
        "2B0000020",  # Corsica: 2B read as 22
    ],
)
def test_valid_finess_numbers_are_accepted(finess):
    validate_finess(finess)


@pytest.mark.parametrize(
    ("finess", "code"),
    [
        ("75010012", "finess_format"),  # 8 characters
        ("7501001250", "finess_format"),  # 10 characters
        ("2C0000014", "finess_format"),  # no such département
        ("75A100125", "finess_format"),
        ("750100126", "finess_checksum"),  # one digit off
        ("2A0000015", "finess_checksum"),
    ],
)
def test_invalid_finess_numbers_are_refused_with_the_reason(finess, code):
    with pytest.raises(ValidationError) as refused:
        validate_finess(finess)
    assert refused.value.code == code


def test_valid_rpps_is_accepted():
    validate_rpps("10000000009")


@pytest.mark.parametrize(
    ("rpps", "code"),
    [
        ("1000000000", "rpps_format"),
        ("1000000000A", "rpps_format"),
        ("10000000008", "rpps_checksum"),
    ],
)
def test_invalid_rpps_is_refused_with_the_reason(rpps, code):
    with pytest.raises(ValidationError) as refused:
        validate_rpps(rpps)
    assert refused.value.code == code
