"""The AsyncAPI document of a service's events, and the page that shows it.

FastStream documents a subscriber's message from its handler's parameters. Ours take the raw
`KafkaMessage` (fc_shared.consumer checks the envelope itself), so FastStream found no payload
and wrote `EmptyPayload` for every event a service consumes. `document_consumed_events` gives
each subscriber the schemas of the events it handles (one subscriber reads a topic for all of
them), as a publisher declares its own.

The page renders the document with the AsyncAPI web component served from this package
(`static/asyncapi`, pinned, with its licence), so it needs nothing from the internet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.subscriber.specification import KafkaSubscriberSpecification
from faststream.specification import AsyncAPI
from faststream.specification.asyncapi.message import get_model_schema
from faststream.specification.asyncapi.utils import to_camelcase
from pydantic import create_model

from fc_shared.events.contracts import DomainEvent
from fc_shared.settings import Settings

ASSETS = Path(__file__).parent / "static" / "asyncapi"
# The web component's settings, as FastStream's own page has them, without its "try it out"
# plugin: that would publish to the broker from the page.
PAGE_CONFIG: dict[str, Any] = {
    "show": {
        "sidebar": True,
        "info": True,
        "servers": True,
        "operations": True,
        "messages": True,
        "schemas": True,
        "errors": True,
    },
    "expand": {"messageExamples": True},
    "sidebar": {"showServers": "byDefault", "showOperations": "byDefault"},
}


class _ConsumedEvents(KafkaSubscriberSpecification):
    """A subscriber's specification whose messages are `events`, not its handler's
    parameters."""

    __slots__ = ("events",)

    def __init__(
        self, original: KafkaSubscriberSpecification, events: Sequence[type[DomainEvent]]
    ) -> None:
        super().__init__(original._outer_config, original.config, original.calls)
        self.events = tuple(events)

    def get_payloads(self) -> list[tuple[dict[str, Any], str]]:
        # One field holding the event: FastStream then documents the event model itself, by
        # its own name, as it does a publisher's `schema`; several payloads become its
        # `oneOf`.
        return [
            (
                get_model_schema(create_model(event.__name__, event=(event, ...))),
                to_camelcase(event.__name__),
            )
            for event in self.events
        ]


def document_consumed_events(
    broker: KafkaBroker, settings: Settings, events: Iterable[type[DomainEvent]]
) -> None:
    """Show each subscriber's messages as the events it handles. A subscriber is matched by
    its topic, and to the events of that topic its description names (fc_shared.consumer
    writes "<group> handles <type> (<consumer>), ..."), or all of them if it names none."""
    by_topic: dict[str, list[type[DomainEvent]]] = {}
    for event in events:
        by_topic.setdefault(settings.topic(event.TOPIC), []).append(event)
    for subscriber in broker.subscribers:
        specification = subscriber.specification
        if not isinstance(specification, KafkaSubscriberSpecification):
            continue
        topics = specification.topics
        candidates = [event for topic in topics for event in by_topic.get(topic, [])]
        words = set(re.split(r"[\s,()]+", specification.description or ""))
        chosen = [event for event in candidates if event.TYPE in words] or candidates
        if chosen:
            # The attribute is typed for any broker's specification; this is a Kafka one.
            subscriber.specification = _ConsumedEvents(specification, chosen)  # type: ignore[assignment]


def asyncapi_document(broker: KafkaBroker, title: str) -> dict[str, Any]:
    document: dict[str, Any] = (
        AsyncAPI(broker, title=f"{title} events", version="1.0.0").to_specification().to_jsonable()
    )
    return document


def asyncapi_page(*, title: str, document_url: str, assets_url: str, favicon_url: str) -> str:
    """The page: it fetches the document from `document_url` and renders it in the browser,
    with the web component's script and style from `assets_url` (all on this service)."""
    config = json.dumps(PAGE_CONFIG).replace("</", "<\\/")
    url = json.dumps(document_url).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(title)} events</title>
<link rel="icon" type="image/png" href="{escape(favicon_url)}">
<link rel="stylesheet" href="{escape(assets_url)}/default.min.css">
</head>
<body>
<div id="asyncapi"></div>
<script src="{escape(assets_url)}/index.js"></script>
<script>
AsyncApiStandalone.render(
  {{schema: {{url: new URL({url}, window.location.href).href}}, config: {config}}},
  document.getElementById("asyncapi")
);
</script>
</body>
</html>
"""
