"""The calendar fetcher against real servers on 127.0.0.1 (http and https): conditional GET, redirects,
limits of size and time, and every way an address could lead it to a private network."""

from __future__ import annotations

import gzip
import logging
import socket
import threading
import time
import zlib

import pytest

from rapport.adapters import calendar_fetch
from rapport.adapters.calendar_fetch import CalendarFetcher, FetchFailed, FetchProblem
from tests.fakes.calendar_server import CalendarServer, Reply

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
SECRET = "/private-5e3cre7/basic.ics"
NAME = "calendar.example"  # a public-looking name the tests resolve themselves


def resolver(*addresses: str):
    """getaddrinfo's shape, answering `addresses` for any name (and recording the names asked)."""

    def resolve(host, port, family=0, kind=0, *_):
        resolve.asked.append(host)
        return [
            (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in addresses
        ]

    resolve.asked = []
    return resolve


def local(**options) -> CalendarFetcher:
    return CalendarFetcher(allow_loopback_http=True, **options)


def failure(fetcher: CalendarFetcher, url: str, etag=None, last_modified=None) -> FetchFailed:
    with pytest.raises(FetchFailed) as caught:
        fetcher.fetch(url, etag, last_modified)
    assert "5e3cre7" not in str(caught.value) and "5e3cre7" not in caught.value.detail  # the address is a secret
    return caught.value


@pytest.fixture
def server():
    with CalendarServer() as running:
        yield running


@pytest.fixture
def tls_server():
    with CalendarServer(tls_names=(NAME,)) as running:
        yield running


# Conditional GET


def test_a_calendar_is_read_then_not_modified_by_its_etag(server):
    server.serve(SECRET, ICS, headers={"ETag": '"v1"', "Content-Type": "text/calendar"}, not_modified_on='"v1"')
    first = local().fetch(server.url(SECRET), None, None)
    assert (first.status, first.body, first.etag, first.last_modified) == ("changed", ICS, '"v1"', None)

    second = local().fetch(server.url(SECRET), first.etag, None)
    assert (second.status, second.body, second.etag) == ("not_modified", None, '"v1"')
    asked = server.requests[-1][1]
    assert asked["If-None-Match"] == '"v1"'
    assert asked["User-Agent"] == "Rapport-Calendar/1.0 (+https://rapport.example/calendars)"
    assert asked["Accept"].startswith("text/calendar") and asked["Accept-Encoding"] == "gzip"
    assert asked["Host"] == f"127.0.0.1:{server.port}"


def test_last_modified_is_sent_back_and_a_304_keeps_it(server):
    stamp = "Tue, 01 Dec 2026 09:00:00 GMT"

    def conditional(handler):
        unchanged = handler.headers.get("If-Modified-Since") == stamp
        handler.send_response(304 if unchanged else 200)
        handler.send_header("Last-Modified", stamp)
        handler.send_header("Content-Length", "0" if unchanged else str(len(ICS)))
        handler.end_headers()
        handler.wfile.write(b"" if unchanged else ICS)

    server.routes[SECRET] = conditional
    first = local().fetch(server.url(SECRET), None, None)
    assert (first.status, first.last_modified, first.etag) == ("changed", stamp, None)
    second = local().fetch(server.url(SECRET), None, first.last_modified)
    assert (second.status, second.body, second.last_modified) == ("not_modified", None, stamp)


@pytest.mark.parametrize("date", ["Tue, 01 Dec 2026 09:00:00 GMT", "Tue, 01 Dec 2026 08:59:59 GMT", None])
def test_a_last_modified_in_the_same_second_as_the_answer_is_not_kept(server, date):
    """A file saved twice in a second (`python -m http.server` serves it so) would answer 304 over the second save."""

    def answer(handler):
        handler.send_response_only(200)
        handler.send_header("Last-Modified", "Tue, 01 Dec 2026 09:00:00 GMT")
        if date:
            handler.send_header("Date", date)
        handler.send_header("Content-Length", str(len(ICS)))
        handler.end_headers()
        handler.wfile.write(ICS)

    server.routes[SECRET] = answer
    assert local().fetch(server.url(SECRET), None, None).last_modified is None


def test_a_304_to_an_unconditional_request_is_a_server_error(server):
    server.serve(SECRET, status=304)
    assert failure(local(), server.url(SECRET)).code == FetchProblem.SERVER_ERROR


def test_validators_that_could_inject_headers_are_not_sent(server):
    server.serve(SECRET, ICS, headers={"ETag": "x" * 300})
    fetched = local().fetch(server.url(SECRET), '"v1"\r\nX-Injected: yes', "Tue\nX-Injected: yes")
    assert fetched.etag is None  # too long to keep
    asked = server.requests[-1][1]
    assert "If-None-Match" not in asked and "If-Modified-Since" not in asked and "X-Injected" not in asked


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, FetchProblem.NOT_FOUND),
        (410, FetchProblem.NOT_FOUND),
        (401, FetchProblem.FORBIDDEN),
        (403, FetchProblem.FORBIDDEN),
        (500, FetchProblem.SERVER_ERROR),
        (503, FetchProblem.SERVER_ERROR),
        (418, FetchProblem.SERVER_ERROR),
        (206, FetchProblem.SERVER_ERROR),
        (300, FetchProblem.SERVER_ERROR),
    ],
)
def test_statuses_are_told_apart(server, status, code):
    server.serve(SECRET, b"nope", status=status)
    assert failure(local(), server.url(SECRET)).code == code


