"""A calendar source's address: checked, written one way, masked and fingerprinted. Pure.

The address is a secret (whoever has it reads the calendar), and it is where the sync will connect:
so it is refused unless it is https to a host that could be public. Everything that would let one
address name a private one is refused here, before any DNS lookup: userinfo (`a@b`), a host written
as a number (`2130706433`, `0x7f.1`, `0177.0.0.1`), an IPv6 zone (`%eth0`), a host that IDNA maps to
another (`ｌｏｃａｌｈｏｓｔ`). What a name resolves to is checked again when fetching
(`rapport.adapters.calendar_fetch`), with the same `is_public`.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from urllib.parse import quote, unquote, urlsplit

from rapport.domain.calendar_fetching import FetchProblem

MAX_LENGTH = 2000
MASK_CUT = 40
ELLIPSIS = "…"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# What is wrong with an address: two of the fetch's problems (a redirect gets the same check), or its form.
NOT_HTTPS = FetchProblem.NOT_HTTPS.value
PRIVATE_ADDRESS = FetchProblem.PRIVATE_ADDRESS.value
MALFORMED = "malformed"

_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")  # a last label like these makes the host a number (WHATWG)
_PORT = re.compile(r"[0-9]{1,5}")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT
# A last path segment shown again: a file name a person gave, not a token (no digits, short).
_FILE_NAME = re.compile(r"[A-Za-z][A-Za-z _.-]{0,30}\.[A-Za-z]{2,5}")


class CalendarUrlError(ValueError):
    """An address refused: `reason` is an English sentence for a 422 on `url` (never the address)."""

    def __init__(self, reason: str, problem: str = MALFORMED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.problem = problem  # NOT_HTTPS, PRIVATE_ADDRESS or MALFORMED


def embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries and reaches (mapped, compatible, NAT64, 6to4), else itself."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    packed = int(ip)
    if ip in _NAT64 or (packed >> 32 == 0 and packed > 1):  # 64:ff9b::a.b.c.d, ::a.b.c.d
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return ip


def is_loopback(ip: IPAddress) -> bool:
    return embedded_ipv4(ip).is_loopback


def is_public(ip: IPAddress) -> bool:
    """Reachable on the internet and nothing else: not private, loopback, link-local (169.254.169.254),
    multicast, reserved, unspecified, shared (100.64/10), site-local; an IPv6 address that carries an
    IPv4 one (::ffff:127.0.0.1, 64:ff9b::a9fe:a9fe) is judged by the IPv4 address it reaches."""
    inner = embedded_ipv4(ip)
    if inner is not ip:
        return is_public(inner)
    if isinstance(ip, ipaddress.IPv6Address) and (ip.is_site_local or ip in _NAT64_LOCAL or ip.teredo):
        return False
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return False
    refused = (ip.is_private, ip.is_loopback, ip.is_link_local, ip.is_multicast, ip.is_reserved, ip.is_unspecified)
    return ip.is_global and not any(refused)


def normalise(url: str, *, allow_loopback_http: bool) -> str:
    """The address as stored and fetched: https (webcal:// and webcals:// are https), the host in
    lowercase ASCII without a trailing dot, no default port, no fragment; else CalendarUrlError.
    http is allowed only with `allow_loopback_http` (the local runtime) and a loopback host."""
    url = url.strip()
    if not url:
        raise CalendarUrlError("The address is empty.")
    if len(url) > MAX_LENGTH:
        raise CalendarUrlError(f"The address is longer than {MAX_LENGTH:,} characters.")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise CalendarUrlError("The address contains spaces or control characters.")
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("https", "http", "webcal", "webcals"):
        raise CalendarUrlError("The address must start with https:// or webcal://.", NOT_HTTPS)
    scheme = "http" if scheme == "http" else "https"
    try:
        parts = urlsplit("https://" + rest)
    except ValueError:  # a bracket not closed, or not around an IPv6 address
        raise CalendarUrlError("The address's host is not written correctly.") from None
    if "@" in parts.netloc:
        raise CalendarUrlError("The address must not contain a user name or password (before an @).")
    host, port = _host_and_port(parts.netloc)
    loopback = _check_host(host, allow_loopback_http)
    if scheme == "http" and not (allow_loopback_http and loopback):
        raise CalendarUrlError("The address must start with https:// (http is not encrypted).", NOT_HTTPS)
    if port == {"https": 443, "http": 80}[scheme]:
        port = None
    shown_host = f"[{host}]" if ":" in host else host
    written = f"{scheme}://{shown_host}{f':{port}' if port else ''}{_ascii(parts.path) or '/'}"
    if parts.query:
        written += "?" + _ascii(parts.query)
    if len(written) > MAX_LENGTH:
        raise CalendarUrlError(f"The address is longer than {MAX_LENGTH:,} characters.")
    return written


def masked(url: str) -> str:
    """What the networker sees of the address again: its host and, when it is a plain file name
    (`basic.ics`, not a token), the last segment of its path; never the query nor anything secret."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return ELLIPSIS
    if not host:
        return ELLIPSIS
    shown_host = f"[{host}]" if ":" in host else host
    origin = f"{parts.scheme}://{shown_host}{f':{port}' if port else ''}"
    last = unquote(parts.path.rstrip("/").rpartition("/")[2])
    if not _FILE_NAME.fullmatch(last):
        return f"{origin}/{ELLIPSIS}"
    middle = f"{ELLIPSIS}/" if parts.path.count("/") > 1 else ""
    return f"{origin}/{middle}{last[:MASK_CUT]}"


def fingerprint(url: str) -> str:
    """sha256 (hex) of the address as `normalise` writes it: webcal://x and https://x are one calendar.
    Meant for an address `normalise` accepted; CalendarUrlError for one it cannot write."""
    written = normalise(url, allow_loopback_http=True)  # the caller applied its own rule on http already
    return hashlib.sha256(written.encode()).hexdigest()


def _host_and_port(netloc: str) -> tuple[str, int | None]:
    if netloc.startswith("["):
        host, bracket, after = netloc[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise CalendarUrlError("The address's host is not written correctly.")
        port_text = after[1:]
        host = "[" + host  # marks an IPv6 literal for _check_host
    else:
        host, _, port_text = netloc.partition(":")
    if not port_text:
        return _canonical_host(host), None
    if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        raise CalendarUrlError("The address's port must be a number from 1 to 65535.")
    return _canonical_host(host), int(port_text)


def _canonical_host(host: str) -> str:
    """The host as DNS and TLS will see it (IDNA applied), an IP literal as ipaddress writes it."""
    if "%" in host:  # an IPv6 zone (`%25eth0`), or a host percent-encoded to hide what it is
        raise CalendarUrlError("The address's host must not contain a % sign.")
    if host.startswith("["):
        try:
            return str(ipaddress.IPv6Address(host[1:]))
        except ValueError:
            raise CalendarUrlError("The address's host is not a valid IPv6 address.") from None
    if not host:
        raise CalendarUrlError("The address has no host.")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise CalendarUrlError("The address's host is not a valid domain name.") from None
    host = host.lower()
    host = host[:-1] if host.endswith(".") else host
    labels = host.split(".")
    if _NUMERIC.fullmatch(labels[-1]):  # as a browser reads it: an IPv4 address, in whatever base
        try:
            return str(ipaddress.IPv4Address(host))  # dotted decimal only, no leading zeros
        except ValueError:
            raise CalendarUrlError("The address's host must be a domain name or a dotted IPv4 address.") from None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise CalendarUrlError("The address's host is not a valid domain name.")
    return host


def _check_host(host: str, allow_loopback: bool) -> bool:
    """Refuses a host that cannot be public; says whether it is loopback."""
    ip = _ip(host)
    if ip is None:
        loopback = host == "localhost" or host.endswith(".localhost")
        if loopback and not allow_loopback:
            raise CalendarUrlError("The address must not point to this computer (localhost).", PRIVATE_ADDRESS)
        if not loopback and "." not in host:  # `intranet`, `metadata`: names only a local resolver knows
            raise CalendarUrlError("The address's host must be a full domain name (like calendar.example.com).")
        return loopback
    if allow_loopback and is_loopback(ip):
        return True
    if not is_public(ip):
        raise CalendarUrlError(
            "The address must not point to a private, local or reserved network address.", PRIVATE_ADDRESS
        )
    return False


def _ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _ascii(text: str) -> str:
    """Non-ASCII characters percent-encoded (UTF-8), as a browser sends them."""
    return text if text.isascii() else "".join(c if c.isascii() else quote(c, safe="") for c in text)
