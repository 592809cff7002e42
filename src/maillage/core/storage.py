"""Static files in production: compressed (gzip, Brotli when available) and hashed by WhiteNoise.

Vendored bundles (Leaflet, the sidecar's Swagger UI) end with a `sourceMappingURL` comment
whose .map is not shipped; Django would refuse to collect them. Source-map references are left
as they are (a browser asks for the map only when its developer tools are open).
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: Any) -> tuple[Any, ...]:
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules if "sourceMappingURL" not in str(rule))
        kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