# Redirects


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_followed_up_to_three(server, status):
    server.routes["/a"] = redirect("/b", status)
    server.routes["/b"] = redirect(server.url("/c"), status)  # absolute
    server.routes["/c"] = redirect(f"http://localhost:{server.port}{SECRET}", status)
    server.serve(SECRET, ICS)
    assert local().fetch(server.url("/a"), None, None).body == ICS
    assert [path for path, _ in server.requests] == ["/a", "/b", "/c", SECRET]


def test_a_fourth_redirect_is_too_many(server):
    for here, there in [("/a", "/b"), ("/b", "/c"), ("/c", "/d"), ("/d", SECRET)]:
        server.routes[here] = redirect(there)
    server.serve(SECRET, ICS)
    assert failure(local(), server.url("/a")).code == FetchProblem.TOO_MANY_REDIRECTS
    assert failure(local(max_redirects=0), server.url("/d")).code == FetchProblem.TOO_MANY_REDIRECTS


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/calendar.ics",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://100.64.0.1/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://192.168.1.1./",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(server, location):
    server.routes[SECRET] = redirect(location)
    assert failure(local(), server.url(SECRET)).code == FetchProblem.PRIVATE_ADDRESS


def test_a_redirect_to_a_name_of_a_private_address_is_refused(server):
    server.routes[SECRET] = redirect("https://internal.example/x.ics")
    resolve = resolver("127.0.0.1", "10.1.2.3")  # one private address among allowed ones is enough
    assert failure(local(resolve=resolve), server.url(SECRET)).code == FetchProblem.PRIVATE_ADDRESS
    assert resolve.asked == ["internal.example"]


def test_a_redirect_from_https_to_http_is_refused(tls_server):
    tls_server.routes[SECRET] = redirect(f"http://{NAME}:{tls_server.port}/calendar.ics")
    fetcher = local(resolve=resolver("127.0.0.1"), ca_certs=tls_server.ca_file)
    assert failure(fetcher, tls_server.url(SECRET, NAME)).code == FetchProblem.NOT_HTTPS


def test_nothing_logged_names_the_address(server, caplog):
    server.routes["/a"] = redirect(SECRET)
    server.routes[SECRET] = redirect(f"https://169.254.169.254{SECRET}")
    with caplog.at_level(logging.DEBUG):
        failure(local(), server.url("/a"))
    assert "5e3cre7" not in caplog.text


def test_a_redirect_without_a_location_is_a_server_error(server):
    server.serve(SECRET, status=302)
    assert failure(local(), server.url(SECRET)).code == FetchProblem.SERVER_ERROR


def test_a_redirect_to_a_userinfo_trick_is_refused(server):
    server.routes[SECRET] = redirect("https://calendar.example@10.0.0.1/")
    assert failure(local(), server.url(SECRET)).code == FetchProblem.SERVER_ERROR


# TLS on the name, to the address resolved


def test_https_connects_to_the_resolved_address_and_checks_the_certificate_on_the_name(tls_server):
    tls_server.serve(SECRET, ICS)
    resolve = resolver("127.0.0.1")
    fetched = local(resolve=resolve, ca_certs=tls_server.ca_file).fetch(tls_server.url(SECRET, NAME), None, None)
    assert fetched.body == ICS
    assert resolve.asked == [NAME]  # once: the connection went to the address it gave (no second lookup)
    assert tls_server.requests[-1][1]["Host"] == f"{NAME}:{tls_server.port}"


