"""Placeholder for the deliveries use cases the notify core brings (the lead replaces this
file); only the signature the SMS delivery-report route calls is here, so it type-checks."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.channels import SmsOutcome


async def record_sms_report(
    session: AsyncSession,
    *,
    provider_id: str,
    reference: UUID,
    status: SmsOutcome,
    error_code: str | None,
) -> None:
    """Record what the gateway reported for the delivery `reference`."""
    raise NotImplementedError
