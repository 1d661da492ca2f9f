"""`familjecentret seed --demo`: a small demo data set, made through the running services'
public HTTP APIs as a frontend would (so every event flows as it would in real use).

Idempotent: each part is looked for first (by a name, title or fixed subject the demo
owns) and made only when missing, so running it twice changes nothing. What it says is in
`demo_data`; its people have fixed subjects, so the README can mint their tokens.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx

from familjecentret import demo_data as data
from familjecentret.services import SERVICES
from fc_shared.devkeys import mint_token
from fc_shared.settings import Settings

ROOM_WAIT_SECONDS = 60.0
Json = dict[str, Any]


class DemoFailed(RuntimeError):
    """A service refused a step, or is not there: the message says which and why."""


def local_urls() -> dict[str, str]:
    """The services where `familjecentret up` serves them."""
    return {spec.name: f"http://127.0.0.1:{spec.default_port}" for spec in SERVICES}


@dataclass
class DemoSet:
    """The ids a walkthrough needs, and what this run made (`created`) or found (`found`)."""

    organisation_id: str = ""
    services: dict[str, str] = field(default_factory=dict)  # Swedish name -> id
    advice: dict[str, str] = field(default_factory=dict)  # Swedish title -> id
    meeting_point_id: str = ""
    room_id: str = ""
    activity_slot_id: str = ""
    calendar_id: str = ""
    family_id: str = ""
    chat_queue: str = ""
    form_types: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    def note(self, what: str, *, made: bool) -> None:
        (self.created if made else self.found).append(what)


Who = tuple[str, UUID]  # a role and a subject, as a token names them
ADMIN: Who = ("admin", data.ADMIN)
GUARDIAN: Who = ("guardian", data.GUARDIAN)
PROFESSIONAL: Who = ("professional", data.PROFESSIONAL)
COORDINATOR: Who = ("coordinator", data.COORDINATOR)


@dataclass
class DemoApi:
    """The services' HTTP APIs, called as the demo's people (tokens from the dev keys)."""

    client: httpx.AsyncClient
    urls: Mapping[str, str]
    settings: Settings

    def auth(self, who: Who | None) -> dict[str, str]:
        """A short-lived token for `who` (no header for an anonymous call)."""
        if who is None:
            return {}
        token = mint_token(self.settings, subject=who[1], roles=[who[0]], lifetime_seconds=600)
        return {"Authorization": f"Bearer {token}"}

    async def get(self, service: str, path: str, who: Who | None = None, **params: Any) -> Any:
        return (await self.call("GET", service, path, who, params=params)).json()

    async def post(
        self, service: str, path: str, who: Who, body: Json | None = None, **options: Any
    ) -> Any:
        options.setdefault("expect", (201,))
        return (await self.call("POST", service, path, who, json=body, **options)).json()

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        who: Who | None,
        *,
        expect: tuple[int, ...] = (200,),
        **options: Any,
    ) -> httpx.Response:
        url = f"{self.urls[service]}{path}"
        headers = {**self.auth(who), **options.pop("headers", {})}
        try:
            response = await self.client.request(method, url, headers=headers, **options)
        except httpx.TransportError as error:
            raise DemoFailed(f"{service} does not answer at {url} (is the stack up?)") from error
        if response.status_code not in expect:
            raise DemoFailed(f"{method} {url}: {response.status_code} {response.text}")
        return response


async def seed_demo(
    settings: Settings,
    urls: Mapping[str, str] | None = None,
    client: httpx.AsyncClient | None = None,
) -> DemoSet:
    """Make what is missing of the demo data set; the ids of all of it."""
    own_client = client is None
    api = DemoApi(client or httpx.AsyncClient(timeout=30), urls or local_urls(), settings)
    demo = DemoSet()
    try:
        steps = (_directory, _professional, _advice, _meeting_point, _activity, _calendar)
        for step in (*steps, _appointments, _family, _chat):
            await step(api, demo)
        demo.form_types = [form["form_type"] for form in await api.get("forms", "/v1/forms")]
    finally:
        if own_client:
            await api.client.aclose()
    return demo


async def published_services(api: DemoApi, lang: str = "sv") -> dict[str, Json]:
    """Every published service in the directory, by its name in `lang` (or a fallback)."""
    found: dict[str, Json] = {}
    page = 1
    while True:
        answer = await api.get(
            "network", "/v1/directory/services", lang=lang, page=page, page_size=100
        )
        found.update({entry["name"]: entry for entry in answer["items"]})
        if page * answer["page_size"] >= answer["total"]:
            return found
        page += 1


def _sv(item: Json) -> str:
    """The Swedish name or title: what the demo finds its services and advice by."""
    return str(item["texts"]["sv"][0])


async def _directory(api: DemoApi, demo: DemoSet) -> None:
    """The organisation and its published services (drafted and published by an admin)."""
    listed = await published_services(api)
    ours = [listed[_sv(service)] for service in data.SERVICES if _sv(service) in listed]
    if ours:
        demo.organisation_id = ours[0]["organisation_id"]
    else:
        organisation = await api.post("network", "/v1/organisations", ADMIN, data.ORGANISATION)
        demo.organisation_id = organisation["id"]
        demo.note(f"organisation {data.ORGANISATION['name']}", made=True)
    for service in data.SERVICES:
        name = _sv(service)
        if name in listed:
            demo.services[name] = listed[name]["id"]
            demo.note(f"service {name}", made=False)
            continue
        texts = {lang: {"name": n, "description": d} for lang, (n, d) in service["texts"].items()}
        body = {**service, "texts": texts, "organisation_id": demo.organisation_id}
        service_id = (await api.post("network", "/v1/services", ADMIN, body))["id"]
        await api.post("network", f"/v1/services/{service_id}/publish", ADMIN, expect=(200,))
        demo.services[name] = service_id
        demo.note(f"service {name} (published)", made=True)


async def _professional(api: DemoApi, demo: DemoSet) -> None:
    """The family worker, in the professionals register (409: already there)."""
    body = {**data.PROFESSIONAL_ENTRY, "organisation_id": demo.organisation_id}
    registered = await api.call(
        "POST", "network", "/v1/professionals", ADMIN, json=body, expect=(201, 409)
    )
    demo.note(f"professional {data.PROFESSIONAL}", made=registered.status_code == 201)


async def _advice(api: DemoApi, demo: DemoSet) -> None:
    """The advice articles, written by an admin (an organiser may, too)."""
    for article in data.ADVICE:
        title = _sv(article)
        listed = await api.get(
            "network", "/v1/advice", topic=article["topic"], lang="sv", limit=100
        )
        same = [entry["id"] for entry in listed if entry["title"] == title]
        if not same:
            texts = {lang: {"title": t, "body": b} for lang, (t, b) in article["texts"].items()}
            written = await api.post("network", "/v1/advice", ADMIN, {**article, "texts": texts})
        demo.advice[title] = same[0] if same else written["id"]
        demo.note(f"advice {title}", made=not same)


async def _meeting_point(api: DemoApi, demo: DemoSet) -> None:
    """The coordinator's own meeting point, and booking's room for it."""
    points = await api.get("network", "/v1/meeting-points", municipality=data.MUNICIPALITY)
    same = [point["id"] for point in points if point["name"] == data.MEETING_POINT["name"]]
    if same:
        demo.meeting_point_id = same[0]
    else:
        key = {"Idempotency-Key": "demo-meeting-point"}
        opened = await api.post(
            "network", "/v1/meeting-points", COORDINATOR, data.MEETING_POINT, headers=key
        )
        demo.meeting_point_id = opened["id"]
    demo.note(f"meeting point {data.MEETING_POINT['name']}", made=not same)
    demo.room_id = await _room_of(api, demo.meeting_point_id)


async def _room_of(api: DemoApi, meeting_point_id: str) -> str:
    """Booking's room for the meeting point, which arrives with MeetingPointOpened."""
    deadline = time.monotonic() + ROOM_WAIT_SECONDS
    while True:
        rooms = await api.get("booking", "/v1/resources", meeting_point_id=meeting_point_id)
        if rooms:
            return str(rooms[0]["id"])
        if time.monotonic() > deadline:
            raise DemoFailed("booking has no room for the demo meeting point (is Kafka up?)")
        await asyncio.sleep(0.5)


