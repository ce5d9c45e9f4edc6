"""The "Membership" menu of the Wagtail admin: sign-ups and members.

Coordinators review requests (filter, search, export), approve or decline
one or many at once, and remove members. Everything here needs the
membership permissions the "Membership coordinators" role has; Editors have
none, so the menu is hidden from them and every URL answers 403.
"""

import datetime
import functools
import re
import types

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import (
    ButtonHelper,
    ModelAdminURLFinder,
    PermissionHelper,
)
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import DeleteView, IndexView, InspectView

from groups import lifecycle
from groups.models import (
    DocumentDownload,
    GroupNotificationSettings,
    Membership,
    MembershipRequest,
    WorkingGroupPage,
)
from groups.models.membership import Chamber, Role
from groups.roster import RosterCheck, filter_by_check, roster_checks
from groups.us_states import US_STATES

DIGITS = re.compile(r"[0-9]+")  # str.isdigit() takes "²", which int() refuses
# Spreadsheet cells starting with these run as formulas; submitted text comes
# from anonymous visitors.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STATE_NAMES = dict(US_STATES)
STATUS_LABELS = dict(MembershipRequest.Status.choices)
ROLE_LABELS = dict(Role.choices)


def neutralise_formula(value):
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def choice_label(field, choices, description):
    """A column showing a choice field's label rather than its code, from a
    dictionary made once (get_FOO_display() rebuilds the choices each call)."""
    labels = dict(choices)
    return display(description=description)(lambda obj: labels[getattr(obj, field)])


def forbidden(request):
    return TemplateResponse(request, "groups/admin/forbidden.html", status=403)


class MembershipDataAdmin(ModelAdmin):
    """Membership data is shown only to those with the model's permissions.
    Anyone else gets a plain 403, where Wagtail would redirect to the
    dashboard with a message."""

    index_template_name = "groups/admin/index.html"

    def allowed(self, request):
        return self.permission_helper.user_has_any_permissions(request.user)

    def index_view(self, request):
        return (
            super().index_view(request) if self.allowed(request) else forbidden(request)
        )

    def create_view(self, request):
        return (
            super().create_view(request)
            if self.allowed(request)
            else forbidden(request)
        )

    def inspect_view(self, request, instance_pk):
        return self.instance_view(request, instance_pk, super().inspect_view)

    def edit_view(self, request, instance_pk):
        return self.instance_view(request, instance_pk, super().edit_view)

    def delete_view(self, request, instance_pk):
        return self.instance_view(request, instance_pk, super().delete_view)

    def instance_view(self, request, instance_pk, view):
        if not self.allowed(request):
            return forbidden(request)
        if not DIGITS.fullmatch(instance_pk):
            raise Http404
        return view(request, instance_pk)


