"""`familjecentret up` runs the SMS sink when FC_SMS_GATEWAY_URL is local, gives notify the
token and report secret it made for the run, and says where the messages are kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from familjecentret.devstack import free_port
from familjecentret.settings import StackSettings
from familjecentret.stack import Stack, sms_banner_line, sms_gateway_is_local
from fc_notify.adapters.sms import SmsGateway

pytestmark = pytest.mark.service  # starts the sink on a loopback port


async def send_as_notify(environment: dict[str, str], url: str) -> str:
    settings = StackSettings(
        sms_gateway_url=url, sms_gateway_token=environment["FC_SMS_GATEWAY_TOKEN"]
    )
    async with httpx.AsyncClient() as client:
        return await SmsGateway(settings, client).send("+358401234567", "Hej", "r-1")


def test_up_starts_the_sms_sink_and_hands_notify_its_token_and_secret(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    settings = StackSettings(data_dir=tmp_path, sms_gateway_url=url)
    stack = Stack(settings, False, False, False, embedded_sms=sms_gateway_is_local(settings))
    try:
        stack.start_sms_sink()
        message_id = asyncio.run(send_as_notify(stack.environment, url))
    finally:
        stack.stop()

    assert len(stack.environment["FC_SMS_GATEWAY_TOKEN"]) == 32
    assert len(stack.environment["FC_SMS_REPORT_SECRET"]) == 32
    (line,) = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == message_id


def test_up_uses_the_token_and_secret_it_is_given(tmp_path: Path) -> None:
    settings = StackSettings(
        data_dir=tmp_path,
        sms_gateway_url=f"http://localhost:{free_port()}",
        sms_gateway_token="mine",
        sms_report_secret="ours",
    )
    stack = Stack(settings, False, False, False, embedded_sms=True)
    try:
        stack.start_sms_sink()
    finally:
        stack.stop()

    assert stack.environment == {"FC_SMS_GATEWAY_TOKEN": "mine", "FC_SMS_REPORT_SECRET": "ours"}


def test_the_banner_names_the_sink_or_the_gateway() -> None:
    local = StackSettings(data_dir=Path("data"), sms_gateway_url="http://127.0.0.1:8090")
    remote = StackSettings(sms_gateway_url="https://sms.example/api")

    assert sms_banner_line(local) == (
        "  SMS sink    http://127.0.0.1:8090  (messages kept in data/sms.jsonl)"
    )
    assert sms_banner_line(remote) == "  SMS gateway https://sms.example/api"
    assert not sms_gateway_is_local(remote)
