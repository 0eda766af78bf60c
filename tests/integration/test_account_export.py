"""The account export through the API, the stream reaction, the export function and the deliver function."""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import boto3
import pytest

from infra.local.queues import QueuePump
from rapport import clock
from rapport.domain.calendar_sources import Mark, MarkState, occurrence_key
from rapport.storage import Store, keys
from tests.integration.conftest import deliver_waiting
from tests.integration.test_digests import last_email_text
from tests.integration.test_inbound_email import email


def write_exports(stream) -> int:
    """Run the stream reaction and the export queue's event source mapping until nothing is pending; how
    many exports the export function took."""
    (mapping,) = [m for m in stream.stack.queue_mappings if m.function == "ExportFunction"]
    pump, taken = QueuePump(mapping, stream.invoker), 0
    while True:
        stream.drain()
        delivered = pump.pump()
        if not delivered.messages:
            return taken
        assert not delivered.failed
        taken += delivered.messages


def download(url: str) -> zipfile.ZipFile:
    """The zip a download link names, read from moto's S3 (the link itself is for a browser)."""
    parts = urlsplit(url)
    bucket, key = parts.netloc.split(".", 1)[0], unquote(parts.path.lstrip("/"))
    body = boto3.client("s3", region_name="us-east-1").get_object(Bucket=bucket, Key=key)["Body"].read()
    return zipfile.ZipFile(io.BytesIO(body))


def items(archive: zipfile.ZipFile) -> dict[str, list[dict]]:
    return {
        name.removeprefix("items/").removesuffix(".json"): json.loads(archive.read(name))
        for name in archive.namelist()
        if name.startswith("items/")
    }


@pytest.fixture
def mine(api, other, stream, inbox):
    """A French networker with a contact, a touch, a mail logged and a mail kept aside; another networker
    with a contact of their own."""
    api.patch("/me", {"locale": "fr", "timezone": "Europe/Paris"})
    address = api.get("/me").body["inbound_address"]
    claire = api.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).body["contact_id"]
    api.post("/interactions", {"kind": "coffee", "occurred_at": "2026-11-19T08:00:00Z", "contact_ids": [claire]})
    other.post("/contacts", {"name": "Someone Else", "emails": ["else@example.com"]})
    stream.drain()
    logged = inbox.receive(email("Me <me@example.com>", "Claire <claire@example.com>", "À bientôt"), [address])
    kept = inbox.receive(email("Me <me@example.com>", "Nobody <nobody@example.com>", "Hello"), [address])
    calendar_id = api.post("/me/calendars", {"url": CALENDAR}).body["calendar_id"]
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    store.calendars.apply([store.calendars.putting_mark(api.claims["sub"], calendar_id, coffee_mark(claire))])
    stream.drain()
    return {"claire": claire, "mails": {logged, kept}}


CALENDAR = "https://calendar.example.com/ical/me/private-77c2e9/basic.ics"


def coffee_mark(contact_id: str) -> Mark:
    return Mark(
        occurrence_key=occurrence_key("coffee@example.com", None),
        state=MarkState.LOGGED,
        starts_at=datetime(2026, 11, 19, 8, tzinfo=UTC),
        ends_at=datetime(2026, 11, 19, 9, tzinfo=UTC),
        contact_ids=[contact_id],
        summary="Café",
        fingerprint="f",
        interaction_id="i1",
    )


