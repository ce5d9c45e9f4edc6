"""How a group's principles read: numbered where their order means something,
and asked for agreement only where there are some."""

from bs4 import BeautifulSoup


def principles_list(html, container):
    """The list (<ol> or <ul>) inside the element matching `container`."""
    section = BeautifulSoup(html, "html.parser").select_one(container)
    return section.find(["ol", "ul"])


def test_principles_are_a_bulleted_list_by_default(client, group_page):
    html = client.get("/working-groups/immigration/").content.decode()

    listing = principles_list(html, ".principles")
    assert listing.name == "ul"
    assert [item.text for item in listing.find_all("li")] == [
        "First principle.",
        "Second principle.",
        "Third principle.",
    ]


def test_a_group_can_number_its_principles(client, group_page, join_page):
    group_page.principles_numbered = True
    group_page.save_revision().publish()

    group_html = client.get("/working-groups/immigration/").content.decode()
    join_html = client.get("/join/").content.decode()

    assert principles_list(group_html, ".principles").name == "ol"
    joined = principles_list(join_html, "#group-immigration ~ details")
    assert joined.name == "ol"
    assert joined.find("li").text == "First principle."


def test_the_api_says_whether_the_principles_are_numbered(client, group_page):
    group_page.principles_numbered = True
    group_page.save_revision().publish()

    item = client.get(f"/api/v2/pages/{group_page.pk}/").json()

    assert item["principles_numbered"] is True
    assert item["principles"] == [
        "First principle.",
        "Second principle.",
        "Third principle.",
    ]


def test_the_agreement_names_only_groups_with_principles(client, join_groups):
    # join_groups: tax-fairness has principles, health-reform has none.
    html = client.get("/join/").content.decode()

    agreement = BeautifulSoup(html, "html.parser").select_one(".field--agreement")
    text = " ".join(agreement.text.split())
    assert "I agree with the principles of each group I've checked" in text
    assert "Tax Fairness Working Group" in text
    assert "Health Reform Working Group" not in text
