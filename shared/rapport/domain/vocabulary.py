"""The glossary's closed lists that many models share: a contact's stage, circle and priority, a touch's
kind and direction. Kept apart from the models so that what needs only a word does not import them (a cold start
of GET /me reads the greetings seasons, which name circles and kinds)."""

from enum import StrEnum


class Stage(StrEnum):
    TO_MEET = "to_meet"  # wanted, or connected online but never really met
    MET = "met"  # a real first meeting happened


class Priority(StrEnum):
    """How much meeting a contact to meet matters: the digest nudges the highest first."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"  # a LinkedIn connection, until the networker says otherwise


class Circle(StrEnum):
    INNER = "inner"
    ACTIVE = "active"
    NETWORK = "network"
    LOOSE = "loose"


class Kind(StrEnum):
    MEETING = "meeting"
    COFFEE = "coffee"
    LUNCH = "lunch"
    CALL = "call"
    VIDEO_CALL = "video_call"
    MESSAGE = "message"
    EMAIL = "email"
    EVENT = "event"
    GREETING = "greeting"
    INTRODUCTION = "introduction"
    HELP = "help"


class Direction(StrEnum):
    OUTBOUND = "outbound"  # the networker reached out
    INBOUND = "inbound"  # the contact did
    MUTUAL = "mutual"
