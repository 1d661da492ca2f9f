"""Booking throughput and latency through the HTTP API, against pgbench running the same SQL
statements on the same database (this machine's own limit), in one run.

    .venv/bin/python -m bench.booking_throughput [--seconds 10] [--clients 32] [--instances N]

1. The booking service runs as its own processes (as in production: one per core by
   default, like replicas), each with its relay.
2. Maximum rate: `--clients` guardians book as fast as answers come back (closed loop).
3. Half that rate, offered at a steady pace (open loop): p50 and p99 latency there.
4. pgbench runs the statements one booking makes (lock the slot, count the place, insert
   the booking, stage the event, claim the Idempotency-Key) with as many clients.
The target: HTTP max rate / pgbench TPS >= 0.5, and p99 < 50 ms at half the maximum rate.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import httpx
import psutil
from sqlalchemy import insert

from bench.pgbench import percentile, reported, run_pgbench
from bench.services import start_service
from familjecentret.devstack import free_port, servers_for_testing
from familjecentret.operations import migrate_all
from fc_booking.store.tables import resources, slots
from fc_shared.db import create_engine
from fc_shared.devkeys import ensure_dev_keys, mint_token
from fc_shared.settings import Settings

SLOTS = 400
CAPACITY = 1_000_000  # room for every booking of the run: this measures booking, not queues


def guardian_slot_pairs(tokens: list[str], slot_ids: list[str]) -> Iterator[tuple[str, str]]:
    """Every guardian on every slot once at most: one guardian books a slot only once."""
    order = list(itertools.product(range(len(tokens)), range(len(slot_ids))))
    random.Random(1).shuffle(order)
    return ((tokens[t], slot_ids[s]) for t, s in order)


async def make_slots(settings: Settings) -> list[str]:
    engine = create_engine(settings, "booking")
    resource_id = uuid4()
    start = time.time() + 86_400 * 30
    rows = []
    for number in range(SLOTS):
        starts = datetime.fromtimestamp(start, UTC) + timedelta(hours=2 * number)
        rows.append(
            {
                "id": UUID(int=number + 1),
                "resource_id": resource_id,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1),
                "capacity": CAPACITY,
                "language": "sv",
                "created_by": resource_id,
                "kind": "group",
                "activity": "family_fair",
                "audience": "family",
                "municipality_code": "905",
            }
        )
    async with engine.begin() as connection:
        await connection.execute(
            insert(resources).values(
                id=resource_id, kind="digital_room", name="Bench", municipality_code="905"
            )
        )
        await connection.execute(insert(slots), rows)
    await engine.dispose()
    return [str(row["id"]) for row in rows]


def cpu_seconds(service_pids: list[int]) -> dict[str, float]:
    """CPU time used so far by the service, this load generator and the database server:
    where a booking's cost goes, on a machine all three share."""

    def used(process: psutil.Process) -> float:
        times = process.cpu_times()
        return float(times.user + times.system)

    database = 0.0
    for process in psutil.process_iter(["name"]):
        if process.info["name"] == "postgres":
            with contextlib.suppress(psutil.Error):
                database += used(process)
    return {
        "service": sum(used(psutil.Process(pid)) for pid in service_pids),
        "load generator": used(psutil.Process()),
        "PostgreSQL": database,
    }


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        try:
            if (await client.get("/health/ready")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the booking service did not become ready")


class Connections:
    """Keep-alive HTTP/1.1 connections with the request bytes written by hand.

    The load generator shares this machine's two cores with the service and the database:
    httpx spends about as much CPU per request as the service does, which would halve what
    is measured. This speaks just enough HTTP for one JSON POST and its answer.
    """

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)  # new connections spread over the instances
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json"
            f"\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode()
            + body
        )
        while True:
            reused = bool(self._idle)
            reader, writer = (
                self._idle.pop()
                if reused
                else await asyncio.open_connection("127.0.0.1", next(self._ports))
            )
            writer.write(request)
            status_line = await reader.readline()
            if status_line or not reused:
                break
            writer.close()  # the server closed an idle keep-alive connection: open a new one
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        answer = await reader.readexactly(length)
        self._idle.append((reader, writer))
        return int(status_line.split()[1]), answer

    def close(self) -> None:
        for _, writer in self._idle:
            writer.close()


async def one_booking(connections: Connections, token: str, slot_id: str) -> float:
    began = time.perf_counter()
    status, answer = await connections.post(
        "/v1/bookings",
        json.dumps({"slot_id": slot_id}).encode(),
        {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid4())},
    )
    elapsed = time.perf_counter() - began
    if status != 201:
        raise RuntimeError(f"booking failed: {status} {answer!r}")
    return elapsed


