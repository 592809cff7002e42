"""`{% relais_for commune as relais_list %}`: the Relais Petite Enfance covering a commune, for
pages of other apps (the public search) that show them without changing their views."""

from __future__ import annotations

from typing import Any

from django import template

from maillage.relais.directory import relais_covering
from maillage.relais.models import RelaisPetiteEnfance

register = template.Library()


@register.simple_tag
def relais_for(commune: Any) -> list[RelaisPetiteEnfance]:
    return relais_covering(commune)
