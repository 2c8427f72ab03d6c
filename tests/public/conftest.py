import pytest


@pytest.fixture(autouse=True)
def _mail_sent_at_once(monkeypatch):
    """These tests run inside a transaction that never commits: send the mail
    that waits for the commit at once. The browser tests commit for real."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
