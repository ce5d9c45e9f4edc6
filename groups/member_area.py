"""The member area at /members/: my groups with their newest documents,
all my groups' documents, each group's directory of the members who chose
to be listed, my choices per group (listed, new-document e-mail),
reviewing a group's changed principles, and leaving a group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms.privacy import collections_below, collections_hidden_from, public_pages
from cms.views import SEARCH_QUERY_MAX_LENGTH, search_query
from groups import lifecycle
from groups.documents import groups_by_collection, latest_documents, member_documents
from groups.models import Membership, MembershipRequest, WorkingGroupPage
from groups.models.membership import Alerts
from groups.principles import diff, texts_of
from groups.us_states import US_STATES

NEWEST_PER_GROUP = 5
# Each choice of new-document e-mail, as the member area explains it.
ALERT_CHOICES = [
    (
        Alerts.IMMEDIATE,
        Alerts.IMMEDIATE.label,
        "An e-mail for each new document, as soon as it is added.",
    ),
    (
        Alerts.WEEKLY,
        Alerts.WEEKLY.label,
        "One e-mail a week listing the new documents of every group you chose this for.",
    ),
    (
        Alerts.NEVER,
        Alerts.NEVER.label,
        "No e-mail: you find new documents here and on the group's page.",
    ),
]
DOCUMENTS_PER_PAGE = 20


@login_required
def members_home(request):
    """My working groups: the groups I belong to, each with its newest
    documents, and the requests pending."""
    memberships = list(
        Membership.objects.for_user(request.user)
        .select_related("group__collection")
        .order_by("group__path")
    )
    member_of = [membership.group_id for membership in memberships]
    group_for = groups_by_collection(m.group for m in memberships)
    documents = member_documents(request).filter(
        collection__in=collections_below(m.group.collection for m in memberships)
    )
    newest = {}
    for document in latest_documents(documents, NEWEST_PER_GROUP):
        newest.setdefault(getattr(group_for(document), "pk", None), []).append(document)
    for membership in memberships:
        membership.newest_documents = newest.get(membership.group_id, [])
    pending = pending_requests(request.user, member_of)
    others = (
        public_pages(WorkingGroupPage.objects.live())
        .exclude(pk__in=member_of)
        .exclude(pk__in=[r.group_id for r in pending])
        .order_by("path")
    )
    return TemplateResponse(
        request,
        "groups/members_home.html",
        {
            "memberships": memberships,
            "pending": pending,
            "other_groups": others,
            "alert_choices": ALERT_CHOICES,
        },
    )


def pending_requests(user, member_of):
    """The person's requests with staff for groups they are not in
    (`member_of`: their groups' pks). Unconfirmed ones may be anybody's,
    typed in this address's name, and must not stop the member asking."""
    return (
        MembershipRequest.objects.for_email(user.email)
        .pending()
        .exclude(email_confirmed_at=None)
        .exclude(group__in=member_of)
        .select_related("group")
    )


@login_required
def members_documents(request):
    """My groups' documents: search, filter by group, newest first."""
    hidden = collections_hidden_from(request)
    groups = groups_with_documents_for(hidden)
    chosen = next((g for g in groups if g.slug == request.GET.get("group")), None)
    query = search_query(request)
    documents = documents_matching(member_documents(request, hidden), chosen, query)
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    group_for = groups_by_collection(groups)
    for document in page:
        document.group = group_for(document)
    return TemplateResponse(
        request,
        "groups/members_documents.html",
        {
            "documents": page,
            "groups": groups,
            "chosen_group": chosen,
            "query": query,
            "query_max_length": SEARCH_QUERY_MAX_LENGTH,
        },
    )


def own_membership(request, slug):
    """The logged-in person's membership of the group `slug`, or a 404."""
    return get_object_or_404(
        Membership.objects.for_user(request.user), group__slug=slug
    )


def groups_with_documents_for(hidden_collections):
    """The groups whose documents a request may see (`hidden_collections`:
    collections_hidden_from(request)), with their collections, in order."""
    return list(
        WorkingGroupPage.objects.exclude(collection__in=hidden_collections)
        .select_related("collection")
        .order_by("path")
    )


def documents_matching(documents, group, query):
    """`documents` narrowed to `group`'s (if one is chosen) and to those
    whose title or description holds `query` (if any)."""
    if group is not None:
        documents = documents.filter(collection__path__startswith=group.collection.path)
    if query:
        documents = documents.filter(
            Q(title__icontains=query) | Q(description__icontains=query)
        )
    return documents


@login_required
@require_http_methods(["GET", "POST"])
def leave_group(request, slug):
    membership = own_membership(request, slug)
    if request.method == "POST":
        lifecycle.leave(membership)
        messages.success(request, f"You have left the {membership.group.title}.")
        return redirect("members_home")
    return TemplateResponse(
        request, "groups/leave_group.html", {"membership": membership}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review_principles(request, slug):
    """What changed in the group's principles since the member agreed to
    them, and "I agree" (or a way to leave the group)."""
    membership = get_object_or_404(
        Membership.objects.for_user(request.user).select_related(
            "agreed_revision", "group__principles_revision", "group__live_revision"
        ),
        group__slug=slug,
    )
    group = membership.group
    current = group.principles_revision or group.live_revision
    if request.method == "POST":
        # The version they read: a change published meanwhile is shown first.
        if request.POST.get("version") != str(getattr(current, "pk", "")):
            messages.warning(
                request,
                "The principles changed again while you were reading them: "
                "here are the latest.",
            )
            return redirect("members_principles", slug=slug)
        lifecycle.agree_to_principles(membership, current)
        messages.success(
            request, f"Thank you: you agree to the {group.title}'s current principles."
        )
        return redirect("members_home")
    return TemplateResponse(
        request,
        "groups/review_principles.html",
        {
            "membership": membership,
            "group": group,
            "version": getattr(current, "pk", ""),
            "lines": diff(texts_of(membership.agreed_revision), texts_of(current)),
            "deadline": group.principles_deadline(),
        },
    )


@never_cache
@login_required
def members_directory(request):
    """The group's members who chose to be listed, for its members only
    (staff who aren't members have the admin); filter by state."""
    group = WorkingGroupPage.objects.filter(slug=request.GET.get("group", "")).first()
    if group is None:
        raise Http404("No such working group")
    if not Membership.objects.filter(user=request.user, group=group).exists():
        return TemplateResponse(
            request,
            "groups/members_directory_forbidden.html",
            {"group": group},
            status=403,
        )
    # Whoever leaves or is removed has no membership: gone from here at once.
    listed = list(
        Membership.objects.filter(group=group, listed=True)
        .select_related("user", "request")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    present = {m.request.state for m in listed if m.request is not None}
    states = [(code, name) for code, name in US_STATES if code in present]
    chosen_state = request.GET.get("state", "")
    if chosen_state in present:
        listed = [m for m in listed if m.request and m.request.state == chosen_state]
    else:
        chosen_state = ""
    return TemplateResponse(
        request,
        "groups/members_directory.html",
        {
            "group": group,
            "members": listed,
            "states": states,
            "chosen_state": chosen_state,
        },
    )


@login_required
@require_POST
def set_directory_listing(request, slug):
    """The member lists themselves in (or removes themselves from) the
    directory of one of their own groups."""
    membership = own_membership(request, slug)
    listed = bool(request.POST.get("listed"))
    lifecycle.set_listed(membership, listed)
    title = membership.group.title
    messages.success(
        request,
        f"You are listed in the {title}'s directory."
        if listed
        else f"You are no longer listed in the {title}'s directory.",
    )
    return redirect("members_home")


ALERTS_SAID = {
    Alerts.IMMEDIATE: "You will get an e-mail for each new document of the {title}.",
    Alerts.WEEKLY: "New documents of the {title} will be in your weekly digest.",
    Alerts.NEVER: "You will get no e-mail about new documents of the {title}.",
}


@login_required
@require_POST
def set_alert_choice(request, slug):
    """The member chooses how they hear of a new document of one of their
    groups: at once, in the weekly digest, or never."""
    membership = own_membership(request, slug)
    choice = request.POST.get("alerts")
    if choice not in Alerts.values:
        messages.error(request, "Choose how you want to hear of new documents.")
        return redirect("members_home")
    lifecycle.set_alerts(membership, choice)
    messages.success(request, ALERTS_SAID[choice].format(title=membership.group.title))
    return redirect("members_home")
