from groups.models.alerts import DocumentAlert, DocumentAnnouncement
from groups.models.documents import DocumentDownload, GroupDocument
from groups.models.membership import (
    Membership,
    MembershipRequest,
    MembershipRequestQuerySet,
)
from groups.models.notifications import GroupNotificationSettings
from groups.models.pages import (
    JoinPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    WorkingGroupPrinciple,
)
from groups.models.roster import RosterImport, RosterLegislator

__all__ = [
    "DocumentAlert",
    "DocumentAnnouncement",
    "DocumentDownload",
    "GroupDocument",
    "GroupNotificationSettings",
    "JoinPage",
    "Membership",
    "MembershipRequest",
    "MembershipRequestQuerySet",
    "RosterImport",
    "RosterLegislator",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
    "WorkingGroupPrinciple",
]
