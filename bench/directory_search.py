"""Directory search latency over HTTP, on the seeded data plus generated services, against
the same search SQL run by pgbench on the same database (this machine's own limit).

    .venv/bin/python -m bench.directory_search [--services 10000] [--requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path
from uuid import uuid4

import httpx
from sqlalchemy import insert

from bench.pgbench import percentile, reported, run_pgbench
from familjecentret.devstack import free_port, servers_for_testing
from familjecentret.operations import migrate_all, seed_reference_data
from familjecentret.services import SERVICES
from familjecentret.testing import serve
from fc_network.store.directory import _CONFIG, _MATCH
from fc_network.store.tables import organisations, service_texts, services
from fc_shared.db import create_engine
from fc_shared.settings import Settings

SV = (
    "kamratgrupp",
    "föräldrar",
    "familjeskola",
    "rådgivning",
    "fritid",
    "unga",
    "stöd",
    "parförhållande",
    "integration",
    "språk",
    "mobbning",
    "välmående",
    "träffpunkt",
)
FI = (
    "vertaisryhmä",
    "vanhemmat",
    "perhevalmennus",
    "neuvola",
    "vapaa-aika",
    "nuoret",
    "tuki",
    "parisuhde",
    "kotoutuminen",
    "kieli",
    "kiusaaminen",
    "hyvinvointi",
    "kohtaamispaikka",
)
TOPICS = ("parenting", "peer_support", "leisure", "mental_wellbeing", "integration_and_language")
FILLER = tuple(f"ord{n}" for n in range(3000))
CODES = ("905", "399", "545", "475", "287", "499", "946", "598", "893", "440", "288", "599")
QUERIES = (
    ("kamratgrupp föräldrar", "sv"),
    ("vertaisryhmä", "fi"),
    ("fritid unga", "sv"),
    ("neuvola tuki", "fi"),
    ("stöd", "en"),
)


async def generate(settings: Settings, count: int) -> None:
    rng = random.Random(7)
    engine = create_engine(settings, "network")
    organisation_id = uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            insert(organisations).values(id=organisation_id, name="Bench", sector="ngo")
        )
        for first in range(0, count, 1000):
            rows, texts = [], []
            for _ in range(min(1000, count - first)):
                service_id, low = uuid4(), rng.randint(0, 12)
                rows.append(
                    {
                        "id": service_id,
                        "organisation_id": organisation_id,
                        "municipality_code": rng.choice(CODES),
                        "digital": rng.random() < 0.1,
                        "age_min": low,
                        "age_max": rng.randint(low, 17),
                        "free_of_charge": True,
                        "languages": ["sv", "fi"],
                        "topics": rng.sample(TOPICS, 2),
                        "status": "published",
                    }
                )
                for language, words in (("sv", SV), ("fi", FI)):
                    # Two domain words among 40 filler words: each word of the domain
                    # vocabulary then occurs in about one service in seven.
                    body = rng.sample(words, 2) + rng.choices(FILLER, k=40)
                    rng.shuffle(body)
                    texts.append(
                        {
                            "service_id": service_id,
                            "language": language,
                            "name": " ".join([*rng.sample(words, 1), *rng.sample(FILLER, 2)]),
                            "description": " ".join(body),
                        }
                    )
            await connection.execute(insert(services), rows)
            await connection.execute(insert(service_texts), texts)
    await engine.dispose()


async def http_latencies(settings: Settings, requests: int) -> list[float]:
    spec = next(spec for spec in SERVICES if spec.name == "network")
    port = free_port()
    server, task = await serve(spec.create_app(settings), port)
    samples = []
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for number in range(requests):
            text, lang = QUERIES[number % len(QUERIES)]
            began = time.perf_counter()
            response = await client.get(
                "/v1/directory/services", params={"q": text, "lang": lang, "page_size": 20}
            )
            samples.append(time.perf_counter() - began)
            assert response.status_code == 200
            assert response.json()["total"] > 0
    server.should_exit = True
    await task
    return samples


def pgbench_latency(settings: Settings, data: Path, seconds: int) -> float:
    """Mean latency of the same ranked search SQL, run by pgbench on one connection."""
    script = data / "search.sql"
    query = "'kamratgrupp föräldrar'"
    script.write_text(
        f"""
SELECT s.id, m.rank FROM services s JOIN (
  SELECT t.service_id, max(ts_rank(t.search, websearch_to_tsquery({_CONFIG}, {query}))
         + similarity(t.name, {query})) AS rank
  FROM service_texts t WHERE {_MATCH.replace(":q", query)}
  GROUP BY t.service_id) m ON m.service_id = s.id
WHERE s.status = 'published' ORDER BY m.rank DESC, s.id LIMIT 20;
""".replace("\n", " ").strip()
        + "\n"
    )
    output = run_pgbench(settings, "network", data, script, "-c", "1", "-T", str(seconds))
    return reported(output, "latency average") / 1000


async def main(count: int, requests: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="fc-bench-"))
    with servers_for_testing(data, durable=True) as (database_url, kafka):
        settings = Settings(
            database_url=database_url,
            kafka_bootstrap_servers=kafka,
            database_name_prefix=f"bench{uuid4().hex[:6]}_",
            data_dir=data,
        )
        await migrate_all(settings)
        await seed_reference_data(settings)
        await generate(settings, count)
        samples = await http_latencies(settings, requests)
        floor = pgbench_latency(settings, data, seconds=10)
    p50, p99 = percentile(samples, 0.50), percentile(samples, 0.99)
    print(f"services: {count} generated + seeded data; {requests} HTTP searches, one at a time")
    print(
        f"HTTP search latency: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"mean {statistics.mean(samples) * 1000:.1f} ms"
    )
    print(f"pgbench, same search SQL: mean {floor * 1000:.1f} ms  <- this machine's limit")
    print(f"ratio pgbench mean / HTTP p50: {floor / p50:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.services, arguments.requests))
