"""Rapport's shared package (the Lambda layer): domain, storage and services."""
