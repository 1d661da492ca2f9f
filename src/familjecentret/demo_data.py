"""What the demo data set says: its people, services, advice, meeting point and family.

The subjects are fixed so that the README can name them (`familjecentret token --subject`);
the texts are in Swedish, Finnish and English, as the region's families read them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as wall_time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")

# Fixed login subjects of the demo's people; `familjecentret token --role R --subject S`.
ADMIN = UUID("de300000-0000-4000-8000-000000000000")
GUARDIAN = UUID("de300000-0000-4000-8000-000000000001")  # Anna, Elsa's mother
PROFESSIONAL = UUID("de300000-0000-4000-8000-000000000002")  # a family worker
COORDINATOR = UUID("de300000-0000-4000-8000-000000000003")  # runs the meeting point

PEOPLE = (
    ("guardian", GUARDIAN, "Anna, Elsa's guardian"),
    ("professional", PROFESSIONAL, "the family worker, with a calendar"),
    ("coordinator", COORDINATOR, "runs the demo meeting point and its room"),
    ("admin", ADMIN, "drafted and published the services"),
)

MUNICIPALITY = "905"  # Vasa / Vaasa
ORGANISATION: dict[str, Any] = {
    "name": "Österbottens välfärdsområde (demo)",
    "sector": "wellbeing_county",
}
# The family worker's entry in the professionals register (with the demo organisation's id).
PROFESSIONAL_ENTRY: dict[str, Any] = {
    "subject": str(PROFESSIONAL),
    "role": "family worker",
    "languages": ["sv", "fi"],
    "municipalities": [MUNICIPALITY],
}

# Published services; each is found again by its Swedish name.
SERVICES: tuple[dict[str, Any], ...] = (
    {
        "municipality_code": MUNICIPALITY,
        "age_min": 0,
        "age_max": 1,
        "languages": ["sv", "fi"],
        "topics": ["peer_support", "parenting"],
        "opening_hours": "ti/tis 9.30-11.00",
        "texts": {
            "sv": (
                "Babycafé på träffpunkten",
                "Träffa andra föräldrar med bebisar under ett år: "
                "fika, lek och prat med familjearbetaren.",
            ),
            "fi": (
                "Vauvakahvila kohtaamispaikassa",
                "Tapaa muita alle vuoden ikäisten vauvojen "
                "vanhempia: kahvia, leikkiä ja juttelua perhetyöntekijän kanssa.",
            ),
            "en": (
                "Baby café at the meeting point",
                "Meet other parents of babies under one: "
                "coffee, play and a chat with the family worker.",
            ),
        },
    },
    {
        "municipality_code": MUNICIPALITY,
        "age_min": 0,
        "age_max": 17,
        "languages": ["sv", "fi", "en"],
        "topics": ["parenting", "upbringing", "mental_wellbeing"],
        "contact": "familjeradgivning@example.fi",
        "texts": {
            "sv": (
                "Familjerådgivning",
                "Samtal om uppfostran, barnets utveckling och "
                "familjens vardag, med en familjearbetare. Boka en tid.",
            ),
            "fi": (
                "Perheneuvola",
                "Keskusteluja kasvatuksesta, lapsen kehityksestä ja "
                "perheen arjesta perhetyöntekijän kanssa. Varaa aika.",
            ),
            "en": (
                "Family counselling",
                "Talk with a family worker about upbringing, your "
                "child's development and everyday family life. Book a time.",
            ),
        },
    },
    {
        "digital": True,
        "age_min": 13,
        "age_max": 17,
        "languages": ["sv", "fi"],
        "topics": ["mental_wellbeing", "leisure"],
        "opening_hours": "mån-tor/ma-to 17-20",
        "texts": {
            "sv": (
                "Chatt för unga",
                "Anonym chatt med en ungdomsarbetare om allt som känns svårt, eller roligt.",
            ),
            "fi": (
                "Nuorten chat",
                "Nimetön chat nuorisotyöntekijän kanssa kaikesta, mikä "
                "tuntuu vaikealta tai kivalta.",
            ),
            "en": (
                "Chat for young people",
                "An anonymous chat with a youth worker about anything that feels hard, or fun.",
            ),
        },
    },
)

# Advice articles; each is found again by its topic and Swedish title.
ADVICE: tuple[dict[str, Any], ...] = (
    {
        "topic": "upbringing",
        "age_min": 0,
        "age_max": 3,
        "texts": {
            "sv": (
                "Så hjälper du ditt barn att somna",
                "Samma kvällsrutin varje kväll, "
                "dämpat ljus och en lugn stund tillsammans hjälper de flesta små barn.",
            ),
            "fi": (
                "Näin autat lastasi nukahtamaan",
                "Sama iltarutiini joka ilta, himmeä "
                "valo ja rauhallinen yhteinen hetki auttavat useimpia pieniä lapsia.",
            ),
            "en": (
                "Helping your child fall asleep",
                "The same evening routine every night, "
                "dim lights and a calm moment together help most small children.",
            ),
        },
    },
    {
        "topic": "leisure",
        "age_min": 7,
        "age_max": 12,
        "texts": {
            "sv": (
                "Skärmtid i skolåldern",
                "Kom överens om skärmtiden tillsammans med "
                "barnet, och om skärmfria stunder för hela familjen.",
            ),
            "fi": (
                "Ruutuaika kouluiässä",
                "Sopikaa ruutuajasta yhdessä lapsen kanssa, ja "
                "myös koko perheen ruuduttomista hetkistä.",
            ),
            "en": (
                "Screen time at school age",
                "Agree on screen time together with your "
                "child, and on screen-free moments for the whole family.",
            ),
        },
    },
)

MEETING_POINT: dict[str, Any] = {
    "municipality_code": MUNICIPALITY,
    "name": "Demoträffpunkten i Vasa / Demokohtaamispaikka, Vaasa",
    "address": "Storgatan 1, Vasa",
}

# The group activity in the meeting point's room: a morning, in the small children's band.
ACTIVITY: dict[str, Any] = {
    "capacity": 12,
    "activity": "peer_group",
    "audience": "family",
    "language": "sv",
    "title": "Babycafé / Vauvakahvila",
}
ACTIVITY_DAYS_AHEAD = 7
ACTIVITY_HOURS = ((9, 30), (11, 0))


def activity_times(today: date) -> tuple[datetime, datetime]:
    """A weekday morning about a week ahead, in the room's small children's band."""
    day = today + timedelta(days=ACTIVITY_DAYS_AHEAD)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    (start_hour, start_minute), (end_hour, end_minute) = ACTIVITY_HOURS
    return (
        datetime.combine(day, wall_time(start_hour, start_minute), HELSINKI),
        datetime.combine(day, wall_time(end_hour, end_minute), HELSINKI),
    )


# The family worker's calendar: appointments twice a week for four weeks.
CALENDAR: dict[str, Any] = {
    "kind": "professional",
    "name": "Familjearbetaren / Perhetyöntekijä (demo)",
    "municipality_code": MUNICIPALITY,
    "languages": ["sv", "fi"],
}
APPOINTMENTS: dict[str, Any] = {
    "rrule": "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8",
    "duration_minutes": 45,
    "capacity": 1,
    "activity": "appointment",
    "language": "sv",
    "title": "Samtal med familjearbetaren / Keskustelu perhetyöntekijän kanssa",
}
APPOINTMENT_HOUR = 13


def first_tuesday(today: date) -> datetime:
    """The first appointment: next week's Tuesday, local wall-clock time, no offset."""
    day = today + timedelta(days=7 - today.weekday() + 1)
    return datetime.combine(day, wall_time(APPOINTMENT_HOUR))


FAMILY: dict[str, Any] = {
    "language": "sv",
    "guardians": [
        {"name": "Anna Andersson (demo)", "subject": str(GUARDIAN), "email": "anna@example.fi"}
    ],
    "children": [{"name": "Elsa", "birth_date": "2023-03-14"}],
}

# The form types the forms service offers today (its GET /v1/forms/{type} gives each one's
# JSON Schema).


# A chat queue open every hour of every day (00:00-00:00 is the whole day), holidays too.
CHAT_QUEUE_CODE = "demo-chat"
CHAT_QUEUE: dict[str, Any] = {
    "names": {"sv": "Demochatten", "fi": "Demochat", "en": "Demo chat"},
    "language": "sv",
    "audience": "everyone",
    "allows_anonymous": True,
    "closed_on_public_holidays": False,
    "hours": [
        {"weekday": day, "start": "00:00", "end": "00:00"}
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    ],
    "away_messages": {"sv": "Demochatten är full just nu.", "fi": "Demochat on nyt täynnä."},
    "help_numbers": [{"names": {"sv": "Nödnumret", "fi": "Hätänumero"}, "number": "112"}],
}
