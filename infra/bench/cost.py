"""Figure 9: what Rapport costs on AWS a month, per 1,000 active networkers, by email and with SMS.

Two simulated months (`cost_month`: the real functions on a local runtime, every AWS call metered),
one with digests by email and one by text, scaled to 1,000 networkers and priced with the dated table
(`cost_prices`, us-east-1). What does not grow with networkers is apart: the KMS keys, the alarms, the
custom metrics the functions emit, the event source mappings polling their queues when idle, the
table's key, and with SMS a phone number. Target: under $5 by email.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from infra.bench import cost_prices
from infra.bench.cost_month import DAYS, HABITS, IMPORT_ROWS, IMPORT_SHARE, MONTH_DAYS, SAMPLE, Month
from infra.local import template

NETWORKERS = 1_000
COST_TARGET = 5.0
LOG_STORED_RATIO = 0.15  # CloudWatch stores logs compressed; 30 days kept: about one month's logs
IDLE_POLLS_PER_QUEUE = 5 * 3 * 60 * 24 * 30  # 5 pollers, a 20 s long poll each, a month
TABLE_KEY_REQUESTS = 12 * 24 * 30  # DynamoDB asks KMS for the table key about every 5 minutes
COLD_STARTS = 24 * 30  # per function a month: a container kept about an hour by steady traffic, assumed
INIT_SECONDS = 1.0  # a cold start's init, billed since 2025-08-01 (assumed: import of the handler, clients)
LABELS = {
    "lambda_requests": "Lambda invocations",
    "lambda_gb_seconds": "Lambda duration (arm64)",  # fixed: the cold starts' init
    "dynamodb_read_units": "DynamoDB reads (on-demand)",
    "dynamodb_write_units": "DynamoDB writes (on-demand)",
    "dynamodb_stream_reads": "DynamoDB stream reads",
    "dynamodb_storage": "DynamoDB storage",
    "dynamodb_backup": "DynamoDB point-in-time recovery",
    "scheduler_invocations": "EventBridge Scheduler",
    "sqs_requests": "SQS requests",
    "ses_outbound": "SES emails sent",
    "ses_inbound": "SES emails received",
    "ses_inbound_chunks": "SES received 256 KB chunks",
    "sns_requests": "SNS requests",
    "sms_fr": "SMS to France",
    "sms_us": "SMS to the US",
    "sms_inbound": "SMS received",
    "kms_requests": "KMS requests",
    "logs_ingested": "CloudWatch logs ingested",
    "logs_stored": "CloudWatch logs stored",
    "api_requests": "API Gateway requests",
    "s3_writes": "S3 writes",
    "s3_reads": "S3 reads",
    "kms_keys": "KMS keys",
    "alarms": "CloudWatch alarms",
    "custom_metrics": "CloudWatch custom metrics",
    "sms_number": "Phone number (two-way SMS)",
}


def monthly_cost() -> float:
    """Print the figure; return dollars per 1,000 networkers a month by email (fixed costs apart)."""
    print(f"\n== 9. What Rapport costs on AWS a month, per {NETWORKERS:,} active networkers (us-east-1) ==")
    print(f"  habits: {HABITS}")
    print(
        f"  simulated: {SAMPLE} networkers x {DAYS} days through the local runtime, twice (digest by email, by SMS),"
        f" scaled to {MONTH_DAYS} days; one import, weighed {IMPORT_SHARE:.0%}"
    )
    prices = cost_prices.load()
    email_month = Month(sms=False, networkers=NETWORKERS)
    email, imports, email_stored = email_month.run(with_import=True)
    sms_month = Month(sms=True, networkers=NETWORKERS)
    sms, _, sms_stored = sms_month.run(with_import=False)
    by_email = _variable(email + imports, email_stored)
    with_sms = _variable(sms + imports, sms_stored)
    metrics = email_month.meter.logs.metrics | sms_month.meter.logs.metrics
    fixed = _fixed(len(metrics), len(email_month.runtime.stack.queue_mappings))
    x, y = _print(prices, by_email, with_sms, fixed, email_month, imports)
    texts = sms_month.meter.texts
    if texts:
        print(f"  with SMS: {texts['parts'] / texts['texts']:.1f} parts billed per text sent on average")
    print(f"cost: ${x:.2f} per 1,000 active networkers per month (email only), ${y:.2f} with SMS (France, US)")
    return float(x)


def _variable(usage: Counter[str], stored_gb: float) -> Counter[str]:
    usage = Counter(usage)
    usage["dynamodb_storage"] = usage["dynamodb_backup"] = stored_gb
    usage["logs_stored"] = usage["logs_ingested"] * LOG_STORED_RATIO
    return usage


def _fixed(custom_metrics: int, polled_queues: int) -> Counter[str]:
    document = template.sam_template()
    resources = document["Resources"].values()
    kinds = Counter(resource["Type"] for resource in resources)
    default_mb = document["Globals"]["Function"]["MemorySize"]
    memory_mb = [r["Properties"].get("MemorySize", default_mb) for r in resources if r["Type"].endswith("::Function")]
    return Counter(
        {
            "lambda_gb_seconds": sum(memory_mb) / 1024 * INIT_SECONDS * COLD_STARTS,
            "kms_keys": kinds["AWS::KMS::Key"],
            "alarms": kinds["AWS::CloudWatch::Alarm"],
            "custom_metrics": custom_metrics,
            "sqs_requests": polled_queues * IDLE_POLLS_PER_QUEUE,
            "kms_requests": TABLE_KEY_REQUESTS,
        }
    )


def _print(prices, by_email, with_sms, fixed, month: Month, imports) -> tuple[Decimal, Decimal]:
    email_lines = {line.key: line for line in cost_prices.bill(by_email, prices)}
    sms_lines = {line.key: line for line in cost_prices.bill(with_sms, prices)}
    print(f"  {'per 1,000 networkers a month':<34} {'email only':>26} {'with SMS':>26}")
    keys = sorted(email_lines.keys() | sms_lines.keys(), key=lambda k: -(sms_lines.get(k) or email_lines[k]).dollars)
    for key in keys:
        cells = [_cell(lines.get(key)) for lines in (email_lines, sms_lines)]
        print(f"    {LABELS[key]:<32} {cells[0]:>26} {cells[1]:>26}")
    fixed_lines = cost_prices.bill(fixed, prices)
    number = cost_prices.bill({"sms_number": 1}, prices)
    parts = ", ".join(f"{LABELS[f.key].lower()} {_quantity(f.quantity)} ${f.dollars:.2f}" for f in fixed_lines)
    print(f"  fixed a month, whatever the networkers: {parts}: ${cost_prices.total(fixed_lines):.2f}")
    print(f"    (with SMS, also a phone number: ${cost_prices.total(number):.2f})")
    imported = cost_prices.total(cost_prices.bill(imports, prices))
    print(f"  of which imports ({IMPORT_SHARE:.0%} of networkers, {IMPORT_ROWS} connections each): ${imported:.2f}")
    top = sorted(month.meter.calls.items(), key=lambda item: -item[1])[:6]
    print("  the functions' most frequent AWS calls (email month, sample): " + ", ".join(
        f"{function} {service}.{operation} {count:,}" for (function, service, operation), count in top
    ))  # fmt: skip
    biggest = list(email_lines.values())[:3]
    print("  three biggest lines (email only): " + ", ".join(f"{LABELS[b.key]} ${b.dollars:.2f}" for b in biggest))
    return cost_prices.total(list(email_lines.values())), cost_prices.total(list(sms_lines.values()))


def _cell(line) -> str:
    return "-" if line is None else f"{_quantity(line.quantity)} ${line.dollars:.2f}"


def _quantity(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount >= 100 else f"{amount:,.2f}"
