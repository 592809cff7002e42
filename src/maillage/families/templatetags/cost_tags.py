"""`{% option_cost_estimate option as cost %}`: the estimate of one option, from the
`cost_estimates` the view put in the context (`families.cost.services.cost_context`)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def option_cost_estimate(context: dict[str, Any], option: Any) -> Any:
    estimates = context.get("cost_estimates") or {}
    key = getattr(option, "key", None)
    if key is None and isinstance(option, dict):
        key = option.get("key")
    return estimates.get(key)
