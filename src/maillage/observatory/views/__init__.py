"""Observatory views, one module per concept (URL names unchanged)."""

from maillage.observatory.views.actions import (
    action_axis_summary,
    action_edit,
    action_list,
    action_note,
    axis_names,
)
from maillage.observatory.views.cliff import cliff
from maillage.observatory.views.downloads import export, opendata_export
from maillage.observatory.views.geo import geo_communes, geo_departements, geo_intercommunality
from maillage.observatory.views.inspections import inspection_plan_page
from maillage.observatory.views.intercommunal import intercommunality
from maillage.observatory.views.regions import region
from maillage.observatory.views.territories import commune, departement, home
from maillage.observatory.views.zoom import (
    key_action_page,
    zoom,
    zoom_axis_print,
    zoom_export,
    zoom_home,
    zoom_revise,
)

__all__ = [
    "action_axis_summary",
    "action_edit",
    "action_list",
    "action_note",
    "axis_names",
    "cliff",
    "commune",
    "departement",
    "export",
    "geo_communes",
    "geo_departements",
    "geo_intercommunality",
    "inspection_plan_page",
    "intercommunality",
    "key_action_page",
    "zoom",
    "zoom_axis_print",
    "zoom_export",
    "zoom_home",
    "zoom_revise",
    "home",
    "opendata_export",
    "region",
]
