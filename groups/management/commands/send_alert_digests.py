from django.core.management.base import BaseCommand

from groups.alerts import queue_weekly_digests


class Command(BaseCommand):
    help = (
        "Queue the weekly digest of new documents for each member who chose "
        "it (the worker sends them). Run it once a week, e.g. from cron."
    )

    def handle(self, *args, **options):
        count = queue_weekly_digests()
        self.stdout.write(f"{count} digest(s) queued.")
