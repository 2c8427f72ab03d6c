"""The documented production settings pass Django's deployment checks, and
the example file holds no secret."""

import os
import subprocess
import sys
from pathlib import Path

from tests.deploy.production_env import SECRETS, production_env, read_example

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_deploy_checks_pass_with_the_production_example():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_example_holds_no_secret():
    example = read_example()
    assert all(example[name] == "" for name in SECRETS)
    assert "set-me" in example["DATABASE_URL"]  # a placeholder, not a password


def test_production_without_redis_fails_the_rate_limit_check():
    env = production_env()
    del env["REDIS_URL"]
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr + result.stdout


def test_a_bad_proxy_address_or_redis_url_stops_the_start():
    base = production_env()
    for name, value, message in [
        ("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,proxy.local", "TRUSTED_PROXY_ADDRESSES must list"),
        ("REDIS_URL", "127.0.0.1:6379", "REDIS_URL must start with redis://"),
        ("CSRF_TRUSTED_ORIGINS", "rdv.hopital.example", "CSRF_TRUSTED_ORIGINS entries"),
        ("SITE_URL", "http://rdv.hopital.example", "SITE_URL must start with https://"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO"),
    ]:
        result = _manage("check", env={**base, name: value})
        assert result.returncode != 0 and message in result.stderr, name
