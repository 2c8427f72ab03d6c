"""django-tasks-db's worker, with a lease, recovery of dead workers' tasks
and periodic catch-up.

django-tasks-db 0.13 claims a task (RUNNING, its worker's id appended to
`worker_ids`) and runs it; it has no heartbeat, so a worker killed there
leaves the task RUNNING for ever, and nothing does what a task should have
done while no worker ran. Around its worker, unchanged, this adds:

- a lease: each worker keeps a row (WorkerLease) and renews it every
  TASK_HEARTBEAT_SECONDS from a thread of its own, whatever task it runs;
- recovery: at every beat, each worker puts back to READY the tasks left
  RUNNING by a worker whose lease is older than LEASE_BEATS beats, and fails
  a task once TASK_ATTEMPTS workers have died running it (a task that kills
  its worker does not kill them all). A worker restarted under its id
  (`--worker-id`, unique in the pool) takes its predecessor's tasks back at
  once;
- fencing: a worker that cannot renew its lease for FENCE_BEATS beats, or
  finds it gone, exits at once (os._exit). It has stopped before anyone
  deems it dead, so no task runs twice while its worker is alive;
- periodic work (outbox.queue.periodic): when the worker starts, before its
  first task, then every beat from another thread.

Times are the machines' clocks (keep them in sync: NTP); the margin between
fencing (3 beats) and recovery (6 beats) absorbs skews far larger than NTP's.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from outbox import queue
from outbox.models import WorkerLease

logger = logging.getLogger(__name__)

LEASE_BEATS = 6  # silent this long: dead
FENCE_BEATS = 3  # unable to renew this long: stop


class WorkerDied(Exception):
    """The failure recorded for a task whose workers all died running it."""


def reclaim(*, lease: timedelta, attempts: int, successor: str | None = None, now=None) -> int:
    """Put back the tasks that dead workers left RUNNING; returns how many.

    `successor`: the id of a worker starting, before it claims anything: a
    task RUNNING under that id was its predecessor's, which is dead."""
    now = now or timezone.now()
    leases = dict(WorkerLease.objects.values_list("worker_id", "beat_at"))
    taken = 0
    for task in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        owner = task.worker_ids[-1] if task.worker_ids else None
        if owner != successor and _alive(leases.get(owner), task.started_at, lease, now):
            continue
        taken += _run_again(task, attempts, now)
    WorkerLease.objects.filter(beat_at__lte=now - lease).exclude(worker_id=successor).delete()
    return taken


def _alive(beat_at, started_at, lease: timedelta, now) -> bool:
    if beat_at is None:
        # No lease: a worker registering while the leases were read (its task
        # is fresh), or a worker of django-tasks-db's own: given one lease.
        return started_at > now - lease
    return beat_at > now - lease


def _run_again(task: DBTaskResult, attempts: int, now) -> int:
    same = DBTaskResult.objects.filter(
        pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
    )
    if len(task.worker_ids) < attempts:
        logger.warning("task %s: its worker %s died; it runs again", task.pk, task.worker_ids[-1:])
        return same.update(status=TaskResultStatus.READY)
    logger.error("task %s: %d workers died running it; it fails", task.pk, len(task.worker_ids))
    return same.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{WorkerDied.__module__}.{WorkerDied.__qualname__}",
        traceback=f"workers {', '.join(task.worker_ids)} died running it",
    )


def _exit(reason: str) -> None:
    logger.critical("task worker stops at once: %s", reason)
    logging.shutdown()
    os._exit(75)  # EX_TEMPFAIL: the service manager starts it again


class Lease:
    """The worker's lease, renewed from a thread with its own connection,
    and the watchdog that stops the process when it cannot be renewed."""

    def __init__(self, worker_id: str, *, beat: float, attempts: int, fence=_exit):
        self.worker_id, self.beat, self.attempts, self.fence = worker_id, beat, attempts, fence
        self.lease = timedelta(seconds=beat * LEASE_BEATS)
        self.renewed = time.monotonic()
        self._stopping = threading.Event()
        self._registered = threading.Event()
        self._failure: BaseException | None = None
        self._threads = [
            threading.Thread(target=self._keep, name="lease", daemon=True),
            threading.Thread(target=self._watch, name="lease-watchdog", daemon=True),
        ]

    def start(self) -> None:
        """Register (taking back a dead predecessor's tasks) before any task is claimed."""
        self._threads[0].start()
        self._registered.wait()
        if self._failure is not None:
            raise self._failure
        self._threads[1].start()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=self.beat * FENCE_BEATS)

    def _keep(self) -> None:
        try:
            self._register()
        except BaseException as error:
            self._failure = error
            connections.close_all()
            self._registered.set()
            return
        self._registered.set()
        try:
            while not self._stopping.wait(self.beat):
                self._renew()
            WorkerLease.objects.filter(pk=self.worker_id).delete()
        except DatabaseError:
            logger.exception("task worker %s: could not remove its lease", self.worker_id)
        finally:
            connections.close_all()

    def _register(self) -> None:
        now = timezone.now()
        WorkerLease.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "beat_at": now,
                "started_at": now,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )
        self.renewed = time.monotonic()
        taken = reclaim(lease=self.lease, attempts=self.attempts, successor=self.worker_id)
        if taken:
            logger.warning(
                "task worker %s: %d tasks of dead workers run again", self.worker_id, taken
            )

    def _renew(self) -> None:
        try:
            if not WorkerLease.objects.filter(pk=self.worker_id).update(beat_at=timezone.now()):
                self.fence(f"its lease {self.worker_id} was taken: it was deemed dead")
                return
            self.renewed = time.monotonic()
            reclaim(lease=self.lease, attempts=self.attempts)
        except DatabaseError:
            logger.exception("task worker %s: heartbeat failed", self.worker_id)
            connections.close_all()

    def _watch(self) -> None:
        while not self._stopping.wait(min(1.0, self.beat / 2)):
            silent = time.monotonic() - self.renewed
            if silent > self.beat * FENCE_BEATS:
                self.fence(f"no heartbeat for {silent:.0f} s: it cannot show it is alive")
                return


class Periodic(threading.Thread):
    """The periodic work (outbox.queue.periodic), every beat."""

    def __init__(self, beat: float):
        super().__init__(name="periodic", daemon=True)
        self.beat = beat
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.beat):
                run_periodic_work()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.beat * FENCE_BEATS)


def run_periodic_work() -> None:
    for work in queue.periodic_work():
        try:
            work()
        except Exception:
            logger.exception("periodic work %s failed", work.__qualname__)


class LeasedWorker(Worker):
    """django-tasks-db's Worker, holding a lease while it runs."""

    def __init__(self, *, beat: float, attempts: int, **options):
        super().__init__(**options)
        self.beat = beat
        self.lease = Lease(self.worker_id, beat=beat, attempts=attempts)

    def run(self) -> None:
        self.lease.start()
        periodic = None
        try:
            run_periodic_work()  # what no worker did while none ran, before any task
            if not self.batch:
                periodic = Periodic(self.beat)
                periodic.start()
            super().run()
        finally:
            if periodic is not None:
                periodic.stop()
            self.lease.stop()
