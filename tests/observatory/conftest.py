import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Indicator tables, CAF rates and suppression patterns are cached: start empty."""
    cache.clear()
    yield
    cache.clear()
