"""A forms database made before versioned forms (revision 0001: submissions only) upgrades
to the head with its data: every submission is still there with its answers, gets a receipt
number and version 1, and lands in its form type's fallback handling queue."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from alembic import command
from sqlalchemy import text

import fc_forms
from familjecentret.testing import Infra, make_settings
from fc_shared.db import create_engine
from fc_shared.migrations import alembic_config, ensure_database
from fc_shared.settings import Settings

ANSWERS = {"topic": "parenting", "preferred_contact": "email", "message": "Hej"}


async def migrate(settings: Settings, revision: str) -> None:
    config = alembic_config(settings, "forms", fc_forms.MIGRATIONS_DIR)
    await asyncio.to_thread(command.upgrade, config, revision)


async def execute(settings: Settings, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(settings, "forms")
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_submissions_made_before_versioned_forms_survive_the_upgrade(infra: Infra) -> None:
    settings = make_settings(infra)
    await ensure_database(settings, "forms")
    await migrate(settings, "0001")
    submitted = [(uuid4(), uuid4()) for _ in range(3)]
    for submission, family in submitted:
        await execute(
            settings,
            "INSERT INTO submissions (id, form_type, municipality_code, submitted_by, language,"
            " answers, status, created_at) VALUES (:id, 'contact-request', '905', :by, 'sv',"
            " CAST(:answers AS jsonb), 'submitted', :at)",
            id=submission,
            by=family,
            answers=json.dumps(ANSWERS),
            at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        )

    await migrate(settings, "head")

    rows = await execute(
        settings,
        "SELECT s.id, s.submitted_by, s.answers, s.form_version, s.receipt_number, h.status,"
        " q.form_type, q.municipality_code FROM submissions s"
        " JOIN handling h ON h.submission_id = s.id JOIN handling_queues q ON q.id = h.queue_id",
    )
    assert {(row.id, row.submitted_by) for row in rows} == set(submitted)
    assert all(row.answers == ANSWERS and row.form_version == 1 for row in rows)
    receipts = [row.receipt_number for row in rows]
    assert all(receipts)
    assert len(set(receipts)) == len(receipts)
    assert {(row.status, row.form_type, row.municipality_code) for row in rows} == {
        ("received", "contact-request", None)
    }
