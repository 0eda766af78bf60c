"""Deliveries: one module per kind of message (found by the request's kind in `kinds.KINDS`), each sent at
most once by `send.send_once`."""
