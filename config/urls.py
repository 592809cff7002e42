from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Administration de Maillage"
admin.site.site_title = "Maillage"
admin.site.index_title = "Tableau d'administration"

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("territoires/", include("maillage.territory.urls")),
    path("admin/", admin.site.urls),
]
