"""Figure 6: peak memory while processing a 30 MB message made mostly of attachments (issue 4).

Target: under 3 times the message's size. The message is BCC'd by the networker to John Doe with four
attachments of random bytes. Measured beyond the raw bytes, which exist before (the handler fetched
them from S3): the peak of Python's allocations (tracemalloc) around `read_message` alone and around
`rapport.services.inbound.receive` (read, then the DynamoDB writes, against moto); and the growth of
the resident set of a fresh child process (this module run with --rss) over the same two calls. The
figure is the handler path's larger of the two.

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
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.parser import BytesFeedParser
from pathlib import Path

from infra.bench.common import T0
from infra.bench.mailbox import bcc, moto_stack, new_networker, verified_addresses
from infra.local import ses, template
from infra.local.provision import use_local_aws_environment
from rapport import clock
from rapport.adapters.raw_mail import RawMail
from rapport.domain.contact import ContactCreate
from rapport.domain.inbound import Verdicts
from rapport.mail import read_message
from rapport.services import contacts, inbound
from rapport.storage import Store

MEMORY_TARGET = 3.0
MESSAGE_MB = 30
ATTACHMENTS = (  # (type, name, share of the attachments' bytes)
    ("application/pdf", "deck.pdf", 0.36),
    ("application/pdf", "contract.pdf", 0.27),
    ("image/jpeg", "whiteboard.jpg", 0.20),
    ("image/jpeg", "team.jpg", 0.17),
)
BASE64_GROWTH = 4 / 3 * 77 / 76  # lines of 76 characters and a newline


# ---------------------------------------------------------------- 6. memory on a 30 MB message
def attachment_memory() -> float:
    """Print peak memory beyond a 30 MB message's bytes; return the handler path's peak / size."""
    print(f"\n== 6. Peak memory processing a {MESSAGE_MB} MB message of attachments, beyond its bytes ==")
    with moto_stack() as (_, store):
        networker, address = new_networker(store)
        profile = store.profiles.get(networker)
        contacts.create(store, profile, ContactCreate(name="John Doe", emails=["john.doe@acme.com"]), T0)
        raw = _bigmessage()
        size = len(raw)
        types = ", ".join(f"{name} {share:.0%}" for _, name, share in ATTACHMENTS)
        print(f"  message: {size / 2**20:.1f} MB ({size:,} bytes), a text part and 4 attachments ({types})")
        verified = verified_addresses(store, networker)
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


def _bigmessage() -> bytes:
    """The networker writing to John Doe (Cc Walter), BCC'ing their inbound address, with attachments of
    random bytes (incompressible, as real PDFs and photos nearly are) making the message MESSAGE_MB MB."""
    message = bcc("Deck, contract and photos from Tuesday", "Here is everything, as promised.")
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
        raw_message=RawMail(None, os.environ["INBOUND_BUCKET"], os.environ["RAW_MAIL_PREFIX"]).location(message_id),
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
    command = [sys.executable, "-m", "infra.bench.memory", "--rss", mode, str(path)]
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
            "email.message_from_bytes (read_message's before it fed slices)",
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
    with moto_stack() as (_, store):
        networker, address = new_networker(store)
        contacts.create(
            store, store.profiles.get(networker), ContactCreate(name="John", emails=["john.doe@acme.com"]), T0
        )
        verified = verified_addresses(store, networker)
        if mode == "read":
            call = lambda raw: read_message(raw, verified, address)  # noqa: E731
        else:
            call = lambda raw: _receive(store, address, raw)  # noqa: E731
        call(bcc("Warm-up", "Lazy imports and first calls happen here.").as_bytes())
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


if __name__ == "__main__" and sys.argv[1:2] == ["--rss"]:
    _rss_child(sys.argv[2], sys.argv[3])