def test_the_zip_holds_every_item_of_the_networker_and_their_mails_and_nobody_elses(api, other, stream, mine):
    started = api.post("/me/export")
    assert started.status == 202, started.body
    export_id = started.body["export_id"]
    assert started.headers["location"] == f"/me/export/{export_id}"
    assert (started.body["status"], started.body["items_written"]) == ("running", 0)
    again = api.post("/me/export")  # one at a time: the running one
    assert (again.status, again.body["export_id"], again.headers["location"]) == (
        202,
        export_id,
        f"/me/export/{export_id}",
    )
    assert api.get(f"/me/export/{export_id}").body["download_url"] is None

    assert write_exports(stream) == 1
    done = api.get(f"/me/export/{export_id}").body
    assert done["status"] == "done" and done["items_written"] > 0 and done["size"] > 0
    assert done["expires_at"] is not None and done["download_expires_at"] is not None
    networker_id = api.claims["sub"]
    assert f"/exports/{networker_id}/{export_id}.zip" in done["download_url"]

    archive = download(done["download_url"])
    exported = items(archive)
    assert {"profile", "contact", "interaction", "touch", "inbound_message", "quarantined", "inbound_address"} <= set(
        exported
    )
    assert "action_key" not in exported and "calendar_set" not in exported  # nor the hashes of the addresses
    (calendar,) = exported["calendar"]  # its address masked only, not even sealed
    assert calendar["url_masked"] == "https://calendar.example.com/…/basic.ics" and "url_encrypted" not in calendar
    assert "url_fingerprint" not in calendar
    assert "private-77c2e9" not in json.dumps(exported)
    assert [mark["summary"] for mark in exported["calendar_event"]] == ["Café"]
    assert [c["name"] for c in exported["contact"]] == ["Claire Martin"]
    assert {t["pk"] for t in exported["touch"]} == {keys.touch_log(networker_id, mine["claire"])}
    every = [item for found in exported.values() for item in found]
    assert sum(map(len, exported.values())) == done["items_written"]
    shared = {item["pk"].split("#")[0] for item in every if not item["pk"].startswith(f"NW#{networker_id}")}
    assert shared == {"IN", "CF"}  # their inbound address, their calendar feed's lookup
    assert {item["networker_id"] for item in every if item["pk"].split("#")[0] in shared} == {networker_id}
    assert other.claims["sub"] not in json.dumps(every) and "Someone Else" not in json.dumps(every)
    assert not any(item["pk"].endswith("#IDEMPOTENCY") for item in every)

    mails = {
        name.removeprefix("mails/").removesuffix(".eml") for name in archive.namelist() if name.startswith("mails/")
    }
    assert mails == mine["mails"]
    cards = archive.read("contacts.vcf").decode()
    assert cards.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and "FN:Claire Martin\r\n" in cards
    assert cards.count("BEGIN:VCARD") == 1
    assert archive.read("calendar.ics").startswith(b"BEGIN:VCALENDAR")
    readme = archive.read("README.txt").decode()
    assert readme.startswith("Votre compte Rapport, exporté le vendredi 20 novembre 2026\n")
    assert "items/contact.json (1)\u202f: vos contacts" in readme
    assert "mails/ (2)\u202f: les e-mails" in readme
    assert "contacts.vcf (1)\u202f: vos contacts en vCard 3.0" in readme

    deliver_waiting("account_export")
    text = last_email_text()
    assert f"/app/settings/export/{export_id}" in text
    assert "L’export de votre compte Rapport que vous avez demandé est prêt\u202f:" in text
    assert "jusqu’au vendredi 27 novembre" in text
    assert api.post("/me/export").body["export_id"] != export_id  # done: a new one may start


def test_another_networker_cannot_read_an_export(api, other, stream):
    export_id = api.post("/me/export").body["export_id"]
    missing = other.get(f"/me/export/{export_id}")
    assert missing.status == 404 and missing.body["errors"][0]["field"] == "export_id"


def test_a_done_export_stays_done(api, stream):
    export_id = api.post("/me/export").body["export_id"]
    write_exports(stream)
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    first = store.account_exports.get(api.claims["sub"], export_id)
    assert not store.account_exports.fail(api.claims["sub"], export_id, "late", first.started_at)  # done stays done
    assert store.account_exports.get(api.claims["sub"], export_id) == first


class Unwritable:
    """An exports bucket that refuses every zip."""

    def upload(self, networker_id, export_id, path):
        raise ConnectionError("the bucket is away")


def test_an_export_failing_on_its_last_try_says_failed_and_frees_the_place(api, stream):
    from infra.local.functions import load_module
    from tests.integration.conftest import LambdaContext, sqs_record

    export_id = api.post("/me/export").body["export_id"]
    module = load_module("ExportFunction")
    real = module.production()
    deps = module.Dependencies(real.settings, real.store, Unwritable(), real.mails, real.scratch)
    message = {"networker_id": api.claims["sub"], "export_id": export_id}
    for tries in ("1", "3"):
        record = sqs_record(message) | {"attributes": {"ApproximateReceiveCount": tries}}
        failed = module.handler({"Records": [record]}, LambdaContext(), deps)
        assert failed == {"batchItemFailures": [{"itemIdentifier": record["messageId"]}]}
        status = api.get(f"/me/export/{export_id}").body["status"]
        assert status == ("running" if tries == "1" else "failed")
    assert "internal error" in api.get(f"/me/export/{export_id}").body["failure"]
    assert api.post("/me/export").body["export_id"] != export_id  # the place is free again


