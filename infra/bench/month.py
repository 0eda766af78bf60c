"""Figure 10: a month of digests for 100 networkers (`month_habits`) through a local runtime.

The real functions run on the runtime's clock: each profile is made by the API function (PATCH /me),
its contacts written 25 to a BatchWriteItem (`BatchedContacts`), the digest and review schedules made
by the real on_change reaction. Each day the clock moves to 15:00 UTC, past every digest time (07:30
to 09:00 in Paris and New York): the schedules fire, the deliver function sends; then each digest is
read from the outbox (`people_named`), the people it named looked up as stored that morning (inner
circle, overdue?), and the acting networkers act on their first lines through the API, or by text.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import boto3

from infra.bench import month_habits as habits
from infra.bench.child import http_event
from infra.bench.common import BatchedContacts, function_output_discarded
from infra.bench.month_habits import DAYS, NETWORKERS, START, Digest, Figures, Networker
from infra.bench.moto_speedup import json_item_results, partition_queries
from infra.local import functions, template
from infra.local.runtime import Runtime
from rapport import clock
from rapport.domain.followup import Status, local_date, status
from rapport.domain.vocabulary import Circle
from rapport.services import contacts
from rapport.storage import Store
from rapport.storage.dynamo import Table

# The same simulation measured on main at d344120 on 6 December 2026, before the rework of issue 15: 27.4 emails
# per networker a month (24.0 digests: one every day for each of the 80 by email, the rest weekly reviews);
# 7.7 texts (38.4 for those with the digest by text); 5 people per digest (median and max); 20% of the 1,083
# digests naming an overdue inner-circle contact named one first; 5,427 unacted lines named again the next day.
EMAILS_BEFORE = 27.4
ACT_AT = timedelta(hours=15)  # UTC, each day: after every digest (09:00 in New York is 14:00 UTC)
FROM = "+18005550100"  # Rapport's number, as texts received name it


def month_of_digests(networkers: int = NETWORKERS, days: int = DAYS) -> Figures:
    """Print the month's figures; return them."""
    print(f"\n== 10. A month of digests, {networkers} networkers with their habits, {days} days ==")
    console = sys.stdout  # the functions' own output goes to /dev/null below

    def say(line: str) -> None:
        print(line, file=console, flush=True)

    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="rapport-month-") as state_dir,
        partition_queries(),
        json_item_results(),
    ):
        runtime = Runtime(Path(state_dir), background=False)
        runtime.start()
        try:
            with function_output_discarded(runtime.stack.environments):
                found = Month(runtime).run(networkers, days)
        finally:
            runtime.stop()
            functions.cold_start()
    _print(found, time.perf_counter() - started, say)
    return found


