from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from maillage.core.navigation import menu_for, menu_tree_for


def site(request: HttpRequest) -> dict[str, Any]:
    """The look (DSFR or neutral theme), names and the role-aware menu, for every template."""
    return {
        "SITE": {
            "theme": settings.MAILLAGE_THEME,
            "is_dsfr": settings.MAILLAGE_THEME == "dsfr",
            "name": settings.MAILLAGE_SITE_NAME,
            "tagline": settings.MAILLAGE_SITE_TAGLINE,
            "operator_lines": settings.MAILLAGE_OPERATOR_NAME.replace("\\n", "\n").split("\n"),
            "operator_logo": settings.MAILLAGE_OPERATOR_LOGO,
            "contact_email": settings.MAILLAGE_CONTACT_EMAIL,
            # What the kept header and footer depend on (layout/base.html's `cache` tags).
            "chrome_key": "|".join(
                (
                    settings.MAILLAGE_THEME,
                    settings.MAILLAGE_SITE_NAME,
                    settings.MAILLAGE_SITE_TAGLINE,
                    settings.MAILLAGE_OPERATOR_NAME,
                )
            ),
        },
        # Called by the template when it reads them (most pages use only the tree, and the
        # anonymous header is kept rendered: neither is then built).
        "main_menu": partial(menu_for, getattr(request, "user", None)),
        "main_menu_tree": partial(menu_tree_for, getattr(request, "user", None)),
    }
