"""The board's grid as the page shows it, kept in this process's memory (issue 23).

Reading and writing out a department's day (some 250 slots, 1,200 cells) was
the largest part of a view of the board, and most views see the grid the
previous view saw. So the grid, written out, is kept per board (department,
period, language) and served again while two things hold:

- no row it was read from has changed: before each view, one query reads the
  fingerprint of every row the grid reads (selectors.board.fingerprint: the
  row versions PostgreSQL gives every INSERT and UPDATE, whatever made it);
- the clock has not reached an instant at which a cell changes by itself (the
  grid's `valid_until`: a start passing, a hold lapsing, a reservation's
  release, midnight).

What differs from one request to the next is put in at each view: the CSRF
field of each form (a written grid holds a placeholder, never a token). A board
in move mode depends on the booking moved, and is written for the view alone;
an open panel does not change the cells (CellWriter never sees it), so the
board beside it is kept. SQLite has no row versions: the grid is read and
written at every view, by the same code.

In memory, not in Redis: Redis holds nothing that cannot be lost and no
patient data (config/cache.py). Each process keeps its own, a few boards'
worth (KEPT_BOARDS), the least recently seen dropped first; a board seen with
a new fingerprint replaces its former grid.
"""

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from hospital.models import Department
from scheduling.selectors import board as selectors
from scheduling.selectors.board import BoardAgenda, Column, Grid
from scheduling.staff.board_cells import CellWriter

# Boards kept per process. A department of 60's day is 70-150 KB written out
# (free to booked), its week 0.3-1 MB: a few MB per process, 30 MB at most.
KEPT_BOARDS = 32
# Where each form's CSRF field goes in a kept grid. Every value from the
# database is escaped, so none can contain "<" and be taken for it.
CSRF_PLACE = "<csrf-field/>"


@dataclass(frozen=True, slots=True)
class WrittenGrid:
    """What the page shows of a grid: its days, columns and their headers,
    its rows written out, and the bookings they show (the read's audit event)."""

    days: list[datetime.date]
    agendas: list[BoardAgenda]
    columns: list[Column]
    headers: SafeString
    parts: tuple[str, ...]  # the rows' HTML, cut where each form's CSRF field goes
    bookings: tuple[int, ...]

    def rows(self, csrf: str) -> SafeString:
        """The rows, with `csrf` (this request's field) in each form."""
        return mark_safe(csrf.join(self.parts))  # written escaped by CellWriter


@dataclass(frozen=True, slots=True)
class _Kept:
    fingerprint: str
    read_at: datetime.datetime
    valid_until: datetime.datetime
    grid: WrittenGrid


class KeptGrids:
    """The grids kept by this process, least recently seen first (gunicorn's
    threads share them: every change of the order is under the lock)."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, _Kept] = OrderedDict()

    def get(self, key: tuple, fingerprint: str, now: datetime.datetime) -> WrittenGrid | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if kept.fingerprint != fingerprint or not kept.read_at <= now < kept.valid_until:
                return None
            self._kept.move_to_end(key)
            return kept.grid

    def put(self, key: tuple, kept: _Kept) -> None:
        with self._lock:
            self._kept[key] = kept  # a board's former grid, if any, goes
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


KEPT = KeptGrids(KEPT_BOARDS)


def written_grid(
    department: Department,
    first_day: datetime.date,
    days: int,
    *,
    board_path: str,
    here_query: str,
    week: bool,
    moving,
) -> WrittenGrid:
    """The grid of `days` days from `first_day`, written out: kept, or read
    and written (and kept, on PostgreSQL, unless a booking is being moved)."""
    where = {"board_path": board_path, "here_query": here_query, "week": week}
    if moving is not None:
        return write(selectors.grid(department, first_day, days), moving=moving, **where)
    fingerprint = selectors.fingerprint(department, first_day, days)
    if fingerprint is None:
        return write(selectors.grid(department, first_day, days), moving=None, **where)
    # Everything the cells' words and links depend on besides the rows read.
    key = (
        department.pk,
        first_day,
        days,
        board_path,
        here_query,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    found = KEPT.get(key, fingerprint, timezone.now())
    if found is not None:
        return found
    grid = selectors.grid(department, first_day, days)
    written = write(grid, moving=None, **where)
    KEPT.put(key, _Kept(fingerprint, grid.read_at, grid.valid_until, written))
    return written


def write(grid: Grid, *, board_path: str, here_query: str, week: bool, moving) -> WrittenGrid:
    """The grid written out by CellWriter, kept or not: the same HTML, with
    CSRF_PLACE where each form's field goes until WrittenGrid.rows."""
    cells = CellWriter(
        CSRF_PLACE,
        agendas=grid.agendas,
        board_path=board_path,
        here_query=here_query,
        week=week,
        moving=moving,
    )
    rows = cells.rows(grid.rows)
    return WrittenGrid(
        days=grid.days,
        agendas=grid.agendas,
        columns=grid.columns,
        headers=cells.headers(grid.columns),
        parts=tuple(rows.split(CSRF_PLACE)),
        bookings=tuple(booking.pk for booking in grid.bookings),
    )
