"""The entry `familjecentret seed` and `migrate --seed` call: network's reference data
(use_cases/seed.py)."""

from fc_network.use_cases.seed import SEED_NAMESPACE, load_reference_data

__all__ = ["SEED_NAMESPACE", "load_reference_data"]
