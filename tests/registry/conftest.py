import importlib

import pytest

from hospital.models import Specialty


@pytest.fixture
def specialties(db):
    """The platform's list, as migration 0003 seeds it (tests that commit empty it)."""
    seed = importlib.import_module("hospital.migrations.0003_seed_specialties")
    for code, name in seed.SPECIALTIES:
        Specialty.objects.get_or_create(code=code, defaults={"name": name})
