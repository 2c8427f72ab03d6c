"""`manage.py db_worker`: django-tasks-db's worker, with a lease (outbox.worker).

The same command, options and behaviour as django-tasks-db's, which it
replaces (this app comes first in INSTALLED_APPS); the worker also renews a
lease, takes up the tasks of dead workers and runs the periodic work.
"""

import logging
import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from outbox.worker import LeasedWorker

logger = logging.getLogger("django_tasks_db")


class Command(db_worker.Command):
    help = (
        "Run a database background worker, holding a lease: the tasks of a worker "
        "that died are taken up again, and overdue work is caught up at start "
        "and every TASK_HEARTBEAT_SECONDS. Give each worker of the pool its own "
        "--worker-id (e.g. the host and the instance) so a restarted one takes "
        "its predecessor's tasks back at once."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together: no reload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            beat=settings.TASK_HEARTBEAT_SECONDS,
            attempts=settings.TASK_ATTEMPTS,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # the reloaded child only
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
