"""Nothing acknowledged is lost: a `kill -9` of `python -m infra.local` right after its 2xx answers,
then a restart, finds every touch, and the reactions still waiting run. The copy of a running state
dir (what a crash leaves on disk) restarts with the raw mail, the queue messages and the records
whose reactions had not run."""

from __future__ import annotations

import json
import queue
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import threading
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import boto3

from infra.local.provision import REGION
from infra.local.template import ROOT
from rapport import clock
from tests.e2e.conftest import Client, http_request

BANNER_TIMEOUT = 180  # seconds for a start, on a busy machine
TOUCHES = 12


class LocalProcess:
    """`python -m infra.local` on free ports, its URL read from the banner."""

    def __init__(self, state_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.local", "--port", "0", "--smtp-port", "0", "--state-dir", str(state_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stdout], daemon=True).start()
        while True:
            line = lines.get(timeout=BANNER_TIMEOUT)
            if found := re.match(r"\s+API\s+(http://\S+)", line):
                self.url = found.group(1)
                break
        self.token = (state_dir / "dev-token").read_text()

    def request(self, method: str, path: str, payload: object = None):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = None if payload is None else json.dumps(payload).encode()
        return http_request(self.url, method, path, body, headers)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=120)


def touch(contact_id: str, n: int) -> dict:
    return {
        "kind": "call",
        "direction": "mutual",
        "occurred_at": (clock.now() - timedelta(hours=n + 1)).isoformat(),
        "contact_ids": [contact_id],
        "summary": f"Call {n}",
    }


def test_a_kill_9_after_the_answers_loses_no_touch(tmp_path):
    state_dir = tmp_path / "state"
    first = LocalProcess(state_dir)
    try:
        contacts = []
        for name in ("Claire Martin", "Omar Haddad", "Ines Duval"):
            created = first.request("POST", "/contacts", {"name": name, "stage": "to_meet"})
            assert created.status == 201, created.body
            contacts.append(created.json["contact_id"])
        logged: dict[str, list[str]] = {contact: [] for contact in contacts}
        for n in range(TOUCHES):
            contact = contacts[n % len(contacts)]
            reply = first.request("POST", "/interactions", touch(contact, n))
            assert reply.status == 201, reply.body
            logged[contact].append(f"Call {n}")
    finally:
        first.kill()  # right after the last 2xx: no save, no drain

    second = LocalProcess(state_dir)
    try:
        assert second.request("POST", "/_local/drain").status == 200
        for contact, summaries in logged.items():
            touches = second.request("GET", f"/contacts/{contact}/interactions")
            assert sorted(item["summary"] for item in touches.json["items"]) == sorted(summaries)
            after = second.request("GET", f"/contacts/{contact}")
            assert after.json["stage"] == "met"  # the reaction ran, before the kill or after the restart
            assert after.json["last_touch_at"]
    finally:
        second.stop()


def crash_copy(running: Client, to: Path) -> Path:
    """The state dir as a `kill -9` would leave it now: what is on disk, nothing more."""
    shutil.copytree(running.runtime.state_dir, to)
    return to


def test_a_crash_keeps_the_reactions_still_waiting_and_they_run_after_the_restart(start_runtime, tmp_path):
    local = start_runtime(tmp_path / "state")
    created = local.post("/contacts", {"name": "Claire Martin", "stage": "to_meet"})
    contact_id = created.json["contact_id"]
    assert local.post("/interactions", touch(contact_id, 1)).status == 201  # its reaction has not run: no drain
    crashed = crash_copy(local, tmp_path / "crashed")
    local.runtime.stop()

    again = start_runtime(crashed)
    drained = again.drain()

    assert drained["OnChangeFunction"]["records"] > 0
    contact = again.get(f"/contacts/{contact_id}").json
    assert contact["stage"] == "met" and contact["last_touch_at"]
    assert [item["summary"] for item in again.get(f"/contacts/{contact_id}/interactions").json["items"]] == ["Call 1"]


def test_a_crash_keeps_raw_mail_and_queued_messages(start_runtime, tmp_path):
    local = start_runtime(tmp_path / "state")
    inbound = local.get("/me").json["inbound_address"]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "networker@example.com", "ada@example.com", "Coffee?"
    message["Bcc"] = inbound
    message.set_content("Coffee next week?")
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port) as smtp:
        smtp.send_message(message)
    stack = local.runtime.stack
    sqs = boto3.client("sqs", region_name=REGION)
    dead_letters = stack.resources["ImportDeadLetters"]
    sqs.send_message(QueueUrl=dead_letters, MessageBody='{"job": "given up"}')
    local.post("/contacts", {"name": "Claire Martin"})  # an invocation: the journal commits what is above
    crashed = crash_copy(local, tmp_path / "crashed")
    local.runtime.stop()

    again = start_runtime(crashed)

    s3 = boto3.client("s3", region_name=REGION)
    bucket = again.runtime.stack.resources["InboundMailBucket"]
    (stored,) = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert b"Coffee next week?" in s3.get_object(Bucket=bucket, Key=stored["Key"])["Body"].read()
    (kept,) = sqs.receive_message(QueueUrl=again.runtime.stack.resources["ImportDeadLetters"])["Messages"]
    assert kept["Body"] == '{"job": "given up"}'
