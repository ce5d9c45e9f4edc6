// A partner's join form, built from the API alone: GET /api/v2/join/ says
// which fields there are (name, label, help, type, choices) and which groups
// one can join; POST /api/v2/join/ takes the sign-up and names the fields
// in error. Nothing here knows a field of the form by name.
// Opened from the site's editor (HEADLESS_PREVIEW_URL) with a preview token,
// it shows the draft page instead, from GET /api/v2/page_preview/.
"use strict";

const query = new URLSearchParams(location.search);
const api = (query.get("api") || "").replace(/\/$/, "");
const joinUrl = api + "/api/v2/join/";
const root = document.getElementById("join");

function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === true) node.setAttribute(name, "");
        else if (value !== false && value !== undefined) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
}

function hint(id, text) {
    return text ? element("p", { class: "hint", id }, text) : "";
}

function groupDetails(group) {
    if (!group) return [];
    const parts = [hint(`group-${group.slug}-summary`, group.summary)];
    if (group.principles.length) {
        parts.push(
            element(
                "details",
                {},
                element("summary", {}, `Read the principles of the ${group.title}`),
                element("p", {}, group.principles_intro),
                element("ul", {}, ...group.principles.map((text) => element("li", {}, text))),
            ),
        );
    }
    return parts;
}

function checkboxes(field, groups) {
    const errorId = `error-${field.name}`;
    const fieldset = element(
        "fieldset",
        { class: "field", "data-field": field.name, "aria-describedby": errorId },
        element("legend", {}, field.help_text || field.label),
        element("p", { class: "error", id: errorId, hidden: true }),
    );
    for (const choice of field.choices) {
        const id = `${field.name}-${choice.value}`;
        const group = groups.find((each) => each.slug === choice.value);
        fieldset.append(
            element(
                "div",
                { class: "choice" },
                element("input", {
                    type: "checkbox",
                    id,
                    name: field.name,
                    value: choice.value,
                    "aria-describedby": group ? `group-${group.slug}-summary` : undefined,
                }),
                element("label", { for: id }, choice.label),
                ...groupDetails(group),
            ),
        );
    }
    return fieldset;
}

function control(field, describedBy) {
    const attributes = {
        id: `field-${field.name}`,
        name: field.name,
        required: field.required,
        "aria-describedby": describedBy,
    };
    if (field.type === "select") {
        return element(
            "select",
            attributes,
            element("option", { value: "" }, "Choose…"),
            ...field.choices.map((choice) => element("option", { value: choice.value }, choice.label)),
        );
    }
    if (field.type === "textarea") {
        return element("textarea", { ...attributes, maxlength: field.max_length });
    }
    return element("input", { ...attributes, type: field.type, maxlength: field.max_length });
}

// Which addresses are refused, under the e-mail field (there is one kind).
function emailRule(field, personalEmail) {
    if (field.type !== "email") return [];
    return [element("details", {}, element("summary", {}, "Which addresses are refused"), element("p", {}, personalEmail.rule))];
}

function single(field, schema) {
    const errorId = `error-${field.name}`;
    const hintId = field.help_text ? `hint-${field.name}` : "";
    const input = control(field, `${hintId} ${errorId}`.trim());
    const label = element("label", { for: input.id }, field.label);
    const error = element("p", { class: "error", id: errorId, hidden: true });
    if (field.type === "checkbox") {
        return element(
            "div",
            { class: "field choice", "data-field": field.name },
            error,
            input,
            label,
            hint(hintId, field.help_text),
        );
    }
    return element(
        "div",
        { class: "field", "data-field": field.name },
        label,
        hint(hintId, field.help_text),
        ...emailRule(field, schema.personal_email),
        error,
        input,
    );
}

function valueOf(form, field) {
    if (field.multiple) {
        return [...form.querySelectorAll(`[name="${field.name}"]:checked`)].map((box) => box.value);
    }
    const input = form.elements[field.name];
    return field.type === "checkbox" ? input.checked : input.value;
}

function showErrors(form, errors) {
    const summary = form.querySelector(".summary");
    const list = element("ul");
    for (const [name, messages] of Object.entries(errors)) {
        const at = form.querySelector(`#error-${CSS.escape(name)}`);
        if (at) {
            at.textContent = messages.join(" ");
            at.hidden = false;
            at.closest(".field").classList.add("field--error");
            form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((input) =>
                input.setAttribute("aria-invalid", "true"),
            );
        }
        list.append(...messages.map((message) => element("li", {}, message)));
    }
    summary.replaceChildren(element("h2", {}, "There is a problem"), list);
    summary.hidden = false;
    summary.focus();
}

function clearErrors(form) {
    form.querySelector(".summary").hidden = true;
    form.querySelectorAll(".error").forEach((error) => {
        error.hidden = true;
        error.textContent = "";
    });
    form.querySelectorAll(".field--error").forEach((field) => field.classList.remove("field--error"));
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

async function submit(event, schema) {
    event.preventDefault();
    const form = event.target;
    clearErrors(form);
    const body = Object.fromEntries(schema.fields.map((field) => [field.name, valueOf(form, field)]));
    let response;
    try {
        response = await fetch(joinUrl, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
    } catch {
        showErrors(form, { "": ["The site could not be reached. Please try again."] });
        return;
    }
    const answer = await response.json();
    if (response.status === 201) {
        const done = element(
            "div",
            { class: "done", role: "status", tabindex: "-1" },
            element("h2", {}, "Request sent"),
            element("p", {}, answer.detail),
        );
        root.replaceChildren(done);
        done.focus();
    } else {
        showErrors(form, answer);
    }
}

function render(schema) {
    const form = element(
        "form",
        { novalidate: true },
        element("div", { class: "summary", role: "alert", tabindex: "-1", hidden: true }),
    );
    for (const field of schema.fields) {
        form.append(field.multiple ? checkboxes(field, schema.groups) : single(field, schema));
    }
    form.append(element("p", {}, element("button", { type: "submit" }, "Send my request")));
    form.addEventListener("submit", (event) => submit(event, schema));
    root.replaceChildren(form);
}

function renderPreview(page) {
    document.querySelector("h1").textContent = page.title;
    document.title = `Preview: ${page.title}`;
    const parts = [element("p", { class: "preview-note" }, "Preview of a draft: not published.")];
    if (page.summary) parts.push(element("p", {}, page.summary));
    if (page.principles && page.principles.length) {
        parts.push(
            element("p", {}, page.principles_intro || ""),
            element("ol", {}, ...page.principles.map((text) => element("li", {}, text))),
        );
    }
    root.replaceChildren(...parts);
}

async function preview() {
    const url = `${api}/api/v2/page_preview/?` + new URLSearchParams({
        content_type: query.get("content_type") || "",
        token: query.get("token"),
    });
    document.querySelector("h1").textContent = "Preview";
    document.querySelector("main > p").remove();
    try {
        const response = await fetch(url);
        const answer = await response.json();
        if (response.ok) {
            renderPreview(answer);
        } else {
            const why = answer.detail || answer.message || "This preview can't be shown.";
            root.replaceChildren(element("p", { class: "error", role: "alert" }, why));
        }
    } catch {
        root.replaceChildren(element("p", { class: "error", role: "alert" }, "The preview could not be loaded."));
    }
}

if (query.has("token")) {
    preview();
} else {
    fetch(joinUrl)
        .then((response) => response.json())
        .then(render)
        .catch(() => root.replaceChildren(element("p", { class: "error" }, "The form could not be loaded.")));
}
