"""gunicorn's settings in production: `gunicorn config.wsgi -c deploy/gunicorn.conf.py`.

Several workers behind the TLS-terminating reverse proxy, on the loopback
interface only (the proxy is the only client; config/proxy.py trusts its
X-Forwarded-For). Logs are JSON lines on standard error, as the
application's own (python-json-logger), and access lines carry the request id
the audit trail records, but never a query string: a staff search puts a
patient's name in it. The token of a private link (a patient's link to
manage an appointment, a calendar feed) is redacted from the path.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core, each serving GUNICORN_THREADS requests at once (gthread):
# a request mostly waits for PostgreSQL, and on two cores 2 x 4 threads booked
# twice as fast as 8 single-threaded processes (bench/api_throughput.py).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The proxy holds slow clients; a worker is never tied up by one.
keepalive = 5
# No recycling after a number of requests: with the gthread worker, a worker
# that restarts for max_requests resets connections it has accepted and not
# yet served (gunicorn #3038, unfixed), which the mixed-load benchmark saw as
# requests with no answer at every recycle. Memory is bounded instead by the
# service manager (e.g. systemd's MemoryMax restarts the whole server).
max_requests = 0

accesslog = "-"
# %(U)s is the path alone (%(r)s and %(q)s would log the query string);
# %(p)s the worker's pid; the request id is the one the audit trail records.
access_log_format = "%(h)s %(m)s %(U)s %(s)s %(B)s %(M)sms pid=%(p)s request_id=%({x-request-id}o)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "audit.log_context.json_formatter"}},
    "filters": {
        "request_id": {"()": "audit.log_context.RequestIdFilter"},
        # The path of a private link carries its token: redacted (config/log_redaction.py).
        "redact": {"()": "config.log_redaction.RedactSecretsFilter"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "redact"],
            "stream": "ext://sys.stderr",
        }
    },
    # gunicorn merges this over its defaults key by key: root is replaced too.
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
