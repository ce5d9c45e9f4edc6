from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, Page, Site

from cms.models import HomePage
from groups.models import WorkingGroupPage, WorkingGroupPrinciple


def counts():
    return (
        Page.objects.count(),
        WorkingGroupPrinciple.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )


def test_loads_the_six_groups_with_their_principles(db):
    call_command("load_demo_content", stdout=None)

    groups = {page.slug: page for page in WorkingGroupPage.objects.live()}
    assert list(groups) == [
        "economic-security",
        "immigration",
        "tax-fairness",
        "public-education",
        "health-reform",
        "election-reform",
    ]
    principles = {
        slug: [p.text for p in page.principles.all()] for slug, page in groups.items()
    }
    assert len(principles["economic-security"]) == 10
    assert principles["economic-security"][0] == "Increasing the minimum wage"
    assert (
        principles["economic-security"][-1]
        == "Maintaining public control of public services and assets"
    )
    assert principles["immigration"] == [
        "Our communities are richer when we give new immigrants the opportunity to contribute and participate fully in our society.",
        "Our focus should be on raising wage standards for all workers not punishing a small subset of immigrant workers.",
        "No members of our community should be fearful of reporting crimes or aiding the investigations of the police.",
    ]
    assert len(principles["public-education"]) == 4
    assert (
        principles["tax-fairness"]
        == principles["health-reform"]
        == principles["election-reform"]
        == []
    )
    assert groups["immigration"].principles_intro == "We believe that:"
    assert "Affordable Care Act" in groups["health-reform"].description

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)


def test_running_it_twice_changes_nothing(db):
    call_command("load_demo_content", stdout=None)
    before = counts()

    call_command("load_demo_content", stdout=None)

    assert counts() == before


def test_the_demo_site_serves_the_groups(client, db):
    call_command("load_demo_content", stdout=None)

    response = client.get("/working-groups/")

    assert response.status_code == 200
    for title in (
        "Economic Security",
        "Immigration",
        "Tax Fairness",
        "Public Education",
        "Health Reform",
        "Election Reform",
    ):
        assert f"{title} Working Group" in response.content.decode()


def test_the_demo_text_has_no_typos(client, db):
    call_command("load_demo_content", stdout=None)

    groups = [
        f"/working-groups/{page.slug}/" for page in WorkingGroupPage.objects.all()
    ]
    pages = "".join(
        client.get(path).content.decode()
        for path in ["/", "/working-groups/", "/join/", *groups]
    )

    assert "You must sign up with your personal e-mail" in pages
    assert "sign-up with" not in pages
    assert "vibrant middle class: the right of workers" in pages
    assert "middle class- " not in pages
    assert "well- being" not in pages
    assert "committed to the well-being of their employees" in pages
    assert "thestates" not in pages