class NoCreateOrEditPermissionHelper(PermissionHelper):
    """Requests come from the join page and members from approval: the
    admin inspects, decides and removes, but never types them in."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class SelectFilter(SimpleListFilter):
    """A filter shown as a drop-down in the listing's filter form (a choice
    per state would be 56 buttons). It applies its `default` until another
    choice (or "All") is picked, and shows which one applies."""

    template = "groups/admin/select_filter.html"
    default = "all"
    all_value = "all"

    def value(self):
        value = super().value()
        return self.default if value is None else value

    def choices(self, changelist):
        # The form submits the choice itself: no per-choice link (Django's
        # `query_string`, which re-encodes the whole query 56 times for the
        # states) is made.
        current = self.value()
        for lookup, title in [(self.all_value, "All"), *self.lookup_choices]:
            yield {
                "selected": current == str(lookup),
                "value": lookup,
                "display": title,
            }


class GroupFilter(SelectFilter):
    """By working group (Django's related-field filter needs Django's admin)."""

    title = "working group"
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [
            (str(pk), title)
            for pk, title in WorkingGroupPage.objects.order_by("path").values_list(
                "pk", "title"
            )
        ]

    def queryset(self, request, queryset):
        if DIGITS.fullmatch(self.value()):
            return queryset.filter(group_id=self.value())
        return queryset


class StateFilter(SelectFilter):
    title = "state"
    # Django's field filter's name, so that bookmarked lists keep working.
    parameter_name = "state__exact"

    def lookups(self, request, model_admin):
        return US_STATES

    def queryset(self, request, queryset):
        if self.value() in STATE_NAMES:
            return queryset.filter(state=self.value())
        return queryset


class StatusFilter(SelectFilter):
    title = "status"
    parameter_name = "status"
    default = MembershipRequest.Status.PENDING

    def lookups(self, request, model_admin):
        return MembershipRequest.Status.choices

    def queryset(self, request, queryset):
        if self.value() in MembershipRequest.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class ConfirmedFilter(SelectFilter):
    title = "e-mail confirmed"
    parameter_name = "confirmed"
    default = "yes"

    def lookups(self, request, model_admin):
        return [("yes", "Confirmed"), ("no", "Not confirmed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_confirmed_at__isnull=True)
        return queryset


class RosterCheckFilter(SelectFilter):
    """What the imported roster says of a legislator's request."""

    title = "roster check"
    parameter_name = "roster"

    def lookups(self, request, model_admin):
        return [
            (RosterCheck.MATCH, "Matches a legislator"),
            (RosterCheck.NO_MATCH, "No legislator by that name"),
            (RosterCheck.NO_ROSTER, "No roster for the state"),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return filter_by_check(queryset, self.value())
        return queryset


class PrinciplesFilter(SelectFilter):
    """Whether members agreed to their group's current principles."""

    title = "principles"
    parameter_name = "principles"
    BEHIND, CURRENT, PAUSED = "behind", "current", "paused"

    def lookups(self, request, model_admin):
        return [
            (self.BEHIND, "Hasn't agreed to the current principles"),
            (self.PAUSED, "Access paused (deadline passed)"),
            (self.CURRENT, "Agreed to the current principles"),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.BEHIND:
            return queryset.behind_on_principles()
        if self.value() == self.PAUSED:
            return queryset.exclude(paused_at=None)
        if self.value() == self.CURRENT:
            return queryset.up_to_date_on_principles()
        return queryset


def local_time(value):
    return date_format(timezone.localtime(value), "j M Y, H:i") if value else ""


class SafeExportIndexView(IndexView):
    """A listing whose exported cells can't run as spreadsheet formulas, with
    times in the site's time zone, to the minute."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            **IndexView.custom_value_preprocess[datetime.datetime],
            IndexView.FORMAT_CSV: lambda value: timezone.localtime(value).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def get_queryset(self, request=None):
        # modeladmin builds the listing in dispatch() and again for the page
        # (its filters reading their choices each time: every group page),
        # then counts it twice (the count shown, the paginator's): built
        # once, counted once.
        if "queryset" not in self.__dict__:
            queryset = super().get_queryset(request)
            # A method still: Django's paginator would otherwise fetch every
            # row to take their len().
            counted = functools.cache(queryset.count)
            queryset.count = types.MethodType(lambda _queryset: counted(), queryset)
            self.queryset = queryset
        return self.queryset

    def get_base_queryset(self, request=None):
        # Counted again for "N out of M": when no filter or search narrows
        # the listing (every filter at "All"), its own count is that count.
        listing = self.__dict__.get("queryset")
        if listing is not None and not listing.query.where:
            return listing
        return super().get_base_queryset(request)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            # A filter in the address that isn't one (edited by hand, or an
            # old bookmark): the listing, unfiltered, rather than an error.
            messages.warning(
                request, "That filter isn't available; showing the whole list."
            )
            return redirect(self.index_url)

    def stream_csv(self, queryset):
        # A byte-order mark first: without it Excel reads the file in the
        # system's code page, and every name with an accent comes out garbled.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Wagtail iterates the queryset, which would keep every row (20,000
        # requests, each with its group page) in memory; fetch in chunks.
        return super().as_spreadsheet(
            queryset.iterator(chunk_size=2000), spreadsheet_format
        )


class RequestIndexView(SafeExportIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The roster checks of the page's rows at once (the column reads them).
        rows = context["object_list"]
        checks = roster_checks(rows)
        for row in rows:
            row.roster_check = checks.get(row.pk)
        return context


class RequestInspectView(InspectView):
    """Everything about a request, the principles agreed to and the roster
    check included."""

    def get_fields_dict(self):
        # Whom they work for is asked of legislative staff only.
        if self.instance.role == Role.STAFF:
            return super().get_fields_dict()
        return [
            field
            for field in super().get_fields_dict()
            if field["label"] != self.get_field_label("works_for")
        ]

    def get_context_data(self, **kwargs):
        revision = self.instance.agreed_revision
        agreed_page = revision.as_object() if revision else None
        return super().get_context_data(
            agreed_page=agreed_page,
            roster_check=roster_checks([self.instance]).get(self.instance.pk),
            **kwargs,
        )


class RequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(
        self, obj, exclude=None, classnames_add=None, classnames_exclude=None
    ):
        # Requests are decided, never deleted (that would hide a refusal).
        buttons = super().get_buttons_for_obj(
            obj, [*(exclude or []), "delete"], classnames_add, classnames_exclude
        )
        if (
            obj.status == MembershipRequest.Status.PENDING
            and self.request.user.has_perm("groups.change_membershiprequest")
        ):
            # The decision is the main action: Approve filled, Decline outlined,
            # small in the listing's rows (classnames_add), full size elsewhere.
            for action, classnames in (
                ("approve", ["button"]),
                ("decline", ["button", "button-secondary"]),
            ):
                buttons.append(
                    {
                        "url": f"{self.url_helper.get_action_url(action)}?ids={obj.pk}",
                        "label": action.capitalize(),
                        "classname": " ".join([*classnames, *(classnames_add or [])]),
                        "title": f"{action.capitalize()} this request",
                    }
                )
        return buttons


class InspectURLFinder(ModelAdminURLFinder):
    """A request is inspected, never edited: Wagtail's admin link to one (the
    staff notice's, the audit log's) is its inspect view."""

    def get_edit_url(self, instance):
        if self.user is None or self.permission_helper.user_can_inspect_obj(
            self.user, instance
        ):
            return self.url_helper.get_action_url("inspect", instance.pk)
        return None


class MembershipRequestAdmin(MembershipDataAdmin):
    """Sign-ups from the join page, one row per person and group."""

    model = MembershipRequest
    menu_label = "Requests"
    menu_icon = "form"
    inspect_view_enabled = True
    index_view_class = RequestIndexView
    inspect_view_class = RequestInspectView
    index_template_name = "groups/admin/request_index.html"
    inspect_template_name = "groups/admin/request_inspect.html"
    permission_helper_class = NoCreateOrEditPermissionHelper
    button_helper_class = RequestButtonHelper
    # Few columns, so that a row reads on one line at 1280 px: who (name and
    # address), where from, for which group, and where the request stands.
    list_display = [
        "applicant",
        "seat",
        "role_and_employer",
        "group",
        "standing",
        "received",
    ]
    list_filter = [
        GroupFilter,
        StateFilter,
        StatusFilter,
        ConfirmedFilter,
        RosterCheckFilter,
    ]
    search_fields = ["first_name", "last_name", "email"]
    ordering = ["created_at"]
    list_per_page = 25
    list_export = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "state_name",
        "chamber_name",
        "district",
        "role_name",
        "works_for",
        "group",
        "status_name",
        "email_confirmed_at",
        "created_at",
    ]
    export_filename = "membership-requests"
    inspect_view_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "state",
        "chamber",
        "district",
        "role",
        "works_for",
        "group",
        "status",
        "created_at",
        "email_confirmed_at",
        "agreed_at",
        "decided_by",
        "decided_at",
        "decline_message",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")

    @staticmethod
    @display(description="Applicant", ordering="last_name")
    def applicant(obj):
        # The row's checkbox belongs to the bulk-actions form above the table.
        # Under the name, what the state's roster says of it (the listing's
        # view attaches the page's checks, two queries in all).
        check = getattr(obj, "roster_check", None)
        return format_html(
            '<input type="checkbox" name="selected" value="{}" form="bulk-actions" id="select-{}"> '
            '<label for="select-{}">{}</label> '
            '<span class="request-email">{}</span>{}',
            obj.pk,
            obj.pk,
            obj.pk,
            obj.full_name,
            obj.email,
            format_html(
                '<span class="roster-check roster-check--{}">{}</span>',
                check.outcome,
                check,
            )
            if check
            else "",
        )

    @staticmethod
    @display(description="State and district", ordering="state")
    def seat(obj):
        return f"{STATE_NAMES.get(obj.state, obj.state)}, {obj.district}"

    @staticmethod
    @display(description="Role", ordering="role")
    def role_and_employer(obj):
        role = ROLE_LABELS[obj.role]
        if obj.role == Role.STAFF and obj.works_for:
            return format_html(
                '{}<span class="request-email">works for {}</span>', role, obj.works_for
            )
        return role

    @staticmethod
    @display(description="Received", ordering="created_at")
    def received(obj):
        # Short and on one line; the inspect view has the rest.
        return format_html(
            '<span class="received">{}</span>',
            date_format(timezone.localtime(obj.created_at), "j M Y, H:i"),
        )

    @staticmethod
    @display(description="Status", ordering="status")
    def standing(obj):
        status = STATUS_LABELS[obj.status]
        if obj.is_confirmed:
            return status
        return format_html("{}, <strong>e-mail not confirmed</strong>", status)

    # Labels rather than codes in the spreadsheet.
    state_name = staticmethod(choice_label("state", US_STATES, "State"))
    chamber_name = staticmethod(choice_label("chamber", Chamber.choices, "Chamber"))
    role_name = staticmethod(choice_label("role", Role.choices, "Role"))
    status_name = staticmethod(
        choice_label("status", MembershipRequest.Status.choices, "Status")
    )

    def register_admin_url_finders(self):
        finder = type(
            "RequestURLFinder",
            (InspectURLFinder,),
            {
                "permission_helper": self.permission_helper,
                "url_helper": self.url_helper,
            },
        )
        register_admin_url_finder(self.model, finder)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "groups/membershiprequest/approve/",
                self.decision_view,
                {"action": "approve"},
                name=self.url_helper.get_action_url_name("approve"),
            ),
            path(
                "groups/membershiprequest/decline/",
                self.decision_view,
                {"action": "decline"},
                name=self.url_helper.get_action_url_name("decline"),
            ),
        )

    def decision_view(self, request, action):
        """Approve or decline the selected requests, after a confirmation
        where one is needed: declining (for the optional message) and
        approving requests whose address is not confirmed."""
        if not request.user.has_perm("groups.change_membershiprequest"):
            return forbidden(request)
        ids = request.POST.getlist("selected") or request.GET.getlist("ids")
        ids = [int(pk) for pk in ids if DIGITS.fullmatch(str(pk))]
        pending = list(
            MembershipRequest.objects.pending()
            .filter(pk__in=ids)
            .select_related("group")
        )
        back = (
            request.POST.get("next")
            or request.GET.get("next")
            or self.url_helper.index_url
        )
        # A path on this site only: redirect() would take any other word for
        # the name of a URL and fail with 500 when it isn't one.
        if not back.startswith("/") or not url_has_allowed_host_and_scheme(
            back, request.get_host(), request.is_secure()
        ):
            back = self.url_helper.index_url
        if not pending:
            messages.warning(request, "Choose one or more pending requests first.")
            return redirect(back)

        unconfirmed = [r for r in pending if not r.is_confirmed]
        confirmed_by_user = (
            request.method == "POST" and request.POST.get("confirm") == "yes"
        )
        if confirmed_by_user or (
            request.method == "POST" and action == "approve" and not unconfirmed
        ):
            if action == "approve":
                done = sum(lifecycle.approve(r, by=request.user) for r in pending)
                messages.success(
                    request, f"Approved {done} request{'s' if done != 1 else ''}."
                )
            else:
                message = request.POST.get("message", "").strip()
                done = sum(
                    lifecycle.decline(r, by=request.user, message=message)
                    for r in pending
                )
                messages.success(
                    request, f"Declined {done} request{'s' if done != 1 else ''}."
                )
            return redirect(back)

        return TemplateResponse(
            request,
            "groups/admin/request_decision.html",
            {
                "action": action,
                "requests": pending,
                "unconfirmed": unconfirmed,
                "next": back,
                "header_icon": self.get_menu_icon(),
            },
        )


class RemoveMemberView(DeleteView):
    page_title = "Remove from group"

    def post(self, request, *args, **kwargs):
        lifecycle.remove(self.instance, by=request.user)
        messages.success(request, f"{self.instance.user} is no longer a member.")
        return redirect(self.index_url)

    def get_meta_title(self):
        return "Remove a member"

    def confirmation_message(self):
        return (
            f"Remove {self.instance.user} from the {self.instance.group}? They lose "
            "access to the group's documents at once; their other groups are not affected."
        )


class MembershipAdmin(MembershipDataAdmin):
    """Members: one row per person and group, with who approved them."""

    model = Membership
    menu_label = "Members"
    menu_icon = "user"
    permission_helper_class = NoCreateOrEditPermissionHelper
    index_view_class = SafeExportIndexView
    delete_view_class = RemoveMemberView
    list_display = [
        "member_name",
        "member_email",
        "group",
        "approved_at",
        "approved_by",
        "principles_agreed",
    ]
    list_filter = [GroupFilter, PrinciplesFilter]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_export = [
        "member_name",
        "member_email",
        "group",
        "approved_at",
        "approved_by",
        "principles_standing",
        "principles_version",
        "agreed_at",
        "paused_at",
    ]
    export_filename = "members"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "group", "approved_by", "agreed_revision")
        )

    @staticmethod
    @display(description="Principles")
    def principles_standing(obj):
        if obj.paused_at:
            return "Not agreed to the current ones: access paused"
        if obj.behind_on_principles:
            return "Not agreed to the current ones"
        return "Agreed to the current ones" if obj.agreed_at else "Not recorded"

    @staticmethod
    @display(description="Version agreed to")
    def principles_version(obj):
        """The group page's published revision they agreed to, by when it
        was saved (its number finds it in the page's history)."""
        revision = obj.agreed_revision
        if revision is None:
            return ""
        return (
            f"Page revision {revision.pk}, published {local_time(revision.created_at)}"
        )

    @staticmethod
    @display(description="Principles agreed to", ordering="agreed_at")
    def principles_agreed(obj):
        # Which version, when, and where it leaves the member, in one cell.
        return format_html(
            '<span class="principles-standing">{}</span>{}{}',
            MembershipAdmin.principles_standing(obj),
            format_html("<br>last agreed on {}", local_time(obj.agreed_at))
            if obj.agreed_at
            else "",
            format_html(
                '<br><span class="request-email">{}</span>',
                MembershipAdmin.principles_version(obj),
            )
            if obj.agreed_revision
            else "",
        )

    @staticmethod
    @display(description="Name", ordering="user__last_name")
    def member_name(obj):
        return obj.user.get_full_name()

    @staticmethod
    @display(description="E-mail", ordering="user__email")
    def member_email(obj):
        return obj.user.email


class ReadOnlyPermissionHelper(NoCreateOrEditPermissionHelper):
    def user_can_delete_obj(self, user, obj):
        return False


class DocumentDownloadAdmin(MembershipDataAdmin):
    """Who downloaded which private document, and when."""

    model = DocumentDownload
    menu_label = "Document downloads"
    menu_icon = "doc-full"
    permission_helper_class = ReadOnlyPermissionHelper
    index_view_class = SafeExportIndexView
    list_display = [
        "document",
        "group",
        "downloader",
        "downloader_email",
        "downloaded_at",
    ]
    search_fields = [
        "document__title",
        "user__email",
        "user__first_name",
        "user__last_name",
    ]
    list_export = [
        "document",
        "group",
        "downloader",
        "downloader_email",
        "downloaded_at",
    ]
    export_filename = "document-downloads"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("document__collection", "user")
        )

    @staticmethod
    @display(description="Working group")
    def group(obj):
        return getattr(obj.document.collection, "name", "")

    @staticmethod
    @display(description="Downloaded by", ordering="user__last_name")
    def downloader(obj):
        return obj.user.get_full_name() if obj.user else "(deleted account)"

    @staticmethod
    @display(description="E-mail", ordering="user__email")
    def downloader_email(obj):
        return obj.user.email if obj.user else ""


class NotificationSettingsAdmin(MembershipDataAdmin):
    """Which staff addresses hear of each group's sign-ups. Only those with
    this model's permissions (the coordinators) set them; Wagtail's audit
    log records each change, with the addresses, by whom."""

    model = GroupNotificationSettings
    menu_label = "Notification addresses"
    menu_icon = "mail"
    list_display = ["group", "emails"]
    panels = [FieldPanel("group", widget=forms.Select), FieldPanel("emails")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")
