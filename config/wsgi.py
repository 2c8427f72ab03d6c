import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _freeze_what_lives_on(**kwargs) -> None:
    """After a worker's first request (its URL patterns, templates and
    translations loaded by then), every object alive is moved out of the
    garbage collector's reach: they live as long as the process, and a full
    collection walked all of them again and again, a pause of some 200 ms at
    every few hundred requests of the search under load (issue 23: the
    search's p99). Collections still run; they only walk what came after."""
    request_finished.disconnect(_freeze_what_lives_on)
    gc.freeze()


gc.freeze()  # what the application loaded
request_finished.connect(_freeze_what_lives_on, weak=False)
