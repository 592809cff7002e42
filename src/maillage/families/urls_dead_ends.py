from django.urls import path

from maillage.families.views import dead_ends

urlpatterns = [
    path("besoins/<int:pk>/elargir/", dead_ends.need_relax_apply, name="need_relax_apply"),
    path("besoins/<int:pk>/alerte/", dead_ends.place_alert_new, name="place_alert_new"),
    path(
        "alertes/<slug:token>/desabonnement/",
        dead_ends.place_alert_unsubscribe_view,
        name="place_alert_unsubscribe",
    ),
]
