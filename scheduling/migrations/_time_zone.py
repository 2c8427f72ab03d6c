"""The UTC offsets of a time zone as rows for SQLite's `platform_time_zone`.

SQLite has no time zones: its rules compute a local date as
`date(utc, offset)`, the offset read from this table (scheduling/rules/sqlite.py).
Migration 0035 fills it and a post_migrate step keeps it current
(scheduling/rules/state.py); both call this module, kept small and stable
like _frozen_rules.py.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

TABLE = "platform_time_zone"
# The first row covers everything before the first change computed.
BEGINNING = "0000-01-01 00:00:00"
# The dates anyone can enter (hospital/validators.py), a year's margin each side.
FIRST_YEAR, LAST_YEAR = 1899, 2101
_STEP = 24 * 3600


def _offset(zone: ZoneInfo, seconds: int) -> int:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return int(moment.astimezone(zone).utcoffset().total_seconds())


@functools.cache
def offsets(zone_name: str) -> tuple[tuple[str, int], ...]:
    """(since, UTC offset in seconds), `since` a canonical UTC text: a scan
    day by day from FIRST_YEAR to LAST_YEAR, each change found to the second."""
    zone = ZoneInfo(zone_name)
    at = int(datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC).timestamp())
    last = int(datetime.datetime(LAST_YEAR, 12, 31, tzinfo=datetime.UTC).timestamp())
    current = _offset(zone, at)
    rows = [(BEGINNING, current)]
    while at < last:
        following = at + _STEP
        offset = _offset(zone, following)
        if offset != current:
            low, high = at, following  # _offset(low) == current, _offset(high) == offset
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            since = datetime.datetime.fromtimestamp(high, datetime.UTC)
            rows.append((since.strftime("%Y-%m-%d %H:%M:%S"), offset))
            current = offset
        at = following
    return tuple(rows)


def fill(cursor, zone_name: str) -> bool:
    """Make the table hold `zone_name`'s offsets; False when it already did."""
    wanted = [(since, offset, zone_name) for since, offset in offsets(zone_name)]
    cursor.execute(f"SELECT since, utc_offset_seconds, zone FROM {TABLE} ORDER BY since")
    if [tuple(row) for row in cursor.fetchall()] == wanted:
        return False
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.executemany(
        f"INSERT INTO {TABLE} (since, utc_offset_seconds, zone) VALUES (%s, %s, %s)", wanted
    )
    return True
