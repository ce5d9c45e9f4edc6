"""Every e-mail the site sends: rendered from templates, queued, retried.

Why a task per message, enqueued inside the caller's transaction: with the
database task backend the queued message is a row written in the same
transaction as the sign-up (or approval) it belongs to, so it exists exactly
when that change does, and no mail server outage can lose it or turn the
sign-up into an error. django-tasks-db does not retry, so a failed delivery
enqueues its own next attempt with exponential back-off; a worker that dies
mid-task leaves it "running", and `db_worker` (cms's) puts such tasks back in
the queue when it starts.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 15  # about ten hours of retrying (from a minute)
LONGEST_RETRY_AFTER = timedelta(hours=1)


def queue_email(template, to, context, headers=None):
    """Render templates/email/<template>{_subject.txt,.txt,.html} and queue it,
    with `headers` (e.g. List-Unsubscribe) added to the message."""
    subject = render_to_string(f"email/{template}_subject.txt", context)
    deliver_email.enqueue(
        to=list(to),
        # One line, whatever the template or the context held.
        subject=" ".join(subject.split()),
        text=render_to_string(f"email/{template}.txt", context),
        html=render_to_string(f"email/{template}.html", context),
        headers=headers or {},
    )


def queue_message(message):
    """Queue an already rendered EmailMultiAlternatives (allauth's mail)."""
    html = next(
        (body for body, kind in message.alternatives if kind == "text/html"), ""
    )
    deliver_email.enqueue(
        to=list(message.to), subject=message.subject, text=message.body, html=html
    )


def retry_delay(attempt):
    first = timedelta(seconds=settings.MAIL_RETRY_FIRST_DELAY)
    return min(first * 2 ** (attempt - 1), LONGEST_RETRY_AFTER)


@task()
def deliver_email(to, subject, text, html="", attempt=1, headers=None):
    message = EmailMultiAlternatives(subject, text, to=to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        logger.error("Mail server refused every recipient of %r", subject)
        raise
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= MAX_ATTEMPTS or not deliver_email.get_backend().supports_defer:
            logger.error(
                "Giving up on %r after %d attempts: %s", subject, attempt, error
            )
            raise
        retry_at = timezone.now() + retry_delay(attempt)
        deliver_email.using(run_after=retry_at).enqueue(
            to=to,
            subject=subject,
            text=text,
            html=html,
            attempt=attempt + 1,
            headers=headers,
        )
        logger.warning(
            "Could not send %r (%s); retrying at %s", subject, error, retry_at
        )
        return {"retry_at": retry_at.isoformat()}
    return {"sent": True}
