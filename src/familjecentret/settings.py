"""The development stack's settings: the platform's and every service's own, in one object.

A service declares its own settings on top of the platform's (fc_booking.settings,
fc_notify.settings) and reads them only from there; the tooling that runs all services in
one process (`familjecentret up`, the tests) needs all of them at once, so it uses this.
"""

from __future__ import annotations

from fc_booking.settings import BookingSettings
from fc_chat.settings import ChatSettings
from fc_forms.settings import FormsSettings
from fc_notify.settings import NotifySettings


class StackSettings(BookingSettings, FormsSettings, NotifySettings, ChatSettings):
    """Every FC_* variable any service reads."""
