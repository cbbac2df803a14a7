import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
application = get_wsgi_application()

# No request is answered while the audit trail could be rewritten (duban.web.audit.checks).
from duban.web.audit.checks import require_guards  # noqa: E402

require_guards()
# The check's connection must not be inherited by forked workers (gunicorn preloads this module).
from django.db import connections  # noqa: E402

connections.close_all()
