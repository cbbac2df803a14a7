from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.home, name="home"),
    path("ledger.xlsx", views.export_ledger, name="export"),
    path("template.xlsx", views.download_template, name="template"),
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.preview, name="preview"),
    path("import/<int:pk>/confirm/", views.confirm, name="confirm"),
]
