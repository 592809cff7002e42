from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from maillage.api import register_views, token_views, views
from maillage.api import territory_views as tv
from maillage.api.docs import ApiDocsView

# The documentation pages keep the site's CSP for scripts (the Swagger UI's start-up script is
# served as a file by the split view); their bundles set styles inline and ReDoc renders in a
# blob: worker, allowed on these two pages only.
_DOCS_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path(
        "swagger/",
        csp_update(_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="swagger",
    ),
    path(
        "redoc/",
        csp_update(_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path("jetons/", token_views.token_list, name="token_list"),
    path("jetons/<int:pk>/revoquer/", token_views.token_revoke, name="token_revoke"),
    path("communes/", views.CommuneSearch.as_view(), name="commune_search"),
    path("communes/<str:code>/", views.CommuneDetail.as_view(), name="commune_detail"),
    path("besoins/", views.NeedList.as_view(), name="need_list"),
    path("besoins/<str:pk>/", views.NeedDetail.as_view(), name="need_detail"),
    path("territoire/besoins/", tv.TerritoryNeedList.as_view(), name="territory_needs"),
    path(
        "territoire/assistantes-maternelles/",
        tv.TerritoryChildminderList.as_view(),
        name="territory_childminders",
    ),
    path(
        "territoire/assistantes-maternelles/<str:pk>/disponibilites/",
        tv.ChildminderAvailability.as_view(),
        name="childminder_availability",
    ),
    path("territoire/creches/", tv.TerritoryNurseryList.as_view(), name="territory_nurseries"),
    path(
        "territoire/creches/<str:pk>/places/",
        tv.NurseryAvailability.as_view(),
        name="nursery_availability",
    ),
    path(
        "territoire/registres/<str:registre>/",
        register_views.RegisterPush.as_view(),
        name="register_push",
    ),
    path(
        "territoire/indicateurs/<str:code>/",
        tv.TerritoryIndicators.as_view(),
        name="territory_indicators",
    ),
]
