"""django-tasks-db's worker, which first puts back tasks a dead worker left.

A worker that dies (killed, out of memory, machine lost) while running a
task leaves it "running" for ever; django-tasks-db does not retry it. No
task of ours runs for minutes (mail has EMAIL_TIMEOUT), so one that has been
running for longer than TASK_STUCK_AFTER_MINUTES is stuck and goes back to
the queue when a worker starts (systemd restarts the dead one).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stuck_tasks():
    cutoff = timezone.now() - timedelta(minutes=settings.TASK_STUCK_AFTER_MINUTES)
    stuck = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    count = stuck.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Put %d stuck task(s) back in the queue", count)
    return count


class Command(WorkerCommand):
    help = WorkerCommand.help + " Stuck tasks are put back in the queue first."

    def handle(self, *args, **options):
        requeue_stuck_tasks()
        return super().handle(*args, **options)
