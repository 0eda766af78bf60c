"""A verified phone: a 6-digit code texted to the number, typed back within 10 minutes. Codes texted are
limited per networker and per number (3 an hour, 10 a day), wrong codes per number (5 an hour, whatever
the code). SMS digests and SMS commands use only a verified number, and a number is one networker's."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

import boto3
import pytest

from rapport import clock
from rapport.domain.errors import Conflict
from rapport.domain.ids import new_id
from rapport.domain.limits import CODES_TEXTED
from rapport.domain.profile import PhoneCode
from rapport.storage import Store
from tests.integration.conftest import NOW, Api, a_mobile, deliver_waiting, sms_sent, verify_phone


def ask_code(api, stream, number: str) -> str:
    sent = api.call("PUT", "/me/phone", {"phone": number})
    assert sent.status == 202, sent.body
    stream.drain()
    deliver_waiting("phone_code")
    return [text for phone, text in sms_sent() if phone == sent.body["phone"]][-1][:6]


def test_the_code_texted_makes_the_number_the_networkers(api, stream):
    number = a_mobile()
    national = "0" + number[3:]  # without +33: read in the networker's region, once they have one
    assert api.call("PUT", "/me/phone", {"phone": national}).body["errors"][0]["field"] == "phone"
    api.patch("/me", {"region": "FR"})
    code = ask_code(api, stream, national)
    assert api.get("/me").body["phone"] is None  # not before the code is typed back
    assert (number, f"{code} is your Rapport code. It expires in 10 minutes.") in sms_sent()
    verified = api.post("/me/phone/verify", {"code": code})
    assert verified.status == 200 and verified.body["phone"] == number
    assert api.post("/me/phone/verify", {"code": code}).status == 404  # used up


def test_wrong_codes_count_per_number_over_an_hour_and_a_new_code_resets_nothing(api, stream):
    number = a_mobile()
    code = ask_code(api, stream, number)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1, 0):
        reply = api.post("/me/phone/verify", {"code": wrong})
        assert reply.status == 422 and f"({left} tr" in reply.body["errors"][0]["reason"], reply.body
    refused = api.post("/me/phone/verify", {"code": code})  # even the right one, now
    assert refused.status == 429 and refused.headers["retry-after"] == "3600", refused
    assert refused.body["code"] == "too_many_requests" and refused.body["errors"][0]["field"] == "code"
    assert "after 10:30 (UTC), in 3600 seconds" in refused.body["message"]
    clock.freeze(NOW + timedelta(minutes=5))
    new_code = ask_code(api, stream, number)  # a new code does not give new tries
    assert api.post("/me/phone/verify", {"code": new_code}).headers["retry-after"] == str(55 * 60)
    assert api.get("/me").body["phone"] is None
    clock.freeze(NOW + timedelta(hours=1, seconds=1))  # the wrong tries have left the window
    assert api.post("/me/phone/verify", {"code": ask_code(api, stream, number)}).status == 200


def test_three_codes_an_hour_and_ten_a_day_for_a_networker(api, stream):
    api.patch("/me", {"timezone": "Europe/Paris"})
    texted = len(sms_sent())

    def ask():
        reply = api.call("PUT", "/me/phone", {"phone": a_mobile()})
        if reply.status == 202:
            stream.drain()
            deliver_waiting("phone_code")
        return reply

    for hour in range(4):  # 3 an hour, until the tenth of the day
        clock.freeze(NOW + timedelta(hours=hour))
        for _ in range(3 if hour < 3 else 1):
            assert ask().status == 202
        if hour < 3:
            refused = ask()
            assert refused.status == 429 and refused.headers["retry-after"] == "3600", refused.body
    refused = ask()
    assert refused.status == 429 and refused.headers["retry-after"] == str(21 * 3600)  # the first of the day + 24 h
    assert refused.body["errors"][0] == {
        "field": "phone",
        "reason": "At most 3 codes an hour and 10 a day are texted for you: ask again after 2026-11-21 10:30 "
        "(Europe/Paris), in 75600 seconds",
    }
    assert len(sms_sent()) - texted == 10  # only the codes allowed were texted
    clock.freeze(NOW + timedelta(days=1))
    assert ask().status == 202


def test_three_codes_an_hour_to_a_number_whoever_asks(api, other, stack):
    number = a_mobile()
    third = Api(sub=str(uuid.uuid4()), email="c@example.com")
    for asker in (api, other, third):
        assert asker.call("PUT", "/me/phone", {"phone": number}).status == 202
    refused = api.call("PUT", "/me/phone", {"phone": number})
    assert refused.status == 429 and "texted to this number" in refused.body["message"]
    assert api.call("PUT", "/me/phone", {"phone": a_mobile()}).status == 202  # another number is fine


def test_two_requests_at_once_cannot_both_take_the_last_text(stack):
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    networker_id, number = str(uuid.uuid4()), a_mobile()

    def code() -> PhoneCode:
        return PhoneCode(code_id=new_id(NOW), phone=number, code="123456", requested_at=NOW, expires_at=NOW)

    mine, the_number = store.profiles.codes_texted(networker_id, number)  # both requests read this
    store.profiles.save_phone_code(
        networker_id, code(), mine.plus(NOW, CODES_TEXTED), the_number.plus(NOW, CODES_TEXTED)
    )
    with pytest.raises(Conflict):
        store.profiles.save_phone_code(
            networker_id, code(), mine.plus(NOW, CODES_TEXTED), the_number.plus(NOW, CODES_TEXTED)
        )
    counted = store.profiles.codes_texted(networker_id, number)
    assert [len(attempts.times) for attempts in counted] == [1, 1]
    item = boto3.client("dynamodb", region_name="us-east-1").get_item(
        TableName=os.environ["TABLE_NAME"], Key={"pk": {"S": f"PH#{number}"}, "sk": {"S": "LIMIT#texted"}}
    )["Item"]
    assert int(item["expiration"]["N"]) == int((NOW + timedelta(days=1)).timestamp())  # TTL: gone after a day


def test_a_code_expires_after_ten_minutes(api, stream):
    code = ask_code(api, stream, a_mobile())
    clock.freeze(NOW + timedelta(minutes=10))
    assert api.post("/me/phone/verify", {"code": code}).status == 404


def test_a_new_code_replaces_the_last(api, stream):
    number = a_mobile()
    first = ask_code(api, stream, number)
    second = ask_code(api, stream, number)
    if first != second:
        assert api.post("/me/phone/verify", {"code": first}).status == 422
    assert api.post("/me/phone/verify", {"code": second}).status == 200


def test_a_number_is_one_networkers(api, other, stream):
    number = a_mobile()
    verify_phone(api, stream, number)
    code = ask_code(other, stream, number)
    taken = other.post("/me/phone/verify", {"code": code})
    assert taken.status == 409 and taken.body["errors"][0]["field"] == "phone"
    assert api.call("DELETE", "/me/phone").status == 204
    assert api.get("/me").body["phone"] is None
    code = ask_code(other, stream, number)
    assert other.post("/me/phone/verify", {"code": code}).status == 200  # released


def test_bad_codes_and_numbers_name_the_field(api):
    assert api.post("/me/phone/verify", {"code": "12ab56"}).body["errors"][0]["field"] == "code"
    assert api.call("PUT", "/me/phone", {"phone": "12"}).body["errors"][0]["field"] == "phone"


@pytest.mark.parametrize(
    ("national", "international"),
    [
        ("07400 123456", "+44 7400 123456 (United Kingdom)"),
        ("0151 23456789", "+49 1512 3456789 (Germany)"),
        ("(201) 555-0123", "+1 201-555-0123 (United States)"),
    ],
)
def test_a_national_number_from_abroad_gets_the_form_to_write(api, national, international):
    assert api.patch("/me", {"region": "FR"}).status == 200
    refused = api.call("PUT", "/me/phone", {"phone": national})
    assert refused.status == 422 and refused.body["errors"][0]["field"] == "phone"
    reason = refused.body["errors"][0]["reason"]
    assert reason == f"{national!r} is no number in FR. This looks like a number from abroad: write it {international}"
    written = international.split(" (")[0]
    assert api.call("PUT", "/me/phone", {"phone": written}).status == 202
    contact = api.post("/contacts", {"name": "Abroad", "phones": [national]})  # contacts' phones too
    assert contact.status == 422 and international in contact.body["errors"][0]["reason"]


def test_without_a_region_a_national_number_gets_the_forms_to_write(api):
    refused = api.call("PUT", "/me/phone", {"phone": "0151 23456789"})
    assert refused.body["errors"][0]["reason"] == (
        "'0151 23456789' has no country code and your profile no region: write it +49 1512 3456789 (Germany), "
        "or set a region"
    )
    assert api.patch("/me", {"region": "de"}).body["region"] == "DE"
    assert api.call("PUT", "/me/phone", {"phone": "0151 23456789"}).body["phone"] == "+4915123456789"


def test_the_region_is_a_country_code_phone_numbers_know(api):
    for wrong in ("UK", "ZZ", "FRA", "1"):
        refused = api.patch("/me", {"region": wrong})
        assert refused.status == 422 and refused.body["errors"][0]["field"] == "region", wrong
    assert "GB (not UK)" in api.patch("/me", {"region": "UK"}).body["errors"][0]["reason"]
    assert api.patch("/me", {"region": " gb "}).body["region"] == "GB"
    assert api.patch("/me", {"region": None}).body["region"] is None


def test_the_sign_in_email_is_verified_only_when_the_token_says_so(stack, stream):
    unverified = Api(sub=str(uuid.uuid4()), email="new@example.com", email_verified=False)
    assert unverified.get("/me").body["emails"] == [{"address": "new@example.com", "verified": False}]
    stream.drain()
    deliver_waiting("confirmation")  # a link to confirm it, as for any address added
    verified = Api(sub=str(uuid.uuid4()), email="known@example.com")
    assert verified.get("/me").body["emails"] == [{"address": "known@example.com", "verified": True}]
