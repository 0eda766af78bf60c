"""The pure domain: models and rules in the glossary's words. No AWS, no clock: time comes in."""
