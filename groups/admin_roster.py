"""The "Legislators roster" item of the Membership menu: the imported
rosters, and a form to import one (Open States' people CSV)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from groups.membership_admin import (
    MembershipDataAdmin,
    ReadOnlyPermissionHelper,
    StateFilter,
    forbidden,
)
from groups.models import RosterImport, RosterLegislator
from groups.roster import RosterError, import_roster

IMPORT_PERMISSION = "groups.add_rosterlegislator"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text=(
            "Open States' people CSV: one state's file named after it (wi.csv), "
            "or several states with a state column. A state's roster replaces "
            "the one imported before."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class RosterStateFilter(StateFilter):
    parameter_name = "state"


class RosterLegislatorAdmin(MembershipDataAdmin):
    model = RosterLegislator
    menu_label = "Legislators roster"
    menu_icon = "list-ul"
    permission_helper_class = ReadOnlyPermissionHelper
    index_template_name = "groups/admin/roster_index.html"
    list_display = ["name", "state", "chamber", "district", "party"]
    list_filter = [RosterStateFilter]
    search_fields = ["name", "district"]
    list_per_page = 50

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path(
                "groups/rosterlegislator/import/",
                self.import_view,
                name=self.url_helper.get_action_url_name("import"),
            ),
        )

    def import_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            return forbidden(request)
        form = RosterUploadForm(request.POST or None, request.FILES or None)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = import_roster(upload, upload.name, by=request.user)
            except RosterError as error:
                form.add_error("file", str(error))
            else:
                for done in imported:
                    messages.success(request, str(done))
                return redirect(self.url_helper.index_url)
        return TemplateResponse(
            request,
            "groups/admin/roster_import.html",
            {
                "form": form,
                "imports": RosterImport.objects.select_related("imported_by"),
                "index_url": self.url_helper.index_url,
                "header_icon": self.get_menu_icon(),
            },
        )
