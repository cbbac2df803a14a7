from django.urls import path

from . import views, views_feedback, views_import, views_public, views_stats

app_name = "suggestions"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views_import.import_home, name="import"),
    path("import/upload/", views_import.upload, name="upload"),
    path("import/<int:pk>/", views_import.preview, name="preview"),
    path("import/<int:pk>/confirm/", views_import.confirm, name="confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/opinion/", views.opinion, name="opinion"),
    path("<int:pk>/communicate/", views.communicate, name="communicate"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/link/", views.new_link, name="new_link"),
    path("<int:pk>/disclose/", views.disclose, name="disclose"),
    path("<int:pk>/task/", views.to_task, name="to_task"),
    path("replies/<int:pk>/file/", views.signed_file, name="signed_file"),
    path("feedback/<int:item_id>/<str:token>/", views_feedback.feedback, name="feedback"),
]

urlpatterns += [
    path("rubric/", views.rubric, name="rubric"),
    path("stats/", views_stats.stats_page, name="stats"),
    path("stats.xlsx", views_stats.stats_xlsx, name="stats_xlsx"),
    path("public/", views_public.public_list, name="public"),
    path("public/<int:pk>/", views_public.public_item, name="public_item"),
    path("public/data.csv", views_public.public_csv, name="public_csv"),
    path("public/feed.atom", views_public.public_feed, name="public_feed"),
]
