"""The SMS adapter: hands one text message to the HTTP SMS gateway in NotifySettings.

The protocol and what each refusal means are in fc_notify.domain.channels; this speaks it
over httpx and turns every way of not getting a message id into one of that module's
errors, so the dispatcher decides on types (pause the channel, give up, try again later)
and never on status codes or httpx exceptions.
"""

from __future__ import annotations

from datetime import datetime

import httpx

from fc_notify.domain.channels import (
    MAX_PROVIDER_ID_LENGTH,
    ChannelUnavailable,
    error_code,
    refusal_for,
)
from fc_notify.domain.deliveries import ClaimedDelivery
from fc_notify.settings import NotifySettings

TIMEOUT_SECONDS = 10.0


class SmsGateway:
    """One gateway; `client` is the caller's, so one connection pool serves every send."""

    def __init__(
        self,
        settings: NotifySettings,
        client: httpx.AsyncClient,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._url = f"{settings.sms_gateway_url.rstrip('/')}/messages"
        self._token = settings.sms_gateway_token.get_secret_value()
        self._sender = settings.sms_sender
        self._callback = settings.sms_report_url
        self._client = client
        self._timeout = timeout

    async def send(self, to: str, text: str, reference: str) -> str:
        """Send `text` to `to` (E.164); the gateway's message id. `reference` (our delivery
        id) makes a resend after a lost answer safe: the gateway sends it once.

        Raises ChannelUnavailable, RecipientRefused or TemporaryRefusal."""
        body = {
            "to": to,
            "from": self._sender,
            "text": text,
            "reference": reference,
            "status_callback": self._callback,
        }
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            response = await self._client.post(
                self._url, json=body, headers=headers, timeout=self._timeout
            )
        except httpx.TimeoutException as error:
            raise ChannelUnavailable(f"gateway timed out: {type(error).__name__}") from None
        except httpx.HTTPError as error:
            raise ChannelUnavailable(f"gateway unreachable: {type(error).__name__}") from None
        if response.is_success:
            return _message_id(response)
        raise refusal_for(
            response.status_code, error_code(_json(response).get("error")), _retry_after(response)
        )


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message_id(response: httpx.Response) -> str:
    identifier = _json(response).get("id")
    if not isinstance(identifier, str) or not 0 < len(identifier) <= MAX_PROVIDER_ID_LENGTH:
        # Taken or not, we cannot follow it; sending again is safe (the reference).
        raise ChannelUnavailable(f"gateway answered {response.status_code} without a usable id")
    return identifier


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers["Retry-After"]))
    except (KeyError, ValueError):
        return None  # absent, or an HTTP date: the dispatcher's own pause applies


class SmsSender:
    """The dispatcher's sender for the SMS channel: one claimed delivery to the gateway,
    its delivery id as the reference (so a resend after a crash is sent once)."""

    def __init__(self, settings: NotifySettings) -> None:
        self._client = httpx.AsyncClient()
        self._gateway = SmsGateway(settings, self._client)

    async def send(self, delivery: ClaimedDelivery, *, now: datetime) -> str | None:
        return await self._gateway.send(delivery.address, delivery.text, str(delivery.id))

    async def aclose(self) -> None:
        await self._client.aclose()
