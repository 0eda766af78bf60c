"""A calendar source's address: what is accepted and how it is written, and every way found to make an
address name a private one (tried as an attacker would)."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.calendar_urls import (
    MALFORMED,
    NOT_HTTPS,
    PRIVATE_ADDRESS,
    CalendarUrlError,
    fingerprint,
    is_loopback,
    is_public,
    masked,
    normalise,
)

GOOGLE = "https://calendar.google.com/calendar/ical/me%40gmail.com/private-0123456789abcdef/basic.ics"


def refused(url: str, allow_loopback_http: bool = False) -> CalendarUrlError:
    with pytest.raises(CalendarUrlError) as caught:
        normalise(url, allow_loopback_http=allow_loopback_http)
    assert "0123456789abcdef" not in caught.value.reason  # never the address in the reason
    return caught.value


@pytest.mark.parametrize(
    ("url", "written"),
    [
        (GOOGLE, GOOGLE),
        ("  " + GOOGLE + "\n", GOOGLE),
        ("webcal://p23-caldav.icloud.com/published/2/MTIzNDU2", "https://p23-caldav.icloud.com/published/2/MTIzNDU2"),
        ("webcals://example.com/a.ics", "https://example.com/a.ics"),
        ("WEBCAL://Example.COM/A.ics", "https://example.com/A.ics"),  # the path keeps its case: it is the secret
        ("https://example.com.:443/a.ics#part", "https://example.com/a.ics"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:8443/a.ics?export&k=1", "https://example.com:8443/a.ics?export&k=1"),
        ("https://exämple.com/ä.ics?q=é", "https://xn--exmple-cua.com/%C3%A4.ics?q=%C3%A9"),
        ("https://93.184.216.34/a.ics", "https://93.184.216.34/a.ics"),
        ("https://[2606:4700:0:0::1111]/a.ics", "https://[2606:4700::1111]/a.ics"),
        ("https://cal_dav.example.com/a.ics", "https://cal_dav.example.com/a.ics"),
    ],
)
def test_an_address_is_written_one_way(url, written):
    assert normalise(url, allow_loopback_http=False) == written
    assert normalise(written, allow_loopback_http=False) == written  # and writing it again changes nothing


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/a.ics",
        "ftp://example.com/a.ics",
        "example.com/a.ics",
        "//example.com/a.ics",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https:/example.com/a.ics",
    ],
)
def test_only_https_and_webcal(url):
    assert refused(url).problem == NOT_HTTPS


@pytest.mark.parametrize(
    "url",
    [
        # Loopback, however written.
        "https://127.0.0.1/",
        "https://127.8.9.10/",
        "https://localhost/",
        "https://LOCALHOST./",
        "https://calendar.localhost/",
        "https://[::1]/",
        "https://[0:0:0:0:0:0:0:1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://[::127.0.0.1]/",
        "https://[64:ff9b::127.0.0.1]/",
        "https://[2002:7f00:1::]/",
        "https://127.0.0.1./",
        "https://ｌｏｃａｌｈｏｓｔ/",  # fullwidth letters: IDNA makes them localhost
        "https://１２７。０。０。１/",  # fullwidth digits and ideographic full stops
        # The cloud's metadata service and other link-local addresses.
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://[::ffff:169.254.169.254]/",
        "https://[fe80::1]/",
        # Private, shared, reserved, multicast, unspecified.
        "https://10.0.0.1/",
        "https://172.16.0.1/",
        "https://192.168.1.1/",
        "https://100.64.0.1/",
        "https://0.0.0.0/",
        "https://[::]/",
        "https://198.18.0.1/",
        "https://240.0.0.1/",
        "https://255.255.255.255/",
        "https://224.0.0.1/",
        "https://233.252.0.1/",
        "https://[ff0e::1]/",
        "https://[fc00::1]/",
        "https://[fec0::1]/",
        "https://[2001:db8::1]/",
        "https://[64:ff9b:1::a00:1]/",
        "https://192.0.2.1/",
    ],
)
def test_an_address_that_is_not_public_is_refused(url):
    assert refused(url).problem == PRIVATE_ADDRESS


@pytest.mark.parametrize(
    "url",
    [
        # A host written as a number, which getaddrinfo and browsers read as an IPv4 address.
        "https://2130706433/",
        "https://0x7f000001/",
        "https://0x7f.0.0.1/",
        "https://0177.0.0.1/",
        "https://127.1/",
        "https://127.0.1/",
        "https://017700000001/",
        "https://10.0.0.010/",
        "https://1.2.3.4.5/",
        "https://calendar.123/",
        "https://calendar.0x10/",
        # Userinfo, and a backslash that browsers read as a slash.
        "https://calendar.example.com@127.0.0.1/",
        "https://user:password@calendar.example.com/",
        "https://calendar.example.com\\@127.0.0.1/",
        "https://@calendar.example.com/",
        # Zones and percent-encoded hosts.
        "https://[fe80::1%25eth0]/",
        "https://[2606:4700::1111%25eth0]/",
        "https://%31%32%37.0.0.1/",
        "https://calendar%2eexample.com/",
        # Broken hosts, ports, characters.
        "https://",
        "https:///a.ics",
        "https://:443/a.ics",
        "https://[::1/",
        "https://[::1]x/",
        "https://[localhost]/",
        "https://calendar..example.com/",
        "https://.example.com/",
        "https://-example.com/",
        "https://exa mple.com/",
        "https://example.com/a b.ics",
        "https://example.com/a\tb.ics",
        "https://example.com/\x00.ics",
        "https://example.com:0/",
        "https://example.com:65536/",
        "https://example.com:+443/",
        "https://example.com:44 3/",
        "https://example.com:http/",
        "https://" + "a" * 64 + ".com/",
        "https://xn--/",
        "https://\u200b.com/",
        # A single label: a name only a local resolver knows.
        "https://metadata/computeMetadata/v1/",
        "https://intranet/calendar.ics",
        "https://" + "a" * 2000 + ".com/",
        "https://example.com/" + "a" * 2000,
        "",
        "   ",
    ],
)
def test_malformed_and_tricky_addresses_are_refused(url):
    assert refused(url).problem in (MALFORMED, PRIVATE_ADDRESS)


def test_a_host_written_as_a_number_is_not_read_as_an_address():
    assert refused("https://2130706433/").problem == MALFORMED


def test_reasons_name_what_is_wrong():
    assert refused("http://example.com/a.ics").reason == "The address must start with https:// (http is not encrypted)."
    assert "user name" in refused("https://u@example.com/").reason
    assert "2,000" in refused("https://example.com/" + "a" * 2000).reason


def test_the_local_runtime_allows_http_and_https_on_loopback_only():
    for url in ["http://127.0.0.1:8000/work.ics", "http://localhost:8000/work.ics", "http://[::1]:8000/work.ics"]:
        assert normalise(url, allow_loopback_http=True) == url
    assert normalise("https://localhost/a.ics", allow_loopback_http=True) == "https://localhost/a.ics"
    assert normalise("http://localhost:80/a.ics", allow_loopback_http=True) == "http://localhost/a.ics"
    assert refused("http://example.com/a.ics", allow_loopback_http=True).problem == NOT_HTTPS
    for url in ["http://10.0.0.1/", "https://169.254.169.254/", "http://192.168.0.1:8000/", "https://2130706433/"]:
        assert refused(url, allow_loopback_http=True).problem in (PRIVATE_ADDRESS, MALFORMED)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("::ffff:8.8.8.8", True),  # judged by the IPv4 address it reaches
        ("64:ff9b::808:808", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a9fe:a9fe", False),
        ("2002:a9fe:a9fe::", False),
        ("::7f00:1", False),
        ("2001::1", False),  # Teredo
        ("169.254.169.254", False),
        ("100.127.255.255", False),
        ("fe80::1", False),
        ("fd00:ec2::254", False),
        ("::", False),
        ("0.0.0.0", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_loopback_inside_ipv6_is_loopback():
    assert all(is_loopback(ipaddress.ip_address(a)) for a in ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"])
    assert not is_loopback(ipaddress.ip_address("10.0.0.1"))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (GOOGLE, "https://calendar.google.com/…/basic.ics"),
        ("https://example.com/calendar.ics?token=0123456789abcdef", "https://example.com/calendar.ics"),
        (
            "https://outlook.office365.com/owa/calendar/abc@x.com/0123456789/calendar.ics",
            "https://outlook.office365.com/…/calendar.ics",
        ),
        ("https://p23-caldav.icloud.com/published/2/MTIzNDU2Nzg5MGFiY2RlZg", "https://p23-caldav.icloud.com/…"),
        (
            "https://cloud.example.com/remote.php/dav/public-calendars/CPyk4rNg6Q5EXcS?export",
            "https://cloud.example.com/…",
        ),
        ("https://example.com/feeds/0123456789abcdef0123456789abcdef.ics", "https://example.com/…"),
        ("https://example.com/", "https://example.com/…"),
        ("http://127.0.0.1:8000/work.ics", "http://127.0.0.1:8000/work.ics"),
        ("https://[2606:4700::1111]/a/work.ics", "https://[2606:4700::1111]/…/work.ics"),
        ("not an address", "…"),
    ],
)
def test_the_masked_address_never_shows_the_secret(url, shown):
    assert masked(url) == shown


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.from_regex(r"(https?|webcals?)://[^/?#]{0,30}(/[^?#]{0,20})?(\?.{0,10})?")))
def test_any_text_is_written_or_refused_with_a_reason(text):
    for allow in (False, True):
        try:
            written = normalise(text, allow_loopback_http=allow)
        except CalendarUrlError as error:
            assert error.reason.endswith(".")
            continue
        assert normalise(written, allow_loopback_http=allow) == written
        assert fingerprint(written) == fingerprint(text)
        assert written.startswith(("https://", "http://")) and written.isascii()
    masked(text)


def test_a_long_file_name_is_cut():
    assert len(masked("https://example.com/" + "a" * 30 + ".ics").rpartition("/")[2]) <= 40


def test_the_same_calendar_written_two_ways_has_one_fingerprint():
    same = {
        fingerprint(url)
        for url in [GOOGLE, GOOGLE.replace("https", "webcal"), " " + GOOGLE.replace(".google.com/", ".google.com:443/")]
    }
    assert len(same) == 1 and len(same.pop()) == 64
    assert fingerprint(GOOGLE) != fingerprint(GOOGLE.replace("basic", "full"))
