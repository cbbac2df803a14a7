"""The queue: background work as django-tasks jobs stored in the ledger's database.

Why django-tasks with its database backend: the queue lives in the same database as the
ledger (SQLite by default, PostgreSQL in production), so there is nothing else to run or
back up; a job enqueued inside a transaction exists exactly when that transaction commits;
jobs survive restarts of app servers and workers; and any number of app servers and
``duban worker`` processes share one PostgreSQL. Its API is the one Django 6 ships as
``django.tasks``. Procrastinate would need PostgreSQL, and the default install is SQLite.

- :mod:`.progress` – the progress rows a page polls (``ProgressJob``), shared by the jobs;
- :mod:`.schedule` – the daily job, enqueued once a day by whichever worker sees the day first;
- :mod:`.worker` – ``duban worker``: the django-tasks database worker plus the daily schedule.

The jobs themselves live with what they do: ``duban.web.briefing.jobs`` (briefings),
``duban.web.ledger.jobs`` (report import, the daily status job and reminders).
"""
