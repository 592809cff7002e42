from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from maillage.api import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("communes/", views.CommuneSearch.as_view(), name="commune_search"),
    path("communes/<str:code>/", views.CommuneDetail.as_view(), name="commune_detail"),
    path("besoins/", views.NeedList.as_view(), name="need_list"),
    path("besoins/<int:pk>/", views.NeedDetail.as_view(), name="need_detail"),
]
