"""No signal on the lot: an appraiser fills the sheet and takes the nine photos offline,
closes the tab, opens the app again, and when the signal returns the server ends with one
appraisal, nine photos and every field as typed. And when the server acts but its answer is
lost, the retry is the same write: no second photo, lead or follow-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Route, expect

from db.appraisals.photo_queries import GUIDED_SHOTS
from db.appraisals.tables import Appraisal, AppraisalPhoto
from db.leads.tables import FollowUp, Lead
from tests.e2e.appraisal_pages import SHEET_URL, AppraisalList, AppraisalSheet, Thumb
from tests.e2e.pages import run_async, sign_in_as, tr, wait_until
from tests.media import images

pytestmark = pytest.mark.browser

SYNC_MS = 60_000
TYPED = {
    "make": "本田",
    "model": "雅阁",
    "plate": "沪A54321",
    "colour": "星空灰",
    "mileage_km": "186000",
    "owner_name": "张伟",
    "owner_phone": "13812345678",
}


def _photos(folder: Path) -> dict[str, Path]:
    files = {}
    for i, slot in enumerate(GUIDED_SHOTS):
        files[slot] = folder / f"IMG_02{i:02d}.jpg"
        files[slot].write_bytes(images.phone_jpeg(1200, 900))
    return files


def _rows(appraisal_id: int) -> tuple[dict, list[str], int]:
    async def read():
        row = (
            await Appraisal.select(*(getattr(Appraisal, k) for k in TYPED))
            .where(Appraisal.id == appraisal_id)
            .first()
        )
        photos = await AppraisalPhoto.select(AppraisalPhoto.slot).where(
            (AppraisalPhoto.appraisal == appraisal_id) & AppraisalPhoto.removed_at.is_null()
        )
        later = await Appraisal.count().where(Appraisal.id > appraisal_id)
        return row, sorted(p["slot"] for p in photos), later

    return run_async(read())


def _service_worker_ready(page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=15_000,
    )


def _kept_for_offline(page, path: str) -> None:
    """Wait until the service worker holds a copy of `path` (outbox.js fetches /outbox for
    it; a page the user opened is kept as it arrives)."""
    wait_until(page, "async (path) => !!(await caches.match(path, { ignoreVary: true }))", path)


def test_an_appraisal_made_without_signal_arrives_whole(new_page, guard, tmp_path, shot):
    guard.allow(r"ERR_INTERNET_DISCONNECTED")  # the browser logs each try without signal
    files = _photos(tmp_path)
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
    appraisal_id = sheet.appraisal_id
    _service_worker_ready(page)
    page.reload()  # the sheet as the phone keeps it for offline use
    for path in (f"/appraisals/{appraisal_id}", "/outbox"):
        _kept_for_offline(page, path)

    context = page.context
    context.set_offline(True)
    for name, text in TYPED.items():
        thumb.type_in(sheet.input(name), text)
    for slot in GUIDED_SHOTS:
        sheet.photos.take(thumb, slot, files[slot])
    badge = page.locator("#outbox-badge")
    expect(badge.locator(".outbox-count")).to_have_text(str(len(TYPED) + 9), timeout=SYNC_MS)
    expect(page.locator("#outbox-status")).to_have_text(
        tr("No signal: saved on this phone, it will be sent when there is.")
    )
    shot(page, "0-offline-sheet")
    row, photos, _ = _rows(appraisal_id)
    assert photos == [] and row["colour"] != TYPED["colour"]  # nothing has reached the server

    page.close()  # the tab is closed; later the app is opened again, still without signal
    again = context.new_page()
    again.goto(f"/appraisals/{appraisal_id}")
    expect(again.locator("#outbox-badge .outbox-count")).to_have_text(str(len(TYPED) + 9))
    for name, text in TYPED.items():
        expect(again.locator(f"#f-{name}")).to_have_value(text)
    expect(again.locator("#photo-grid li.shot.is-waiting")).to_have_count(9)
    again.goto("/outbox")
    expect(again.locator("#outbox-list .outbox-item")).to_have_count(len(TYPED) + 9)
    shot(again, "1-outbox-offline")

    context.set_offline(False)  # signal again
    expect(again.locator("#outbox-badge")).to_be_hidden(timeout=SYNC_MS)
    expect(again.locator("#outbox-empty")).to_be_visible()
    row, photos, later = _rows(appraisal_id)
    assert row == {name: (int(v) if name == "mileage_km" else v) for name, v in TYPED.items()}
    assert photos == sorted(GUIDED_SHOTS)  # exactly nine, one per shot
    assert later == 0  # and no second appraisal
    again.goto(f"/appraisals/{appraisal_id}")
    expect(again.locator("#photo-grid li.shot.has-photo[id^=shot-]")).to_have_count(9)
    shot(again, "2-all-sent")


def _last_appraisal_id() -> int:
    row = run_async(
        Appraisal.select(Appraisal.id).order_by(Appraisal.id, ascending=False).first().run()
    )
    return row["id"] if row else 0


def test_an_appraisal_started_without_signal_arrives_whole(new_page, guard, tmp_path, shot):
    """The whole appraisal from its start with no signal: the draft sheet the phone keeps,
    its nine photos and fields, the tab closed and the app opened again, then signal."""
    guard.allow(r"ERR_INTERNET_DISCONNECTED")
    files = _photos(tmp_path)
    before = _last_appraisal_id()
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    AppraisalList(page).open_from_tab(thumb)
    _service_worker_ready(page)
    page.reload()  # the Appraise tab as the phone keeps it, and (fetched for it) a blank sheet
    for path in ("/appraisals", "/appraisals/draft"):
        _kept_for_offline(page, path)

    context = page.context
    context.set_offline(True)
    thumb.tap_to_open(AppraisalList(page).start_button)
    expect(page).to_have_url(re.compile(r"/appraisals/draft#[\w-]{8,}$"))
    draft_url = page.url
    sheet = AppraisalSheet(page)
    notice = tr(
        "Started without signal. What you type and photograph here is kept on this phone and "
        "sent when there is signal; the condition diagram, price and outcome open once it has "
        "arrived."
    )
    expect(page.locator("[data-draft-sheet] .notice")).to_have_text(notice)
    for name, text in TYPED.items():
        thumb.type_in(sheet.input(name), text)
    for slot in GUIDED_SHOTS:
        sheet.photos.take(thumb, slot, files[slot])
    waiting = 1 + len(TYPED) + 9  # the appraisal itself, its fields, its photos
    expect(page.locator("#outbox-badge .outbox-count")).to_have_text(str(waiting), timeout=SYNC_MS)
    expect(page.locator("#photo-grid li.shot.is-waiting")).to_have_count(9)
    shot(page, "3-started-offline")
    assert _last_appraisal_id() == before  # nothing has reached the server

    page.close()  # closed; opened again later, still without signal, from the Appraise tab
    again = context.new_page()
    again.goto("/appraisals")
    drafts = again.locator("#offline-drafts")
    expect(drafts).to_be_visible()
    card = drafts.locator("a.appraisal-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(f"{TYPED['make']} {TYPED['model']} {TYPED['plate']}")
    shot(again, "4-draft-listed-offline")
    thumb = Thumb(again)
    thumb.tap_to_open(card)
    expect(again).to_have_url(draft_url)
    for name, text in TYPED.items():
        expect(again.locator(f"#f-{name}")).to_have_value(text)
    expect(again.locator("#photo-grid li.shot.is-waiting")).to_have_count(9)

    context.set_offline(False)  # signal again: the draft becomes an appraisal, its sheet opens
    expect(again).to_have_url(SHEET_URL, timeout=SYNC_MS)
    appraisal_id = AppraisalSheet(again).appraisal_id
    assert appraisal_id > before
    expect(again.locator("#outbox-badge")).to_be_hidden(timeout=SYNC_MS)
    row, photos, later = _rows(appraisal_id)
    assert row == {name: (int(v) if name == "mileage_km" else v) for name, v in TYPED.items()}
    assert photos == sorted(GUIDED_SHOTS)  # exactly nine, one per shot
    assert later == 0 and _last_appraisal_id() == appraisal_id  # exactly one appraisal
    for name, text in TYPED.items():
        expect(again.locator(f"#f-{name}")).to_have_value(re.compile(re.escape(text[:2])))
    expect(again.locator("#photo-grid li.shot.has-photo[id^=shot-]")).to_have_count(9)
    shot(again, "5-draft-arrived")


def test_a_lost_answer_is_sent_again_as_the_same_write(new_page, guard, tmp_path):
    guard.allow(r"ERR_CONNECTION_RESET")  # the lost answers, on purpose
    lost: set[str] = set()

    def lose_the_first_answer(route: Route) -> None:
        """The server gets the write and acts; the phone never hears back (once per kind)."""
        kind = re.sub(r"\d+", "N", route.request.url.split("?")[0])
        answer = route.fetch(max_redirects=0)  # a 303 goes back to the phone, as it would
        if kind in lost:
            route.fulfill(response=answer)
        else:
            lost.add(kind)
            route.abort("connectionreset")

    # an appraiser: a photo and a field
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
    appraisal_id = sheet.appraisal_id
    page.route(re.compile(r"/appraisals/\d+/(photos|fields/colour)$"), lose_the_first_answer)
    photo = tmp_path / "front.jpg"
    photo.write_bytes(images.phone_jpeg(1200, 900))
    sheet.photos.take(thumb, "front", photo)
    thumb.type_in(sheet.input("colour"), "珍珠白")
    sheet.photos.expect_filled("front")
    expect(page.locator("#outbox-badge")).to_be_hidden(timeout=SYNC_MS)
    row, photos, _ = _rows(appraisal_id)
    assert photos == ["front"] and row["colour"] == "珍珠白"
    assert {k.rsplit("/", 1)[-1] for k in lost} == {"photos", "colour"}

    # a consultant: a new lead, then a follow-up on it
    desk = new_page()
    sign_in_as(desk, "consultant")
    desk.route(re.compile(r"/leads/(new|\d+/follow-ups)$"), lose_the_first_answer)
    desk.goto("/leads/new")
    form = desk.locator("main form").first
    form.get_by_label(tr("Name"), exact=True).fill("欧阳先生")
    form.get_by_label(tr("Mobile"), exact=True).fill("13698765432")
    form.get_by_role("button", name=tr("Save lead")).tap()
    # sent again after the lost answer, and on to the new lead's page as if nothing happened
    expect(desk).to_have_url(re.compile(r"/leads/\d+$"), timeout=SYNC_MS)
    leads = run_async(Lead.select(Lead.id).where(Lead.phone == "13698765432").run())
    assert len(leads) == 1
    assert desk.url.endswith(f"/leads/{leads[0]['id']}")
    follow = desk.locator("#follow-up-form")
    follow.locator("label.chip", has_text=tr("Visit")).tap()
    follow.get_by_label(tr("What was said")).fill("客户周六来看车")
    follow.get_by_role("button", name=tr("Save follow-up")).tap()
    expect(desk.locator("#outbox-status")).to_have_text(
        tr("Everything waiting has been sent."), timeout=SYNC_MS
    )
    count = run_async(FollowUp.count().where(FollowUp.lead == leads[0]["id"]).run())
    assert count == 1
    for phone in (page, desk):
        phone.unroute_all(behavior="ignoreErrors")


def test_a_change_made_on_the_server_meanwhile_is_a_conflict_not_overwritten(new_page, guard, shot):
    from db.appraisals import queries
    from db.staff.tables import Staff

    guard.allow(r"ERR_INTERNET_DISCONNECTED|status of 409")
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
    appraisal_id = sheet.appraisal_id
    page.context.set_offline(True)
    thumb.type_in(sheet.input("colour"), "星空灰")
    expect(page.locator("#outbox-badge .outbox-count")).to_have_text("1")
    # meanwhile, with signal, the manager corrects the colour on the server
    manager = run_async(Staff.select(Staff.id).where(Staff.username == "manager").first().run())
    run_async(queries.update_fields(appraisal_id, {"colour": "珍珠白"}, manager["id"]))

    page.context.set_offline(False)
    badge = page.locator("#outbox-badge")
    expect(badge).to_have_class(re.compile(r"\bhas-problem\b"), timeout=SYNC_MS)
    assert _rows(appraisal_id)[0]["colour"] == "珍珠白"  # not overwritten
    badge.tap()
    item = page.locator("#outbox-list .outbox-item.is-conflict")
    expect(item).to_have_count(1)
    expect(item.locator(".outbox-message")).to_contain_text("珍珠白")
    expect(item.locator(".outbox-message")).to_contain_text("星空灰")
    shot(page, "0-conflict")
    # the appraiser looked at the car again: their colour is right
    item.get_by_role("button", name=tr("Send mine anyway")).tap()
    expect(page.locator("#outbox-empty")).to_be_visible(timeout=SYNC_MS)
    assert _rows(appraisal_id)[0]["colour"] == "星空灰"


def test_a_write_to_an_appraisal_closed_meanwhile_is_shown_not_lost(new_page, guard, shot):
    """The manager closed the appraisal while the phone had no signal: the queued change is
    shown with the server's reason and the value typed, and only discarding removes it."""
    from db.appraisals import queries
    from db.appraisals.tables import Appraisal as Table
    from db.staff.tables import Staff

    # htmx logs the checklist answer that could not be sent
    guard.allow(r"ERR_INTERNET_DISCONNECTED|status of 409|htmx:error: Failed to fetch")
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
    appraisal_id = sheet.appraisal_id
    page.context.set_offline(True)
    thumb.type_in(sheet.input("colour"), "星空灰")
    expect(page.locator("#outbox-badge .outbox-count")).to_have_text("1")
    # a write that cannot wait says so at once, rather than seem saved
    thumb.tap(page.locator("form.check-row").first.locator("label.bad"))
    expect(page.locator("#outbox-status")).to_have_text(
        tr("No signal: this change was not saved. Try again when there is signal.")
    )
    manager = run_async(Staff.select(Staff.id).where(Staff.username == "manager").first().run())
    run_async(queries.close(appraisal_id, Table.Outcome.declined.value, manager["id"]))

    page.context.set_offline(False)
    badge = page.locator("#outbox-badge")
    expect(badge).to_have_class(re.compile(r"\bhas-problem\b"), timeout=SYNC_MS)
    assert _rows(appraisal_id)[0]["colour"] != "星空灰"
    badge.tap()
    item = page.locator("#outbox-list .outbox-item.is-conflict")
    expect(item).to_contain_text("星空灰")  # what was typed, still here to copy
    expect(item.locator(".outbox-message")).to_have_text(
        tr("This appraisal is closed; it can no longer be changed.")
    )
    # sending it again would be refused the same way: only discarding is offered
    expect(item.get_by_role("button", name=tr("Send mine anyway"))).to_have_count(0)
    shot(page, "6-closed-meanwhile")
    item.get_by_role("button", name=tr("Discard")).tap()
    expect(page.locator("#outbox-empty")).to_be_visible()
    expect(badge).to_be_hidden()
