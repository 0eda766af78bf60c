"""Handlers given in-memory dependencies (tests/fakes): the real event in, no moto, no socket."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra.local import invoker
from infra.local.functions import cold_start, load_module
from rapport import clock
from rapport.services import profiles
from rapport.storage import Store
from tests.fakes.dynamodb import FakeDynamoDB
from tests.fakes.s3 import FakeS3

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _powertools_and_clock(monkeypatch):
    """What template.yaml's Globals give every function for its logs and metrics; the clock frozen."""
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "rapport")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "Rapport")
    clock.freeze(NOW)
    yield
    clock.reset()


@pytest.fixture
def load(_powertools_and_clock):
    """load("InboundEmailFunction"): the handler's module, freshly loaded as a new container loads it."""
    cold_start()
    yield load_module
    cold_start()


@pytest.fixture
def context():
    return invoker.LambdaContext("tests", "arn:aws:lambda:us-east-1:123456789012:function:tests", 512, 60)


@pytest.fixture
def store() -> Store:
    return Store(FakeDynamoDB(), "rapport")


@pytest.fixture
def s3() -> FakeS3:
    return FakeS3()


@pytest.fixture
def me(store):
    identity = profiles.Identity(networker_id="n1", email="me@example.com", email_verified=True, name="Me")
    return profiles.current(store, identity, NOW)
