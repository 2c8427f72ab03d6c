"""Refusals raised by the platform's database rules, as people can read them.

Every rule the database enforces for the platform (scheduling/rules/) raises
a message starting with RULE_MARKER, so that any surface can tell a rule's
refusal from another integrity error and show its human part. It lives in
the registry, the lowest layer, because the registry's own admin shows them.
"""

from django.db import DatabaseError, connection

RULE_MARKER = "institution rule:"
# PostgreSQL checks the rule at COMMIT with deferred constraint triggers that
# all bear this name.
DEFERRED_RULES = "institution_rule"


def is_rule_refusal(error: DatabaseError) -> bool:
    return RULE_MARKER in str(error)


def refusal_message(error: DatabaseError) -> str:
    """The human part of a rule's refusal (its first line), or the error itself."""
    text = str(error)
    if RULE_MARKER in text:
        text = text.split(RULE_MARKER, 1)[1]
    return text.strip().splitlines()[0] if text.strip() else text


def check_rules_now() -> None:
    """Run the checks PostgreSQL would run at COMMIT now, inside the current
    transaction, so that a caller nested in a larger transaction (the admin's
    view, a test) gets the refusal where it can show it. SQLite checks at
    once anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {DEFERRED_RULES} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {DEFERRED_RULES} DEFERRED")
