"""Domain errors. The API maps each class to one status code; nothing matches on message text."""

from __future__ import annotations


class RapportError(Exception):
    """Base class: a message for people, and the field it is about when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(RapportError):
    """Well-formed input that breaks a rule (an unknown time zone, a phone that is no number)."""


class NotFound(RapportError):
    """Nothing of that id belongs to this networker."""


class Conflict(RapportError):
    """The write would break a uniqueness or version condition."""


class Gone(RapportError):
    """The account was deleted, or is being deleted."""


class TooManyRequests(RapportError):
    """Past a limit (codes texted, codes tried): allowed again in `retry_after` seconds."""

    def __init__(self, message: str, field: str | None = None, *, retry_after: int):
        super().__init__(message, field)
        self.retry_after = retry_after
