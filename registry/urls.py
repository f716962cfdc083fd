from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("register/", views.riskpoint_list, name="riskpoint_list"),
    path("register/new/", views.riskpoint_create, name="riskpoint_create"),
    path("register/<int:pk>/", views.riskpoint_detail, name="riskpoint_detail"),
    path("register/<int:pk>/edit/", views.riskpoint_edit, name="riskpoint_edit"),
    path("register/<int:pk>/history/", views.riskpoint_history, name="riskpoint_history"),
    path("history/", views.change_log_view, name="change_log"),
    path("history/<str:model_key>/<int:pk>/", views.object_history_view, name="object_history"),
]
