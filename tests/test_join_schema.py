"""GET /api/v2/join/: the join form described for a front end built
elsewhere, from the same definition as the join page."""

import json

import pytest
from bs4 import BeautifulSoup
from django import forms

from groups.forms import JoinForm

pytestmark = pytest.mark.usefixtures("join_groups")

CONTRACT_FIELDS = {
    "first_name",
    "last_name",
    "email",
    "state",
    "chamber",
    "district",
    "role",
    "groups",
    "agree_principles",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v2/join/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def by_name(schema):
    return {field["name"]: field for field in schema["fields"]}


def test_every_field_a_person_fills_in_is_described(schema):
    people_fill_in = set(JoinForm.base_fields) - {JoinForm.HONEYPOT}

    assert set(by_name(schema)) == people_fill_in
    assert set(by_name(schema)) >= CONTRACT_FIELDS
    for field in schema["fields"]:
        assert {"name", "label", "help_text", "required", "type"} <= set(field)


def test_fields_say_their_rules_and_choices(schema):
    fields = by_name(schema)

    assert fields["first_name"] | {"help_text": ""} == {
        "name": "first_name",
        "label": "First name",
        "help_text": "",
        "required": True,
        "type": "text",
        "multiple": False,
        "max_length": 100,
    }
    assert fields["email"]["type"] == "email"
    assert "public-records requests" in fields["email"]["help_text"]
    assert fields["phone"]["required"] is False
    assert {"value": "MN", "label": "Minnesota"} in fields["state"]["choices"]
    assert fields["state"]["type"] == "select"
    assert fields["chamber"]["choices"][0] == {
        "value": "senate",
        "label": "State Senate",
    }
    assert [choice["value"] for choice in fields["role"]["choices"]] == [
        "legislator",
        "staff",
    ]
    assert fields["groups"]["multiple"] is True
    assert fields["groups"]["type"] == "checkbox"
    assert fields["agree_principles"]["type"] == "checkbox"
    assert fields["agree_principles"]["multiple"] is False


def test_a_field_added_to_the_form_is_described_at_once(client, monkeypatch):
    monkeypatch.setattr(
        JoinForm,
        "base_fields",
        {
            **JoinForm.base_fields,
            "works_for": forms.CharField(
                label="Whose office", required=False, widget=forms.Textarea
            ),
        },
    )

    fields = by_name(client.get("/api/v2/join/").json())

    assert fields["works_for"] == {
        "name": "works_for",
        "label": "Whose office",
        "help_text": "",
        "required": False,
        "type": "textarea",
        "multiple": False,
    }


def test_the_groups_come_with_their_principles(schema):
    assert schema["groups"] == [
        {
            "slug": "tax-fairness",
            "title": "Tax Fairness Working Group",
            "summary": "What the Tax Fairness Working Group does.",
            "principles_intro": "We believe that:",
            "principles": ["Taxes should be fair.", "Revenue funds schools."],
        },
        {
            "slug": "health-reform",
            "title": "Health Reform Working Group",
            "summary": "What the Health Reform Working Group does.",
            "principles_intro": "",
            "principles": [],
        },
    ]
    assert by_name(schema)["groups"]["choices"] == [
        {"value": group["slug"], "label": group["title"]} for group in schema["groups"]
    ]


def test_the_agreement_and_the_personal_address_rule_are_in_words(schema):
    assert schema["agreement"] == by_name(schema)["agree_principles"]["label"]
    assert "public-records requests" in schema["personal_email"]["why"]
    assert ".gov" in schema["personal_email"]["rule"]


def test_its_queries_do_not_grow_with_the_groups(
    client, group_page_factory, django_assert_max_num_queries
):
    for number in range(5):
        group_page_factory(f"Group {number}", principles=["One.", "Two."])

    with django_assert_max_num_queries(10):
        assert len(client.get("/api/v2/join/").json()["groups"]) == 7


def test_a_group_not_live_is_not_offered(client, join_groups):
    join_groups[1].unpublish()

    schema = client.get("/api/v2/join/").json()

    assert [group["slug"] for group in schema["groups"]] == ["tax-fairness"]


def test_the_join_page_shows_the_same_form(client, schema):
    """Each control of the page's form against its description: a field
    added to the form and rendered on the page shows up in both."""
    form = BeautifulSoup(client.get("/join/").content, "html.parser").select_one(
        "form.join-form"
    )
    controls = {}
    for control in form.select("input[name], select[name], textarea[name]"):
        if control["name"] not in ("csrfmiddlewaretoken", JoinForm.HONEYPOT):
            controls.setdefault(control["name"], []).append(control)
    fields = by_name(schema)

    assert set(controls) == set(fields)
    for name, field in fields.items():
        if field["multiple"]:
            check_checkboxes(form, controls[name], field)
        else:
            check_control(form, controls[name][0], field)


def check_control(form, control, field):
    label = form.select_one(f"label[for='{control['id']}']")
    assert label.get_text(strip=True) == field["label"]
    hint = form.find(id=f"{control['id']}_helptext")
    assert (hint.get_text(strip=True) if hint else "") == field["help_text"]
    assert control.has_attr("required") == field["required"], field["name"]
    if control.name == "select":
        assert field["type"] == "select"
        options = [
            {"value": option["value"], "label": option.get_text(strip=True)}
            for option in control.select("option")
            if option["value"]
        ]
        assert options == field["choices"]
    elif control.name == "textarea":
        assert field["type"] == "textarea"
    else:
        assert control["type"] == field["type"]
    if "maxlength" in control.attrs or "max_length" in field:
        assert int(control["maxlength"]) == field["max_length"]


def check_checkboxes(form, checkboxes, field):
    fieldset = checkboxes[0].find_parent("fieldset")
    assert fieldset.legend.get_text(strip=True) == field["help_text"]
    assert field["type"] == "checkbox"
    assert [
        {
            "value": box["value"],
            "label": form.select_one(f"label[for='{box['id']}']").get_text(strip=True),
        }
        for box in checkboxes
    ] == field["choices"]


def test_the_errors_of_a_sign_up_name_the_described_fields(client, schema):
    response = client.post(
        "/api/v2/join/", json.dumps({}), content_type="application/json"
    )

    assert response.status_code == 400
    required = {field["name"] for field in schema["fields"] if field["required"]}
    assert set(response.json()) == required
