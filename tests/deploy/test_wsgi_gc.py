"""The WSGI application's workers keep the garbage collector off what lives as
long as they do (config/wsgi.py, issue 23: the search's p99)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import gc, io, json
from config.wsgi import application
loaded = gc.get_freeze_count()
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/health/", "SERVER_NAME": "127.0.0.1",
    "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
    "wsgi.errors": io.StringIO(),
}
statuses = []
for _ in range(2):
    response = application(environ, lambda status, headers: statuses.append(status))
    response.close()  # the server closes it once sent: request_finished
    after = gc.get_freeze_count() if len(statuses) == 1 else after
print(json.dumps({"loaded": loaded, "first": after, "second": gc.get_freeze_count(),
                  "statuses": statuses}))
"""


def test_a_worker_freezes_what_it_loaded_and_what_its_first_request_loaded():
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["statuses"][0].startswith(("200", "503")), found
    # The application's modules are frozen as it loads, the first request's
    # caches when it ends; later requests freeze nothing more (their garbage
    # must stay collectable; a frozen object freed leaves the count).
    assert found["loaded"] > 10_000
    assert found["first"] > found["loaded"]
    assert found["second"] <= found["first"]
