from django.urls import path

from duban.web.ledger import views_departments, views_misc, views_progress, views_reports, views_tasks

app_name = "ledger"
urlpatterns = [
    path("", views_misc.home, name="home"),
    path("rubric/", views_misc.rubric, name="rubric"),
    path("notifications/", views_misc.notifications, name="notifications"),
    path("notifications/read", views_misc.notifications_read, name="notifications_read"),
    path("tasks/", views_tasks.task_list, name="task_list"),
    path("tasks/<int:pk>/", views_tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit", views_tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/stages", views_tasks.task_stages, name="task_stages"),
    path("tasks/<int:pk>/report", views_tasks.task_report, name="task_report"),
    path("progress/<int:pk>/", views_progress.progress_detail, name="progress_detail"),
    path("progress/<int:pk>/verify", views_progress.progress_verify, name="progress_verify"),
    path("progress/<int:pk>/refile", views_progress.progress_refile, name="progress_refile"),
    path("evidence/<int:pk>", views_progress.evidence, name="evidence"),
    path("verify/", views_progress.verify_queue, name="verify_queue"),
    path("reports/", views_reports.report_list, name="report_list"),
    path("reports/import", views_reports.report_import, name="report_import"),
    path("reports/import/<int:pk>/", views_reports.import_job, name="import_job"),
    path("reports/import/<int:pk>/status.json", views_reports.import_job_status, name="import_job_status"),
    path("reports/<int:pk>/", views_reports.report_review, name="report_review"),
    path("reports/<int:pk>/confirm", views_reports.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/publish", views_reports.report_publish, name="report_publish"),
    path("reports/<int:pk>/reading", views_reports.report_reading, name="report_reading"),
    path("items/<int:pk>", views_reports.item_action, name="item_action"),
    path("departments/", views_departments.department_list, name="department_list"),
    path("departments/queue/<int:pk>", views_departments.department_queue, name="department_queue"),
]
