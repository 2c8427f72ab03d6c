"""What the fuzz suite types into every field: the valid values of the world,
and everything a hostile or careless client could send instead."""

import datetime

from hypothesis import strategies as st

# Known troublemakers, each once the cause of a server error somewhere.
TROUBLE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "²",
    "٣",
    "-1",
    "0",
    "1e3",
    "9" * 30,
    "99999999999999999999",
    "NaN",
    "null",
    "on",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "a" * 300,
    "\u202e",
    "🙂",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-02-30",
    "2026-03-29T02:30",
    "24:00",
    "23:59:60",
    "-0",
    "+1",
    "0x10",
    " 1",
]

_any_date = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
# Naive, as a browser's datetime-local field sends them.
_any_datetime = st.datetimes(
    min_value=datetime.datetime(1, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(9999, 12, 31, 23, 59),  # noqa: DTZ001
)

nasty = st.one_of(
    st.sampled_from(TROUBLE),
    st.text(max_size=40),
    st.text(min_size=250, max_size=400),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    _any_date.map(datetime.date.isoformat),
    _any_datetime.map(lambda moment: moment.isoformat(timespec="minutes")),
    st.times().map(lambda moment: moment.strftime("%H:%M")),
)


def field(*valid) -> st.SearchStrategy:
    """A valid value of the world, or anything at all."""
    values = [str(value) for value in valid if value is not None]
    return st.one_of(st.sampled_from(values), nasty) if values else nasty


def valid_only(*valid) -> st.SearchStrategy:
    return st.sampled_from([str(value) for value in valid])
