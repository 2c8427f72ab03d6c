"""A live server for many simultaneous requests: every request is accepted at
once, but at most `workers` of them run at a time (as gunicorn's threads
would), so 100 simultaneous clients do not open 100 database connections."""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, _StaticFilesHandler


class BoundedServer(ThreadedWSGIServer):
    workers = 16
    request_queue_size = 256  # every simultaneous client is accepted, none reset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gate = threading.BoundedSemaphore(self.workers)

    def process_request_thread(self, request, client_address):
        with self.gate:
            super().process_request_thread(request, client_address)


class BoundedLiveServerThread(LiveServerThread):
    server_class = BoundedServer


def start() -> BoundedLiveServerThread:
    thread = BoundedLiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread
