"""Rapport on one machine: an embedded AWS (moto) provisioned from template.yaml, the real handlers
behind a local API Gateway, the stream pumps, and the data kept under the state dir.

`start()` brings up moto and the stack, the handlers (a cold start each), the saved state, then the
gateway and one background thread. That thread pumps the streams (every 0.2 s when they are idle)
and saves the state when an invocation may have written (at most every 2 s). It saves under the
invocation lock and only once no stream record is pending, so a snapshot never holds a write whose
reactions have not run: on restore, the pumps start after the restored records (LATEST).
`stop()` closes the gateway first (no request lands after the last save), then the background
thread, drains the streams, saves, and stops moto.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import boto3
import moto

from infra.local import functions, provision, pumps, state, template
from infra.local.auth import LocalIdentityProvider
from infra.local.functions import Handler
from infra.local.gateway import Gateway
from infra.local.invoker import Invoker, read_configs
from infra.local.pumps import Progress, StreamPump
from rapport import clock

logger = logging.getLogger(__name__)

PUMP_INTERVAL_SECONDS = 0.2
SAVE_INTERVAL_SECONDS = 2.0
TOKEN_FILE = "dev-token"
DEV_EMAIL = "networker@example.com"
DEV_NAME = "Local Networker"
TOKEN_LIFETIME = timedelta(days=365)


class Runtime:
    """One local Rapport. Only one may run at a time in a process: moto's backends are global."""

    def __init__(
        self,
        state_dir: Path,
        port: int = 0,
        *,
        handlers: Mapping[str, Handler] | None = None,
        background: bool = True,
    ) -> None:
        """`handlers` replaces the real ones (tests of the runtime itself); `background=False` leaves
        pumping to `drain()` and saving to `save()`/`stop()`, for tests that drive them explicitly."""
        self.state_dir = Path(state_dir)
        self.state_file = self.state_dir / state.STATE_FILE
        self._port = port
        self._handlers = handlers
        self._background = background
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._environment = dict(os.environ)
        self._mock = moto.mock_aws()
        self._mock.start()
        try:
            self._provision()
        except BaseException:
            self._mock.stop()
            self._restore_environment()
            raise
        self.running = True
        if self._background:
            self._thread = threading.Thread(target=self._pump_and_save, name="pumps", daemon=True)
            self._thread.start()

    def _provision(self) -> None:
        provision.use_local_aws_environment()
        clock.reset()  # a new world; a saved offset is put back with the data
        self.stack = provision.create_stack()
        functions.apply_environment(self.stack)
        restored = state.restore(self.state_file, self.stack)
        functions.cold_start()
        handlers = self._handlers or {
            function: functions.load_handler(function) for function in self.stack.environments
        }
        self.invoker = Invoker(handlers, read_configs(self.stack))
        self._pumps = [
            StreamPump(mapping, self.invoker, self.invoker.arn(mapping.function), "LATEST" if restored else None)
            for mapping in self.stack.stream_mappings
        ]
        self.identity = LocalIdentityProvider(self.state_dir)
        self.token = self.identity.issue_token(self.identity.networker_sub, DEV_EMAIL, DEV_NAME, TOKEN_LIFETIME)
        state.write_atomically(self.state_dir / TOKEN_FILE, self.token.encode())
        self.gateway = Gateway(
            template.http_routes(),
            self.identity,
            self.invoker,
            account_id=boto3.client("sts", region_name=provision.REGION).get_caller_identity()["Account"],
            port=self._port,
            local_endpoints={("POST", "/_local/drain"): self._drain_endpoint},
        )
        self.gateway.start()

    @property
    def url(self) -> str:
        return self.gateway.url

    def drain(self) -> dict[str, Progress]:
        """Run every stream reaction now, until no record is pending."""
        with self.invoker.lock:
            return pumps.drain(self._pumps)

    def save(self) -> None:
        with self.invoker.lock:
            state.save(self.state_file, self.stack)
            self.invoker.dirty.clear()

    def stop(self) -> None:
        self.running = False
        try:
            self.gateway.stop()
            self._stopping.set()
            if self._thread is not None:
                self._thread.join()
            self.drain()
            self.save()
        finally:
            self._mock.stop()
            clock.reset()
            self._restore_environment()

    def __enter__(self) -> Runtime:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _drain_endpoint(self, _body: object) -> dict:
        return {
            function: {"records": progress.records, "discarded": progress.discarded}
            for function, progress in self.drain().items()
        }

    def _pump_and_save(self) -> None:
        last_save = time.monotonic()
        while not self._stopping.is_set():
            try:
                with self.invoker.lock:
                    moved = sum(pump.pump().records for pump in self._pumps) > 0
                    due = time.monotonic() - last_save >= SAVE_INTERVAL_SECONDS
                    if not moved and due and self.invoker.dirty.is_set():
                        self.save()
                        last_save = time.monotonic()
            except Exception:  # keep pumping: one bad round must not stop the reactions for good
                logger.exception("pumping or saving failed; trying again")
                moved = False
            if not moved:
                self._stopping.wait(PUMP_INTERVAL_SECONDS)

    def _restore_environment(self) -> None:
        os.environ.clear()
        os.environ.update(self._environment)
