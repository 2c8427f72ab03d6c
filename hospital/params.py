"""Reading ids and dates a client sends: a malformed value is no value, never an error.

Forms validate what is posted; these read the few GET parameters that views
take directly (which week, which reason, which agenda), so that `?reason=²`,
`?agenda=99999999999999999999` or `?week=9999-12-31` show the default page
instead of failing.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from hospital.validators import EARLIEST_DATE, LATEST_DATE

# ASCII digits only ("²".isdigit() is true), and small enough for a bigint.
_ID = re.compile(r"[0-9]{1,18}")


def id_param(raw: str | None) -> int | None:
    """A positive database id, or None."""
    if raw and _ID.fullmatch(raw):
        value = int(raw)
        return value or None
    return None


def date_param(raw: str | None) -> datetime.date | None:
    """An ISO date within the dates anyone may enter, or None."""
    try:
        day = datetime.date.fromisoformat(raw or "")
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of rows, refusing what is not an id before any
    query: SQLite cannot even bind an integer past 2**63, PostgreSQL refuses one
    past a bigint, and either was a server error."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if id_param(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
