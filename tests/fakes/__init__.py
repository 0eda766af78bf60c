"""In-memory stand-ins for the outside world, for fast unit tests of services and handlers.

Each fake keeps the interface of what it replaces (a DynamoDB client, an adapter) and is checked
against the real thing (moto) by a contract test, so that a test passing on a fake means something.
"""
