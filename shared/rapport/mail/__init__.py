"""Reading email: the pure parts of logging touches by email (issue 4)."""

from rapport.mail.forwards import Address, Forward, find_forward, forwarded_subject
from rapport.mail.message import InboundMessage, read_message

__all__ = ["Address", "Forward", "InboundMessage", "find_forward", "forwarded_subject", "read_message"]
