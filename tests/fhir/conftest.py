from tests.api.conftest import api_world  # noqa: F401 (the same world and clients)