def test_a_retry_with_the_same_idempotency_key_answers_the_first_answer(api, stream):
    key = {"Idempotency-Key": "6f1c0c7e-export-retry"}
    first = api.post("/me/export", headers=key)
    write_exports(stream)  # done: without the key, a new export would start
    again = api.post("/me/export", headers=key)
    assert (again.status, again.body, again.headers["location"]) == (202, first.body, first.headers["location"])
    assert api.post("/me/export").body["export_id"] != first.body["export_id"]


def test_an_account_being_deleted_is_not_exported(api, stream):
    """DELETE /me asked while the export waited on its queue: no zip is written for an account going away."""
    from infra.local.functions import load_module

    export_id = api.post("/me/export").body["export_id"]
    store = load_module("ExportFunction").production().store
    store.accounts.mark_deleting(api.claims["sub"], clock.now())
    assert write_exports(stream) == 1
    assert store.account_exports.get(api.claims["sub"], export_id).status == "failed"
    zips = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=os.environ["EXPORTS_BUCKET"])
    assert keys.export_archive(api.claims["sub"], export_id) not in [o["Key"] for o in zips.get("Contents", [])]


class DeletedWhileWriting:
    """The exports bucket, with `DELETE /me` landing just after the zip is uploaded (and the deletion's erasing
    of the networker's zips done already)."""

    def __init__(self, archives, store):
        self._archives, self._store = archives, store

    def upload(self, networker_id, export_id, path):
        self._store.accounts.mark_deleting(networker_id, clock.now())
        self._archives.upload(networker_id, export_id, path)

    def __getattr__(self, name):
        return getattr(self._archives, name)


def test_an_account_deleted_while_its_zip_is_written_keeps_no_zip(api, stream):
    from infra.local.functions import load_module
    from tests.integration.conftest import LambdaContext, sqs_record

    export_id = api.post("/me/export").body["export_id"]
    module = load_module("ExportFunction")
    real = module.production()
    deps = module.Dependencies(
        real.settings, real.store, DeletedWhileWriting(real.archives, real.store), real.mails, real.scratch
    )
    record = sqs_record({"networker_id": api.claims["sub"], "export_id": export_id})
    assert module.handler({"Records": [record]}, LambdaContext(), deps) == {"batchItemFailures": []}
    assert real.store.account_exports.get(api.claims["sub"], export_id).status == "failed"
    zips = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=os.environ["EXPORTS_BUCKET"])
    assert keys.export_archive(api.claims["sub"], export_id) not in [o["Key"] for o in zips.get("Contents", [])]


def test_the_export_holds_what_the_account_deletion_finds(api, stream, mine):
    """One list of a networker's data (`Accounts.holdings`): the export reads it all, but the key signing their
    links and their idempotency records."""
    me = api.get("/me").body
    assert api.patch("/me", {"emails": [me["emails"][0]["address"], "perso@example.org"]}).status == 200
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    profile = store.profiles.get(api.claims["sub"])
    held = store.accounts.holdings(profile)
    exported = [(item["pk"], item["sk"]) for item in store.account_exports.items(profile)]
    assert len(exported) == len(set(exported))
    everything = {*held.own, *held.touches, *held.outside, *held.claims}
    pk = keys.networker(profile.networker_id)
    assert set(exported) == everything - {(pk, keys.ACTION_KEY), (pk, keys.CALENDARS)} | {(pk, keys.PROFILE)}
    assert any(pk.startswith("EC#") for pk, _ in exported)  # the address to confirm, found by the deletion


def test_a_feed_rotated_while_the_export_runs_is_still_exported(api, stream, monkeypatch):
    """The export holds its profile: the calendar is read for it, not looked up again by a secret rotated since."""
    from infra.local.functions import load_module

    export_id = api.post("/me/export").body["export_id"]
    store = load_module("ExportFunction").production().store
    before = store.profiles.live(api.claims["sub"])
    assert before is not None and before.calendar_feed_secret
    assert api.post("/me/calendar-feed/rotate").status == 200
    monkeypatch.setattr(store.profiles, "live", lambda networker_id: before)  # read just before the rotation
    assert write_exports(stream) == 1
    done = api.get(f"/me/export/{export_id}").body
    assert done["status"] == "done"
    assert download(done["download_url"]).read("calendar.ics").startswith(b"BEGIN:VCALENDAR")
