"""django-tasks-db's worker, which also puts back tasks a dead worker left.

A worker that dies (killed, out of memory, machine lost) while running a
task leaves it "running" for ever; django-tasks-db does not retry it. No
task of ours runs for minutes (mail has EMAIL_TIMEOUT), so one that has been
running for longer than TASK_STUCK_AFTER_MINUTES is stuck and goes back to
the queue: when a worker starts, and every minute while it runs (systemd
restarts a dead worker within seconds, long before its task counts as stuck,
so looking only at start would leave that task stuck until the next restart).
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def stuck_after():
    return timedelta(minutes=settings.TASK_STUCK_AFTER_MINUTES)


def requeue_stuck_tasks():
    cutoff = timezone.now() - stuck_after()
    stuck = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    count = stuck.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Put %d stuck task(s) back in the queue", count)
    return count


def keep_requeuing_stuck_tasks():
    while True:
        time.sleep(min(60, stuck_after().total_seconds()))
        try:
            requeue_stuck_tasks()
        except DatabaseError as error:  # the database is down: next time
            logger.warning("Could not look for stuck tasks: %s", error)
        finally:
            connection.close()


class Command(WorkerCommand):
    help = WorkerCommand.help + " Stuck tasks are put back in the queue."

    def configure_logging(self, verbosity):
        # At the default verbosity the settings' LOGGING decides (a line per
        # task is noise; failures show), where django-tasks-db would log
        # every task; -v 0 and -v 2 quiet or widen it as django-tasks-db does.
        if verbosity != 1:
            super().configure_logging(verbosity)

    def handle(self, *args, **options):
        requeue_stuck_tasks()
        if not options["batch"]:
            threading.Thread(target=keep_requeuing_stuck_tasks, daemon=True).start()
        return super().handle(*args, **options)
