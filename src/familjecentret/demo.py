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
from datetime import date, datetime, timedelta
from datetime import time as wall_time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx

from familjecentret import demo_data as data
from familjecentret.services import SERVICES
from fc_shared.devkeys import mint_token
from fc_shared.settings import Settings

HELSINKI = ZoneInfo("Europe/Helsinki")
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
        if who is None:
            return {}
        role, subject = who
        token = mint_token(self.settings, subject=subject, roles=[role], lifetime_seconds=600)
        return {"Authorization": f"Bearer {token}"}

    async def get(self, service: str, path: str, who: Who | None = None, **params: Any) -> Any:
        response = await self.call("GET", service, path, who, params=params)
        return response.json()

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
        headers: Mapping[str, str] = {},
        **options: Any,
    ) -> httpx.Response:
        url = f"{self.urls[service]}{path}"
        headers = {**self.auth(who), **headers}
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
        await _directory(api, demo)
        await _professional(api, demo)
        await _advice(api, demo)
        await _meeting_point(api, demo)
        await _activity(api, demo)
        await _calendar(api, demo)
        await _appointments(api, demo)
        await _family(api, demo)
        for form_type in data.FORM_TYPES:
            await api.get("forms", f"/v1/forms/{form_type}")
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
    name: str = item["texts"]["sv"][0]
    return name


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
    body = {
        "subject": str(data.PROFESSIONAL),
        "organisation_id": demo.organisation_id,
        "role": data.PROFESSIONAL_ROLE,
        "languages": ["sv", "fi"],
        "municipalities": [data.MUNICIPALITY],
    }
    registered = await api.call(
        "POST", "network", "/v1/professionals", ADMIN, json=body, expect=(201, 409)
    )
    demo.note(f"professional {data.PROFESSIONAL}", made=registered.status_code == 201)


async def _advice(api: DemoApi, demo: DemoSet) -> None:
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
        starts, ends = activity_times(datetime.now(HELSINKI).date())
        body = {
            **data.ACTIVITY,
            "resource_id": demo.room_id,
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "service_id": demo.services.get(_sv(data.SERVICES[0])),
        }
        demo.activity_slot_id = (await api.post("booking", "/v1/slots", COORDINATOR, body))["id"]
    demo.note(f"group activity {data.ACTIVITY['title']}", made=not page["items"])


def activity_times(today: date) -> tuple[datetime, datetime]:
    """A weekday morning about a week ahead, in the room's small children's band."""
    day = today + timedelta(days=data.ACTIVITY_DAYS_AHEAD)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    (start_hour, start_minute), (end_hour, end_minute) = data.ACTIVITY_HOURS
    return (
        datetime.combine(day, wall_time(start_hour, start_minute), HELSINKI),
        datetime.combine(day, wall_time(end_hour, end_minute), HELSINKI),
    )


async def _calendar(api: DemoApi, demo: DemoSet) -> None:
    """The family worker's own calendar (one per professional)."""
    calendars = await api.get("booking", "/v1/resources", kind="professional")
    own = [c["id"] for c in calendars if c["owner_subject"] == str(data.PROFESSIONAL)]
    if own:
        demo.calendar_id = own[0]
    else:
        body = {"kind": "professional", "name": data.CALENDAR_NAME, "languages": ["sv", "fi"]}
        made = await api.post("booking", "/v1/resources", PROFESSIONAL, body)
        demo.calendar_id = made["id"]
    demo.note(f"calendar {data.CALENDAR_NAME}", made=not own)


async def _appointments(api: DemoApi, demo: DemoSet) -> None:
    """Appointment times in the calendar from next week on, unless it has future ones."""
    page = await api.get("booking", "/v1/slots", resource_id=demo.calendar_id, limit=1)
    if not page["items"]:
        body: Json = {
            **data.APPOINTMENTS,
            "first_start": first_tuesday(datetime.now(HELSINKI).date()).isoformat(),
            "service_id": demo.services.get(_sv(data.SERVICES[1])),
        }
        path = f"/v1/resources/{demo.calendar_id}/availability"
        await api.post("booking", path, PROFESSIONAL, body)
    demo.note("appointment times in the calendar (Tue and Thu)", made=not page["items"])


def first_tuesday(today: date) -> datetime:
    """The first appointment: next week's Tuesday, local wall-clock time, no offset."""
    day = today + timedelta(days=7 - today.weekday() + 1)
    return datetime.combine(day, wall_time(data.APPOINTMENT_HOUR))


async def _family(api: DemoApi, demo: DemoSet) -> None:
    """Anna's family (Anna and Elsa), registered by Anna herself."""
    families = await api.get("network", "/v1/families", GUARDIAN)
    if families:
        demo.family_id = families[0]["id"]
    else:
        demo.family_id = (await api.post("network", "/v1/families", GUARDIAN, data.FAMILY))["id"]
    demo.note("family of Anna (guardian) and Elsa", made=not families)


PEOPLE = (
    ("guardian", data.GUARDIAN, "Anna, Elsa's guardian"),
    ("professional", data.PROFESSIONAL, "the family worker, with a calendar"),
    ("coordinator", data.COORDINATOR, "runs the demo meeting point and its room"),
    ("admin", data.ADMIN, "drafted and published the services"),
)


def demo_report(demo: DemoSet) -> str:
    """What the run made and found, the demo's people and the ids a walkthrough needs."""
    lines = [f"demo data: {len(demo.created)} made, {len(demo.found)} already there"]
    lines += [f"  made   {what}" for what in demo.created]
    lines += [f"  found  {what}" for what in demo.found]
    lines += ["", "people (.venv/bin/familjecentret token --role ROLE --subject SUBJECT):"]
    lines += [f"  {role:<13} {subject}  {who}" for role, subject, who in PEOPLE]
    lines += ["", "ids:", f"  organisation    {demo.organisation_id}"]
    lines += [f"  service         {id_}  {name}" for name, id_ in demo.services.items()]
    lines += [f"  advice          {id_}  {title}" for title, id_ in demo.advice.items()]
    lines += [
        f"  meeting point   {demo.meeting_point_id}",
        f"  room            {demo.room_id}  (booking's resource for the meeting point)",
        f"  group activity  {demo.activity_slot_id}  (a slot in the room)",
        f"  calendar        {demo.calendar_id}  (the family worker's appointments)",
        f"  family          {demo.family_id}",
        f"  form types      {', '.join(data.FORM_TYPES)}",
    ]
    return "\n".join(lines)
