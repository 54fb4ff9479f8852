"""Page objects for the Appraise tab: the list, the appraisal sheet and its parts.

Every action goes through `Thumb`, which taps, types and picks as a phone user does and
counts each of those actions (the benchmark reports the count as "taps"). Visible text comes
from the catalog through `tr()`, never hard-coded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.pages import StaffPage, path_is, tr

GUIDED_SHOTS = (
    "front_three_quarter_left",
    "front",
    "front_three_quarter_right",
    "right_side",
    "rear_three_quarter",
    "rear",
    "left_side",
    "dashboard",
    "front_seats",
)
SHEET_URL = re.compile(r"^https?://[^/]+/appraisals/(\d+)(?:#.*)?$")
UPLOAD_TIMEOUT_MS = 60_000  # a photo on a throttled connection takes a while


class Thumb:
    """Taps, typing and picking on one page, each counted as one action of the user's."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions = 0

    def tap(self, target: Locator) -> None:
        self.actions += 1
        target.tap()

    def type_in(self, field: Locator, text: str) -> None:
        """Tap the field, type, then leave it (its change event fires, as when the user taps
        the next field or closes the keyboard): one action."""
        self.actions += 1
        field.fill(text)
        field.blur()

    def pick(self, select: Locator, value: str) -> None:
        self.actions += 1
        select.select_option(value)

    def take_photos(self, file_input: Locator, files: Sequence[Path]) -> None:
        """Tap the photo button and take or pick the photo(s): counted as one action (the
        camera's own shutter tap is the phone's, not the app's)."""
        self.actions += 1
        file_input.set_input_files([str(f) for f in files])


