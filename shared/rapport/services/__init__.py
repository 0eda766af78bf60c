"""Use cases: each reads what it needs through storage, applies the domain rules, writes facts."""
