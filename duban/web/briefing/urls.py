from django.urls import path

from . import views

app_name = "briefing"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/status.json", views.job_status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
]
