"""Territory services: referential import (readers + writer) and offline geography helpers."""

from maillage.territory.services.errors import TerritoryImportError

__all__ = ["TerritoryImportError"]
