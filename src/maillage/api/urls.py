from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from maillage.api import views

# The documentation pages keep the site's CSP for scripts (the Swagger UI's start-up script is
# served as a file by the split view); their bundles set styles inline and ReDoc renders in a
# blob: worker, allowed on these two pages only.
_DOCS_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update(_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        csp_update(_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path("communes/", views.CommuneSearch.as_view(), name="commune_search"),
    path("communes/<str:code>/", views.CommuneDetail.as_view(), name="commune_detail"),
    path("besoins/", views.NeedList.as_view(), name="need_list"),
    path("besoins/<int:pk>/", views.NeedDetail.as_view(), name="need_detail"),
]
