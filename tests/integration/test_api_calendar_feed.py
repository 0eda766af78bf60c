"""The calendar feed through the API: its address in GET /me, read without a token by its secret alone,
rotated at once, never another networker's, and reading only what it shows."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit

import boto3
import icalendar
import pytest

from infra.bench.reads import ItemsRead
from rapport.storage import Store, keys
from rapport.storage.profiles import shared_keys
from tests.integration.conftest import Api

FEED = re.compile(r"^http://127\.0\.0\.1/calendar-feeds/[A-Za-z0-9_-]{43}\.ics$")


@pytest.fixture
def public(stack) -> Api:
    """A calendar app: no token at all."""
    return Api(sub=None)


def path_of(url: str) -> str:
    return urlsplit(url).path


def uids(reply) -> set[str]:
    return {str(e["uid"]) for e in icalendar.Calendar.from_ical(reply.body).walk("VEVENT")}


def table():
    return boto3.resource("dynamodb", region_name="us-east-1").Table(os.environ["TABLE_NAME"])


def test_get_me_gives_the_feed_s_address_and_writes_nothing_more(api):
    first = api.get("/me").body
    assert FEED.match(first["calendar_feed_url"]), first["calendar_feed_url"]
    assert first["calendar_feed_webcal"] == "webcal://" + first["calendar_feed_url"].removeprefix("http://")
    again = api.get("/me").body
    assert again["calendar_feed_url"] == first["calendar_feed_url"] and again["version"] == first["version"]
    assert "calendar_feed_secret" not in again


def test_the_feed_answers_without_a_token_with_follow_ups_and_birthdays(api, public):
    anne = api.post("/contacts", {"name": "Anne Martin", "stage": "met", "birthday": {"day": 29, "month": 2}}).body
    api.post("/contacts", {"name": "Paul To Meet", "stage": "to_meet", "birthday": {"day": 3, "month": 4}})
    reply = public.get(path_of(api.get("/me").body["calendar_feed_url"]))
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    assert reply.headers["cache-control"] == "private, max-age=300"
    calendar = icalendar.Calendar.from_ical(reply.body)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    follow_up = events[f"follow-up-{anne['contact_id']}@rapport"]
    assert follow_up["summary"] == "Reach out to Anne Martin"
    assert follow_up.decoded("dtstart").isoformat() == anne["next_follow_up_on"]
    assert events[f"birthday-{anne['contact_id']}@rapport"]["summary"] == "Birthday: Anne Martin"
    assert sum(uid.startswith("birthday-") for uid in events) == 2  # a contact to meet has a birthday too
    assert uids(public.get(path_of(api.get("/me").body["calendar_feed_url"]))) == set(events)  # the same UIDs


def test_a_meeting_and_an_introduction_to_follow_up(api, public):
    anne = api.post("/contacts", {"name": "Anne Martin", "stage": "met"}).body["contact_id"]
    bruno = api.post("/contacts", {"name": "Bruno Petit", "stage": "met"}).body["contact_id"]
    api.patch("/me", {"timezone": "Europe/Paris", "locale": "fr", "version": api.get("/me").body["version"]})
    meeting = api.post("/meetings", {"contact_ids": [bruno], "starts_at": "2026-12-01T09:00:00", "goal": "sa levée"})
    intro = api.post("/introductions", {"contact_ids": [anne, bruno], "reason": "Anne recrute"}).body
    for step in ("ask", "accept", "make"):
        assert api.post(f"/introductions/{intro['introduction_id']}/{step}").status == 200
    reply = public.get(path_of(api.get("/me").body["calendar_feed_url"]))
    assert b"DTSTART;TZID=Europe/Paris:20261201T090000\r\n" in reply.body.encode()
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(reply.body).walk("VEVENT")}
    brief = events[f"meeting-{meeting.body['meeting_id']}@rapport"]
    assert brief["summary"] == "Rendez-vous avec Bruno Petit" and "sa levée" in brief["description"]
    followed = events[f"intro-follow-up-{intro['introduction_id']}@rapport"]
    assert followed["summary"].startswith("Demander à Anne Martin et Bruno Petit")


def test_a_rotated_address_stops_at_once_answering_as_an_unknown_one(api, public):
    old = api.get("/me").body["calendar_feed_url"]
    assert public.get(path_of(old)).status == 200
    new = api.post("/me/calendar-feed/rotate").body["calendar_feed_url"]
    assert FEED.match(new) and new != old
    assert public.get(path_of(new)).status == 200
    gone, unknown = public.get(path_of(old)), public.get(f"/calendar-feeds/{secrets.token_urlsafe(32)}.ics")
    assert gone.status == unknown.status == 404 and gone.body == unknown.body
    assert public.get(path_of(new).removesuffix(".ics")).body == unknown.body  # without .ics: nothing either
    old_secret = path_of(old).removeprefix("/calendar-feeds/").removesuffix(".ics")
    assert "Item" not in table().get_item(Key={"pk": keys.calendar_feed(old_secret), "sk": keys.CALENDAR_FEED})


def test_an_account_being_deleted_serves_no_feed(api, public):
    me = api.get("/me").body
    assert public.get(path_of(me["calendar_feed_url"])).status == 200
    assert api.call("DELETE", "/me", {"confirm": me["emails"][0]["address"]}).status == 202
    gone, unknown = (
        public.get(path_of(me["calendar_feed_url"])),
        public.get(f"/calendar-feeds/{secrets.token_urlsafe(32)}.ics"),
    )
    assert gone.status == unknown.status == 404 and gone.body == unknown.body


def test_another_networker_s_feed_never_shows_mine(api, other, public):
    api.post("/contacts", {"name": "Anne Martin", "stage": "met", "birthday": {"day": 1, "month": 5}})
    mine, theirs = (public.get(path_of(who.get("/me").body["calendar_feed_url"])) for who in (api, other))
    assert "Anne Martin" in mine.body and "Anne Martin" not in theirs.body


def test_the_table_keeps_the_secret_in_the_profile_only(api):
    url = api.get("/me").body["calendar_feed_url"]
    secret = path_of(url).removeprefix("/calendar-feeds/").removesuffix(".ics")
    digest = hashlib.sha256(secret.encode()).hexdigest()
    lookup = table().get_item(Key={"pk": f"CF#{digest}", "sk": "CF"})["Item"]
    assert lookup["networker_id"] == api.claims["sub"] and secret not in str(lookup)
    holding = [i for i in table().scan()["Items"] if secret in str(i)]
    assert [(i["pk"], i["sk"]) for i in holding] == [(f"NW#{api.claims['sub']}", "PROFILE")]


def test_a_profile_from_before_the_feed_gets_one_on_its_next_request(api):
    version = api.get("/me").body["version"]
    table().update_item(
        Key={"pk": f"NW#{api.claims['sub']}", "sk": "PROFILE"}, UpdateExpression="REMOVE calendar_feed_secret"
    )
    url = api.get("/me").body["calendar_feed_url"]
    assert FEED.match(url) and api.get("/me").body["version"] == version + 1


@contextmanager
def items_read():
    counter = ItemsRead()
    client = sys.modules["context"].dynamodb()
    client.meta.events.register("after-call.dynamodb", counter)
    try:
        yield counter
    finally:
        client.meta.events.unregister("after-call.dynamodb", counter)


def test_contacts_to_meet_are_not_read(api, public):
    """The feed reads the contacts it shows (follow-ups in the window, birthdays), not those to meet."""
    path = path_of(api.get("/me").body["calendar_feed_url"])
    for i in range(3):
        api.post("/contacts", {"name": f"Met {i}", "stage": "met"})
    with items_read() as few:
        assert public.get(path).status == 200
    for i in range(40):
        api.post("/contacts", {"name": f"To meet {i}", "stage": "to_meet"})
    with items_read() as many:
        assert public.get(path).status == 200
    assert many.count == few.count, (few.by_call, many.by_call)


def test_the_profile_names_the_items_it_owns_outside_its_partition(api):
    """What deleting the account must delete besides the networker's partitions (`shared_keys`)."""
    me = api.get("/me").body
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    profile = store.profiles.get(api.claims["sub"])
    named = shared_keys(profile)
    secret = path_of(me["calendar_feed_url"]).removeprefix("/calendar-feeds/").removesuffix(".ics")
    assert (keys.calendar_feed(secret), keys.CALENDAR_FEED) in named
    assert {table().get_item(Key={"pk": pk, "sk": sk})["Item"]["networker_id"] for pk, sk in named} == {
        api.claims["sub"]
    }
