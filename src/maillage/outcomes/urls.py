from django.urls import path

from maillage.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("besoins/<int:need_pk>/suivre/", views.followup_open, name="followup_open"),
    path("points/<int:pk>/", views.checkpoint_record, name="checkpoint_record"),
    path("questionnaire/<str:token>/", views.questionnaire, name="questionnaire"),
]
