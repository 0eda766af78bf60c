"""The languages Rapport speaks to a networker in."""

from enum import StrEnum


class Locale(StrEnum):
    FR = "fr"
    EN = "en"
