"""Each function's configuration, from the environment the template gives it (each handler keeps
its own, read once per container)."""

from __future__ import annotations

import os
from typing import TypeVar

from pydantic import Field

from rapport.domain.model import Model
from rapport.storage import keys


class TableSettings(Model):
    table_name: str = Field(alias="TABLE_NAME")


class ApiSettings(TableSettings):
    inbound_domain: str = Field(alias="INBOUND_DOMAIN")
    imports_bucket: str = Field(alias="IMPORTS_BUCKET")
    exports_bucket: str = Field(alias="EXPORTS_BUCKET")
    calendar_key_id: str = Field(alias="CALENDAR_KEY_ID")  # seals calendar addresses (adapters/secrets.py)
    # Only the local runtime (infra/local) sets it, never the template: calendars at http://127.0.0.1 for tests.
    calendars_allow_loopback_http: bool = Field(default=False, alias="CALENDARS_ALLOW_LOOPBACK_HTTP")


class OnChangeSettings(TableSettings):
    digest_schedule_group: str = Field(alias="DIGEST_SCHEDULE_GROUP")
    delivery_queue_arn: str = Field(alias="DELIVERY_QUEUE_ARN")
    delivery_queue_url: str = Field(alias="DELIVERY_QUEUE_URL")
    delivery_dead_letters_arn: str = Field(alias="DELIVERY_DEAD_LETTERS_ARN")
    scheduler_role_arn: str = Field(alias="SCHEDULER_ROLE_ARN")
    import_queue_url: str = Field(alias="IMPORT_QUEUE_URL")
    export_queue_url: str = Field(alias="EXPORT_QUEUE_URL")
    account_deletion_queue_url: str = Field(alias="ACCOUNT_DELETION_QUEUE_URL")
    calendar_sync_queue_arn: str = Field(alias="CALENDAR_SYNC_QUEUE_ARN")  # the hourly schedules' target
    calendar_sync_queue_url: str = Field(alias="CALENDAR_SYNC_QUEUE_URL")  # a new calendar's first sync
    calendar_sync_dead_letters_arn: str = Field(alias="CALENDAR_SYNC_DEAD_LETTERS_ARN")


class DeliverSettings(TableSettings):
    sender_email: str = Field(alias="SENDER_EMAIL")
    public_url: str = Field(alias="PUBLIC_API_URL")
    app_url: str = Field(alias="APP_URL")


class InboundEmailSettings(TableSettings):
    inbound_domain: str = Field(alias="INBOUND_DOMAIN")
    bucket: str = Field(alias="INBOUND_BUCKET")
    prefix: str = Field(alias="RAW_MAIL_PREFIX")
    retention_days: int = Field(alias="RAW_MAIL_RETENTION_DAYS")


class CalendarSyncSettings(TableSettings):
    calendar_key_id: str = Field(alias="CALENDAR_KEY_ID")  # opens the calendar addresses (adapters/secrets.py)
    # Only the local runtime (infra/local) sets it, never the template: calendars at http://127.0.0.1 for tests.
    calendars_allow_loopback_http: bool = Field(default=False, alias="CALENDARS_ALLOW_LOOPBACK_HTTP")


class ImportSettings(TableSettings):
    imports_bucket: str = Field(alias="IMPORTS_BUCKET")
    max_receives: int = Field(alias="IMPORT_MAX_RECEIVES")  # the import queue's redrive maxReceiveCount


class ExportSettings(TableSettings):
    exports_bucket: str = Field(alias="EXPORTS_BUCKET")
    inbound_bucket: str = Field(alias="INBOUND_BUCKET")
    raw_mail_prefix: str = Field(alias="RAW_MAIL_PREFIX")
    max_receives: int = Field(alias="EXPORT_MAX_RECEIVES")  # the export queue's redrive maxReceiveCount


class AccountDeletionSettings(TableSettings):
    digest_schedule_group: str = Field(alias="DIGEST_SCHEDULE_GROUP")
    imports_bucket: str = Field(alias="IMPORTS_BUCKET")
    exports_bucket: str = Field(alias="EXPORTS_BUCKET")
    inbound_bucket: str = Field(alias="INBOUND_BUCKET")
    user_pool_id: str = Field(alias="USER_POOL_ID")

    def folders(self, networker_id: str) -> list[tuple[str, str]]:
        """Every bucket holding files of a networker's, with the prefix of theirs: the one list (a bucket
        added for a networker's files goes here, its name in the delete_account function's environment).
        The raw mail is found from their items instead (`storage/accounts.py`)."""
        return [
            (self.imports_bucket, keys.import_files(networker_id)),
            (self.exports_bucket, keys.export_archives(networker_id)),
        ]


S = TypeVar("S", bound=TableSettings)


def load(kind: type[S]) -> S:
    return kind.model_validate(os.environ)
