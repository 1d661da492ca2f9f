"""The tables live in `fc_booking.store.tables`; named here too for bench/booking_throughput.py,
which reads them from this path (it is outside the service)."""

from fc_booking.store.tables import metadata, resources, slots

__all__ = ["metadata", "resources", "slots"]
