"""Invoking the real handlers as Lambda does, one invocation at a time.

One lock serialises every invocation of every function. Each function has one warm container
(like a Lambda with reserved concurrency 1) and, stricter than Lambda, two functions never run at
once either: they share this process (its environment, the clock, moto), and the lock is what keeps
them from seeing each other half-way. The lock lets requests go first: the background work (queues,
streams, scheduler) takes it one batch at a time through `lock.background()`, which waits while a
request waits, so a long import runs between requests rather than in front of them. After each
invocation, still under the lock, `after` runs (the runtime's journal commit: before any answer).
The event goes in and the result comes out through JSON, as Lambda marshals them (the Python
runtime turns a Decimal into a number), and each call gets a context holding what Powertools reads
from it. Timeouts are not enforced (a thread cannot be stopped); an invocation that outlives its
timeout is logged as a warning.
"""

from __future__ import annotations

import decimal
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import boto3

from infra.local.functions import Handler
from infra.local.provision import REGION, Stack

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


class PriorityLock:
    """A reentrant lock whose `with` takers go before `background()` takers: background work waits
    for the moment no one else waits."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._waiters = threading.Condition()
        self._waiting = 0  # `with` takers not in yet

    def __enter__(self) -> None:
        with self._waiters:
            self._waiting += 1
        try:
            self._lock.acquire()
        finally:
            with self._waiters:
                self._waiting -= 1
                self._waiters.notify_all()

    def __exit__(self, *_: object) -> None:
        self._lock.release()

    @contextmanager
    def background(self) -> Iterator[None]:
        with self._waiters:
            self._waiters.wait_for(lambda: not self._waiting)
        with self._lock:
            yield


class Invoker:
    """Calls a function by logical id: `invoker("ApiFunction", event) -> result`; raises what it raises."""

    def __init__(self, handlers: Mapping[str, Handler], configs: Mapping[str, FunctionConfig]) -> None:
        self._handlers = dict(handlers)
        self._configs = dict(configs)
        self.lock = PriorityLock()
        self.after: Callable[[], object] = lambda: None  # run after each invocation, under the lock

    def arn(self, function: str) -> str:
        return self._configs[function].arn

    def __call__(self, function: str, event: dict) -> object:
        config = self._configs[function]
        with self.lock:
            context = LambdaContext(config.name, config.arn, config.memory_mb, config.timeout_seconds)
            try:
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
