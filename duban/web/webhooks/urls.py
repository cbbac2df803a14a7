from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.endpoint, name="endpoint"),
    path("<int:pk>/toggle", views.toggle, name="toggle"),
    path("<int:pk>/delete", views.delete, name="delete"),
    path("deliveries/<int:pk>/replay", views.replay_delivery, name="replay"),
]