class AppraisalList(StaffPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.start_button = page.locator("form.start-form").get_by_role(
            "button", name=re.compile(re.escape(tr("Start an appraisal")))
        )

    def open_from_tab(self, thumb: Thumb) -> AppraisalList:
        thumb.tap(self.tabs.tab("/appraisals"))
        expect(self.page).to_have_url(path_is("/appraisals"))
        expect(self.start_button).to_be_visible()
        return self

    def start(self, thumb: Thumb) -> AppraisalSheet:
        thumb.tap(self.start_button)
        expect(self.page).to_have_url(SHEET_URL)
        sheet = AppraisalSheet(self.page)
        expect(sheet.vehicle).to_be_visible()
        return sheet


class AppraisalSheet(StaffPage):
    """/appraisals/{id}: car and owner, photos, condition, price, outcome."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.section_nav = page.locator("nav.section-nav")
        self.vehicle = page.locator("form#vehicle")
        self.vin_info = page.locator("#vin-info")
        self.closed_notice = page.locator("main > p.notice[role=status]")
        self.photos = PhotoGrid(page)
        self.condition = Condition(page)
        self.price = Price(page)
        self.outcome = Outcome(page)

    @property
    def appraisal_id(self) -> int:
        match = SHEET_URL.match(self.page.url)
        assert match, f"not an appraisal sheet: {self.page.url}"
        return int(match[1])

    # autosaved fields ---------------------------------------------------------------------

    def field(self, name: str) -> Locator:
        return self.page.locator(f"#field-{name}")

    def input(self, name: str) -> Locator:
        return self.page.locator(f"#f-{name}")

    def saved_status(self, name: str) -> Locator:
        return self.field(name).locator(".field-saved[role=status]")

    def error(self, name: str) -> Locator:
        return self.field(name).locator(f"#f-{name}-error")

    def _saved(self, name: str) -> Locator:
        saved = self.saved_status(name)
        expect(saved).to_have_text(tr("Saved"))
        expect(self.error(name)).to_have_count(0)
        return saved

    def type_field(self, thumb: Thumb, name: str, text: str) -> None:
        """Types into an autosaved field and waits for its "Saved"."""
        with self.page.expect_response(self._field_url(name)):
            thumb.type_in(self.input(name), text)
        self._saved(name)

    def type_field_wrongly(self, thumb: Thumb, name: str, text: str) -> Locator:
        """Types a value the server refuses; returns the error shown beside the field."""
        with self.page.expect_response(self._field_url(name)) as answer:
            thumb.type_in(self.input(name), text)
        assert answer.value.status == 422, answer.value.status
        expect(self.saved_status(name)).to_have_count(0)
        return self.error(name)

    def pick_field(self, thumb: Thumb, name: str, value: str) -> None:
        with self.page.expect_response(self._field_url(name)):
            thumb.pick(self.input(name), value)
        self._saved(name)

    def _field_url(self, name: str):
        suffix = f"/fields/{name}"
        return lambda r: r.request.method == "POST" and r.url.endswith(suffix)

    def values(self, names: Sequence[str]) -> dict[str, str]:
        return {name: self.input(name).input_value() for name in names}

    def editable_controls(self) -> list[str]:
        """The main content's inputs, selects, textareas and buttons a user could still use."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    'main input:not([type=hidden]), main select, main textarea, main button'))
                .filter((el) => !el.disabled && el.offsetParent !== null)
                .map((el) => el.id || el.name || el.className || el.tagName)"""
        )


class PhotoGrid:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.grid = page.locator("#photo-grid")
        self.queue = page.locator("#upload-queue")
        self.queue_items = self.queue.locator(".upload-item")
        self.filled = self.grid.locator("li.shot.has-photo[id^=shot-]")
        self.close_ups = self.grid.locator("li.shot.has-photo[id^=photo-]")
        self.error = self.grid.locator("[data-photo-error]")

    def slot(self, slot: str) -> Locator:
        return self.page.locator(f"#shot-{slot}")

    def slot_input(self, slot: str) -> Locator:
        return self.slot(slot).locator("input[data-photo-input]")

    def free_input(self, slot: str) -> Locator:
        """The multi-photo input of 'damage' (close-ups) or 'extra' (gallery)."""
        form = self.grid.locator("form[data-photo-form]").filter(
            has=self.page.locator(f"input[name=slot][value={slot}]")
        )
        return form.locator("input[data-photo-input]")

    def take(self, thumb: Thumb, slot: str, photo: Path) -> None:
        thumb.take_photos(self.slot_input(slot), [photo])

    def expect_filled(self, slot: str) -> None:
        expect(self.slot(slot)).to_have_class(re.compile(r"\bhas-photo\b"), timeout=UPLOAD_TIMEOUT_MS)
        expect(self.slot(slot).locator("img")).to_have_attribute(
            "src", re.compile(r"^/media/photos/.+\.webp$")
        )

    def watch_queue(self) -> None:
        """Records every upload item the queue shows: its states, progress and classes, even
        after it is gone (done items leave the queue after a moment)."""
        self.page.evaluate(
            """() => {
                if (window.__uploads) return;
                const log = window.__uploads = [];
                const queue = document.getElementById('upload-queue');
                const note = (row, entry) => {
                    const state = row.querySelector('.upload-state')?.textContent || '';
                    if (state && entry.states.at(-1) !== state) entry.states.push(state);
                    const bar = row.querySelector('progress');
                    if (bar) entry.progress = Math.max(entry.progress, Number(bar.value));
                    entry.classes = row.className;
                    if (row.classList.contains('is-error')) entry.error = true;
                    if (row.classList.contains('is-done')) entry.done = true;
                };
                new MutationObserver((records) => {
                    for (const record of records) {
                        for (const row of record.addedNodes) {
                            if (!(row instanceof HTMLElement)) continue;
                            const entry = {label: row.querySelector('.upload-name')?.textContent,
                                           states: [], progress: 0, error: false, done: false,
                                           removed: false};
                            row.__entry = entry;
                            log.push(entry);
                            note(row, entry);
                            new MutationObserver(() => note(row, entry)).observe(row, {
                                subtree: true, childList: true, characterData: true,
                                attributes: true});
                        }
                        for (const row of record.removedNodes) {
                            if (row.__entry) { note(row, row.__entry); row.__entry.removed = true; }
                        }
                    }
                }).observe(queue, {childList: true});
            }"""
        )

    def queue_log(self) -> list[dict]:
        return self.page.evaluate(
            """() => (window.__uploads || []).map((e) => {
                // progress bars are read on every change; the final value too
                return {...e};
            })"""
        )

    def wait_for_queue_to_empty(self) -> None:
        expect(self.queue_items).to_have_count(0, timeout=UPLOAD_TIMEOUT_MS)


class Condition:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.section = page.locator("#condition")
        self.grade = page.locator("#grade")
        self.grade_letter = self.grade.locator(".grade-letter")
        self.grade_reasons = self.grade.locator(".reasons li")
        self.car_map = page.locator(".car-map")
        self.mark_form = page.locator("#mark-form")
        self.marks = page.locator("ul.marks li")

    def panel(self, key: str) -> Locator:
        return self.car_map.locator(f".panel-{key}")

    def open_panel(self, thumb: Thumb, key: str) -> None:
        thumb.tap(self.panel(key))
        expect(self.mark_form).to_be_visible()
        expect(self.mark_form.locator("input[name=panel]")).to_have_value(key)
        expect(self.panel(key)).to_have_class(re.compile(r"\bis-selected\b"))

    def chip(self, group_msgid: str, label_msgid: str) -> Locator:
        fieldset = self.mark_form.locator("fieldset.chips").filter(
            has=self.page.locator("legend", has_text=tr(group_msgid))
        )
        return fieldset.locator("label.chip").filter(has_text=re.compile(f"^{tr(label_msgid)}$"))

    def add_mark(self, thumb: Thumb, kind_msgid: str, severity_msgid: str) -> None:
        for group, label in (("What", kind_msgid), ("How bad", severity_msgid)):
            chip = self.chip(group, label)
            thumb.tap(chip)
            expect(chip.locator("input")).to_be_checked()
        with self.page.expect_response(lambda r: r.url.endswith("/marks")):
            thumb.tap(self.mark_form.get_by_role("button", name=tr("Add mark")))
        expect(self.mark_form).to_have_count(0)

    def check_row(self, section: str, item: str) -> Locator:
        return self.page.locator(f"#check-{section}-{item}")

    def answer_problem(self, thumb: Thumb, section: str, item: str, note: str) -> None:
        row = self.check_row(section, item)
        with self.page.expect_response(lambda r: r.url.endswith("/checks")):
            thumb.tap(row.locator("label.bad"))
        note_input = self.check_row(section, item).locator("input.check-note")
        expect(note_input).to_be_visible()
        with self.page.expect_response(lambda r: r.url.endswith("/checks")):
            thumb.type_in(note_input, note)
        expect(self.check_row(section, item).locator("input.check-note")).to_have_value(note)


class Price:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.section = page.locator("#price")
        self.summary = page.locator("#price-summary")
        self.max_buy = self.summary.locator("tr.total td")
        self.offer = self.summary.locator("p.offer strong")
        self.approval_state = self.summary.locator("p.approval")
        self.reason = page.locator("#f-approval-reason")
        self.ask = self.section.get_by_role("button", name=tr("Ask a manager to approve"))
        self.approvals = self.section.locator(".approval-card")

    def request_approval(self, thumb: Thumb, reason: str) -> None:
        thumb.type_in(self.reason, reason)
        with self.page.expect_response(lambda r: r.url.endswith("/approvals")):
            thumb.tap(self.ask)
        expect(self.approvals.first).to_have_class(re.compile(r"\bapproval-pending\b"))

    def approve(self, thumb: Thumb, note: str = "") -> None:
        card = self.approvals.filter(has=self.page.get_by_role("button", name=tr("Approve")))
        if note:
            thumb.type_in(card.locator("input[name=note]"), note)
        with self.page.expect_response(lambda r: "/approvals/" in r.url):
            thumb.tap(card.get_by_role("button", name=tr("Approve"), exact=True))
        expect(self.approvals.first).to_have_class(re.compile(r"\bapproval-approved\b"))


class Outcome:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.section = page.locator("#outcome")
        self.done = self.section.locator(".outcome-done")
        self.alert = self.section.locator("[role=alert]")

    def chip(self, msgid: str) -> Locator:
        return self.section.locator("label.chip").filter(has_text=re.compile(f"^{tr(msgid)}$"))

    def record(self, thumb: Thumb, msgid: str) -> None:
        thumb.tap(self.chip(msgid))
        with self.page.expect_response(lambda r: r.url.endswith("/outcome")):
            thumb.tap(self.section.get_by_role("button", name=tr("Record the outcome")))


class ManagerDashboard(StaffPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.approvals = page.locator("section.warning-card").filter(
            has=page.locator('a[href$="#price"]')
        )

    def approval_link(self, appraisal_id: int) -> Locator:
        return self.page.locator(f'a[href="/appraisals/{appraisal_id}#price"]')
