"""The stack's KMS keys the same at every start: what a function sealed with one (a calendar's address,
`rapport.adapters.secrets`) opens again after a restart of the local runtime.

moto makes each key with a random id and random material, and the stack is provisioned anew at each start:
a ciphertext kept in the table named a key that no longer existed, and every calendar's sync failed. While
the stack is created, each key's id and material are derived instead from a secret made once in the state
dir (`kms-seed`, like `dev-key.pem`) and the key's description (the template's, one per key).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from moto.kms.models import Key

from infra.local.state import write_atomically

SEED_FILE = "kms-seed"


@contextmanager
def kept(state_dir: Path) -> Iterator[None]:
    """Keys created within: their id and material derived from the state dir's seed, the same at each start."""
    seed = _load_or_create_seed(state_dir)
    made: Counter[str] = Counter()
    create = Key.__init__

    def derived(key: Any, *args: Any, **kwargs: Any) -> None:
        create(key, *args, **kwargs)
        name = f"{key.description}\x00{made[key.description]}"  # two keys described alike stay two
        made[key.description] += 1
        old_id = key.id
        key.id = str(uuid.UUID(bytes=_derive(seed, "id", name)[:16], version=4))
        key.key_material = _derive(seed, "material", name)[: len(key.key_material)]
        key.arn = key.arn.replace(old_id, key.id)

    with mock.patch.object(Key, "__init__", derived):
        yield


def _derive(seed: bytes, purpose: str, name: str) -> bytes:
    return hmac.new(seed, f"{purpose}\x00{name}".encode(), hashlib.sha256).digest()


def _load_or_create_seed(state_dir: Path) -> bytes:
    path = state_dir / SEED_FILE
    if not path.exists():
        write_atomically(path, os.urandom(32))
    return path.read_bytes()
