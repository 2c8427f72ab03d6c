"""Work handed to the task worker, by name.

A service never imports the task functions: it names the work
(`enqueue("send_notice", booking.pk, …)`), and the module that defines the
tasks — scheduling.tasks, above the services — registers each under its
name (`@named("send_notice")`). The caller knows a queue's name, never its
consumer: the shape of Zulip's `queue_event_on_commit`.

Tasks carry ids, never a patient's details: the task table is not masked
like the audit trail.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tasks import default_task_backend
from django_tasks.base import Task

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
    """Hand the task named `name` to the worker once the current transaction
    commits (at once outside one): a rolled-back change enqueues nothing."""
    try:
        task_ = _tasks[name]
    except KeyError:
        raise LookupError(
            f"no task named {name!r} (registered: {', '.join(sorted(_tasks))})"
        ) from None
    chosen = task_.using(run_after=run_after) if run_after is not None else task_
    transaction.on_commit(lambda: chosen.enqueue(*args, **kwargs), robust=True)
