"""schemathesis over every operation of the served OpenAPI, through the local gateway to the real handler.

Stateless (every operation, valid and invalid inputs) then stateful (chains along the document's links,
so ids are real). Deterministic (derandomized, no example database) and bounded: a few seconds per
operation. Every answer must be no server error and conform to the document.
"""

from __future__ import annotations

import json

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infra.local.runtime import Runtime
from infra.openapi import document
from tests.e2e.conftest import http_request

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CONFIG = """
seed = 20261120
[generation]
max-examples = 10
deterministic = true
database = "none"
[phases.coverage]
enabled = false
"""
SETTINGS = hypothesis.settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    print_blob=False,
)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    running = Runtime(tmp_path_factory.mktemp("state"), background=False)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def auth(runtime) -> dict:
    return {"Authorization": f"Bearer {runtime.token}"}


# What the API serves, generated from its routes (schemathesis' lazy pytest loader does not run on pytest 9):
# the first test checks that it is what the gateway serves.
schema = schemathesis.openapi.from_dict(json.loads(document()), config=schemathesis.Config.from_str(CONFIG))


def test_the_document_tested_is_the_one_served(runtime):
    assert http_request(runtime.url, "GET", "/openapi.json").json == schema.raw_schema


@schema.parametrize()
@hypothesis.settings(SETTINGS)
def test_every_operation(case, runtime, auth):
    case.call_and_validate(base_url=runtime.url, headers=auth, checks=CHECKS)


def test_stateful_along_the_links(runtime, auth):
    class Links(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"base_url": runtime.url, "headers": auth}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Links.run(settings=hypothesis.settings(SETTINGS, max_examples=25, stateful_step_count=8))
