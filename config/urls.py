from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Administration de Maillage"
admin.site.site_title = "Maillage"
admin.site.index_title = "Tableau d'administration"

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("territoires/", include("maillage.territory.urls")),
    path("accueil/", include("maillage.childcare.urls")),
    path("familles/", include("maillage.families.urls")),
    path("accueil-occasionnel/", include("maillage.occasional.urls")),
    path("retour-emploi/", include("maillage.outcomes.urls")),
    path("emplois/", include("maillage.jobs.urls")),
    path("personnel/", include("maillage.staffing.urls")),
    path("observatoire/", include("maillage.observatory.urls")),
    path("api/", include("maillage.api.urls")),
    path("mes-donnees/", include("maillage.privacy.urls")),
    path("prestataires/", include("maillage.onboarding.urls")),
    path("registres/", include("maillage.registers.urls")),
    path("relais-petite-enfance/", include("maillage.relais.urls")),
    path("admin/", admin.site.urls),
    path("recherche/", include("maillage.families.urls_public")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
