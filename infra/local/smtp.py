"""SES's inbound SMTP endpoint, on 127.0.0.1: mail sent here is received as SES would receive it.

An aiosmtpd listener takes a recipient (RCPT TO) only when a rule of the active receipt rule set
takes it (`ses.Receiver.accepts`), else answers `550 5.1.1` naming what it accepts; it refuses a
message over SES's 40 MB, headers included (`552`, at MAIL FROM when the client declares its SIZE,
else after DATA). It takes what SES documents no limit for: lines of any length within that size
(aiosmtpd refuses a line over RFC 5321's 1,000 octets by default), 8-bit data (8BITMIME) and raw
UTF-8 in headers (RFC 6532). SMTPUTF8 is not offered, as SES does not support it: a UTF-8 address
in the envelope (MAIL FROM, RCPT TO) is refused. Once a message is in, the receiver stores it and
invokes the rule's function (`ses.Receiver`), and only then the listener answers `250 OK <messageId>`.
See docs/decisions.md, "Mail as SES receives it".

Knowingly unlike SES:
- SES answers 250 as soon as the message is safely stored and runs the actions after; here they run
  before the answer, so a client that got 250 finds its message processed (tests need no waiting);
  a message the runtime could not store is answered `451` (try again), as SES would;
- SES refuses mail sent without TLS when the rule says `TlsPolicy: Require`; this listener speaks
  plain SMTP on the loopback interface only, and does not enforce it;
- sessions wait for each other while a message is handled (every function runs under one lock
  anyway).
"""

from __future__ import annotations

import errno
import logging
import socket

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from infra.local.ses import Receiver

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
MAX_MESSAGE_BYTES = 40 * 1024 * 1024  # SES's limit for a received message, headers included
SERVER_NAME = "inbound-smtp.rapport.local"  # given explicitly: aiosmtpd's default looks up the FQDN


class SmtpPortInUse(Exception):
    """The SMTP port is taken by another program."""

    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is in use")
        self.port = port


class _Handler:
    """aiosmtpd's hooks: the recipient check and the hand-over of a complete message."""

    def __init__(self, receiver: Receiver) -> None:
        self._receiver = receiver

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if not self._receiver.accepts(address):
            accepted = ", ".join(self._receiver.accepted)
            reason = f"this server receives mail for {accepted} only" if accepted else "no receipt rule is active"
            return f"550 5.1.1 <{address}>: recipient rejected; {reason}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        # Run in the listener's loop, not in a worker thread: stopping the listener then waits for a
        # message being handled, so it never runs on after the runtime has stopped moto.
        try:
            message_id = self._receiver.receive(envelope.original_content, envelope.mail_from, envelope.rcpt_tos)
        except Exception:
            logger.exception("could not receive a message from <%s>", envelope.mail_from)
            return "451 4.3.0 the local runtime could not take the message (see its log); try again"
        return f"250 OK {message_id}"


class _Smtp(SMTP):
    """aiosmtpd's server with no line-length limit of its own: a line may be as long as a message may be.
    (The limit is also the stream reader's buffer size, so it cannot simply be None.)"""

    line_length_limit = MAX_MESSAGE_BYTES


class _Controller(Controller):
    """aiosmtpd's threaded controller on a socket bound beforehand: the port is known (and its being
    taken reported) before the listener's thread starts, and port 0 picks a free one."""

    def __init__(self, handler: _Handler, sock: socket.socket, **smtp_parameters) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **smtp_parameters)
        self._socket = sock

    def factory(self) -> SMTP:
        return _Smtp(self.handler, **self.SMTP_kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._socket)


class SmtpListener:
    """Listens on 127.0.0.1:`port` (0: any free port) between `start()` and `stop()`."""

    def __init__(self, receiver: Receiver, port: int = 0) -> None:
        self._receiver = receiver
        self.port = port  # the bound one once started, kept after the stop
        self._controller: _Controller | None = None

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio does: restarts at once
        try:
            sock.bind((HOST, self.port))
        except OSError as error:
            sock.close()
            if error.errno == errno.EADDRINUSE:
                raise SmtpPortInUse(self.port) from None
            raise
        controller = _Controller(
            _Handler(self._receiver),
            sock,
            server_hostname=SERVER_NAME,
            ident="Rapport local SES inbound",
            data_size_limit=MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=False,
        )
        try:
            controller.start()
        except BaseException:
            sock.close()
            raise
        self._controller = controller
        self.port = controller.port
        logger.info("SMTP listener on %s:%d", HOST, self.port)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
