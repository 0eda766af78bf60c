"""Operator tools for a deployed Rapport stack (`python -m infra.ops --help`).

`redrive <queue>` replays what one dead-letter queue of template.yaml holds, each kind as its
failure records require (docs/operations.md): stream records are refreshed through `on_change`,
inbound mail is invoked again from its event, queued messages are moved back to their queue.
"""
