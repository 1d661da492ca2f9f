"""Form submissions through the HTTP API, against pgbench running the same SQL statements
on the same database (this machine's own limit), in one run.

    .venv/bin/python -m bench.forms_throughput [--seconds 10] [--clients 32] [--instances N]

1. The forms service runs as its own processes (one per core by default, like replicas),
   each with its relay.
2. Maximum rate: `--clients` families submit the contact-request form as fast as answers
   come back (closed loop), each request with a fresh Idempotency-Key.
3. Half that rate, offered at a steady pace (open loop): p50 and p99 latency there.
4. pgbench runs the statements one submission makes (STATEMENTS below) with as many clients.
The measure: HTTP max rate / pgbench TPS (the performance work tunes it toward 0.5), and
p99 at half the maximum rate.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import httpx

from bench.booking_throughput import Connections, cpu_seconds
from bench.pgbench import percentile, reported, run_pgbench
from bench.services import start_service
from familjecentret.devstack import free_port, servers_for_testing
from familjecentret.operations import migrate_all, seed_reference_data
from fc_shared.devkeys import ensure_dev_keys, mint_token
from fc_shared.settings import Settings

# The body of every submission: the contact-request form as in the README's step 5.
SUBMISSION = {
    "form_type": "contact-request",
    "municipality_code": "905",
    "language": "sv",
    "answers": {
        "topic": "mental_wellbeing",
        "preferred_contact": "email",
        "message": "Vi vill prata med någon om sömnen.",
    },
}
BODY = json.dumps(SUBMISSION).encode()
FAMILIES = 500  # guardians' tokens, taken in turn


def sql_text(value: object) -> str:
    """`value` as JSON in an SQL string literal."""
    return "'" + json.dumps(value).replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------
# STATEMENTS: what one `POST /v1/submissions` with an Idempotency-Key runs, in order, in
# one transaction. Keep in step with the code they copy:
#   fc_shared/idempotency.py       claim_key (INSERT .. ON CONFLICT DO NOTHING RETURNING)
#   fc_forms/store/definitions.py  the newest version and its content
#   fc_forms/store/drafts.py       the caller's draft (its version), deleted once submitted
#   fc_forms/store/families.py     children_of: the children a child answer may name
#   fc_shared/field_crypto.py      cipher_for: the submitter's data key (the message is
#                                  encrypted; the AES-GCM itself is CPU in the service)
#   fc_forms/store/submissions.py  next_receipt_sequence, insert_submission
#   fc_forms/store/handling.py     route_submission: the queue, the handling row, its step
#   fc_shared/outbox.py            add_event (FormSubmitted, staged by use_cases/submissions.py)
#   fc_shared/idempotency.py       store_response (the answer kept for a repeat)
# pgbench's variables: :client_id (one family per pgbench client, as its subject) and :k
# (a fresh Idempotency-Key per transaction).
SUBJECT = "md5(:client_id::text)::uuid"
ANSWERS = sql_text(SUBMISSION["answers"])
EVENT_DATA = sql_text(  # FormSubmitted's data: ids and codes only, never the answers
    {
        "submission_id": str(uuid4()),
        "form_type": "contact-request",
        "municipality_code": "905",
        "submitted_by": str(uuid4()),
        "language": "sv",
    }
)
RESPONSE = sql_text(  # what the 201 answers, kept for a repeat of the request
    {"id": str(uuid4()), **SUBMISSION, "status": "submitted", "created_at": "2026-01-01T00:00:00Z"}
)
# pgbench substitutes a variable as plain text: the ids come back quoted (quote_literal).
STATEMENTS = f"""\\set k random(1, 1000000000000)
BEGIN;
INSERT INTO idempotency_keys (subject, key, request_hash, status, body)
  VALUES ({SUBJECT}, :k::text, '{"0" * 64}', 0, '') ON CONFLICT DO NOTHING RETURNING key;
SELECT max(version) FROM form_definitions WHERE form_type = 'contact-request';
SELECT content FROM form_definitions WHERE form_type = 'contact-request' AND version = 1;
SELECT form_version FROM answer_drafts
  WHERE subject = {SUBJECT} AND form_type = 'contact-request';
SELECT child_id FROM family_children WHERE family_id IN (
    SELECT family_id FROM family_guardians WHERE guardian = {SUBJECT}) OR subject = {SUBJECT};
SELECT generation, master_key_id, wrapped_key FROM data_keys WHERE subject = {SUBJECT};
SELECT nextval('submission_receipts') AS receipt \\gset
INSERT INTO submissions (id, form_type, form_version, municipality_code, submitted_by,
                         language, answers, status, created_at, receipt_number, hold_id)
  VALUES (gen_random_uuid(), 'contact-request', 1, '905', {SUBJECT}, 'sv',
          {ANSWERS}::jsonb, 'submitted', now(), 'FC-2026-' || lpad(:receipt::text, 6, '0'),
          NULL)
  RETURNING quote_literal(id) AS submission \\gset
DELETE FROM answer_drafts WHERE subject = {SUBJECT} AND form_type = 'contact-request';
SELECT quote_literal(id) AS queue FROM handling_queues WHERE form_type = 'contact-request'
  ORDER BY municipality_code NULLS LAST LIMIT 1 \\gset
INSERT INTO handling (submission_id, queue_id, status, assignee, updated_at)
  VALUES (:submission, :queue, 'received', NULL, now());
