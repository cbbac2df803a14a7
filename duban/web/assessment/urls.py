from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("rubric/", views.rubric, name="rubric"),
    path("<int:year>/departments/<int:dept>/", views.detail, name="detail"),
    path("<int:year>/departments/<int:dept>/adjust", views.adjust, name="adjust"),
    path("<int:year>/close", views.close, name="close"),
    path("<int:year>/export.xlsx", views.export, name="export"),
    path("<int:year>/review/", views.review, name="review"),
]
