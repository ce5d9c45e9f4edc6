import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from groups import demo_content


class Command(BaseCommand):
    help = (
        "Create the home page, the working groups index and the six working groups "
        "of the demo. Pages that exist already are left as they are, so running it "
        "again changes nothing."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        # Wagtail logs each page's creation, revision and publishing: only
        # when asked (-v 2), beside this command's line per page created.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if verbosity < 2:
            wagtail_log.setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                demo_content.load(
                    log=self.stdout.write if verbosity else lambda message: None
                )
        finally:
            wagtail_log.setLevel(level)
        if verbosity:
            self.stdout.write(self.style.SUCCESS("The demo content is in place."))