async def _activity(api: DemoApi, demo: DemoSet) -> None:
    """The group activity in the room, placed by the coordinator who manages it."""
    activity = data.ACTIVITY["activity"]
    page = await api.get("booking", "/v1/slots", resource_id=demo.room_id, activity=activity)
    if page["items"]:
        demo.activity_slot_id = page["items"][0]["id"]
    else:
        starts, ends = data.activity_times(datetime.now(data.HELSINKI).date())
        body = {
            **data.ACTIVITY,
            "resource_id": demo.room_id,
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "service_id": demo.services.get(_sv(data.SERVICES[0])),
        }
        demo.activity_slot_id = (await api.post("booking", "/v1/slots", COORDINATOR, body))["id"]
    demo.note(f"group activity {data.ACTIVITY['title']}", made=not page["items"])


async def _calendar(api: DemoApi, demo: DemoSet) -> None:
    """The family worker's own calendar (one per professional)."""
    calendars = await api.get("booking", "/v1/resources", kind="professional")
    own = [c["id"] for c in calendars if c["owner_subject"] == str(data.PROFESSIONAL)]
    if own:
        demo.calendar_id = own[0]
    else:
        made = await api.post("booking", "/v1/resources", PROFESSIONAL, data.CALENDAR)
        demo.calendar_id = made["id"]
    demo.note(f"calendar {data.CALENDAR['name']}", made=not own)


