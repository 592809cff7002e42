"""Demo dataset of care providers, calibrated on the CAF coverage rates (see seed_demo)."""

from maillage.childcare.demo.calibration import (
    CoverageRates,
    Targets,
    calibrate,
    coverage_rates_for,
    largest_remainder,
    load_coverage_rates,
)
from maillage.childcare.demo.childminders import seed_childminders
from maillage.childcare.demo.common import bulk_users, jitter, sub_rng
from maillage.childcare.demo.nurseries import seed_nurseries

__all__ = [
    "CoverageRates",
    "Targets",
    "bulk_users",
    "calibrate",
    "coverage_rates_for",
    "jitter",
    "largest_remainder",
    "load_coverage_rates",
    "seed_childminders",
    "seed_nurseries",
    "sub_rng",
]