SELECT submitted_by FROM submissions WHERE id = :submission;
INSERT INTO handling_history (submission_id, status, previous_status, actor, at, message)
  VALUES (:submission, 'received', NULL, {SUBJECT}, now(), NULL);
INSERT INTO outbox (event_id, topic, key, type, source, time, data, traceparent, tracestate)
  VALUES (gen_random_uuid(), 'forms.submissions.v1', gen_random_uuid()::text,
          'fi.familjecentret.forms.FormSubmitted.v1', '/forms', now(),
          convert_to({EVENT_DATA}, 'UTF8'), NULL, NULL);
UPDATE idempotency_keys SET status = 201, body = convert_to({RESPONSE}, 'UTF8')
  WHERE subject = {SUBJECT} AND key = :k::text;
COMMIT;
"""
# ---------------------------------------------------------------------------------------


async def wait_ready(port: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(300):
            try:
                if (await client.get("/health/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the forms service did not become ready")


async def one_submission(connections: Connections, token: str) -> float:
    began = time.perf_counter()
    status, answer = await connections.post(
        "/v1/submissions",
        BODY,
        {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid4())},
    )
    elapsed = time.perf_counter() - began
    if status != 201:
        raise RuntimeError(f"submission failed: {status} {answer!r}")
    return elapsed


async def closed_loop(
    connections: Connections, tokens: Iterator[str], clients: int, seconds: float
) -> tuple[float, list[float]]:
    """Submissions per second with `clients` always waiting for an answer."""
    samples: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            samples.append(await one_submission(connections, next(tokens)))

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return len(samples) / (time.perf_counter() - began), samples


async def open_loop(
    connections: Connections, tokens: Iterator[str], rate: float, seconds: float
) -> list[float]:
    """Latency when submissions arrive at a steady `rate`, whether or not answers are back."""
    tasks = []
    began = time.perf_counter()
    for number in range(int(rate * seconds)):
        delay = began + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one_submission(connections, next(tokens))))
    return list(await asyncio.gather(*tasks))


def pgbench_tps(settings: Settings, data: Path, clients: int, seconds: int) -> float:
    """TPS of the statements one submission runs, on the same database."""
    script = data / "forms.sql"
    script.write_text(STATEMENTS)
    threads = str(min(clients, 4))
    output = run_pgbench(
        settings, "forms", data, script, "-c", str(clients), "-j", threads, "-T", str(seconds)
    )
    return reported(output, "tps")


async def measure_http(
    settings: Settings, seconds: int, clients: int, instances: int
) -> tuple[float, list[float], list[float], dict[str, float]]:
    """Maximum rate and its samples, the samples at half that rate, and the CPU time per
    submission at the maximum rate (service, load generator, PostgreSQL)."""
    tokens = itertools.cycle(
        [mint_token(settings, subject=uuid4(), roles=["guardian"]) for _ in range(FAMILIES)]
    )
    ports = [free_port() for _ in range(instances)]
    services = [start_service("forms", settings, port) for port in ports]
    pids = [service.pid for service in services]
    connections = Connections(ports)
    try:
        for port in ports:
            await wait_ready(port)
        await closed_loop(connections, tokens, clients, 2)  # warm up
        before = cpu_seconds(pids)
        max_rate, max_samples = await closed_loop(connections, tokens, clients, seconds)
        after = cpu_seconds(pids)
        half = await open_loop(connections, tokens, max_rate / 2, seconds)
    finally:
        connections.close()
        for service in services:
            service.terminate()
        for service in services:
            service.wait(timeout=30)
    per_submission = {name: (after[name] - before[name]) / len(max_samples) for name in before}
    return max_rate, max_samples, half, per_submission


def ms(samples: list[float], share: float) -> str:
    return f"{percentile(samples, share) * 1000:.1f} ms"


async def main(seconds: int, clients: int, instances: int) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="fc-bench-") as directory,
        servers_for_testing(Path(directory), durable=True) as (database_url, kafka),
    ):
        data = Path(directory)
        settings = Settings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka,
            database_name_prefix=f"bench{uuid4().hex[:6]}_",
            data_dir=data,
        )
        ensure_dev_keys(settings.dev_keys_dir)
        await migrate_all(settings)
        await seed_reference_data(settings, services=["forms"])  # the built-in forms
        max_rate, max_samples, half, cpu = await measure_http(settings, seconds, clients, instances)
        tps = pgbench_tps(settings, data, clients, seconds)
    print(
        f"HTTP submissions, {instances} service instance(s), {clients} clients, closed loop: "
        f"{max_rate:.0f}/s; p50 {ms(max_samples, 0.5)}, p99 {ms(max_samples, 0.99)}"
    )
    print(
        f"HTTP at half that rate ({max_rate / 2:.0f}/s, open loop): "
        f"p50 {ms(half, 0.5)}, p99 {ms(half, 0.99)}"
    )
    print(
        "CPU per submission at the maximum rate: "
        + ", ".join(f"{name} {used * 1000:.2f} ms" for name, used in cpu.items())
    )
    print(f"pgbench, same statements, {clients} clients: {tps:.0f} TPS  <- this machine's limit")
    print(f"ratio HTTP max rate / pgbench TPS: {max_rate / tps:.2f}  (tuned toward 0.5 later)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    # As many service processes as cores, as a deployment would run replicas.
    parser.add_argument("--instances", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.seconds, arguments.clients, arguments.instances))
