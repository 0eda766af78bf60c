"""Rapport on one machine: an embedded AWS (moto) provisioned from template.yaml, the real handlers
behind a local API Gateway, SES's inbound SMTP endpoint, the stream and queue pumps, the scheduler
clock, the outbox, and the data kept under the state dir.

`start()` brings up moto (on the runtime's clock: `motoclock`) and the stack, the saved state (the
snapshot with its journal replayed, then saved again as a new snapshot), the handlers (a cold start
each), then the gateway (its URL is the functions' PUBLIC_API_URL, as the HTTP API's is in AWS), the
SMTP listener (`smtp`) and one background thread.

Nothing acknowledged is lost: after every invocation, under the invocation lock, the journal commits
what changed (`journal`), so a request is answered, or a mail taken with `250`, only once what it did
is on disk. The background thread ticks the scheduler and pumps the queues and the streams (every
0.2 s when they are idle), one batch at a time under the lock, letting requests go first (a batch
steps aside for them at its AWS calls: `turns`); it writes a new snapshot (emptying the journal)
when the journal has grown past `COMPACT_BYTES`, or 2 s after the last one once idle.

The clock: `advance()` lives through the time it skips. It moves the clock to each moment something
falls due on the way (a schedule's occurrence, a message whose visibility timeout ends) and runs the
scheduler, the queues and the streams until quiet there, then moves on; so each digest of a jump of
a month is composed on its own day, and retries happen at their time. `set_speed()` makes the clock
run faster; the background thread ticks the scheduler as it goes. Neither is kept at a restart (the
offset is; the speed is 1 again).

`stop()` closes the gateway and the SMTP listener first (no request or message lands after the last
save), then the background thread, runs what is pending, saves, and stops moto.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

import boto3
import moto

from infra.local import (
    contents,
    downloads,
    functions,
    kms_keys,
    motoclock,
    provision,
    pumps,
    queues,
    state,
    template,
    tools,
)
from infra.local.auth import DEV_EMAIL, SUB_FILE, LocalIdentityProvider
from infra.local.functions import Handler
from infra.local.gateway import Gateway
from infra.local.invoker import Invoker, read_configs
from infra.local.journal import JOURNAL_FILE, Journal
from infra.local.outbox import Outbox
from infra.local.pumps import StreamPump
from infra.local.queues import QueuePump
from infra.local.scheduler import Scheduler
from infra.local.ses import Receiver
from infra.local.signin import LocalSignIn
from infra.local.smtp import SmtpListener
from infra.local.webapp import WebApp, local_config
from rapport import clock

logger = logging.getLogger(__name__)

PUMP_INTERVAL_SECONDS = 0.2
SAVE_INTERVAL_SECONDS = 2.0  # once idle, a snapshot this long after the last one
COMPACT_BYTES = 8 * 1024 * 1024  # a journal this long is folded into a new snapshot, idle or not
TOKEN_FILE = "dev-token"
DEV_NAME = "Local Networker"
TOKEN_LIFETIME = timedelta(days=365)
SETTLE_LIMIT = 1_000  # rounds of scheduler, queues and streams before giving up on quiet
STEP_LIMIT = 100_000  # moments an advance stops at


class Runtime:
    """One local Rapport. Only one may run at a time in a process: moto's backends are global."""

    def __init__(
        self,
        state_dir: Path,
        port: int = 0,
        *,
        smtp_port: int = 0,
        handlers: Mapping[str, Handler] | None = None,
        background: bool = True,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        """`port` and `smtp_port` are the HTTP API's and the SMTP listener's (0: any free port);
        `handlers` replaces the real ones (tests of the runtime itself); `background=False` leaves
        pumping to `drain()` and saving to `save()`/`stop()`, for tests that drive them explicitly;
        `announce` is given one line for each email or SMS sent (else it is logged)."""
        self.state_dir = Path(state_dir)
        self.state_file = self.state_dir / state.STATE_FILE
        self.journal_file = self.state_dir / JOURNAL_FILE
        self._port = port
        self._smtp_port = smtp_port
        self._handlers = handlers
        self._background = background
        self._announce = announce
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._environment = dict(os.environ)
        self._mock = moto.mock_aws()
        self._mock.start()
        motoclock.install()
        try:
            self._provision()
        except BaseException:
            if hasattr(self, "journal"):
                self.journal.close()
            self._mock.stop()
            motoclock.uninstall()
            clock.reset()
            self._restore_environment()
            raise
        self.running = True
        if self._background:
            self._thread = threading.Thread(target=self._pump_and_save, name="pumps", daemon=True)
            self._thread.start()

    def _provision(self) -> None:
        provision.use_local_aws_environment()
        clock.reset()  # a new world; a saved offset is put back with the data
        with kms_keys.kept(self.state_dir):  # what was sealed before a restart opens after it
            self.stack = provision.create_stack()
        functions.apply_environment(self.stack)
        sts = boto3.client("sts", region_name=provision.REGION)
        account_id = self._account_id = sts.get_caller_identity()["Account"]
        self.outbox = Outbox(account_id, provision.REGION, self._announce)
        self.scheduler = Scheduler(self.stack.resources)
        saved = state.load(self.state_file, self.journal_file, self.stack, (self.state_dir / SUB_FILE).exists())
        self.identity = LocalIdentityProvider(self.state_dir)
        if saved is not None:
            state.check_networker(self.state_file, saved, self.identity.networker_sub)
            sections = {"schedules": self.scheduler.restore, "outbox": self.outbox.restore}
            state.restore(saved, self.stack, account_id, sections)
        functions.cold_start()
        handlers = self._handlers or {
            function: functions.load_handler(function) for function in self.stack.environments
        }
        self.invoker = Invoker(handlers, read_configs(self.stack))
        # The functions make their clients from boto3's default session, at their first invocation:
        # each AWS call they make is a moment a background invocation may let a request go first.
        boto3.setup_default_session()
        self._session = boto3.DEFAULT_SESSION
        self._session.events.register("before-call", self.invoker.lock.pause)
        self._pumps = [
            StreamPump(mapping, self.invoker, self.invoker.arn(mapping.function), "LATEST" if saved else None)
            for mapping in self.stack.stream_mappings
        ]
        self._queue_pumps = [QueuePump(mapping, self.invoker) for mapping in self.stack.queue_mappings]
        self.journal = Journal(
            self.journal_file,
            self.stack,
            account_id,
            checkpoints=lambda: {pump.mapping.function: pump.checkpoint for pump in self._pumps},
            sections={"schedules": (self._schedule_marks, self.scheduler.export)},
            outbox=lambda: self.outbox.items,
        )
        if saved is not None:
            state.replay(saved, self.stack)  # the records still waiting for their reactions, on the streams again
        self._generation = saved["generation"] if saved is not None else 0
        self.save()  # the replayed journal, folded into a new snapshot
        self.invoker.after = self.journal.commit
        self.token = self.identity.issue_token(self.identity.networker_sub, DEV_EMAIL, DEV_NAME, TOKEN_LIFETIME)
        state.write_atomically(self.state_dir / TOKEN_FILE, self.token.encode())
        self.signin = LocalSignIn(self.identity, self.state_dir)
        self.gateway = Gateway(
            template.http_routes(),
            self.identity,
            self.invoker,
            account_id=account_id,
            port=self._port,
            local_endpoints=tools.endpoints(self, TOKEN_LIFETIME),
            local_pages=self.signin.endpoints() | {("GET", downloads.PATH): downloads.serve},
            web=WebApp(local_config()),
        )
        # Presigned links (an account export's zip) open here, as S3's own do in AWS.
        self._session.events.register("before-sign.s3.GetObject", downloads.pointing_at(lambda: self.gateway.url))
        # Links in emails point at this API, as they point at the HTTP API's URL in AWS. The port is
        # bound already; the handlers read their settings at their first invocation, after this.
        os.environ["PUBLIC_API_URL"] = self.gateway.url
        os.environ["APP_URL"] = self.gateway.url  # the gateway serves the web app too
        self.inbound = Receiver(self.stack.receipt_rules, self.stack.async_configs, self.invoker)
        self.smtp = SmtpListener(self.inbound, self._smtp_port)
        self.gateway.start()
        try:
            self.smtp.start()
        except BaseException:
            self.gateway.stop()
            raise

    @property
    def url(self) -> str:
        return self.gateway.url

    @property
    def smtp_port(self) -> int:
        return self.smtp.port

    @property
    def inbound_domain(self) -> str | None:
        """The first domain the active receipt rules take mail for (None when they name none)."""
        for rule in self.inbound.rules:
            for entry in rule.recipients:
                if "@" not in entry and not entry.startswith("."):  # ".example.com" takes its subdomains only
                    return entry
        return None

    def drain(self) -> dict[str, dict[str, int]]:
        """Run everything pending now, until quiet: the schedules due, the visible queue messages and
        the stream records (each may cause the others). What each function consumed: `records` and
        `discarded` from a stream, `messages` and `failed` from a queue."""
        with self.invoker.lock.exclusive():
            totals = self._settle()
            self.journal.commit()
            return totals

    def advance(self, by: timedelta) -> None:
        """Move the clock forward by `by`, living through it: at each moment something falls due on the
        way (a schedule's occurrence, a message visible again), the clock stops there and everything
        runs until quiet; then on to the end, where everything runs until quiet too."""
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self.invoker.lock.exclusive():
            end = clock.now() + by
            self._settle()
            for _ in range(STEP_LIMIT):
                moment = self._next_moment(end)
                if moment is None:
                    break
                self._move_clock_to(moment)
                self._settle()
            else:
                raise RuntimeError(f"more than {STEP_LIMIT} moments fall due in this advance: advance less at once")
            self._move_clock_to(end)
            self._settle()
            self.journal.commit()

    def set_speed(self, factor: float) -> None:
        clock.set_speed(factor)

    def _next_moment(self, end: datetime) -> datetime | None:
        moments = [self.scheduler.next_due(end)]
        moments += [
            motoclock.next_visible(url, self._account_id, provision.REGION) for url in self._watched_queue_urls()
        ]
        moments = [moment for moment in moments if moment is not None and moment <= end]
        return min(moments, default=None)

    def _watched_queue_urls(self) -> list[str]:
        return [pump.mapping.queue_url for pump in self._queue_pumps]

    @staticmethod
    def _move_clock_to(moment: datetime) -> None:
        gap = moment - clock.now()
        if gap > timedelta(0):
            clock.advance(gap)

    def _settle(self) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for _ in range(SETTLE_LIMIT):
            fired = self.scheduler.tick()
            delivered = queues.drain(self._queue_pumps)
            streamed = pumps.drain(self._pumps)
            for function, progress in streamed.items():
                total = totals.setdefault(function, {})
                total["records"] = total.get("records", 0) + progress.records
                total["discarded"] = total.get("discarded", 0) + progress.discarded
            for function, batch in delivered.items():
                total = totals.setdefault(function, {})
                total["messages"] = total.get("messages", 0) + batch.messages
                total["failed"] = total.get("failed", 0) + batch.failed
            if fired:
                self.journal.commit()  # what fired is part of the state
            if not (fired or delivered or streamed):
                return totals
        raise RuntimeError(f"not quiet after {SETTLE_LIMIT} rounds: do schedules, queues and streams feed each other?")

    def _schedule_marks(self) -> tuple:
        return self.scheduler.fired, contents.schedule_marks(self._account_id)

    def save(self) -> None:
        """Write a snapshot of everything (with the stream records still waiting for their reactions)
        and begin its journal, empty."""
        with self.invoker.lock.exclusive():
            self.journal.commit()
            pending = self.journal.pending()
            document = state.snapshot(
                self.stack,
                self._account_id,
                generation=self._generation + 1,
                networker=self.identity.networker_sub,
                pending=pending,
                sections={"schedules": self.scheduler.export, "outbox": self.outbox.export},
            )
            state.save(self.state_file, document)
            self._generation += 1
            self.journal.start(self._generation)
            self.journal.compacted(pending)

    def stop(self) -> None:
        self.running = False
        try:
            self.gateway.stop()
            self.smtp.stop()
            self._stopping.set()
            if self._thread is not None:
                self._thread.join()
            self.drain()
            self.save()
        finally:
            self._session.events.unregister("before-call", self.invoker.lock.pause)
            self.journal.close()
            self._mock.stop()
            motoclock.uninstall()
            clock.reset()
            self._restore_environment()

    def __enter__(self) -> Runtime:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def background_round(self) -> bool:
        """One round of the background thread: tick the scheduler, one batch from each queue and each
        stream, each under the lock on its own (a request waiting goes first) and journaled. Whether
        anything moved. (Public for tests that run rounds without the thread.)"""
        with self.invoker.lock.background():
            moved = self.scheduler.tick()
            if moved:
                self.journal.commit()
        for pump in [*self._queue_pumps, *self._pumps]:
            with self.invoker.lock.background():
                consumed = pump.pump()[0]
                if consumed:
                    self.journal.commit()  # how far the pump got
            moved += consumed
        return moved > 0

    def _pump_and_save(self) -> None:
        last_save = time.monotonic()
        while not self._stopping.is_set():
            try:
                moved = self.background_round()
                idle_due = not moved and time.monotonic() - last_save >= SAVE_INTERVAL_SECONDS
                if self.journal.bytes_written and (idle_due or self.journal.bytes_written >= COMPACT_BYTES):
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
