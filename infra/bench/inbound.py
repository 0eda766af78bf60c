"""Figure 5: inbound emails parsed, and parsed and logged, per second on the corpus (issue 4).

Messages parsed and logged per second on the corpus (informative). Each forwarded body of
../shared/corpus/email-forwards becomes a real RFC 5322 message the networker forwarded to their
inbound address (From: their verified address, Subject "Fwd: ...", the body as its text part, a
Message-ID of its own). Two rates: `read_message` alone over every message, several passes; then
the whole path, one pass: each message stored in the inbound bucket as SES's S3 action does, then
the real inbound_email handler invoked with the receipt event SES's Lambda action sends
(`infra.local.ses`), against moto, where contacts for John Doe and his Cc people exist, so the
messages are logged, not quarantined. Only the handler's calls are timed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3

from infra.bench.common import T0
from infra.bench.mailbox import NETWORKER, address_of, bcc, message, moto_stack, new_networker, verified_addresses
from infra.local import functions, invoker, ses, template
from infra.local.functions import load_handler
from infra.local.provision import REGION, ReceiptRule, Stack
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.mail import read_message
from rapport.services import contacts
from rapport.storage import Store

CORPUS = Path(template.ROOT).parent / "shared" / "corpus" / "email-forwards"
FUNCTION = "InboundEmailFunction"
CONTACTS = (  # John Doe and the people his forwarded messages Cc
    ("John Doe", "john.doe@acme.com"),
    ("Walter Sheltan", "walter.sheltan@acme.com"),
    ("Nicholas", "nicholas@globex.corp"),
)
ORIGINAL_SUBJECT = "Integer consequat non purus"  # of every corpus message
PARSE_PASSES = 5


# ---------------------------------------------------------------- 5. corpus throughput
def inbound_rates() -> tuple[float, float] | None:
    """Print both rates on the corpus; return (parsed/s, parsed and logged/s), None without a corpus."""
    print("\n== 5. Forwarded messages parsed, and parsed and logged, per second on the corpus ==")
    bodies = sorted(CORPUS.glob("*_body*.txt")) if CORPUS.is_dir() else []
    if not bodies:
        print(f"  skipped: no forwarded bodies at {CORPUS} (the email-forwards corpus is not there)")
        return None
    with moto_stack() as (stack, store):
        networker, address = new_networker(store)
        profile = store.profiles.get(networker)
        for name, email in CONTACTS:
            contacts.create(store, profile, ContactCreate(name=name, emails=[email]), T0)
        verified = verified_addresses(store, networker)
        raws = [_forwarded(path, address) for path in bodies]
        size, own = sum(map(len, raws)), sum(_subject_file(path).is_file() for path in bodies)
        print(
            f"  {len(raws)} messages built from {CORPUS.name}/*_body*.txt, {size / len(raws):,.0f} bytes on average,\n"
            f"  subject: the client's own (its *_subject file) for {own}, else 'Fwd: {ORIGINAL_SUBJECT}'"
        )

        parsed = _parse_rate(raws, verified, address)
        logged = _handler_rate(stack, store, networker, address, raws)
    print("  (moto's DynamoDB and S3 in-process: the handler's rate is a local figure, not Lambda's)")
    return parsed, logged


def _parse_rate(raws: list[bytes], verified: set[str], address: str) -> float:
    modes, passes = Counter(), []
    for run in range(PARSE_PASSES):
        start = time.perf_counter()
        read = [read_message(raw, verified, address) for raw in raws]
        passes.append(time.perf_counter() - start)
        if run == 0:
            modes = Counter(message.mode for message in read)
    seconds = statistics.median(passes)
    rate = len(raws) / seconds
    read_as = ", ".join(f"{mode} {n}" for mode, n in modes.most_common())
    print(
        f"  read_message: {rate:,.0f} messages/s, {seconds / len(raws) * 1000:.2f} ms each "
        f"(median of {PARSE_PASSES} passes; read as {read_as})"
    )
    return rate


def _handler_rate(stack: Stack, store: Store, networker: str, address: str, raws: list[bytes]) -> float:
    rule = _inbound_rule(stack)
    handler = load_handler(FUNCTION)
    with _function_logs() as logs:
        _deliver(handler, rule, address, bcc("Warm-up", "A first message: the handler's cold start.").as_bytes())
        logs.seek(0)
        logs.truncate()
        seconds = 0.0
        for raw in raws:
            seconds += _deliver(handler, rule, address, raw)
    outcomes = Counter(entry["status"] for entry in _entries(logs.getvalue(), "Inbound email"))
    quarantined = store.inbound.quarantined(networker, clock.now())
    reasons = Counter(reason.code.value for kept in quarantined for reason in kept.reasons)
    if sum(outcomes.values()) != len(raws) or outcomes["quarantined"] != len(quarantined):
        raise RuntimeError(f"{len(raws)} messages, outcomes {dict(outcomes)}, {len(quarantined)} quarantined")
    rate = len(raws) / seconds
    told = ", ".join(f"{status} {outcomes[status]}" for status in ("logged", "quarantined", "duplicate"))
    why = ", ".join(f"{code} {n}" for code, n in reasons.most_common())
    print(
        f"  inbound_email handler: {rate:,.0f} messages/s, {seconds / len(raws) * 1000:.2f} ms each "
        f"(one pass after a warm-up message); outcomes: {told}" + (f" (quarantined for: {why})" if why else "")
    )
    return rate


def _deliver(handler: Callable, rule: ReceiptRule, address: str, raw: bytes) -> float:
    """SES's part (store the message, build the event), untimed; then the handler's, timed."""
    message_id = ses.new_message_id()
    key = os.environ["RAW_MAIL_PREFIX"] + message_id
    boto3.client("s3", region_name=REGION).put_object(Bucket=os.environ["INBOUND_BUCKET"], Key=key, Body=raw)
    mail = ses.mail_object(raw, message_id=message_id, mail_from=address_of(NETWORKER), received_at=clock.now())
    event = ses.receipt_event(mail, rule, [address], 0)
    context = invoker.LambdaContext(FUNCTION, rule.function_arn, 512, 60)
    start = time.perf_counter()
    handler(event, context)
    return time.perf_counter() - start


def _inbound_rule(stack: Stack) -> ReceiptRule:
    (rule,) = [rule for rule in stack.receipt_rules if rule.function == FUNCTION]
    if (rule.bucket, rule.object_key_prefix) != (os.environ["INBOUND_BUCKET"], os.environ["RAW_MAIL_PREFIX"]):
        raise RuntimeError(
            f"the receipt rule stores mail at {rule.bucket}/{rule.object_key_prefix}, not the function's"
        )
    return rule


def _forwarded(body: Path, address: str) -> bytes:
    """The networker forwarding the corpus body to their inbound address, with its client's subject."""
    subject = _subject_file(body)
    line = subject.read_text(encoding="utf-8").strip() if subject.is_file() else f"Fwd: {ORIGINAL_SUBJECT}"
    return message(address, line, body.read_text(encoding="utf-8")).as_bytes()


def _subject_file(body: Path) -> Path:
    return body.with_name(body.name.replace("_body", "_subject"))


@contextlib.contextmanager
def _function_logs() -> Iterator[io.StringIO]:
    """The inbound function's JSON log lines, kept; its metrics (print()ed) to /dev/null."""
    logs = io.StringIO()
    handler = functions.load_module(FUNCTION).logger.registered_handler
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        stream = handler.setStream(logs)
        try:
            yield logs
        finally:
            handler.setStream(stream)


def _entries(logs: str, message: str) -> list[dict]:
    entries = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    return [entry for entry in entries if entry.get("message") == message]
