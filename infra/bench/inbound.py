"""Figures 5 and 6: inbound email (issue 4).

5. Messages parsed and logged per second on the corpus (informative). Each forwarded body of
   ../shared/corpus/email-forwards becomes a real RFC 5322 message the networker forwarded to their
   inbound address (From: their verified address, Subject "Fwd: ...", the body as its text part, a
   Message-ID of its own). Two rates: `read_message` alone over every message, several passes; then
   the whole path, one pass: each message stored in the inbound bucket as SES's S3 action does, then
   the real inbound_email handler invoked with the receipt event SES's Lambda action sends
   (`infra.local.ses`), against moto, where contacts for John Doe and his Cc people exist, so the
   messages are logged, not quarantined. Only the handler's calls are timed.
6. Peak memory while processing a 30 MB message made mostly of attachments (target: under 3 times
   the message's size). The message is BCC'd by the networker to John Doe with four attachments of
   random bytes. Measured beyond the raw bytes, which exist before (the handler fetched them from S3):
   the peak of Python's allocations (tracemalloc) around `read_message` alone and around
   `rapport.services.inbound.receive` (read, then the DynamoDB writes, against moto); and the growth of
   the resident set of a fresh child process (this module run with --rss) over the same two calls.
   The figure is the handler path's larger of the two.

Run with --rss (read|receive) <raw message file>, the module is that child: it prints one JSON line.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import gc
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.parser import BytesFeedParser
from email.utils import format_datetime
from pathlib import Path

import boto3
from moto import mock_aws

from infra.bench.common import T0
from infra.local import functions, invoker, ses, template
from infra.local.functions import apply_environment, load_handler
from infra.local.provision import REGION, ReceiptRule, Stack, create_stack, use_local_aws_environment
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.domain.inbound import Verdicts, inbound_address
from rapport.domain.profile import Profile
from rapport.mail import read_message
from rapport.services import contacts, inbound, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store

CORPUS = Path(template.ROOT).parent / "shared" / "corpus" / "email-forwards"
FUNCTION = "InboundEmailFunction"
NETWORKER = "Nora Networker <nora@example.com>"  # signed in with this address: verified
JOHN = "John Doe <john.doe@acme.com>"
CONTACTS = (  # John Doe and the people his forwarded messages Cc
    ("John Doe", "john.doe@acme.com"),
    ("Walter Sheltan", "walter.sheltan@acme.com"),
    ("Nicholas", "nicholas@globex.corp"),
)
ORIGINAL_SUBJECT = "Integer consequat non purus"  # of every corpus message
PARSE_PASSES = 5

MEMORY_TARGET = 3.0
MESSAGE_MB = 30
ATTACHMENTS = (  # (type, name, share of the attachments' bytes)
    ("application/pdf", "deck.pdf", 0.36),
    ("application/pdf", "contract.pdf", 0.27),
    ("image/jpeg", "whiteboard.jpg", 0.20),
    ("image/jpeg", "team.jpg", 0.17),
)
BASE64_GROWTH = 4 / 3 * 77 / 76  # lines of 76 characters and a newline


# ---------------------------------------------------------------- 5. corpus throughput
def inbound_rates() -> tuple[float, float] | None:
    """Print both rates on the corpus; return (parsed/s, parsed and logged/s), None without a corpus."""
    print("\n== 5. Forwarded messages parsed, and parsed and logged, per second on the corpus ==")
    bodies = sorted(CORPUS.glob("*_body*.txt")) if CORPUS.is_dir() else []
    if not bodies:
        print(f"  skipped: no forwarded bodies at {CORPUS} (the email-forwards corpus is not there)")
        return None
    with _moto_stack() as (stack, store):
        networker, address = _networker(store)
        profile = store.profiles.get(networker)
        for name, email in CONTACTS:
            contacts.create(store, profile, ContactCreate(name=name, emails=[email]), T0)
        verified = _verified(store, networker)
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
        _deliver(handler, rule, address, _bcc("Warm-up", "A first message: the handler's cold start.").as_bytes())
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
    mail = ses.mail_object(raw, message_id=message_id, mail_from=_address(NETWORKER), received_at=clock.now())
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
    return _message(address, line, body.read_text(encoding="utf-8")).as_bytes()


def _subject_file(body: Path) -> Path:
    return body.with_name(body.name.replace("_body", "_subject"))


def _bcc(subject: str, text: str) -> EmailMessage:
    """The networker writing to John Doe, Cc Walter, BCC'ing their inbound address: as a mail client
    sends it, the address is in the envelope (the event's recipients) only, not in a header."""
    return _message(JOHN, subject, text, cc="Walter Sheltan <walter.sheltan@acme.com>")


def _message(to: str, subject: str, text: str, cc: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = NETWORKER, to, subject
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(clock.now() - timedelta(minutes=5))
    message["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.com>"
    message.set_content(text)
    return message


# ---------------------------------------------------------------- 6. memory on a 30 MB message
def attachment_memory() -> float:
    """Print peak memory beyond a 30 MB message's bytes; return the handler path's peak / size."""
    print(f"\n== 6. Peak memory processing a {MESSAGE_MB} MB message of attachments, beyond its bytes ==")
    with _moto_stack() as (_, store):
        networker, address = _networker(store)
        profile = store.profiles.get(networker)
        contacts.create(store, profile, ContactCreate(name="John Doe", emails=["john.doe@acme.com"]), T0)
        raw = _big_message()
        size = len(raw)
        types = ", ".join(f"{name} {share:.0%}" for _, name, share in ATTACHMENTS)
        print(f"  message: {size / 2**20:.1f} MB ({size:,} bytes), a text part and 4 attachments ({types})")
        verified = _verified(store, networker)
        read_peak = _traced_peak(lambda: read_message(raw, verified, address))
        outcomes = []
        receive_peak = _traced_peak(lambda: outcomes.extend(_receive(store, address, raw)))
        if [outcome.status for outcome in outcomes] != ["logged"]:
            raise RuntimeError(f"the 30 MB message was not logged: {outcomes}")

    with _raw_file(raw) as path:
        read_rss, receive_rss = _child_growth("read", path), _child_growth("receive", path)
    print("                                   tracemalloc peak     child RSS growth")
    for label, peak, rss in (
        ("read_message", read_peak, read_rss),
        ("inbound.receive (logged)", receive_peak, receive_rss),
    ):
        print(f"  {label:<28} {peak / 2**20:8.1f} MB {peak / size:5.2f}x  {rss / 2**20:8.1f} MB {rss / size:5.2f}x")
    ratio = max(receive_peak, receive_rss) / size
    print(f"  ratio {ratio:.2f} (target <= {MEMORY_TARGET}): the handler path, the larger of the two")
    if ratio > MEMORY_TARGET:
        _explain(raw)
    return ratio


def _big_message() -> bytes:
    """The networker writing to John Doe (Cc Walter), BCC'ing their inbound address, with attachments of
    random bytes (incompressible, as real PDFs and photos nearly are) making the message MESSAGE_MB MB."""
    message = _bcc("Deck, contract and photos from Tuesday", "Here is everything, as promised.")
    rng = random.Random(6)
    attached = MESSAGE_MB * 2**20 / BASE64_GROWTH
    for content_type, name, share in ATTACHMENTS:
        maintype, subtype = content_type.split("/")
        message.add_attachment(rng.randbytes(int(attached * share)), maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def _receive(store: Store, address: str, raw: bytes) -> list[inbound.Outcome]:
    """What the handler does once it fetched the raw message (functions/inbound_email/app.py)."""
    message_id = ses.new_message_id()
    notice = inbound.Notice(
        ses_message_id=message_id,
        recipients=[address],
        verdicts=Verdicts(spf="PASS", dkim="PASS", dmarc="PASS", spam="PASS", virus="PASS"),
        received_at=clock.now(),
        raw_message=f"s3://{os.environ['INBOUND_BUCKET']}/{os.environ['RAW_MAIL_PREFIX']}{message_id}",
    )
    retention = timedelta(days=int(os.environ["RAW_MAIL_RETENTION_DAYS"]))
    return inbound.receive(store, notice, raw, os.environ["INBOUND_DOMAIN"], retention, clock.now())


def _traced_peak(call: Callable[[], object]) -> int:
    """The peak of Python's allocations during `call`, beyond what existed before (the message's bytes)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


@contextlib.contextmanager
def _raw_file(raw: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as folder:
        path = Path(folder) / "message.eml"
        path.write_bytes(raw)
        yield path


def _child_growth(mode: str, path: Path) -> int:
    """The resident set's growth over one call, in a fresh child (this module run with --rss)."""
    command = [sys.executable, "-m", "infra.bench.inbound", "--rss", mode, str(path)]
    done = subprocess.run(command, cwd=template.ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the --rss {mode} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["growth"]


def _explain(raw: bytes) -> None:
    """Where read_message's memory goes: the stdlib parser's steps, one by one."""

    def chunked() -> None:
        parser = BytesFeedParser(policy=email.policy.default)
        for start in range(0, len(raw), 1 << 16):
            parser.feed(raw[start : start + (1 << 16)])
        parser.close()

    text = raw.decode("ascii", "surrogateescape")
    steps = (
        ("raw.decode('ascii', 'surrogateescape')", lambda: raw.decode("ascii", "surrogateescape")),
        ("io.StringIO(that str)", lambda: io.StringIO(text)),
        (
            "email.message_from_bytes (read_message's)",
            lambda: email.message_from_bytes(raw, policy=email.policy.default),
        ),
        ("BytesFeedParser fed 64 KB slices", chunked),
    )
    print("  where it goes (tracemalloc peak of each step alone, x the message's size):")
    peaks = [_traced_peak(step) / len(raw) for _, step in steps]
    for (label, _), peak in zip(steps, peaks, strict=True):
        print(f"    {label:<46} {peak:5.2f}x")
    print(
        "  message_from_bytes decodes the bytes to one str (1x), parsestr wraps it in io.StringIO, whose\n"
        "  buffer is 4 bytes a character (4x), and the parser's lines and parts add the rest. Feeding a\n"
        f"  BytesFeedParser slices of the bytes instead keeps only the parsed parts ({peaks[-1]:.2f}x)."
    )


def _rss_child(mode: str, path: str) -> None:
    """Child of figure 6: set up, warm up on a small message, then measure the resident set's growth over
    one call on the big message. VmHWM (reset through /proc/self/clear_refs), not ru_maxrss: across the
    parent's vfork and exec, ru_maxrss keeps the parent's high-water mark."""
    use_local_aws_environment()
    with _moto_stack() as (_, store):
        networker, address = _networker(store)
        contacts.create(
            store, store.profiles.get(networker), ContactCreate(name="John", emails=["john.doe@acme.com"]), T0
        )
        verified = _verified(store, networker)
        if mode == "read":
            call = lambda raw: read_message(raw, verified, address)  # noqa: E731
        else:
            call = lambda raw: _receive(store, address, raw)  # noqa: E731
        call(_bcc("Warm-up", "Lazy imports and first calls happen here.").as_bytes())
        raw = Path(path).read_bytes()
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_kb("VmRSS")
        call(raw)
        growth = (_status_kb("VmHWM") - before) * 1024
    print(json.dumps({"mode": mode, "size": len(raw), "growth": growth}))


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


# ---------------------------------------------------------------- shared
@contextlib.contextmanager
def _moto_stack() -> Iterator[tuple[Stack, Store]]:
    """The stack of template.yaml in moto, its functions' environment applied, the clock at T0."""
    with mock_aws():
        functions.cold_start()  # a new container: its clients are made in this mock
        stack = create_stack()
        apply_environment(stack)
        clock.freeze(T0)
        try:
            yield stack, Store(boto3.client("dynamodb"), stack.table_name)
        finally:
            clock.reset()
            functions.cold_start()


def _networker(store: Store) -> tuple[str, str]:
    """A networker signed in with NETWORKER's address (verified); their id and inbound address."""
    sub = str(uuid.uuid4())
    identity = Identity(networker_id=sub, email=_address(NETWORKER), name="Nora Networker")
    profile: Profile = profiles.current(store, identity, T0)
    return sub, inbound_address(profile.inbound_token, os.environ["INBOUND_DOMAIN"])


def _verified(store: Store, networker: str) -> set[str]:
    return store.profiles.get(networker).addresses(verified=True)


def _address(mailbox: str) -> str:
    return mailbox.rpartition("<")[2].rstrip(">")


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


if __name__ == "__main__" and sys.argv[1:2] == ["--rss"]:
    _rss_child(sys.argv[2], sys.argv[3])
