from django.urls import path

from maillage.observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.home, name="home"),
    path("region/<str:code>/", views.region, name="region"),
    path("departement/<str:code>/", views.departement, name="departement"),
    path("commune/<str:code>/", views.commune, name="commune"),
    path("intercommunalite/<str:code>/", views.intercommunality, name="intercommunality"),
    path(
        "geo/intercommunalite/<str:code>/communes.json",
        views.geo_intercommunality,
        name="geo_intercommunality",
    ),
    path("falaise/", views.cliff, name="cliff"),
    path("falaise/<str:code>/", views.cliff, name="cliff_departement"),
    path("export/", views.export, name="export"),
    path("donnees-ouvertes/", views.opendata_export, name="opendata_export"),
    path("geo/departements.json", views.geo_departements, name="geo_departements"),
    path("geo/departement/<str:code>/communes.json", views.geo_communes, name="geo_communes"),
    path("actions/", views.action_list, name="action_list"),
    path("controles/<str:code>/", views.inspection_plan_page, name="inspection_plan"),
    path("suivi/", views.zoom_home, name="zoom_home"),
    path("suivi/<str:code>/", views.zoom, name="zoom"),
    path("suivi/<str:code>/action/<int:pk>/", views.key_action_page, name="key_action"),
    path("suivi/<str:code>/revision/", views.zoom_revise, name="zoom_revise"),
    path("suivi/<str:code>/axe/<int:axis>/", views.zoom_axis_print, name="zoom_axis_print"),
    path("suivi/<str:code>/export.csv", views.zoom_export, name="zoom_export"),
    path("actions/<str:code>/nouvelle/", views.action_edit, name="action_create"),
    path("actions/<str:code>/axes/", views.axis_names, name="axis_names"),
    path("actions/<str:code>/<int:pk>/", views.action_edit, name="action_edit"),
    path("actions/<str:code>/<int:pk>/avancement/", views.action_note, name="action_note"),
    path(
        "actions/<str:code>/axe/<int:axis>/", views.action_axis_summary, name="action_axis_summary"
    ),
]
