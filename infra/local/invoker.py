"""Invoking the real handlers as Lambda does, one invocation at a time.

One lock serialises every invocation of every function (`turns.TurnLock`). Each function has one
warm container (like a Lambda with reserved concurrency 1) and two functions never run Python at
once: they share this process (its environment, the clock, moto). The lock lets requests go first:
the background work (queues, streams, scheduler) takes it one batch at a time, and a function it
invokes steps aside at each of its AWS calls while a request waits, so a long import chunk runs
beside the requests rather than in front of them. After each invocation, still under the lock (and
never paused), `after` runs (the runtime's journal commit: before any answer).
The event goes in and the result comes out through JSON, as Lambda marshals them (the Python
runtime turns a Decimal into a number), and each call gets a context holding what Powertools reads
from it. Timeouts are not enforced (a thread cannot be stopped); an invocation that outlives its
timeout is logged as a warning.
"""

from __future__ import annotations

import decimal
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import boto3

from infra.local.functions import Handler
from infra.local.provision import REGION, Stack
from infra.local.turns import TurnLock

logger = logging.getLogger(__name__)

Invoke = Callable[[str, dict], object]  # (function logical id, event) -> result, as `Invoker` does


@dataclass(frozen=True)
class FunctionConfig:
    name: str  # physical name
    arn: str
    memory_mb: int
    timeout_seconds: int


@dataclass
class LambdaContext:
    """The context object of the Python runtime, with the attributes handlers and Powertools read."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    identity: None = None
    client_context: None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.UUID(self.aws_request_id).hex}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.started + self.timeout_seconds - time.monotonic()) * 1000))


def read_configs(stack: Stack) -> dict[str, FunctionConfig]:
    """Each function's name, ARN, memory and timeout, as moto's Lambda holds them."""
    client = boto3.client("lambda", region_name=REGION)
    configs = {}
    for function in stack.environments:
        config = client.get_function_configuration(FunctionName=stack.resources[function])
        configs[function] = FunctionConfig(
            config["FunctionName"], config["FunctionArn"], config["MemorySize"], config["Timeout"]
        )
    return configs


def _marshal(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class Invoker:
    """Calls a function by logical id: `invoker("ApiFunction", event) -> result`; raises what it raises."""

    def __init__(self, handlers: Mapping[str, Handler], configs: Mapping[str, FunctionConfig]) -> None:
        self._handlers = dict(handlers)
        self._configs = dict(configs)
        self.lock = TurnLock()
        self.after: Callable[[], object] = lambda: None  # run after each invocation, under the lock

    def arn(self, function: str) -> str:
        return self._configs[function].arn

    def __call__(self, function: str, event: dict) -> object:
        config = self._configs[function]
        with self.lock:
            context = LambdaContext(config.name, config.arn, config.memory_mb, config.timeout_seconds)
            try:
                with self.lock.pausable():
                    result = self._handlers[function](json.loads(json.dumps(event)), context)
                return json.loads(json.dumps(result, default=_marshal))
            finally:
                self.after()
                elapsed = time.monotonic() - context.started
                if elapsed > config.timeout_seconds:
                    logger.warning(
                        "%s ran %.1f s, over its %d s timeout: Lambda would have stopped it",
                        function,
                        elapsed,
                        config.timeout_seconds,
                    )
