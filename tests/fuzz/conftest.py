import pytest

from tests.fuzz.world import FuzzWorld, build_fuzz_world


@pytest.fixture
def fuzz_world(actors, settings) -> FuzzWorld:
    """The actors, one booking in each state the screens act on and the
    valid value of every parameter (tests/fuzz/world.py)."""
    settings.SEARCH_RATE = settings.BOOKING_RATE = "100000/m"
    return build_fuzz_world(actors)


def pytest_terminal_summary(terminalreporter):
    """The fuzz run's figures, at the end of the test session's report."""
    from tests.helpers import FUZZ_FIGURES

    for name, run in FUZZ_FIGURES.items():
        if run.sent:
            server_errors = sum(count for code, count in run.answers.items() if code >= 500)
            terminalreporter.write_line(
                f"{name}: {sum(run.sent.values())} requests over {len(run.sent)} endpoints, "
                f"{server_errors} answered 5xx; "
                f"answers by status: {dict(sorted(run.answers.items()))}"
            )