class Month:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        client = boto3.client("dynamodb")
        self.store = Store(client, runtime.stack.table_name)
        self.seeding = Store(client, runtime.stack.table_name)
        self.seeding.contacts = BatchedContacts(Table(client, runtime.stack.table_name))

    def run(self, networkers: int, days: int) -> Figures:
        clock.freeze(START)
        people = [self._networker(habits.networker(i)) for i in range(networkers)]
        self.seeding.contacts.flush()
        self.runtime.drain()
        before = len(self.runtime.outbox.items)  # the codes that verified the phones are not the month's
        digests: list[Digest] = []
        for day in range(days):
            seen = len(self.runtime.outbox.items)
            self.runtime.advance(START + timedelta(days=day) + ACT_AT - clock.now())
            today = self.runtime.outbox.items[seen:]
            for person in people:
                digest = self._digest(person, today)
                if digest is not None:
                    digests.append(digest)
                    self._act(person, digest)
            self.runtime.drain()
        self.runtime.advance(START + timedelta(days=days) - clock.now())
        sent = self.runtime.outbox.items[before:]
        emails = len([item for item in sent if item["channel"] == "email"])
        return habits.figures(digests, people, emails, len(sent) - emails, days)

    def _networker(self, person: Networker) -> Networker:
        person.sub = str(uuid.uuid5(uuid.NAMESPACE_URL, f"month/{person.index}"))
        settings = {"timezone": person.timezone, "locale": person.locale, "digest_time": person.digest_time}
        self._api(person, "PATCH", "/me", settings)
        if person.sms:
            self._api(person, "PUT", "/me/phone", {"phone": self._phone(person)})
            self.runtime.drain()
            code = self._texts_to(person)[-1]["text"][:6]
            self._api(person, "POST", "/me/phone/verify", {"code": code})
            self._api(person, "PATCH", "/me", {"channels": {"email": False, "sms": True}})
        profile = self.seeding.profiles.get(person.sub)
        for known in person.acquaintances:
            view = contacts.create(self.seeding, profile, known.draft, START - timedelta(days=known.days_since_added))
            person.contact_ids[known.draft.name] = view.contact_id
        return person

    def _digest(self, person: Networker, sent_today: list[dict]) -> Digest | None:
        """Today's digest to `person`, as they read it; None if none was sent. It is the first message on
        their channel from their digest time (a text waits for the end of the night's quiet hours); a
        weekly review went out the evening before, a reply to a text after the morning's digest."""
        today = clock.now().date()
        moment, channel = person.digest_moment(today), "sms" if person.sms else "email"
        to = self._phone(person) if person.sms else f"{person.sub}@example.com"
        sent = [
            item for item in sent_today
            if item["time"] >= moment and item["recipient"] == to and item["channel"] == channel
        ]  # fmt: skip
        if not sent:
            return None
        named = habits.people_named(sent[0]["text"], person.names)
        ids = {person.contact_ids[name]: name for name in named if name in person.contact_ids}
        stored = self.store.contacts.get_many(person.sub, list(ids)) if ids else []
        day = local_date(clock.now(), person.timezone)
        overdue = {
            ids[c.contact_id] for c in stored if c.circle is Circle.INNER and status(c, day) is Status.OVERDUE
        }  # fmt: skip
        return Digest(person.index, today, channel, named, overdue)

    def _act(self, person: Networker, digest: Digest) -> None:
        actions = habits.acted_on(person, digest.day, digest.named)
        reminders = self._api(person, "GET", "/reminders")["items"] if actions and not person.sms else []
        for name, action in actions.items():
            contact_id = person.contact_ids[name]
            if action == "touch":
                touch = {"kind": "call", "occurred_at": clock.now().isoformat(), "contact_ids": [contact_id]}
                self._api(person, "POST", "/interactions", touch)
            elif person.sms:  # "done 2", "snooze 2": the line's number in the text
                self._text(person, f"{action} {digest.named.index(name) + 1}")
            else:
                for reminder in _due_for(reminders, contact_id):
                    body = {"log_touch": reminder["kind"] == "follow_up"} if action == "done" else {"days": 7}
                    self._api(person, "POST", f"/reminders/{reminder['reminder_id']}/{action}", body)
        digest.acted = set(actions)

    # ------------------------------------------------------------------ through the runtime
    def _api(self, person: Networker, method: str, path: str, body: dict | None = None) -> dict:
        event = http_event(method, path, person.sub)
        if body is not None:
            event["headers"]["content-type"] = "application/json"
            event["body"] = json.dumps(body)
        response = self.runtime.invoker("ApiFunction", event)
        if response["statusCode"] >= 300:
            raise RuntimeError(f"{method} {path} answered {response['statusCode']}: {response.get('body')}")
        return json.loads(response["body"]) if response.get("body") else {}

    def _text(self, person: Networker, text: str) -> None:
        """A text received, as AWS End User Messaging publishes it to the two-way SMS topic."""
        payload = {
            "originationNumber": self._phone(person),
            "destinationNumber": FROM,
            "messageKeyword": "KEYWORD_LOCAL",
            "messageBody": text,
            "inboundMessageId": f"{person.sub}-{clock.now():%Y%m%d}-{text}",
            "previousPublishedMessageId": None,
        }
        sns = boto3.client("sns")
        for topic in template.sms_topics(self.runtime.stack.resources):
            sns.publish(TopicArn=topic, Message=json.dumps(payload))

    def _texts_to(self, person: Networker) -> list[dict]:
        return [item for item in self.runtime.outbox.items if item["recipient"] == self._phone(person)]

    @staticmethod
    def _phone(person: Networker) -> str:
        return f"+33612{person.index:06d}" if person.locale == "fr" else f"+1212555{person.index:04d}"


def _due_for(reminders: list[dict], contact_id: str) -> list[dict]:
    """The reminders due today about one contact, from GET /reminders."""
    return [r for r in reminders if r["contact"]["contact_id"] == contact_id and r["status"] != Status.OK]


def _print(found: Figures, seconds: float, say: Callable[[str], None]) -> None:
    say(f"  emails per networker per month: {found.emails:.1f} ({found.digest_emails:.1f} digests), "
        f"{found.emails / EMAILS_BEFORE:.2f} of before ({EMAILS_BEFORE})")  # fmt: skip
    say(f"  texts per networker per month: {found.texts:.1f}; {found.texts_by_text:.1f} with the digest by text")
    say(f"  people named per digest: median {found.people_median:g}, max {found.people_max}")
    if found.unknown_lines:
        say(f"  ({found.unknown_lines} numbered lines name nobody known: adapt month_habits.people_named)")
    share = found.overdue_inner_first / found.with_overdue_inner if found.with_overdue_inner else 1.0
    say(f"  digests naming an overdue inner-circle contact: {found.with_overdue_inner}, "
        f"{share:.0%} of them first (goal 100%)")  # fmt: skip
    say(f"  unacted lines repeated the next day: {found.repeats} (goal 0)")
    say(f"  ({seconds:.0f} s)")
