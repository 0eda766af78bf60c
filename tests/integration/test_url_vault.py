"""Calendar addresses sealed with KMS (adapters/secrets.py), on moto's KMS."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local.provision import use_local_aws_environment
from rapport.adapters.secrets import UrlVault
from rapport.domain.calendar_sources import address_context

URL = "https://calendar.example.com/private-3f9a/basic.ics?token=s3cr3t"


@pytest.fixture
def vault():
    use_local_aws_environment()
    with mock_aws():
        kms = boto3.client("kms", region_name="us-east-1")
        key_id = kms.create_key(Description="calendars")["KeyMetadata"]["KeyId"]
        yield UrlVault(kms, key_id)


def test_an_address_sealed_opens_again_with_its_context_only(vault):
    mine = address_context("networker-1", "cal-1")
    sealed = vault.seal(URL, mine)
    assert "s3cr3t" not in sealed and "calendar.example.com" not in sealed
    assert vault.open(sealed, mine) == URL
    for theirs in (address_context("networker-2", "cal-1"), address_context("networker-1", "cal-2")):
        with pytest.raises(ClientError) as refused:
            vault.open(sealed, theirs)
        assert refused.value.response["Error"]["Code"] == "InvalidCiphertextException"