async def closed_loop(
    connections: Connections, pairs: Iterator[tuple[str, str]], clients: int, seconds: float
) -> tuple[float, list[float]]:
    """Bookings per second with `clients` always waiting for an answer."""
    samples: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            samples.append(await one_booking(connections, *next(pairs)))

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return len(samples) / (time.perf_counter() - began), samples


async def open_loop(
    connections: Connections, pairs: Iterator[tuple[str, str]], rate: float, seconds: float
) -> list[float]:
    """Latency when bookings arrive at a steady `rate`, whether or not answers are back."""
    tasks = []
    began = time.perf_counter()
    for number in range(int(rate * seconds)):
        delay = began + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one_booking(connections, *next(pairs))))
    return list(await asyncio.gather(*tasks))


def pgbench_tps(settings: Settings, data: Path, clients: int, seconds: int) -> float:
    """TPS of the statements one booking runs, on the same database."""
    script = data / "booking.sql"
    # Slot n has the id UUID(int=n + 1), so the script names it without a lookup.
    slot = "lpad(to_hex(:n + 1), 32, '0')::uuid"
    subject = "md5(:client_id::text)::uuid"
    script.write_text(f"""\\set n random(0, {SLOTS - 1})
\\set k random(1, 1000000000000)
BEGIN;
INSERT INTO idempotency_keys (subject, key, request_hash, status, body)
  VALUES ({subject}, :k::text, 'h', 0, '') ON CONFLICT DO NOTHING RETURNING key;
SELECT * FROM slots WHERE id = {slot} FOR UPDATE;
UPDATE slots SET booked_count = booked_count + 1 WHERE id = {slot};
INSERT INTO bookings (id, slot_id, booked_by, status)
  VALUES (gen_random_uuid(), {slot}, gen_random_uuid(), 'confirmed');
INSERT INTO outbox (event_id, topic, key, type, source, time, data)
  VALUES (gen_random_uuid(), 'bench', 'k', 't', '/booking', now(), '\\x7b7d');
UPDATE idempotency_keys SET status = 201, body = '\\x7b7d'
  WHERE subject = {subject} AND key = :k::text;
COMMIT;
""")
    output = run_pgbench(
        settings,
        "booking",
        data,
        script,
        "-c",
        str(clients),
        "-j",
        str(min(clients, 4)),
        "-T",
        str(seconds),
    )
    return reported(output, "tps")


async def main(seconds: int, clients: int, instances: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="fc-bench-"))
    with servers_for_testing(data, durable=True) as (database_url, kafka):
        settings = Settings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka,
            database_name_prefix=f"bench{uuid4().hex[:6]}_",
            data_dir=data,
        )
        ensure_dev_keys(settings.dev_keys_dir)
        await migrate_all(settings)
        slot_ids = await make_slots(settings)
        tokens = [mint_token(settings, subject=uuid4(), roles=["guardian"]) for _ in range(500)]
        ports = [free_port() for _ in range(instances)]
        services = [start_service("booking", settings, port) for port in ports]
        connections = Connections(ports)
        try:
            for port in ports:
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                    await wait_ready(client)
            pairs = guardian_slot_pairs(tokens, slot_ids)
            await closed_loop(connections, pairs, clients, 2)  # warm up
            before = cpu_seconds([service.pid for service in services])
            max_rate, max_samples = await closed_loop(connections, pairs, clients, seconds)
            after = cpu_seconds([service.pid for service in services])
            bookings = len(max_samples)
            half = await open_loop(connections, pairs, max_rate / 2, seconds)
        finally:
            connections.close()
            for service in services:
                service.terminate()
            for service in services:
                service.wait(timeout=30)
        tps = pgbench_tps(settings, data, clients, seconds)
    print(
        f"HTTP bookings, {instances} service instance(s), {clients} clients, closed loop: "
        f"{max_rate:.0f}/s; "
        f"p50 {percentile(max_samples, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(max_samples, 0.99) * 1000:.1f} ms"
    )
    print(
        f"HTTP at half that rate ({max_rate / 2:.0f}/s, open loop): "
        f"p50 {percentile(half, 0.5) * 1000:.1f} ms, p99 {percentile(half, 0.99) * 1000:.1f} ms"
        "  (target p99 < 50 ms)"
    )
    print(
        "CPU per booking at the maximum rate: "
        + ", ".join(
            f"{name} {(after[name] - before[name]) / bookings * 1000:.2f} ms" for name in before
        )
    )
    print(f"pgbench, same statements, {clients} clients: {tps:.0f} TPS  <- this machine's limit")
    print(f"ratio HTTP max rate / pgbench TPS: {max_rate / tps:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    # As many service processes as cores, as a deployment would run replicas: one Python
    # process uses one core, while pgbench's PostgreSQL uses them all.
    parser.add_argument("--instances", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.seconds, arguments.clients, arguments.instances))
