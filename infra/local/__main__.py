"""`python -m infra.local [--port 3000] [--smtp-port 2525] [--state-dir .rapport]`: local Rapport, until Ctrl-C.

SIGINT and SIGTERM stop it gracefully: the streams are drained and the state saved one last time.
"""

from __future__ import annotations

import argparse
import errno
import http.client
import json
import logging
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from infra.local.runtime import DEV_EMAIL, TOKEN_FILE, Runtime
from infra.local.smtp import HOST as SMTP_HOST
from infra.local.smtp import SmtpPortInUse
from infra.local.state import StateFormatError
from infra.local.template import ROOT


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.local", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("RAPPORT_PORT", 3000)), help="default 3000, or RAPPORT_PORT"
    )
    parser.add_argument(
        "--smtp-port",
        type=int,
        default=int(os.environ.get("RAPPORT_SMTP_PORT", 2525)),
        help="where SES's inbound mail is received (default 2525, or RAPPORT_SMTP_PORT)",
    )
    parser.add_argument(
        "--state-dir", type=Path, default=ROOT / ".rapport", help="where the data lives (default .rapport/)"
    )
    return parser.parse_args()


def _shown(path: Path) -> str:
    """A path as short as it can be from where the command was run."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path.resolve())


def _inbound_address(runtime: Runtime) -> str | None:
    """The dev networker's address for logging touches by email, from GET /me as a client reads it
    (None when the API does not give one, or cannot answer)."""
    host, port = runtime.url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", "/me", headers={"Authorization": f"Bearer {runtime.token}"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            return None
        address = json.loads(body).get("inbound_address")
        return address if isinstance(address, str) and address else None
    except (OSError, ValueError, AttributeError):
        return None
    finally:
        connection.close()


def _inbound_block(runtime: Runtime) -> str:
    smtp = f"{SMTP_HOST}:{runtime.smtp_port}"
    address = _inbound_address(runtime)
    to = address or "<inbound_address>"
    message = f"From: {DEV_EMAIL}\\nTo: Ada <ada@example.com>\\nSubject: Coffee?\\n\\nCoffee next week?\\n"
    python = f'smtplib.SMTP("{SMTP_HOST}", {runtime.smtp_port}).sendmail("{DEV_EMAIL}", ["{to}"], "{message}")'
    return f"""  Inbound mail SMTP on {smtp}, received as SES would for {runtime.inbound_domain}: stored in S3, then
               handed to the inbound function. Your address: {address or f"see GET {runtime.url}/me (inbound_address)"}
               BCC it on mail to a contact, or forward it a message, to log the touch.
               For example, mail to Ada with Rapport BCC'd:
               python3 -c 'import smtplib; {python}'
               Logged against Ada if she is a contact (ada@example.com); else it waits in GET /inbound/quarantine
               and she is in GET /inbound/suggestions."""


def _banner(runtime: Runtime) -> str:
    token_file = _shown(runtime.state_dir / TOKEN_FILE)
    return f"""
Rapport is running locally, on an embedded AWS (moto) provisioned from template.yaml.

  App          {runtime.url}/  (sign in with {DEV_EMAIL}; any other email is an account of its own)
  API          {runtime.url}
  Swagger UI   {runtime.url}/docs
  OpenAPI      {runtime.url}/openapi.json
  Dev token    {runtime.token}
               (also in {token_file}; the networker behind it is {runtime.identity.networker_sub})
  Try it       curl -H "Authorization: Bearer $(cat {token_file})" {runtime.url}/me
{_inbound_block(runtime)}
  Data         {_shown(runtime.state_dir)}/: every write on disk before its answer (journal.jsonl, folded
               into state.json); a kill -9 loses nothing acknowledged
  Reactions    run within 0.2 s; POST {runtime.url}/_local/drain runs them now
  Clock        {runtime.url}/_local/clock: POST {{"advance_seconds": 86400}} lives through a day, {{"speed": 60}}
               runs it 60 times faster (a restart keeps the time, at speed 1)
  Outbox       GET {runtime.url}/_local/outbox: every email and SMS sent, also printed here as it goes

Ctrl-C to stop.
"""


def main() -> int:
    arguments = _arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("moto").setLevel(logging.ERROR)  # it lists what its CloudFormation skips
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per connection and command
    warnings.filterwarnings("ignore", message="Tried to parse .* but it's not supported by moto", category=UserWarning)
    warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
    runtime = Runtime(
        arguments.state_dir,
        arguments.port,
        smtp_port=arguments.smtp_port,
        announce=lambda line: print(line, flush=True),
    )
    try:
        runtime.start()
    except StateFormatError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 1
    except SmtpPortInUse:
        print(
            f"Cannot start: SMTP port {arguments.smtp_port} is in use (--smtp-port or RAPPORT_SMTP_PORT picks another)",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(f"Cannot start: port {arguments.port} is in use (--port or RAPPORT_PORT picks another)", file=sys.stderr)
        return 1
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    print(_banner(runtime), flush=True)
    stop.wait()
    print("Stopping: running the pending reactions and saving the data...", flush=True)
    runtime.stop()
    print(f"Stopped. The data is in {_shown(runtime.state_file)}.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
