"""Secrets kept in the table sealed with a KMS key: a calendar's address (its secret is the address).

The encryption context names whose secret it is (`domain.calendar_sources.address_context`: `networker_id`,
`calendar_id`): a sealed address copied onto another networker's or another calendar's item does not open,
and CloudTrail logs say whose was opened.
The API seals (kms:Encrypt only); the calendar sync opens (kms:Decrypt only).
"""

from __future__ import annotations

import base64


class UrlVault:
    def __init__(self, kms_client, key_id: str):
        self._kms = kms_client
        self._key_id = key_id

    def seal(self, url: str, context: dict[str, str]) -> str:
        """The address encrypted under the key, base64 (a KMS ciphertext of a URL up to 2,000 characters)."""
        sealed = self._kms.encrypt(KeyId=self._key_id, Plaintext=url.encode(), EncryptionContext=context)
        return base64.b64encode(sealed["CiphertextBlob"]).decode()

    def open(self, blob: str, context: dict[str, str]) -> str:
        """The address again; KMS refuses (InvalidCiphertextException) a blob sealed with another context."""
        opened = self._kms.decrypt(KeyId=self._key_id, CiphertextBlob=base64.b64decode(blob), EncryptionContext=context)
        return opened["Plaintext"].decode()
