"""The benchmark's data, made idempotently: run it again and it changes
nothing (but for removing what an earlier run's write path left).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.seed

- the demo content (home, /working-groups/, six groups, /join/);
- a member of five groups, each with 200 documents (1,000 in all);
- a 5 MB document in one of the member's groups;
- 20,000 membership requests, varied as the admin's filters need;
- a superuser for the admin.
"""

import datetime
import hashlib
import os
import random

MEMBER_EMAIL = "member@bench.example.org"
ADMIN_EMAIL = "admin@bench.example.org"
PASSWORD = "bench-pass-phrase-not-secret"
MEMBER_GROUP_COUNT = 5
DOCUMENTS_PER_GROUP = 200
BIG_DOCUMENT_TITLE = "Bench five megabytes"
BIG_DOCUMENT_SIZE = 5 * 1024 * 1024
REQUEST_COUNT = 20_000
# Seeded requests' addresses end with this; the write path's start with "wrk-".
SEED_DOMAIN = "@seed.bench.example.org"
WRITE_PATH_PREFIX = "wrk-"

FIRST_NAMES = ["Ana", "Ben", "Carla", "Dev", "Elena", "Frank", "Grace", "Hugo"]
LAST_NAMES = ["Smith", "Jones", "Garcia", "Nguyen", "Okafor", "Larsen", "Kowalski"]


def run(log=print):
    from django.db import transaction

    from groups import demo_content

    # All or nothing: a run cut short leaves nothing that the next one
    # would take for complete.
    with transaction.atomic():
        demo_content.load(log=log)
        groups = working_groups()
        member = ensure_user(MEMBER_EMAIL, superuser=False)
        ensure_memberships(member, groups[:MEMBER_GROUP_COUNT])
        ensure_documents(groups[:MEMBER_GROUP_COUNT], log)
        ensure_big_document(groups[0])
        ensure_requests(groups, log)
        ensure_user(ADMIN_EMAIL, superuser=True)


def working_groups():
    from groups.models import WorkingGroupPage

    return list(WorkingGroupPage.objects.live().order_by("path"))


def ensure_user(email, *, superuser):
    from accounts.members import mark_verified
    from accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        create = (
            User.objects.create_superuser if superuser else User.objects.create_user
        )
        user = create(email, PASSWORD, first_name="Bench", last_name="User")
    mark_verified(user)
    return user


def ensure_memberships(user, groups):
    from groups.models import Membership

    for group in groups:
        Membership.objects.get_or_create(user=user, group=group)


def ensure_documents(groups, log):
    """200 small documents in each group's collection, with real files so
    that any of them can be downloaded."""
    from django.conf import settings
    from wagtail.documents import get_document_model

    Document = get_document_model()
    folder = settings.MEDIA_ROOT / "documents" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    for group in groups:
        existing = Document.objects.filter(
            collection=group.collection, title__startswith="Bench paper "
        ).count()
        if existing == DOCUMENTS_PER_GROUP:
            continue
        Document.objects.filter(
            collection=group.collection, title__startswith="Bench paper "
        ).delete()
        documents = []
        for number in range(DOCUMENTS_PER_GROUP):
            name = f"{group.slug}-{number:03}.pdf"
            content = f"%PDF-1.4 {group.title}, paper {number}\n".encode()
            (folder / name).write_bytes(content)
            documents.append(
                Document(
                    title=f"Bench paper {number:03} of {group.title}",
                    file=f"documents/bench/{name}",
                    file_size=len(content),
                    file_hash=hashlib.sha1(content).hexdigest(),
                    collection=group.collection,
                    description="A strategy paper made by the benchmark's seed.",
                    date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
                )
            )
        # bulk_create skips save(): the size and hash are set above.
        Document.objects.bulk_create(documents)
        log(f"Created {len(documents)} documents in {group.title}.")


def ensure_big_document(group):
    from django.conf import settings
    from wagtail.documents import get_document_model

    Document = get_document_model()
    path = settings.MEDIA_ROOT / "documents" / "bench" / "five-megabytes.pdf"
    if not path.is_file() or path.stat().st_size != BIG_DOCUMENT_SIZE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(random.Random(5).randbytes(BIG_DOCUMENT_SIZE))
    if not Document.objects.filter(title=BIG_DOCUMENT_TITLE).exists():
        Document.objects.create(
            title=BIG_DOCUMENT_TITLE,
            file="documents/bench/five-megabytes.pdf",
            collection=group.collection,
        )


def big_document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.get(title=BIG_DOCUMENT_TITLE)


def ensure_requests(groups, log):
    """20,000 requests across groups, states, statuses and confirmation,
    received over the last two weeks; about one in seven is a Smith."""
    from django.db import connection
    from django.utils import timezone

    from groups.models import MembershipRequest
    from groups.us_states import US_STATES

    MembershipRequest.objects.filter(email__startswith=WRITE_PATH_PREFIX).delete()
    seeded = MembershipRequest.objects.filter(email__endswith=SEED_DOMAIN)
    if seeded.count() == REQUEST_COUNT:
        return
    seeded.delete()
    pick = random.Random(20_000)
    now = timezone.now()
    states = [code for code, _ in US_STATES]
    statuses = ["pending"] * 7 + ["approved"] * 2 + ["declined"]
    MembershipRequest.objects.bulk_create(
        [
            MembershipRequest(
                email=f"person{number}{SEED_DOMAIN}",
                first_name=pick.choice(FIRST_NAMES),
                last_name=pick.choice(LAST_NAMES),
                state=pick.choice(states),
                chamber=pick.choice(["senate", "house", "unicameral"]),
                district=str(pick.randint(1, 120)),
                role=pick.choice(["legislator", "staff"]),
                phone="" if number % 3 else f"+1 612 555 {number % 10_000:04}",
                group=groups[number % len(groups)],
                status=pick.choice(statuses),
                email_confirmed_at=now if pick.random() < 0.6 else None,
                agreed_revision_id=groups[number % len(groups)].live_revision_id,
                agreed_at=now,
            )
            for number in range(REQUEST_COUNT)
        ],
        batch_size=2_000,
    )
    # created_at is auto_now_add: spread it afterwards so the listing's
    # ordering has real work to do.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MembershipRequest._meta.db_table}"
            " SET created_at = now() - id %% 20000 * interval '1 minute'"
            " WHERE email LIKE %s",
            [f"%{SEED_DOMAIN}"],
        )
    log(f"Created {REQUEST_COUNT} membership requests.")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    run()
