// The story form: who else is editing it, and work in progress kept in the
// browser. A static file because the admin's CSP allows no inline script;
// its texts come, translated, from the data attributes of #story-desk.
"use strict";
{
    const HEARTBEAT_MS = 15000;
    const SNAPSHOT_MS = 2000;
    // Never kept or restored: they belong to one page load, or cannot be
    // set from script (a file input).
    const SKIPPED = new Set(["csrfmiddlewaretoken", "edit_token", "action", "_selected_action", "index"]);

    function formValues(form) {
        const values = {};
        for (const element of form.elements) {
            if (!element.name || SKIPPED.has(element.name) || element.type === "file" || element.type === "submit") {
                continue;
            }
            if (element.type === "checkbox") {
                values[element.name] = element.checked;
            } else if (element.type === "radio") {
                if (element.checked) {
                    values[element.name] = element.value;
                }
            } else if (element.multiple) {
                values[element.name] = Array.from(element.selectedOptions, (option) => option.value);
            } else {
                values[element.name] = element.value;
            }
        }
        return values;
    }

    function setValues(form, values) {
        for (const element of form.elements) {
            if (!(element.name in values) || SKIPPED.has(element.name) || element.type === "file") {
                continue;
            }
            const value = values[element.name];
            if (element.type === "checkbox") {
                element.checked = value;
            } else if (element.type === "radio") {
                element.checked = element.value === value;
            } else if (element.multiple) {
                for (const option of element.options) {
                    option.selected = value.includes(option.value);
                }
            } else if (element.tagName === "SELECT" && value && !Array.from(element.options).some((option) => option.value === value)) {
                // An autocomplete select holds only its chosen option.
                element.add(new Option(value, value, true, true));
            } else {
                element.value = value;
            }
            // A rich-text editor or autocomplete widget listens for these.
            element.dispatchEvent(new Event("input", {bubbles: true}));
            element.dispatchEvent(new Event("change", {bubbles: true}));
        }
    }

    function readSnapshot(key) {
        try {
            return JSON.parse(localStorage.getItem(key));
        } catch {
            return null;
        }
    }

    function watchPresence(desk, form) {
        const url = desk.dataset.editingUrl;
        const status = document.getElementById("story-presence");
        const token = form.elements.csrfmiddlewaretoken.value;
        function post(extra) {
            const body = new FormData();
            body.append("csrfmiddlewaretoken", token);
            if (extra) {
                body.append(extra, "1");
            }
            return body;
        }
        async function beat() {
            try {
                const response = await fetch(url, {method: "POST", body: post(), credentials: "same-origin"});
                if (!response.ok) {
                    return;
                }
                const others = (await response.json()).others;
                status.replaceChildren();
                if (others.length) {
                    const line = document.createElement("p");
                    line.className = "warning";
                    const verb = others.length === 1 ? desk.dataset.alsoEditing : desk.dataset.alsoEditingMany;
                    line.textContent = `${others.join(", ")} ${verb}`;
                    status.append(line);
                }
            } catch {
                // Offline for a moment: the next heartbeat tries again.
            }
        }
        beat();
        setInterval(beat, HEARTBEAT_MS);
        window.addEventListener("pagehide", () => navigator.sendBeacon(url, post("leave")));
    }

    function keepWorkInProgress(desk, form) {
        const key = `worldbrief:${desk.dataset.autosaveKey}`;
        const tokenField = form.elements.edit_token;
        const token = tokenField ? tokenField.value : "";
        const isNew = desk.dataset.autosaveKey.startsWith("story:new:");
        const failedSave = document.querySelector(".errornote") !== null;
        const initial = JSON.stringify(formValues(form));
        let submitting = false;

        const snapshot = readSnapshot(key);
        if (snapshot && snapshot.submitted && !failedSave && (isNew || snapshot.token !== token)) {
            // Its save went through: nothing to restore.
            localStorage.removeItem(key);
        } else if (snapshot && JSON.stringify(snapshot.values) !== initial) {
            offerRestore(desk, form, key, snapshot);
        }

        function store(submitted) {
            const values = formValues(form);
            if (!submitted && JSON.stringify(values) === initial) {
                return;
            }
            localStorage.setItem(key, JSON.stringify({savedAt: new Date().toISOString(), token, submitted, values}));
        }
        // Read on every change and on a timer: a rich-text editor may update
        // its hidden field without an event.
        form.addEventListener("input", () => store(false));
        form.addEventListener("change", () => store(false));
        setInterval(() => submitting || store(false), SNAPSHOT_MS);
        form.addEventListener("submit", () => {
            submitting = true;
            store(true);
        });
        window.addEventListener("beforeunload", (event) => {
            if (!submitting && JSON.stringify(formValues(form)) !== initial) {
                event.preventDefault();
                event.returnValue = "";
            }
        });
    }

    function offerRestore(desk, form, key, snapshot) {
        const region = document.getElementById("story-restore");
        const box = document.createElement("div");
        box.className = "restore-offer";
        const text = document.createElement("p");
        text.textContent = `${desk.dataset.restorePrompt} ${new Date(snapshot.savedAt).toLocaleString()}.`;
        const restore = document.createElement("button");
        restore.type = "button";
        restore.className = "button";
        restore.textContent = desk.dataset.restore;
        const discard = document.createElement("button");
        discard.type = "button";
        discard.className = "button";
        discard.textContent = desk.dataset.discard;
        box.append(text, restore, " ", discard);
        region.append(box);
        restore.addEventListener("click", () => {
            setValues(form, snapshot.values);
            text.textContent = desk.dataset.restored;
            restore.remove();
            discard.remove();
        });
        discard.addEventListener("click", () => {
            localStorage.removeItem(key);
            box.remove();
        });
    }

    // The chosen hero image's thumbnail, alt text and credit, fetched again
    // when another image is chosen in the library's pop-up or typed.
    function showChosenImage(form) {
        const input = form.elements.hero_image;
        const card = document.getElementById("hero-chosen");
        if (!input || !card) {
            return;
        }
        async function update() {
            const id = input.value.trim();
            if (!/^[0-9]+$/.test(id)) {
                return;
            }
            const url = card.dataset.cardUrl.replace("/0/card/", `/${id}/card/`);
            try {
                const response = await fetch(url, {credentials: "same-origin"});
                if (response.ok) {
                    const template = document.createElement("template");
                    template.innerHTML = (await response.json()).card;
                    card.replaceChildren(template.content);
                }
            } catch {
                // The card stays as it was; the choice itself is kept.
            }
        }
        input.addEventListener("change", update);
        // The pop-up announces its choice through jQuery only.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(input).on("change", update);
        }
    }

    window.addEventListener("DOMContentLoaded", () => {
        const desk = document.getElementById("story-desk");
        const form = document.getElementById("story_form");
        if (!desk || !form) {
            return;
        }
        if (desk.dataset.editingUrl) {
            watchPresence(desk, form);
        }
        keepWorkInProgress(desk, form);
        showChosenImage(form);
    });
}
