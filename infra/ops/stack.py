"""The stack's physical names, read from CloudFormation, and calling its functions as an operator."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from functools import cached_property

import boto3
from botocore.config import Config


class NotReplayed(Exception):
    """A dead letter could not be replayed (its message stays in the dead-letter queue)."""


@dataclass
class Stack:
    """One deployed stack: `physical(logical id)` for any resource, boto3 clients made once."""

    name: str
    session: boto3.Session
    _clients: dict = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def _resources(self) -> dict[str, str]:
        pages = self.client("cloudformation").get_paginator("list_stack_resources").paginate(StackName=self.name)
        summaries = [summary for page in pages for summary in page["StackResourceSummaries"]]
        return {summary["LogicalResourceId"]: summary["PhysicalResourceId"] for summary in summaries}

    def physical(self, logical_id: str) -> str:
        try:
            return self._resources[logical_id]
        except KeyError:
            raise SystemExit(f"stack {self.name} has no resource {logical_id}") from None

    def queue_url(self, logical_id: str) -> str:
        """An SQS queue's URL (its physical id)."""
        return self.physical(logical_id)

    def environment(self, function: str) -> dict[str, str]:
        """A function's environment variables, as deployed: where it reads its table, bucket, queues."""
        config = self.client("lambda").get_function_configuration(FunctionName=self.physical(function))
        return config.get("Environment", {}).get("Variables", {})

    def client(self, service: str):
        if service not in self._clients:
            # An invocation may take the function's whole timeout (up to 2 minutes here).
            config = Config(read_timeout=900, retries={"mode": "standard"}) if service == "lambda" else None
            self._clients[service] = self.session.client(service, config=config)
        return self._clients[service]

    def invoke(self, function: str, event: dict) -> object:
        """Invoke a function synchronously (so the answer says whether it worked); its result.
        Raises NotReplayed when the function failed."""
        payload = json.dumps(event, default=_binary).encode()
        response = self.client("lambda").invoke(
            FunctionName=self.physical(function), InvocationType="RequestResponse", Payload=payload
        )
        payload = response["Payload"].read()
        result = json.loads(payload) if payload else None
        if "FunctionError" in response:
            error = result if isinstance(result, dict) else {}
            raise NotReplayed(f"{function} failed: {error.get('errorType')}: {error.get('errorMessage')}")
        return result


def _binary(value: object) -> str:
    """Binary attribute values (boto3 gives bytes) travel base64-encoded in events, as on the wire."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
