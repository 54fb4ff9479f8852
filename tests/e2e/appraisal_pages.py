"""Page objects for the Appraise tab: the list, the appraisal sheet and its parts.

Every user action goes through `Thumb`, which taps, types and picks as a phone user does,
checks that what it taps is big enough for a thumb, and counts the actions (the browser
benchmark reports the count as "taps"). Visible text comes from the catalog through `tr()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, Request, Response, expect

from tests.e2e.pages import MIN_TAP_PX, StaffPage, path_is, tr

SHEET_URL = re.compile(r"^https?://[^/]+/appraisals/(\d+)(?:#.*)?$")
UPLOAD_TIMEOUT_MS = 90_000  # a photo on a throttled phone connection takes a while


def centre(target: Locator) -> None:
    """Scrolls `target` to the middle of the screen (for a screenshot): clear of the sticky
    title bar and section nav above and the tab bar below."""
    target.evaluate("(el) => el.scrollIntoView({block: 'center', inline: 'nearest'})")


class Thumb:
    """One person's taps, typing and picking on one page; each is one counted action."""

    def __init__(self, page: Page, min_tap_px: float = MIN_TAP_PX) -> None:
        self.page = page
        self.actions = 0
        self.min_tap_px = min_tap_px
        self.small_targets: list[str] = []

    def _check_size(self, target: Locator) -> None:
        target.wait_for(state="visible")
        box = target.bounding_box()  # its size, on screen or scrolled off it
        assert box is not None, f"{target} is not shown"
        if min(box["width"], box["height"]) < self.min_tap_px - 0.5:
            self.small_targets.append(f"{target}: {box['width']:.0f}x{box['height']:.0f}px")

    def tap(self, target: Locator) -> None:
        self._check_size(target)
        self.actions += 1
        target.tap()

    def type_in(self, field: Locator, text: str) -> None:
        """Tap the field, type, then leave it (its change event fires, as when the user taps
        the next field or closes the keyboard): one action."""
        self._check_size(field)
        self.actions += 1
        field.fill(text)
        field.blur()

    def pick(self, select: Locator, value: str) -> None:
        self._check_size(select)
        self.actions += 1
        select.select_option(value)

    def tap_to_open(self, target: Locator) -> None:
        """Taps a link or button that brings a new screen in (an htmx swap of the body) and
        waits until the old screen is gone, not merely until the address changes."""
        self.page.evaluate("document.querySelector('main').__leaving = true")
        self.tap(target)
        self.page.wait_for_function("() => !document.querySelector('main')?.__leaving")

    def take_photos(self, file_input: Locator, files: Sequence[Path]) -> None:
        """Tap the photo button and take or pick the photo(s): one action (the camera's own
        shutter tap belongs to the phone, not to the app)."""
        button = file_input.locator("xpath=ancestor::label[1]")
        self._check_size(button)
        self.actions += 1
        file_input.set_input_files([str(f) for f in files])


@contextmanager
def replaced(page: Page, selector: str) -> Iterator[None]:
    """Waits, after the block, until the element at `selector` is a new one: the answer of an
    htmx request has been swapped in (its response alone may still be on its way in)."""
    page.locator(selector).evaluate("(el) => { el.__stale = true; }")
    yield
    page.wait_for_function(
        "(selector) => { const el = document.querySelector(selector); return el && !el.__stale; }",
        arg=selector,
    )


def posted_to(suffix: str) -> Callable[[Response], bool]:
    return lambda r: r.request.method == "POST" and r.url.split("?")[0].endswith(suffix)


