"""`python -m infra.bench` (`make bench`): the figures in order, then the summary table."""

from __future__ import annotations

import logging
import time
import warnings

from infra.bench import cost
from infra.bench.account_export import CONTACTS, export_cost
from infra.bench.calendar_sync import EVENTS as CALENDAR_EVENTS
from infra.bench.calendar_sync import calendar_sync_cost
from infra.bench.cold_start import COLD_START_TARGET, cold_start
from infra.bench.contact_imports import ROWS as CONTACT_ROWS
from infra.bench.contact_imports import contact_import_timings
from infra.bench.deletion import CONTACTS as DELETED_CONTACTS
from infra.bench.deletion import TOUCHES as DELETED_TOUCHES
from infra.bench.deletion import deletion_timings
from infra.bench.duplicates import CONTACTS as DUPLICATE_CONTACTS
from infra.bench.duplicates import duplicate_detection
from infra.bench.durability import IMPORT_ROWS, import_beside_requests, journal_cost
from infra.bench.imports import ROWS, import_timings
from infra.bench.inbound import inbound_rates
from infra.bench.memory import MEMORY_TARGET, MESSAGE_MB, attachment_memory
from infra.bench.month import EMAILS_BEFORE, month_of_digests
from infra.bench.pipeline import NETWORKERS, pipeline_throughput
from infra.bench.reads import DIGEST_HOLDINGS, HOLDINGS, digest_read_cost, due_read_cost
from infra.bench.webapp import first_screen_javascript, today_time_to_content
from infra.local.provision import use_local_aws_environment


def main() -> None:
    warnings.filterwarnings("ignore", message="Tried to parse .* but it's not supported by moto")
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    for noisy in ("moto", "werkzeug", "samtranslator"):  # skipped resources, request log, SAM's metrics
        logging.getLogger(noisy).setLevel(logging.ERROR)
    use_local_aws_environment()
    started = time.perf_counter()
    rows = [
        ("cold start, handler / floor (medians)", cold_start(), COLD_START_TARGET),
        (f"GET /due items read, {HOLDINGS[-1]:,} / {HOLDINGS[0]} contacts", due_read_cost(), 1.0),
        (f"digest items read, {DIGEST_HOLDINGS[-1]:,} / {DIGEST_HOLDINGS[0]} contacts", digest_read_cost(), 1.0),
        (f"digests sent per second, {NETWORKERS:,} networkers", pipeline_throughput(), None),
    ]
    rates = inbound_rates()  # None: the corpus is absent, the figure said it was skipped
    if rates is not None:
        rows += [
            ("corpus forwards parsed per second", rates[0], None),
            ("corpus forwards parsed and logged per second", rates[1], None),
        ]
    rows.append((f"peak memory / size, {MESSAGE_MB} MB of attachments", attachment_memory(), MEMORY_TARGET))
    chunk, answer, rate = import_timings()
    rows += [
        (f"import, longest chunk / function timeout ({ROWS:,})", chunk, 1.0),
        ("import, POST answer / API Gateway timeout", answer, 1.0),
        ("import, connections per second (moto)", rate, None),
        ("touch, journal commit / POST /interactions", journal_cost(), None),
        (f"import ({IMPORT_ROWS:,}), longest request wait / chunk", import_beside_requests(), 1.0),
    ]
    for name, longest, answered, per_second in contact_import_timings():
        rows += [
            (f"{name} import, longest chunk / timeout ({CONTACT_ROWS:,})", longest, 1.0),
            (f"{name} import, POST answer / API Gateway timeout", answered, 1.0),
            (f"{name} import, rows per second (moto)", per_second, None),
        ]
    answer_time, items_read, detection_alone = duplicate_detection()
    rows += [
        (f"GET /duplicates ({DUPLICATE_CONTACTS:,}), seconds on moto", answer_time, None),
        ("GET /duplicates, items read / contacts held", items_read, 1.1),
        ("GET /duplicates, detection alone / 1 s", detection_alone, 1.0),
        ("web app, first screen's JS gzipped / 100 KB", first_screen_javascript(), 1.0),
        ("web app, Today's time to content / 1 s", today_time_to_content(), 1.0),
        (f"AWS $ a month, {cost.NETWORKERS:,} networkers, by email", cost.monthly_cost(), cost.COST_TARGET),
    ]
    export_time, export_memory, _ = export_cost()
    rows += [
        (f"account export ({CONTACTS:,} contacts), time / timeout", export_time, 1.0),
        ("account export, memory grown / function's", export_memory, 1.0),
    ]
    sync_time, sync_memory, sync_read, sync_written = calendar_sync_cost()
    rows += [
        (f"calendar sync ({CALENDAR_EVENTS:,} events), first / timeout", sync_time, 1.0),
        ("calendar sync, peak memory / function's", sync_memory, 1.0),
        ("calendar sync, nothing new: items read", sync_read, None),
        ("calendar sync, nothing new: items written", sync_written, 0),
    ]
    answer, run, items = deletion_timings()
    deleted = f"{DELETED_CONTACTS:,} contacts, {DELETED_TOUCHES:,} touches"
    rows += [
        ("account deletion, DELETE /me / API timeout", answer, 1.0),
        (f"account deletion ({deleted}) / timeout", run, 1.0),
        ("account deletion, items deleted", items, None),
    ]
    month = month_of_digests()
    overdue_first = month.overdue_inner_first / month.with_overdue_inner if month.with_overdue_inner else 1.0
    rows += [
        ("month, emails per networker / before", month.emails / EMAILS_BEFORE, 1.0),
        ("month, people named per digest, max", month.people_max, 5),
        ("month, overdue inner named, not first", 1 - overdue_first, 0.0),
        ("month, unacted lines named next day", month.repeats, 0),
    ]
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s) ==")
    print(f"  {'figure':<44} {'measured':>8}  {'target':>8}  result")
    for figure, measured, target in rows:
        if target is None:  # informative: no target in the issue
            print(f"  {figure:<44} {measured:>8.2f}  {'-':>8}  informative")
            continue
        print(f"  {figure:<44} {measured:>8.2f}  {'<= ' + str(target):>8}  {'PASS' if measured <= target else 'MISS'}")


if __name__ == "__main__":
    main()
