"""The documented production environment (deploy/production.env.example), as a
test or an operator starts from it: every empty secret filled with a random value."""

import secrets
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "production.env.example"
SECRETS = ("SECRET_KEY", "AUDIT_HEAD_HMAC_KEY")


def read_example() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def production_env(**overrides: str) -> dict[str, str]:
    values = read_example()
    for name in SECRETS:
        values[name] = values[name] or secrets.token_urlsafe(64)
    return {**values, **overrides}
