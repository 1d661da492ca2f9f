"""The entry `familjecentret seed` and `migrate --seed` call: the reference queues
(reference.py), each added where no queue has its code."""

from fc_chat.use_cases.queues import load_reference_queues

__all__ = ["load_reference_queues"]
