from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("feed.atom", views.feed, name="feed"),
    path("data.csv", views.data_csv, name="csv"),
    path("language/", views.set_language, name="set_language"),
]
