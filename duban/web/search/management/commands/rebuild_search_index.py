from django.core.management.base import BaseCommand

from duban.web.search.index import rebuild, repair


class Command(BaseCommand):
    help = ("Rebuild the Chinese full-text search index of all tasks (--repair: only the rows that are "
            "missing or differ from their task, as the daily job does)")

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true",
                            help="write only missing or stale rows and say how many there were")

    def handle(self, *args, **options):
        if options["repair"]:
            self.stdout.write(f"repaired {repair()} index rows")
            return
        n = rebuild()
        self.stdout.write(f"indexed {n} tasks")
