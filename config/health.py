"""The health endpoint for load balancers and monitoring: GET /health/ answers
200 when this server can serve, 503 otherwise, as JSON.

It is answered by a middleware placed first, before anything that needs the
database (sessions, the audit context) or the Host header (ALLOWED_HOSTS):
a probe by address gets an answer, a database that is down gives a 503
rather than a 500, and a probe reads no session and writes nothing.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

# Once every migration is applied it stays so for this process's code: the
# migration graph (read from disk) is not loaded again on every probe.
_migrated = False


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


PATH = "/health/"


def health() -> JsonResponse:
    checks = {"database": _database_reachable()}
    checks["migrations"] = checks["database"] and _migrations_applied()
    healthy = all(checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH and request.method in ("GET", "HEAD"):
            return health()
        return self.get_response(request)
