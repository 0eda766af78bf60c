"""`make bench`: the figures of the performance issue and of inbound email, measured locally against moto.

1. Cold start of the API function. On our side, a Lambda init plus its first request is a fresh
   Python process that imports the handler and serves one request. Its wall time is compared with
   the floor below which no Python function using DynamoDB can go: a fresh process running
   `import boto3; boto3.client("dynamodb")`. Both run as child processes of this interpreter, with
   the same environment, interleaved so that they share the machine's noise. The request is a real
   `GET /me` against a moto server on 127.0.0.1, so the child also pays boto3's first HTTP calls.
   Target: median handler / median floor <= 1.5.
2. Read cost of `GET /due`. The due list must cost what is due, not what is held: a networker with
   5,000 contacts and one with 50, both with the same 5 due, must read as many DynamoDB items.
   Items read are counted from the responses (ScannedCount of a Query or Scan, 1 per GetItem that
   found an item, the items in the Responses of a BatchGetItem), because moto's ConsumedCapacity
   means nothing. Target: ratio 1.0.
3. Read cost of one digest. The same count, through the real deliver handler fed one SQS record:
   networkers holding 50, 500 and 5,000 contacts, the same 10 due, each digest composed and sent
   once (moto's SES must hold one more email, naming the 10). Target: ratio 5,000 / 50 of 1.0.
4. Digests per second through the local pipeline (informative, no target): a local `Runtime` with
   1,000 networkers whose digest schedules the real on_change reaction created; the runtime's clock
   is moved over the day's digest times, so every schedule fires, its message goes through the
   delivery queue into the real deliver function, and the digest is sent. The wall time of that
   advance is the figure, with where it went (scheduler, deliver, on_change, the rest). Each profile
   is made by the real API function (PATCH /me); the contacts are written 25 to a BatchWriteItem
   (`BatchedContacts`), as through the API each is a moto transaction that copies the whole table.
   moto's Query sorts its whole table each time (see `moto_speedup`): for this figure only, it is
   handed the queried partition, so that the figure measures the pipeline, not moto's sort.
5. Inbound emails per second (informative): the 190 forwarded messages of the corpus, read
   (`read_message`), then read and logged through the real inbound_email handler against moto.
6. Peak memory while processing a 30 MB message of attachments, beyond its bytes, over its size.
   Target: under 3.
7. A LinkedIn export imported in chunks (`imports`): the longest chunk against the function's timeout.
8. What the local runtime's durability costs a write, and how long a request waits beside a long
   import (`durability`): the journal's commit over a `POST /interactions` (informative), and the
   longest wait of a request over the longest import chunk (target: under 1).
9. What Rapport costs on AWS a month per 1,000 active networkers (`cost`): two simulated months of a few
   networkers with stated habits through a local runtime, every AWS call of the real functions metered
   (`cost_meter`) and what AWS does for them counted (`cost_month`), scaled to 1,000 and priced with the
   dated table `prices.csv` (`cost_prices`). It prints `cost: $X per 1,000 active networkers per month
   (email only), $Y with SMS (France, US)`, the fixed costs apart and the three biggest lines.
   Target: X under $5.
10. A month of digests (`month`): 100 networkers with the habits of `month_habits` (contacts in every
   circle, some overdue, an inner-circle friend two months without news, people to meet, help
   opportunities, birthdays; half act on their first lines, half ignore them; one in five has the
   digest by text) live two weeks through a local runtime, scaled to a month. It prints emails and texts
   per networker a month, people named per digest (median, max), the share of the digests naming an
   overdue inner-circle contact that name one first, and the people named again the day after a digest
   that named them when the networker did not act on them. Targets: emails per networker no more than
   before the rework of issue 15 (`month.EMAILS_BEFORE`), at most 5 people a digest, 100% and 0.
11. Address books imported in chunks (`contact_imports`): a 5,000-card vCard file and a 5,000-row Google
   CSV through 7's pipeline (`imports.run_import`), the format detected: the longest chunk against the
   function's timeout and the POST's answer against API Gateway's (targets: under 1), rows per second
   end to end (informative; moto's sorts and serializer set aside with `moto_speedup`).
12. The account export of 5,000 contacts with 50,000 touches (`account_export`): seeded through storage,
   then the real export function writes the zip from an export queue message. Its time against the
   function's timeout, and how much the process's resident memory grew at most while it ran against
   the function's memory. Targets: under 1, both.

One module per figure: `cold_start` (1, timing `child`, the script each fresh process runs),
`reads` (2 and 3), `pipeline` (4), `inbound` (5), `memory` (6), `imports` (7), `durability` (8),
`cost` (9, with `cost_month`, `cost_meter`, `cost_prices` and `prices.csv`), `month` (10, with `month_habits`),
`contact_imports` (11), `account_export` (12), with `moto_speedup`; `mailbox` holds what 5 and 6 share, `common`
what figures 2 to 6 share;
`__main__` runs them in order and prints the summary.

A measurement, not a test: it exits 0 on a MISS and non-zero only when something breaks.
"""
