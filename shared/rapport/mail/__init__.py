"""Reading email: the pure parts of logging touches by email (issue 4)."""

from rapport.mail.forwards import Address, Forward, find_forward, forwarded_subject
from rapport.mail.invitation import Invitation
from rapport.mail.message import InboundMessage, read_message

__all__ = ["Address", "Forward", "InboundMessage", "Invitation", "find_forward", "forwarded_subject", "read_message"]
