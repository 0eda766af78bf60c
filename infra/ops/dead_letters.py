"""Reading a dead-letter queue in bounded batches, replaying each message, deleting it only after.

A message is received (hidden for the run), replayed, and deleted only once its replay succeeded. What
was not replayed (a failure, or everything in a dry run) is made visible again when the run ends, so
the queue's alarm still shows it and the next run finds it. A message is handled once per run: a run
stops when a receive brings only messages it has seen (or at `limit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TextIO

from infra.ops.stack import NotReplayed

RECEIVE_MAX = 10  # SQS hands out at most 10 messages per receive
HIDDEN_FOR_RUN_SECONDS = 900  # long enough for a batch of replays; released at the end anyway


class Replay(Protocol):
    """One kind of dead letter: what a message is, and how it is replayed."""

    def describe(self, message: dict) -> str: ...

    def replay(self, message: dict) -> str:
        """Replay one message; what was done. Raises NotReplayed to keep the message."""


@dataclass
class Tally:
    replayed: int = 0
    failed: int = 0
    planned: int = 0  # a dry run's messages
    failures: list[str] = field(default_factory=list)

    def summary(self, queue: str, dry_run: bool) -> str:
        if dry_run:
            return f"{queue}: {self.planned} would be replayed, {self.failed} could not (dry run: nothing changed)"
        return f"{queue}: {self.replayed} replayed and deleted, {self.failed} failed and kept"


def redrive(
    sqs,
    queue_url: str,
    kind: Replay,
    *,
    dry_run: bool,
    batch: int = RECEIVE_MAX,
    limit: int | None = None,
    out: TextIO,
    name: str,
) -> Tally:
    tally, seen, kept = Tally(), set(), []
    batch = max(1, min(batch, RECEIVE_MAX))
    try:
        while limit is None or len(seen) < limit:
            wanted = batch if limit is None else min(batch, limit - len(seen))
            messages = sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=wanted,
                VisibilityTimeout=HIDDEN_FOR_RUN_SECONDS,
                MessageAttributeNames=["All"],
                MessageSystemAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            fresh = [message for message in messages if message["MessageId"] not in seen]
            if not fresh:
                kept += messages
                break
            for message in fresh:
                seen.add(message["MessageId"])
                _one(sqs, queue_url, kind, message, dry_run, tally, kept, out)
    finally:
        _release(sqs, queue_url, kept)
    print(tally.summary(name, dry_run), file=out)
    return tally


def _one(sqs, queue_url: str, kind: Replay, message: dict, dry_run: bool, tally: Tally, kept: list, out) -> None:
    what = "?"
    try:
        what = kind.describe(message)
        if dry_run:
            tally.planned += 1
            kept.append(message)
            print(f"would replay {message['MessageId']}: {what}", file=out)
            return
        done = kind.replay(message)
    except NotReplayed as reason:
        tally.failed += 1
        tally.failures.append(f"{message['MessageId']}: {reason}")
        kept.append(message)
        print(f"kept {message['MessageId']} ({what}): {reason}", file=out)
        return
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    tally.replayed += 1
    print(f"replayed {message['MessageId']}: {what}; {done}", file=out)


def _release(sqs, queue_url: str, messages: list[dict]) -> None:
    """Make what was not replayed visible again at once."""
    for start in range(0, len(messages), RECEIVE_MAX):
        entries = [
            {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 0}
            for index, message in enumerate(messages[start : start + RECEIVE_MAX])
        ]
        sqs.change_message_visibility_batch(QueueUrl=queue_url, Entries=entries)
