from groups.models.membership import MembershipRequest, MembershipRequestQuerySet
from groups.models.pages import (
    JoinPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
    WorkingGroupPrinciple,
)

__all__ = [
    "JoinPage",
    "MembershipRequest",
    "MembershipRequestQuerySet",
    "WorkingGroupIndexPage",
    "WorkingGroupPage",
    "WorkingGroupPrinciple",
]
