"""The world of the adversarial suite.

The attacker (the `attacker` fixture of tests/conftest.py) holds exactly the
application's rights: on PostgreSQL a role given its rights by `manage.py
grant_application_role` (the README's setup,
deploy/postgresql/application_role.sql), connected as that role; on SQLite
the application's own connection. The referee (tests/helpers.py) reads the
outcome with plain SQL and Python — none of the project's rule code — as a
superuser.
"""

import pytest

from tests.actors import InstitutionWorld


@pytest.fixture
def world(institution_world) -> InstitutionWorld:
    """The world the suite attacks (tests/actors.py's InstitutionWorld), committed."""
    return institution_world
