"""`python -m infra.ops redrive <queue> --stack <name> [--dry-run] [--batch N] [--limit N]`

Replays one dead-letter queue of the stack (docs/operations.md says what each does). The stack name
comes from `--stack` or `RAPPORT_STACK`; credentials and region from the usual AWS environment
(`AWS_PROFILE`, `AWS_REGION`). Exit status 1 when a message could not be replayed (it stays).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

import boto3

from infra.ops.dead_letters import RECEIVE_MAX, redrive
from infra.ops.inbound import InboundMail
from infra.ops.queues import ImportChunkBack, MoveBack
from infra.ops.stack import Stack
from infra.ops.stream import StreamBatch

# queue name on the command line -> (dead-letter queue's logical id, how its messages are replayed)
QUEUES = {
    "on-change": ("OnChangeDeadLetters", StreamBatch),
    "inbound-email": ("InboundDeadLetters", InboundMail),
    "inbound-sms": ("InboundSmsDeadLetters", lambda stack: MoveBack(stack, "InboundSmsQueue")),
    "delivery": ("DeliveryDeadLetters", lambda stack: MoveBack(stack, "DeliveryQueue")),
    "import": ("ImportDeadLetters", lambda stack: ImportChunkBack(stack, "ImportQueue")),
    "account-deletion": ("AccountDeletionDeadLetters", lambda stack: MoveBack(stack, "AccountDeletionQueue")),
}


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m infra.ops", description=__doc__.split("\n\n")[1])
    commands = parser.add_subparsers(dest="command", required=True)
    replay = commands.add_parser("redrive", help="replay one dead-letter queue")
    replay.add_argument("queue", choices=sorted(QUEUES), help="which dead-letter queue (docs/operations.md)")
    replay.add_argument("--stack", default=os.environ.get("RAPPORT_STACK"), help="stack name (or RAPPORT_STACK)")
    replay.add_argument("--dry-run", action="store_true", help="say what would be replayed, change nothing")
    replay.add_argument("--batch", type=int, default=RECEIVE_MAX, help=f"messages per receive (1-{RECEIVE_MAX})")
    replay.add_argument("--limit", type=int, help="stop after this many messages (default: all)")
    return parser


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, session: boto3.Session | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.stack:
        raise SystemExit("which stack? --stack <name> or RAPPORT_STACK")
    stack = Stack(args.stack, session or boto3.Session())
    dead_letters, kind = QUEUES[args.queue]
    mode = " (dry run)" if args.dry_run else ""
    print(f"{args.queue}: replaying {dead_letters} of stack {args.stack}{mode}", file=out)
    tally = redrive(
        stack.client("sqs"),
        stack.queue_url(dead_letters),
        kind(stack),
        dry_run=args.dry_run,
        batch=args.batch,
        limit=args.limit,
        out=out,
        name=args.queue,
    )
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
