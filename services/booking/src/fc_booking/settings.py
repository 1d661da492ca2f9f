"""The booking service's settings, on top of the platform's (FC_-prefixed variables)."""

from __future__ import annotations

from pydantic import Field

from fc_shared.settings import Settings


class BookingSettings(Settings):
    # How long a hold keeps a place while a family fills in the details, and how often
    # lapsed holds are swept back to the waitlist.
    booking_hold_seconds: int = 600  # FC_BOOKING_HOLD_SECONDS
    booking_sweep_seconds: float = 1.0  # FC_BOOKING_SWEEP_SECONDS
    # Who meets the family where no meeting point does (a professional's calendar, a room of
    # the family centre's own): named as the organizer in letters and calendar files.
    booking_organizer_name: str = Field(
        default="Familjecentret", min_length=1, max_length=200
    )  # FC_BOOKING_ORGANIZER_NAME
    # The address calendar apps show for the organizer (RFC 5545 needs one): nobody reads it,
    # so replies to a calendar file go nowhere rather than to a person.
    booking_organizer_email: str = Field(
        default="no-reply@familjecentret.fi", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    )  # FC_BOOKING_ORGANIZER_EMAIL
    # Where families reach booking's API from outside: the base of the signed calendar links
    # in booking events, which letters carry. The default is the development stack's.
    booking_public_url: str = Field(
        default="http://127.0.0.1:8002", pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$"
    )  # FC_BOOKING_PUBLIC_URL


def booking_settings(settings: Settings) -> BookingSettings:
    """The booking settings of the platform settings the app was given: the same values, and
    booking's own from the environment (FC_BOOKING_…) where the given ones do not say them.
    Keyword arguments, not validation, so that the environment is read for what is missing."""
    if isinstance(settings, BookingSettings):
        return settings
    return BookingSettings(**settings.model_dump())
