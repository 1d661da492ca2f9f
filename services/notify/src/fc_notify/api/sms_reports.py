"""The SMS gateway's delivery reports (protocol: fc_notify.domain.channels).

Not a person's route: the gateway calls it, proving itself with an HMAC of the raw body
under FC_SMS_REPORT_SECRET instead of a token, so there are no roles. The signature is
checked before the body is read as a report, so nobody without the secret learns even
whether their body would have parsed.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import structlog
from fastapi import APIRouter, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError

from fc_notify.domain.channels import DELIVERY_REPORTS_PATH, outcome_of_report, signature_is_valid
from fc_notify.domain.deliveries import DeliveryStatus
from fc_notify.settings import notify_settings
from fc_notify.use_cases import deliveries
from fc_shared.models import RequestModel
from fc_shared.problems import PROBLEM_JSON, Problem
from fc_shared.service import Context

router = APIRouter(tags=["notify"])
log = structlog.get_logger(__name__)


class SmsDeliveryReportIn(RequestModel):
    id: str = Field(min_length=1, max_length=100, description="the gateway's message id")
    reference: UUID = Field(description="our delivery id, given to the gateway with the message")
    status: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    error_code: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9_]+$")


def signed_report(secret: str, body: bytes, signature: str | None) -> SmsDeliveryReportIn:
    """The report in `body`, once its signature shows the gateway sent it: 401, else 422."""
    if not signature_is_valid(secret, body, signature):
        raise Problem(
            401,
            "Signature invalid",
            "The X-Signature header is not the HMAC of this body under the shared secret.",
            code="invalid_signature",
        )
    try:
        return SmsDeliveryReportIn.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None


# The body is read by hand, after the signature: FastAPI would parse it first. So the
# schema is given to the OpenAPI document here.
_REPORT_BODY = {
    "required": True,
    "content": {"application/json": {"schema": SmsDeliveryReportIn.model_json_schema()}},
}


@router.post(
    DELIVERY_REPORTS_PATH,
    status_code=204,
    response_class=Response,
    openapi_extra={"requestBody": _REPORT_BODY},
    responses={
        401: {
            "description": "The X-Signature header is not the gateway's signature of the body.",
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    },
)
async def receive_delivery_report(
    request: Request,
    context: Context,
    x_signature: Annotated[
        str | None, Header(description="hex HMAC-SHA256 of the raw body, keyed with the secret")
    ] = None,
) -> Response:
    """The SMS gateway reports what became of a message: delivered, failed or expired.
    Reports of a message still on its way, and statuses we do not know, change nothing."""
    secret = notify_settings(context.settings).sms_report_secret.get_secret_value()
    report = signed_report(secret, await request.body(), x_signature)
    outcome = outcome_of_report(report.status, report.error_code)
    if outcome is None:
        log.info("sms report changes nothing", status=report.status)
        return Response(status_code=204)
    async with context.transaction() as session:
        await deliveries.record_sms_report(
            session,
            notify_settings(context.settings),
            provider_id=report.id,
            reference=report.reference,
            status=DeliveryStatus(outcome),
            error_code=report.error_code,
        )
    return Response(status_code=204)
