"""Occasional-care demo data (manage.py seed_occasional_demo)."""

from maillage.occasional.demo.common import (
    has_base_demo,
    has_occasional_data,
    occasional_counts,
)
from maillage.occasional.demo.generator import seed_occasional

__all__ = ["has_base_demo", "has_occasional_data", "occasional_counts", "seed_occasional"]
