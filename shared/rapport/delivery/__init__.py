"""Delivery: what a networker is told (digests), when (schedules), and how it is sent."""