def test_a_certificate_for_another_name_is_refused(tls_server):
    tls_server.serve(SECRET, ICS)
    fetcher = local(resolve=resolver("127.0.0.1"), ca_certs=tls_server.ca_file)
    assert failure(fetcher, tls_server.url(SECRET, "other.example")).code == FetchProblem.UNREACHABLE
    assert failure(fetcher, tls_server.url(SECRET)).code == FetchProblem.UNREACHABLE  # no IP in the certificate


def test_a_certificate_from_an_unknown_authority_is_refused(tls_server):
    tls_server.serve(SECRET, ICS)
    fetcher = local(resolve=resolver("127.0.0.1"))  # the system's authorities only
    assert failure(fetcher, tls_server.url(SECRET, NAME)).code == FetchProblem.UNREACHABLE


# Addresses


@pytest.mark.parametrize(
    "address", ["10.0.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "127.0.0.1", "0.0.0.0", "fe80::1%eth0"]
)
def test_a_name_resolving_to_a_private_address_is_refused(address):
    resolve = resolver(address)
    problem = failure(CalendarFetcher(resolve=resolve), f"https://{NAME}{SECRET}")
    assert problem.code == FetchProblem.PRIVATE_ADDRESS
    assert resolve.asked == [NAME]


def test_a_name_of_public_addresses_is_connected_to_at_those_addresses():
    public = ("93.184.216.34", "2606:2800:220:1::", "93.184.216.34", "8.8.8.8", "1.1.1.1")
    addresses = CalendarFetcher(resolve=resolver(*public))._addresses(NAME, 443)
    assert addresses == ["93.184.216.34", "2606:2800:220:1::", "8.8.8.8"]  # once each, three at most


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "fd00::1", "100.64.0.1", "224.0.0.1"])
def test_the_local_runtime_allows_loopback_and_nothing_else_private(address):
    assert failure(local(resolve=resolver(address)), f"https://{NAME}{SECRET}").code == FetchProblem.PRIVATE_ADDRESS


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/cal.ics",
        "https://127.0.0.1/cal.ics",
        "https://localhost/cal.ics",
        "https://[::1]/cal.ics",
        "https://2130706433/cal.ics",
    ],
)
def test_loopback_is_refused_outside_the_local_runtime(url):
    resolve = resolver("127.0.0.1")
    assert failure(CalendarFetcher(resolve=resolve), url).code in (
        FetchProblem.PRIVATE_ADDRESS,
        FetchProblem.SERVER_ERROR,
    )
    assert resolve.asked == []  # refused before any lookup


def test_http_is_refused_but_for_loopback_in_the_local_runtime():
    assert failure(local(resolve=resolver("127.0.0.1")), f"http://{NAME}/cal.ics").code == FetchProblem.NOT_HTTPS
    assert failure(CalendarFetcher(), "ftp://calendar.example/cal.ics").code == FetchProblem.NOT_HTTPS


def test_a_name_that_does_not_resolve_is_unreachable():
    def unknown(*_):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    assert failure(CalendarFetcher(resolve=unknown), f"https://{NAME}{SECRET}").code == FetchProblem.UNREACHABLE
    assert failure(CalendarFetcher(resolve=resolver()), f"https://{NAME}{SECRET}").code == FetchProblem.UNREACHABLE


def test_a_closed_port_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: the connection is refused
        assert failure(local(), f"http://127.0.0.1:{port}{SECRET}").code == FetchProblem.UNREACHABLE


# Size


def test_a_body_over_the_limit_is_refused_by_its_content_length(server):
    server.serve(SECRET, b"x" * 1001)
    assert failure(local(max_bytes=1000), server.url(SECRET)).code == FetchProblem.TOO_LARGE
    server.serve(SECRET, b"x" * 1000)
    assert local(max_bytes=1000).fetch(server.url(SECRET), None, None).body == b"x" * 1000


def test_a_body_over_the_limit_is_refused_without_a_content_length(server):
    server.serve(SECRET, b"x" * 200_000, length=False)  # ends when the server closes
    assert failure(local(max_bytes=100_000), server.url(SECRET)).code == FetchProblem.TOO_LARGE


def test_a_content_length_that_lies_does_not_get_more_read(server):
    def liar(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "10")
        handler.end_headers()
        handler.wfile.write(b"x" * 200_000)

    server.routes[SECRET] = liar
    assert local(max_bytes=100_000).fetch(server.url(SECRET), None, None).body == b"x" * 10