async def _appointments(api: DemoApi, demo: DemoSet) -> None:
    """Appointment times in the calendar from next week on, unless it has future ones."""
    page = await api.get("booking", "/v1/slots", resource_id=demo.calendar_id, limit=1)
    if not page["items"]:
        body: Json = {
            **data.APPOINTMENTS,
            "first_start": data.first_tuesday(datetime.now(data.HELSINKI).date()).isoformat(),
            "service_id": demo.services.get(_sv(data.SERVICES[1])),
        }
        path = f"/v1/resources/{demo.calendar_id}/availability"
        await api.post("booking", path, PROFESSIONAL, body)
    demo.note("appointment times in the calendar (Tue and Thu)", made=not page["items"])


async def _family(api: DemoApi, demo: DemoSet) -> None:
    """Anna's family (Anna and Elsa), registered by Anna herself."""
    families = await api.get("network", "/v1/families", GUARDIAN)
    if families:
        demo.family_id = families[0]["id"]
    else:
        demo.family_id = (await api.post("network", "/v1/families", GUARDIAN, data.FAMILY))["id"]
    demo.note("family of Anna (guardian) and Elsa", made=not families)


async def _chat(api: DemoApi, demo: DemoSet) -> None:
    """A demo chat queue open round the clock that takes anonymous visitors, which the
    family worker serves (the county's own queues keep office hours)."""
    queues = await api.get("chat", "/v1/chat/queues")
    there = any(queue["code"] == data.CHAT_QUEUE_CODE for queue in queues)
    if not there:
        path = f"/v1/chat/queues/{data.CHAT_QUEUE_CODE}"
        await api.call("PUT", "chat", path, ADMIN, json=data.CHAT_QUEUE)
    member = f"/v1/chat/queues/{data.CHAT_QUEUE_CODE}/members/{data.PROFESSIONAL}"
    await api.call("PUT", "chat", member, ADMIN, expect=(204,))
    demo.chat_queue = data.CHAT_QUEUE_CODE
    demo.note(f"chat queue {data.CHAT_QUEUE_CODE} served by the family worker", made=not there)


def demo_report(demo: DemoSet) -> str:
    """What the run made and found, the demo's people and the ids a walkthrough needs."""
    lines = [f"demo data: {len(demo.created)} made, {len(demo.found)} already there"]
    lines += [f"  made   {what}" for what in demo.created]
    lines += [f"  found  {what}" for what in demo.found]
    lines += ["", "people (.venv/bin/familjecentret token --role ROLE --subject SUBJECT):"]
    lines += [f"  {role:<13} {subject}  {who}" for role, subject, who in data.PEOPLE]
    lines += ["", "ids:", f"  organisation    {demo.organisation_id}"]
    lines += [f"  service         {id_}  {name}" for name, id_ in demo.services.items()]
    lines += [f"  advice          {id_}  {title}" for title, id_ in demo.advice.items()]
    lines += [
        f"  meeting point   {demo.meeting_point_id}",
        f"  room            {demo.room_id}  (booking's resource for the meeting point)",
        f"  group activity  {demo.activity_slot_id}  (a slot in the room)",
        f"  calendar        {demo.calendar_id}  (the family worker's appointments)",
        f"  family          {demo.family_id}",
        f"  chat queue      {demo.chat_queue}  (open round the clock, anonymous allowed)",
        f"  form types      {', '.join(demo.form_types)}",
    ]
    return "\n".join(lines)
