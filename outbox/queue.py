"""Work handed to the task worker, by name, in the transaction of the change.

A service never imports the task functions: it names the work
(`enqueue("send_notice", booking.pk, …)`), and the module that defines the
tasks — scheduling.tasks, above the services — registers each under its
name (`@named("send_notice")`). The caller knows a queue's name, never its
consumer: the shape of Zulip's `queue_event_on_commit`.

With the database backend (production, the worker's tests) the task is a
row written inside the caller's transaction: it commits with the change it
announces, or rolls back with it. Nothing can come between the commit and
the enqueue — a process killed there, or a database that stops answering
right after the commit, loses nothing. The immediate backend of development
runs the task at once, so it waits for the commit (`on_commit`): a change
that rolls back sends nothing there either.

Tasks carry ids, never a patient's details: the task table is not masked
like the audit trail.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tasks import default_task_backend
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

_tasks: dict[str, Task] = {}
_periodic: dict[str, Callable[[], object]] = {}


def named(name: str) -> Callable[[Task], Task]:
    """Register a task under `name` (a decorator, above `@task()`)."""

    def register(task_: Task) -> Task:
        known = _tasks.get(name)
        if known is not None and known.module_path != task_.module_path:
            raise ImproperlyConfigured(
                f"two tasks named {name!r}: {known.module_path}, {task_.module_path}"
            )
        _tasks[name] = task_
        return task_

    return register


def periodic(function: Callable[[], object]) -> Callable[[], object]:
    """Register work every task worker does when it starts, then at every
    heartbeat (TASK_HEARTBEAT_SECONDS): catching up on what a task should
    have done while no worker ran (a decorator)."""
    _periodic[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def periodic_work() -> list[Callable[[], object]]:
    return list(_periodic.values())


def can_defer() -> bool:
    """Whether the task backend runs a task at a given time (the database
    backend does; the immediate backend of development does not)."""
    return default_task_backend.supports_defer


def enqueue(name: str, *args, run_after: datetime.datetime | None = None, **kwargs) -> None:
    """Hand the task named `name` to the worker, with the current transaction:
    written in it by the database backend, run after its commit by the
    immediate backend. A rolled-back change enqueues nothing."""
    try:
        task_ = _tasks[name]
    except KeyError:
        known = ", ".join(sorted(_tasks))
        raise LookupError(f"no task named {name!r} (registered: {known})") from None
    chosen = task_.using(run_after=run_after) if run_after is not None else task_
    if isinstance(chosen.get_backend(), DatabaseBackend):
        chosen.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: chosen.enqueue(*args, **kwargs), robust=True)
