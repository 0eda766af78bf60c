"""Who wrote an inbound message, read strictly from its From header: what decides whether a message may
be logged as the networker's own, so nothing a stranger wrote passes for theirs.

RFC 5322 3.6.2 and 3.4: exactly one From header holding exactly one mailbox, not a group; its address
written out as is (RFC 2047 5 forbids an encoded-word in an address); no other address anywhere in the
header (a display name or a comment holding one is what a mail client shows as the sender); nothing the
stdlib's modern parser reports as malformed. Obsolete syntax that readers must accept (RFC 5322 4) and a
UTF-8 address (RFC 6532) are fine. The address itself is what is compared, never a display name.
"""

from __future__ import annotations

import email.errors
import email.policy

from rapport.mail.forwards import Address
from rapport.mail.headers import EMAIL

__all__ = ["read_author"]

# The longest From header read: longer ones are in doubt (the stdlib parser is quadratic on some values).
FROM_LIMIT = 8_000
_HARMLESS = (email.errors.ObsoleteHeaderDefect, email.errors.NonASCIILocalPartDefect)
_SHOWN = 200  # characters of the header quoted in a doubt


def read_author(values: list[str], problems: list[str]) -> tuple[Address | None, str | None]:
    """The author from the message's From header values (decoded to text, in order). (None, why) when
    the header leaves it in doubt: the caller never takes such a message for the networker's, whatever
    address it seems to hold. (None, None) with a problem when there is no author at all."""
    if not values:
        problems.append("no From header")
        return None, None
    if len(values) > 1:
        return None, f"it has {len(values)} From headers"
    if len(values[0]) > FROM_LIMIT:
        return None, f"its From header is over {FROM_LIMIT:,} characters"
    value = " ".join(values[0].split())  # unfolded, control characters as spaces
    shown = f"From: {value[:_SHOWN]}"
    try:
        header = email.policy.default.header_factory("from", value)
        mailboxes = [mailbox for group in header.groups for mailbox in group.addresses]
    except Exception:  # the parser recurses per nested comment: a RecursionError
        return None, f"its From header could not be read ({shown})"
    if any(group.display_name is not None for group in header.groups):
        return None, f"its From header is a group, not one sender ({shown})"
    if not mailboxes:
        problems.append("no address in the From header")
        return None, None
    if len(mailboxes) > 1:
        return None, f"its From header names {len(mailboxes)} senders ({shown})"
    address = mailboxes[0].addr_spec
    if "@" not in address or address.casefold() not in value.casefold():
        written = "encoded" if "=?" in value else "in a form that is not an address"
        return None, f"its sender's address is written {written} ({shown})"
    rest = f"{value} {header}".casefold().replace(address.casefold(), " ")  # as written, and decoded
    if "@" in rest:
        other = EMAIL.search(rest)
        if other is None:
            return None, f"its From header holds more than the address {address} ({shown})"
        return None, f"its From header holds two addresses, {address} and {other.group()} ({shown})"
    malformed = [defect for defect in header.defects if not isinstance(defect, _HARMLESS)]
    if malformed:
        return None, f"its From header is malformed: {malformed[0]} ({shown})"
    return Address(mailboxes[0].display_name.strip() or None, address), None
