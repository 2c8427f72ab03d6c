"""Real concurrency for the PostgreSQL tests: threads, each on its own
connection, released together (Django's own tests/select_for_update/ style)."""

import threading
from collections import Counter
from collections.abc import Callable

from django.db import connections


def attempt_all(attempts: list[Callable], workers: int, outcome: Callable) -> Counter:
    """Run `attempts` from `workers` threads released together; count what
    `outcome(attempt)` says of each (it may raise: the error is counted)."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(workers)
    queue = list(attempts)

    def worker():
        try:
            start.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    attempt = queue.pop()
                try:
                    result = outcome(attempt)
                except Exception as error:  # anything unexpected is counted, then asserted
                    result = f"error: {type(error).__name__}: {error}"
                with lock:
                    outcomes[result] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def in_thread(target: Callable) -> tuple[threading.Thread, list]:
    """Start `target` in a thread; its result (or the exception it raised) lands in the list."""
    outcome: list = []

    def run():
        try:
            outcome.append(target())
        except Exception as error:  # asserted by the caller
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome
