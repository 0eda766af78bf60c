"""SES and SNS: the emails and texts Rapport sends.

`Texts` is SNS alone (transactional SMS, the opt-out list), for replies already made once by their caller;
`AwsSenders` makes each email or text idempotent on its send key (Powertools idempotency records in the table,
configured by the handler, which gives them its Lambda context), so a retry after a crash between the send and
its record does not send again.
"""

from __future__ import annotations

from email.message import EmailMessage

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from rapport.storage import keys
from rapport.storage.sends import SendKey

TRANSACTIONAL = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}


class Texts:
    """SMS by SNS."""

    def __init__(self, sns):
        self._sns = sns

    def send(self, phone: str, text: str) -> str:
        return self._sns.publish(PhoneNumber=phone, Message=text, MessageAttributes=TRANSACTIONAL)["MessageId"]

    def opted_out(self, phone: str) -> bool:
        return self._sns.check_if_phone_number_is_opted_out(phoneNumber=phone)["isOptedOut"]


class AwsSenders:
    """Emails by SES and texts by SNS, each at most once per send key."""

    def __init__(
        self,
        ses,
        texts: Texts,
        table_name: str,
        idempotency: IdempotencyConfig,
        address: str,
        public_url: str,
        app_url: str,
    ):
        self.address = address
        self.public_url = public_url
        self.app_url = app_url
        self._ses, self._texts = ses, texts
        persistence = DynamoDBPersistenceLayer(
            table_name=table_name, key_attr="pk", sort_key_attr="sk", static_pk_value=keys.IDEMPOTENCY_SENDS
        )

        def once(prefix: str):
            return idempotent_function(
                data_keyword_argument="key", persistence_store=persistence, config=idempotency, key_prefix=prefix
            )

        # Named prefixes (not the function's name): a deleted networker's records are found from their sends.
        self._email_once = once(keys.SENT_EMAIL_ONCE)(self._send_email)
        self._sms_once = once(keys.SENT_SMS_ONCE)(self._send_sms)

    def email(self, key: SendKey, message: EmailMessage) -> str:
        return self._email_once(key=key.model_dump(), message=message)

    def sms(self, key: SendKey, phone: str, text: str) -> str:
        return self._sms_once(key=key.model_dump(), phone=phone, text=text)

    def opted_out(self, phone: str) -> bool:
        return self._texts.opted_out(phone)

    def _send_email(self, key: dict, message: EmailMessage) -> str:
        raw = {"Data": message.as_bytes()}
        return self._ses.send_raw_email(Source=self.address, Destinations=[message["To"]], RawMessage=raw)["MessageId"]

    def _send_sms(self, key: dict, phone: str, text: str) -> str:
        return self._texts.send(phone, text)
