"""Reading email: the pure parts of logging touches by email (issue 4)."""

from rapport.mail.forwards import Address, Forward, find_forward, forwarded_subject

__all__ = ["Address", "Forward", "find_forward", "forwarded_subject"]
