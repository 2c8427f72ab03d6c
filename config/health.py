"""Health endpoints for load balancers and monitoring, as JSON.

- `GET /health/live`: the process answers (restart it if not). Checks nothing else.
- `GET /health/ready` (and `/health/`, its older name): whether users would be
  served, with the state of each dependency. 503 when they would get errors:
  the primary database does not answer or lacks a migration. 200 otherwise,
  with `"status": "degraded"` and the details when the site works with less:
  Redis down (rate limits count per process), the replica down or lagging
  (pages read the primary), the task worker late (notices wait).

Both are answered by a middleware placed first, before anything that needs
the database (sessions, the audit context) or the Host header
(ALLOWED_HOSTS): a probe by address gets an answer, a database that is down
gives a 503 rather than a 500, and a probe reads no session and writes nothing.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from scheduling.public.replica import replica_state

OK = "ok"
LIVE = "/health/live"
READY = ("/health/ready", "/health/")

# Once every migration is applied it stays so for this process's code: the
# migration graph (read from disk) is not loaded again on every probe.
_migrated = False


def _database() -> tuple[str, bool]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"down: {type(error).__name__}", False
    return OK, True


def _migrations() -> tuple[str, bool]:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return (OK, True) if _migrated else ("missing: run manage.py migrate", False)


def _redis() -> tuple[str, bool]:
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "not configured: per-process limits", True
    return (OK, True) if ping() else ("down: per-process limits", False)


def _replica() -> tuple[str, bool]:
    state = replica_state()
    return ("not configured", True) if state is None else (state.detail, state.usable)


def _tasks() -> tuple[str, bool]:
    """Whether the task worker keeps up: no task waiting to run was due more
    than HEALTH_TASKS_LATE_MINUTES ago (django-tasks-db's own table)."""
    if settings.TASK_BACKEND != "django_tasks_db.DatabaseBackend":
        return "not checked: tasks run in the process that enqueues them", True
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    minutes = settings.HEALTH_TASKS_LATE_MINUTES
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    late = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    count = late.count()
    if count:
        return f"late: {count} tasks due more than {minutes} min ago (is db_worker running?)", False
    return OK, True


def live() -> JsonResponse:
    return _answer({"status": OK}, 200)


def ready() -> JsonResponse:
    """503 when users would get errors; 200, maybe degraded, when they are served."""
    results = {"database": _database()}
    serving = results["database"][1]
    if serving:
        results["migrations"] = _migrations()
        serving = results["migrations"][1]
    if serving:
        results["tasks"] = _tasks()
    results["redis"] = _redis()
    results["replica"] = _replica()
    fine = all(healthy for _detail, healthy in results.values())
    status = OK if fine else "degraded" if serving else "unavailable"
    checks = {name: detail for name, (detail, _healthy) in results.items()}
    return _answer({"status": status, "checks": checks}, 200 if serving else 503)


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == LIVE:
                return live()
            if request.path in READY:
                return ready()
        return self.get_response(request)