def test_a_chunked_body_over_the_limit_is_refused(server):
    def chunked(handler):
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in range(50):
            handler.wfile.write(b"1000\r\n" + b"x" * 0x1000 + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")

    server.routes[SECRET] = chunked
    assert failure(local(max_bytes=100_000), server.url(SECRET)).code == FetchProblem.TOO_LARGE
    assert local(max_bytes=300_000).fetch(server.url(SECRET), None, None).body == b"x" * 50 * 0x1000


# Compression


def test_a_gzipped_calendar_is_read(server):
    server.serve(SECRET, gzip.compress(ICS * 100, mtime=0), headers={"Content-Encoding": "gzip"})
    assert local().fetch(server.url(SECRET), None, None).body == ICS * 100


def test_a_deflated_calendar_is_read(server):
    server.serve(SECRET, zlib.compress(ICS), headers={"Content-Encoding": "deflate"})
    assert local().fetch(server.url(SECRET), None, None).body == ICS


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """30 MB of zeros in 30 KB of gzip."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1_000_000)
    return b"".join(packer.compress(zeros) for _ in range(30)) + packer.flush()


def test_a_gzip_bomb_stops_at_the_limit(server, bomb):
    assert len(bomb) < 50_000
    server.serve(SECRET, bomb, headers={"Content-Encoding": "gzip"})
    started = time.monotonic()
    assert failure(local(max_bytes=1_000_000), server.url(SECRET)).code == FetchProblem.TOO_LARGE
    assert time.monotonic() - started < LATE  # stopped early, not after inflating 30 MB


def test_a_bomb_in_one_chunk_never_inflates_past_the_limit(bomb):
    body = calendar_fetch._Body("gzip", 1_000_000)
    with pytest.raises(FetchFailed) as caught:
        body.feed(bomb)
    assert caught.value.code == FetchProblem.TOO_LARGE
    assert len(body.data) <= 1_000_001


CUT_GZIP = gzip.compress(ICS, mtime=0)[:-12]  # no time stamp in the bytes: the test id is the same in every worker


@pytest.mark.parametrize(("encoding", "body"), [("gzip", CUT_GZIP), ("gzip", b"not gzip"), ("br", ICS)])
def test_a_broken_or_unknown_encoding_is_a_server_error(server, encoding, body):
    server.serve(SECRET, body, headers={"Content-Encoding": encoding})
    assert failure(local(), server.url(SECRET)).code == FetchProblem.SERVER_ERROR


# Time

# Stopped by the deadline, not by the server giving up: far below never, with room for a loaded machine.
LATE = 5.0


def test_a_server_dripping_its_body_hits_the_deadline(server):
    def drip(handler):
        handler.send_response(200)
        handler.end_headers()
        while not server.released.wait(0.01):
            handler.wfile.write(b"x")
            handler.wfile.flush()

    server.routes[SECRET] = drip
    started = time.monotonic()
    assert failure(local(timeout=0.3), server.url(SECRET)).code == FetchProblem.TIMEOUT
    assert 0.3 <= time.monotonic() - started < LATE


def test_a_server_dripping_its_headers_hits_the_deadline(server):
    def drip(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not server.released.wait(0.01):
            handler.wfile.write(b"X-Slow: y\r\n")
            handler.wfile.flush()

    server.routes[SECRET] = drip
    started = time.monotonic()
    assert failure(local(timeout=0.3), server.url(SECRET)).code == FetchProblem.TIMEOUT
    assert time.monotonic() - started < LATE


def test_a_server_that_never_answers_hits_the_deadline(server):
    server.routes[SECRET] = lambda handler: server.released.wait()
    assert failure(local(timeout=0.2), server.url(SECRET)).code == FetchProblem.TIMEOUT


def test_a_tls_handshake_that_never_ends_hits_the_deadline():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
        thread.start()
        fetcher = local(timeout=0.2, resolve=resolver("127.0.0.1"))
        started = time.monotonic()
        assert failure(fetcher, f"https://{NAME}:{listener.getsockname()[1]}{SECRET}").code == FetchProblem.TIMEOUT
        assert time.monotonic() - started < LATE
        thread.join()
        accepted[0].close()


# The local runtime's switch


def test_a_fetcher_allowing_loopback_says_so(caplog):
    with caplog.at_level(logging.INFO, logger="rapport.adapters.calendar_fetch"):
        CalendarFetcher()
        CalendarFetcher(allow_loopback_http=True)
    assert [record.getMessage() for record in caplog.records] == ["loopback calendars allowed: local runtime only"]
