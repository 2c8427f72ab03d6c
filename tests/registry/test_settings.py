"""Settings come from the environment and fail loudly on bad values."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list


def _start(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; django.setup()"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _start({"DEBUG": "0"})
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_debug_run_starts_with_the_development_key():
    assert _start({"DEBUG": "1"}).returncode == 0


def test_unknown_time_zone_is_refused():
    result = _start({"DEBUG": "1", "TIME_ZONE": "Europe/Pariss"})
    assert "not a known IANA time zone" in result.stderr


def test_unsupported_database_url_is_refused():
    result = _start({"DEBUG": "1", "DATABASE_URL": "mysql://x@y/z"})
    assert "DATABASE_URL must start with sqlite:// or postgres://" in result.stderr


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        env_bool("DEBUG", False)


def test_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", "eight hours")
    with pytest.raises(ImproperlyConfigured, match="SESSION_COOKIE_AGE must be an integer"):
        env_int("SESSION_COOKIE_AGE", 1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "rdv.hopital.fr, www.rdv.hopital.fr,")
    assert env_list("ALLOWED_HOSTS", []) == ["rdv.hopital.fr", "www.rdv.hopital.fr"]
