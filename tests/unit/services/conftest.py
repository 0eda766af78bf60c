"""Services on the in-memory table: each test starts from an empty table and a networker's profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rapport.domain.contact import ContactCreate
from rapport.domain.profile import Profile
from rapport.services import contacts, profiles
from rapport.storage import Store
from tests.fakes.dynamodb import FakeDynamoDB

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def table() -> FakeDynamoDB:
    return FakeDynamoDB()


@pytest.fixture
def store(table) -> Store:
    return Store(table, "rapport")


@pytest.fixture
def me(store) -> Profile:
    identity = profiles.Identity(networker_id="n1", email="me@example.com", email_verified=True, name="Me")
    return profiles.current(store, identity, NOW)


@pytest.fixture
def add(store, me):
    """add("Marie", circle="inner"): a contact, created as the API creates it; returns its id."""

    def add(name: str, **fields) -> str:
        return contacts.create(store, me, ContactCreate(name=name, **fields), NOW).contact_id

    return add
