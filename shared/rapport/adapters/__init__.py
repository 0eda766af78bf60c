"""Adapters: the outside world (settings, AWS services other than the table) behind small classes.

Handlers build them with production defaults and pass them in; tests pass fakes.
"""
