import pytest
from pytest_socket import disable_socket


@pytest.fixture(autouse=True)
def _no_network():
    """Unit tests are pure: any socket use is a bug."""
    disable_socket()
