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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        """The hashed URL of a static file, kept once computed: the manifest does not change
        while the process runs, and each page asks for about twenty of them (a lookup,
        a normalisation and a URL join each time)."""
        if force or name is None:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name, force)
        return found
