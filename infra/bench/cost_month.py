"""A month in the life of a few networkers, through a local runtime with every function metered.

Their habits (per networker; `HABITS` below is what the cost line assumes): 150 contacts held, added
over the last six months (so something falls due most days); the daily digest at 08:30 local and the
weekly review on Friday at 17:00 (its default); on weekdays the app opened once (`GET /me`, `GET
/due`); a touch logged on the first one due on Monday, Wednesday and Friday; a contact added with an
email on Monday; an email to that contact with the inbound address in Bcc on Tuesday; the week's
screen (`GET /review`) on Friday; two meetings planned in the month (each brings its brief); with SMS,
the digest by text instead of email and "done 1" texted back on Tuesday and Thursday. One networker
in ten imports a LinkedIn export of 500 connections in the month (measured on its own, then weighed).

Half of the networkers are in Paris, half in New York (+33 and +1 numbers with SMS). What the
functions ask of AWS is metered (`cost_meter`); what AWS does for them is counted here: each API
request, each schedule fired (one Scheduler invocation and one SQS SendMessage), each batch an event
source mapping hands over (a ReceiveMessage and a DeleteMessageBatch on a queue; a GetRecords on the
stream), each message received (SES, its S3 object) and each text received (SNS, SQS).
"""

from __future__ import annotations

import json
import math
import tempfile
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import partial
from pathlib import Path

import boto3

from infra.bench.common import BatchedContacts, function_output_discarded
from infra.bench.cost_meter import Meter, item_size, sms_parts
from infra.bench.imports import connections
from infra.bench.moto_speedup import partition_queries
from infra.local import functions, template
from infra.local.http_event import Request, build_event, interpret
from infra.local.provision import REGION
from infra.local.routing import Router
from infra.local.runtime import Runtime
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.domain.vocabulary import Circle
from rapport.services import contacts
from rapport.storage import Store
from rapport.storage.dynamo import Table

SAMPLE = 2  # networkers simulated (scaled to 1,000): half in Paris, half in New York
DAYS = 14  # days simulated: two weeks of weekly habits, scaled to a month
MONTH_DAYS = 30
START = datetime(2026, 2, 2, 11, 0, tzinfo=UTC)  # a Monday outside greetings seasons; 12:00 Paris, 06:00 New York
ZONES = (("Europe/Paris", "fr", "+3361234567"), ("America/New_York", "en", "+1212555019"))
HELD = {Circle.INNER: 8, Circle.ACTIVE: 30, Circle.NETWORK: 60, Circle.LOOSE: 52}  # 150 contacts
TOUCH_DAYS, NEW_CONTACT_DAY, MAIL_DAY, REVIEW_DAY = (0, 2, 4), 0, 1, 4  # weekdays (Monday is 0)
MEETING_DAYS = (3,)  # days a meeting is planned, two days ahead: about 2 a month
SMS_REPLY_DAYS = (1, 3)
IMPORT_SHARE, IMPORT_ROWS = 0.1, 500
INDEX_ENTRY_OVERHEAD = 100  # bytes DynamoDB adds per item and per index entry for storage
HABITS = (
    f"150 contacts held; digest daily at 08:30, review on Friday; app opened each weekday; "
    f"{len(TOUCH_DAYS)} touches and 1 contact added a week; 1 email forwarded a week; 2 meetings a month; "
    f"with SMS: digest by text, 2 replies a week; {IMPORT_SHARE:.0%} import {IMPORT_ROWS} connections a month"
)