class AppraisalList(StaffPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.start_button = page.locator("form.start-form").get_by_role(
            "button", name=re.compile(re.escape(tr("Start an appraisal")))
        )

    def open_from_tab(self, thumb: Thumb) -> AppraisalList:
        thumb.tap_to_open(self.tabs.tab("/appraisals"))
        expect(self.page).to_have_url(path_is("/appraisals"))
        expect(self.start_button).to_be_visible()
        return self

    def start(self, thumb: Thumb) -> AppraisalSheet:
        thumb.tap_to_open(self.start_button)
        expect(self.page).to_have_url(SHEET_URL)
        sheet = AppraisalSheet(self.page)
        expect(sheet.vehicle).to_be_visible()
        return sheet


class AppraisalSheet(StaffPage):
    """/appraisals/{id}: car and owner, photos, condition, price, outcome."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.section_nav = page.locator("nav.section-nav")
        self.photo_count = self.section_nav.locator("a[href='#photo-grid'] .count")
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

    # autosaved fields: each saves itself when it is left, and says so beside itself

    def field(self, name: str) -> Locator:
        return self.page.locator(f"#field-{name}")

    def input(self, name: str) -> Locator:
        return self.page.locator(f"#f-{name}")

    def saved_status(self, name: str) -> Locator:
        return self.field(name).locator(".field-saved[role=status]")

    def error(self, name: str) -> Locator:
        return self.field(name).locator(f"#f-{name}-error")

    def type_field(self, thumb: Thumb, name: str, text: str) -> None:
        """Types into an autosaved field and waits for its "Saved"."""
        with self.page.expect_response(posted_to(f"/fields/{name}")) as answer:
            thumb.type_in(self.input(name), text)
        assert answer.value.status == 200, f"{name}: {answer.value.status}"
        self.expect_saved(name)

    def type_field_wrongly(self, thumb: Thumb, name: str, text: str) -> Locator:
        """Types a value the server refuses; returns the error shown beside the field."""
        with self.page.expect_response(posted_to(f"/fields/{name}")) as answer:
            thumb.type_in(self.input(name), text)
        assert answer.value.status == 422, f"{name}: {answer.value.status}"
        expect(self.saved_status(name)).to_have_count(0)
        return self.error(name)

    def pick_field(self, thumb: Thumb, name: str, value: str) -> None:
        with self.page.expect_response(posted_to(f"/fields/{name}")):
            thumb.pick(self.input(name), value)
        self.expect_saved(name)

    def expect_saved(self, name: str) -> None:
        expect(self.saved_status(name)).to_have_text(tr("Saved"))
        expect(self.error(name)).to_have_count(0)

    def values(self, names: Sequence[str]) -> dict[str, str]:
        return {name: self.input(name).input_value() for name in names}

    def usable_controls(self) -> list[str]:
        """The page's visible inputs, selects, textareas and buttons that are not disabled
        (the tab bar and title bar aside, and the trade-in card: passing the owner to sales
        changes nothing on the appraisal, and an owner who sold us the car may well buy)."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    'main input:not([type=hidden]), main select, main textarea, main button'))
                .filter((el) => !el.disabled && el.getClientRects().length > 0)
                .filter((el) => !el.closest('#trade-in'))
                .map((el) => el.id || el.name || el.outerHTML.slice(0, 80))"""
        )


@dataclass
class SentPhoto:
    slot: str
    filename: str
    data: bytes


def sent_photo(request: Request) -> SentPhoto:
    """The slot, file name and file bytes of a photo upload's multipart body."""
    body = request.post_data_buffer
    assert body, "the upload request has no body"
    boundary = body[: body.index(b"\r\n")]
    fields: dict[str, tuple[str, bytes]] = {}
    for part in body.split(boundary)[1:-1]:
        head, _, content = part[2:].partition(b"\r\n\r\n")
        disposition = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', disposition)[1]
        filename = re.search(r'filename="([^"]*)"', disposition)
        fields[name] = (filename[1] if filename else "", content[:-2])  # drop the CRLF
    return SentPhoto(fields["slot"][1].decode(), fields["photo"][0], fields["photo"][1])


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
        """The multi-photo input of 'damage' (close-ups) or 'extra' (from the gallery)."""
        form = self.grid.locator("form[data-photo-form]").filter(
            has=self.page.locator(f"input[name=slot][value={slot}]")
        )
        return form.locator("input[data-photo-input]")

    def take(self, thumb: Thumb, slot: str, photo: Path) -> None:
        thumb.take_photos(self.slot_input(slot), [photo])

    def expect_filled(self, slot: str) -> None:
        expect(self.slot(slot)).to_have_class(
            re.compile(r"\bhas-photo\b"), timeout=UPLOAD_TIMEOUT_MS
        )
        self.expect_photo(self.slot(slot))

    def expect_photo(self, item: Locator) -> None:
        """`item` shows a stored photo (its blurred placeholder is hidden from the a11y tree)."""
        picture = item.get_by_role("img")
        expect(picture).to_have_count(1)
        expect(picture).to_have_attribute("src", re.compile(r"^/media/photos/"))

    def watch_queue(self) -> None:
        """Records every item the upload queue shows, with the states and the furthest
        progress it went through, even after it is gone (a done item leaves after a moment)."""
        self.page.evaluate(
            """() => {
                if (window.__uploads) return;
                const log = window.__uploads = [];
                const note = (row, entry) => {
                    const state = row.querySelector('.upload-state')?.textContent || '';
                    if (state && entry.states.at(-1) !== state) entry.states.push(state);
                    const bar = row.querySelector('progress');
                    if (bar) entry.progress = Math.max(entry.progress, Number(bar.value));
                    if (row.classList.contains('is-error')) entry.error = true;
                    if (row.classList.contains('is-done')) entry.done = true;
                };
                new MutationObserver((records) => {
                    for (const record of records) {
                        for (const row of record.addedNodes) {
                            if (!(row instanceof HTMLElement)) continue;
                            const entry = {label: row.querySelector('.upload-name')?.textContent,
                                           states: [], progress: 0, error: false, done: false};
                            row.__entry = entry;
                            log.push(entry);
                            note(row, entry);
                            new MutationObserver(() => note(row, entry)).observe(row, {
                                subtree: true, childList: true, characterData: true,
                                attributes: true});
                        }
                    }
                }).observe(document.getElementById('upload-queue'), {childList: true});
            }"""
        )

    def queue_log(self) -> list[dict]:
        return self.page.evaluate("() => structuredClone(window.__uploads || [])")

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
        with replaced(self.page, "#condition"):
            thumb.tap(self.panel(key))
        expect(self.mark_form).to_be_visible()
        expect(self.mark_form.locator("input[name=panel]")).to_have_value(key)
        expect(self.panel(key)).to_have_class(re.compile(r"\bis-selected\b"))

    def chip(self, group_msgid: str, label_msgid: str) -> Locator:
        fieldset = self.mark_form.locator("fieldset.chips").filter(
            has=self.page.locator("legend", has_text=tr(group_msgid))
        )
        return fieldset.locator("label.chip").filter(
            has_text=re.compile(f"^{re.escape(tr(label_msgid))}$")
        )

    def add_mark(self, thumb: Thumb, kind_msgid: str, severity_msgid: str) -> None:
        for group, label in (("What", kind_msgid), ("How bad", severity_msgid)):
            chip = self.chip(group, label)
            thumb.tap(chip)
            expect(chip.locator("input")).to_be_checked()
        with replaced(self.page, "#condition"):
            thumb.tap(self.mark_form.get_by_role("button", name=tr("Add mark")))
        expect(self.mark_form).to_have_count(0)

    def check_row(self, section: str, item: str) -> Locator:
        return self.page.locator(f"#check-{section}-{item}")

    def answer_problem(self, thumb: Thumb, section: str, item: str, note: str) -> None:
        row = f"#check-{section}-{item}"  # an answer swaps only its own row
        with replaced(self.page, row):
            thumb.tap(self.check_row(section, item).locator("label.bad"))
        note_input = self.check_row(section, item).locator("input.check-note")
        expect(note_input).to_be_visible()
        with replaced(self.page, row):
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
        with replaced(self.page, "#price"):
            thumb.tap(self.ask)
        expect(self.approvals.first).to_have_class(re.compile(r"\bapproval-pending\b"))

    def approve(self, thumb: Thumb, note: str = "") -> None:
        approve = self.page.get_by_role("button", name=tr("Approve"), exact=True)
        card = self.approvals.filter(has=approve)  # the pending request, with its buttons
        if note:
            thumb.type_in(card.locator("input[name=note]"), note)
        with replaced(self.page, "#price"):
            thumb.tap(card.locator(approve))
        expect(self.approvals.first).to_have_class(re.compile(r"\bapproval-approved\b"))


class Outcome:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.section = page.locator("#outcome")
        self.done = self.section.locator(".outcome-done")
        self.alert = self.section.locator("[role=alert]")

    def chip(self, msgid: str) -> Locator:
        return self.section.locator("label.chip").filter(
            has_text=re.compile(f"^{re.escape(tr(msgid))}$")
        )

    def record(self, thumb: Thumb, msgid: str) -> None:
        thumb.tap(self.chip(msgid))
        with replaced(self.page, "#main"):
            thumb.tap(self.section.get_by_role("button", name=tr("Record the outcome")))


class ManagerDashboard(StaffPage):
    def approval_link(self, appraisal_id: int) -> Locator:
        return self.page.locator(f'a[href="/appraisals/{appraisal_id}#price"]')
