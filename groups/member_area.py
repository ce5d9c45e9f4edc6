"""The member area at /members/: my groups with their newest documents,
all my groups' documents, each group's directory of the members who chose
to be listed, reviewing a group's changed principles, and leaving a group."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms.privacy import collections_below, collections_hidden_from
from cms.views import SEARCH_QUERY_MAX_LENGTH, search_query
from groups import lifecycle
from groups.documents import groups_by_collection, latest_documents, member_documents
from groups.models import Membership, MembershipRequest, WorkingGroupPage
from groups.principles import diff, texts_of
from groups.us_states import US_STATES

NEWEST_PER_GROUP = 5
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
    # Requests with staff: unconfirmed ones may be anybody's, typed in this
    # address's name, and must not stop the member asking.
    pending = (
        MembershipRequest.objects.for_email(request.user.email)
        .pending()
        .exclude(email_confirmed_at=None)
        .exclude(group__in=member_of)
        .select_related("group")
    )
    others = (
        WorkingGroupPage.objects.live()
        .public()
        .exclude(pk__in=member_of)
        .exclude(pk__in=[r.group_id for r in pending])
        .order_by("path")
    )
    return TemplateResponse(
        request,
        "groups/members_home.html",
        {"memberships": memberships, "pending": pending, "other_groups": others},
    )


@login_required
def members_documents(request):
    """My groups' documents: search, filter by group, newest first."""
    hidden = collections_hidden_from(request)
    groups = list(
        WorkingGroupPage.objects.exclude(collection__in=hidden)
        .select_related("collection")
        .order_by("path")
    )
    documents = member_documents(request, hidden)
    chosen = next((g for g in groups if g.slug == request.GET.get("group")), None)
    if chosen is not None:
        documents = documents.filter(
            collection__path__startswith=chosen.collection.path
        )
    query = search_query(request)
    if query:
        documents = documents.filter(
            Q(title__icontains=query) | Q(description__icontains=query)
        )
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


@login_required
@require_http_methods(["GET", "POST"])
def leave_group(request, slug):
    membership = get_object_or_404(
        Membership.objects.for_user(request.user), group__slug=slug
    )
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
    membership = get_object_or_404(
        Membership.objects.for_user(request.user), group__slug=slug
    )
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
