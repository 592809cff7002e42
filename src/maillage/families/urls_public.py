"""Public pages, no account: the search (`/recherche/`) and the providers' pages."""

from django.urls import path

from maillage.families.views import provider_pages, public

app_name = "search"
urlpatterns = [
    path("", public.public_search, name="public_search"),
    path("carte/communes.geojson", public.public_search_contours, name="contours"),
    path("horaires-jour-par-jour/", public.public_search_detail_picker, name="detail_picker"),
    path("mise-en-relation/", public.public_search_request, name="request"),
    path("reprendre/", public.public_search_resume, name="resume"),
    path(
        "assistante-maternelle/<int:pk>/",
        provider_pages.childminder_public,
        name="childminder_page",
    ),
    path("creche/<int:pk>/", provider_pages.nursery_public, name="nursery_page"),
    path("mam/<int:pk>/", provider_pages.mam_public, name="mam_page"),
]
