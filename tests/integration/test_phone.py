"""A verified phone: a 6-digit code texted to the number, typed back within 10 minutes in at most 5 tries.
SMS digests (and, later, SMS commands) use only a verified number, and a number is one networker's."""

from __future__ import annotations

from datetime import timedelta

from rapport import clock
from tests.integration.conftest import NOW, a_mobile, deliver_waiting, sms_sent, verify_phone


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


def test_a_wrong_code_counts_and_five_end_it(api, stream):
    code = ask_code(api, stream, a_mobile())
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1, 0):
        reply = api.post("/me/phone/verify", {"code": wrong})
        assert reply.status == 422 and f"({left} tr" in reply.body["errors"][0]["reason"], reply.body
    refused = api.post("/me/phone/verify", {"code": code})  # even the right one, now
    assert refused.status == 409 and "ask for a new one" in refused.body["errors"][0]["reason"]
    assert api.get("/me").body["phone"] is None


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