class Month:
    """`SAMPLE` networkers living `DAYS` days, their usage scaled to `networkers` and a month."""

    def __init__(self, sms: bool, networkers: int = 1_000) -> None:
        self.sms = sms
        self.scale = networkers / SAMPLE * MONTH_DAYS / DAYS
        self.networkers = networkers
        self.meter = Meter()
        self.router = Router(template.http_routes())

    def run(self, with_import: bool) -> tuple[Counter[str], Counter[str], float]:
        """(usage of the month, usage of the imports, GB stored), all for `networkers`."""
        with tempfile.TemporaryDirectory(prefix="rapport-cost-") as state_dir, partition_queries():
            resources = template.sam_template()["Resources"]
            names = [name for name, resource in resources.items() if resource["Type"].endswith("::Function")]
            handlers = {name: self.meter.wrap(name, partial(functions.load_handler, name)) for name in names}
            self.runtime = Runtime(Path(state_dir), background=False, handlers=handlers)
            self.runtime.start()
            try:
                tick = self.runtime.scheduler.tick
                self.runtime.scheduler.tick = lambda: self._fired(tick())
                with self.meter.metering(), function_output_discarded(self.runtime.stack.environments, self.meter.logs):
                    return self._run(with_import)
            finally:
                self.runtime.stop()
                functions.cold_start()

    def _run(self, with_import: bool) -> tuple[Counter[str], Counter[str], float]:
        clock.freeze(START)
        people = [self._networker(i) for i in range(SAMPLE)]
        self.runtime.drain()
        self._take()  # setting up is not the month
        for day in range(DAYS):
            self._move_to(START + timedelta(days=day))
            for person in people:
                self._live(person, day)
            self.runtime.drain()
        self._move_to(START + timedelta(days=DAYS))
        month = self._take()
        stored = self._stored_bytes() * self.networkers / SAMPLE / 1e9  # as it stands at the end
        imports: Counter[str] = Counter()
        if with_import:
            self._api(people[0], "POST", "/imports/linkedin", connections(IMPORT_ROWS), "text/csv")
            self.runtime.drain()
            imports = self._take(self.networkers * IMPORT_SHARE)
        return month, imports, stored

    # ------------------------------------------------------------------ the networkers
    def _networker(self, i: int) -> dict:
        zone, locale, phone = ZONES[i % len(ZONES)]
        person = {"sub": str(uuid.uuid4()), "phone": f"{phone}{i}", "emails": [], "contacts": []}
        self._api(person, "PATCH", "/me", {"timezone": zone, "locale": locale, "digest_time": "08:30"})
        if self.sms:
            self._api(person, "PUT", "/me/phone", {"phone": person["phone"]})
            self.runtime.drain()
            texted = [item["text"] for item in self.runtime.outbox.items if item["recipient"] == person["phone"]]
            code = texted[-1][:6]
            self._api(person, "POST", "/me/phone/verify", {"code": code})
            self._api(person, "PATCH", "/me", {"channels": {"email": False, "sms": True}})
        client, table = boto3.client("dynamodb", region_name=REGION), self.runtime.stack.table_name
        store = Store(client, table)
        store.contacts = BatchedContacts(Table(client, table))
        profile = store.profiles.get(person["sub"])
        n = 0
        for circle, count in HELD.items():
            for _ in range(count):
                draft = ContactCreate(name=f"Contact {n}", circle=circle, company="Company", title="Engineer")
                contacts.create(store, profile, draft, START - timedelta(days=(n * 37) % 180))
                n += 1
        store.contacts.flush()
        person["inbox"] = self._api(person, "GET", "/me")["inbound_address"]
        return person

    def _live(self, person: dict, day: int) -> None:
        now, weekday = clock.now(), clock.now().weekday()
        due = []
        if weekday < 5:
            self._api(person, "GET", "/me")
            due = self._api(person, "GET", "/due")["items"]
        if weekday in TOUCH_DAYS and due:
            touch = {"kind": "call", "occurred_at": now.isoformat(), "contact_ids": [due[0]["contact"]["contact_id"]]}
            self._api(person, "POST", "/interactions", touch)
        if weekday == NEW_CONTACT_DAY:
            address = f"new-{day}-{person['sub'][:8]}@example.org"
            draft = {"name": f"New {day}", "circle": "active", "emails": [address]}
            created = self._api(person, "POST", "/contacts", draft)
            person["emails"].append(address)
            person["contacts"].append(created["contact_id"])
        if weekday == MAIL_DAY and person["emails"]:
            self._mail(person, person["emails"][-1])
        if weekday == REVIEW_DAY:
            self._api(person, "GET", "/review")
        if day in MEETING_DAYS and person["contacts"]:
            meeting = {"contact_ids": person["contacts"][-1:], "starts_at": (now + timedelta(days=2)).isoformat()}
            self._api(person, "POST", "/meetings", {**meeting, "goal": "Catch up"})
        if self.sms and weekday in SMS_REPLY_DAYS:
            self._text(person, "done 1")

    # ------------------------------------------------------------------ what AWS does for us
    def _api(self, person: dict, method: str, path: str, body=None, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        headers = [("host", "127.0.0.1"), ("content-type", content_type), ("idempotency-key", str(uuid.uuid4()))]
        request = Request(method, path, "", headers, data, "127.0.0.1", "HTTP/1.1")
        sub = person["sub"]
        claims = {"sub": sub, "email": f"{sub}@example.com", "email_verified": "true", "name": "Bench"}
        route = self.router.match(method, path)
        if route is None:
            raise RuntimeError(f"no route for {method} {path} in template.yaml")
        event = build_event(
            request, route, claims, now=clock.now(), request_id=str(uuid.uuid4()),
            api_id="local", account_id="123456789012",
        )  # fmt: skip
        reply = interpret(self.runtime.invoker("ApiFunction", event))
        self.meter.usage["api_requests"] += max(1, math.ceil((len(data) + len(reply.body)) / 524_288))
        if reply.status >= 300:
            raise RuntimeError(f"{method} {path} answered {reply.status}: {reply.body[:300]!r}")
        return json.loads(reply.body) if reply.body else None

    def _mail(self, person: dict, to: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = f"{person['sub']}@example.com", to, "Lunch next week"
        message["Date"], message["Message-ID"] = format_datetime(clock.now()), make_msgid(domain="example.com")
        message.set_content("Good to see you yesterday. Shall we have lunch next week?\n\n" + "Regards\n" * 20)
        raw = message.as_bytes()
        self.runtime.inbound.receive(raw, f"{person['sub']}@example.com", [person["inbox"]])
        self.meter.usage.update(
            {"ses_inbound": 1, "ses_inbound_chunks": math.ceil(len(raw) / 262_144), "s3_writes": 1, "kms_requests": 1}
        )

    def _text(self, person: dict, text: str) -> None:
        """A text received, as AWS End User Messaging publishes it to the two-way SMS topic."""
        payload = {
            "originationNumber": person["phone"],
            "destinationNumber": "+18005550100",
            "messageKeyword": "KEYWORD_LOCAL",
            "messageBody": text,
            "inboundMessageId": str(uuid.uuid4()),
            "previousPublishedMessageId": None,
        }
        sns = boto3.client("sns", region_name=REGION)
        for topic in template.sms_topics(self.runtime.stack.resources):
            sns.publish(TopicArn=topic, Message=json.dumps(payload))
        # the publish (its key: a data key made and read), its delivery to the queue, the text itself
        self.meter.usage.update({"sns_requests": 1, "kms_requests": 2, "sqs_requests": 1})
        self.meter.usage["sms_inbound"] += sms_parts(text)
        self.runtime.drain()

    def _fired(self, fired: int) -> int:
        self.meter.usage.update({"scheduler_invocations": fired, "sqs_requests": fired})
        return fired

    def _take(self, scale: float | None = None) -> Counter[str]:
        """The usage since the last take, with the event source mappings' reads, scaled."""
        invocations, self.meter.invocations = self.meter.invocations, Counter()
        usage = self.meter.take()
        for queue in self.runtime.stack.queue_mappings:
            usage["sqs_requests"] += 2 * invocations[queue.function]  # ReceiveMessage, DeleteMessageBatch
        for stream in self.runtime.stack.stream_mappings:
            usage["dynamodb_stream_reads"] += invocations[stream.function]
        factor = self.scale if scale is None else scale
        return Counter({key: value * factor for key, value in usage.items()})

    def _move_to(self, moment: datetime) -> None:
        if moment > clock.now():
            self.runtime.advance(moment - clock.now())

    def _stored_bytes(self) -> int:
        """Bytes the table stores (items, the `due` index's entries, DynamoDB's overhead on each)."""
        client = boto3.client("dynamodb", region_name=REGION)
        total = 0
        for page in client.get_paginator("scan").paginate(TableName=self.runtime.stack.table_name):
            for item in page["Items"]:
                entries = 2 if "due_pk" in item else 1
                total += entries * (item_size(item) + INDEX_ENTRY_OVERHEAD)
        return total
