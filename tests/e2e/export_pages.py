"""Page objects for a staff list's exports: the two quiet links under its filters."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from tests.e2e.pages import StaffPage, tr


class ExportLinks:
    def __init__(self, page: Page, container: str = ".export-links") -> None:
        self.page = page
        self.links = page.locator(container)
        self.excel = self.links.get_by_role("link", name=tr("Export Excel"), exact=True)
        self.csv = self.links.get_by_role("link", name=tr("Export CSV"), exact=True)

    def download(self, link: Locator, folder: Path) -> Path:
        """Taps the link and keeps what the browser downloads."""
        with self.page.expect_download() as info:
            link.tap()
        download = info.value
        path = folder / download.suggested_filename
        download.save_as(path)
        return path


class StockList(StaffPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.cards = page.locator("#stock-list a.appraisal-card")
        self.exports = ExportLinks(page, ".stock-export")

    def unit_ids(self) -> list[int]:
        return [
            int(h.rsplit("/", 1)[1])
            for h in self.cards.evaluate_all("a => a.map(x => x.getAttribute('href'))")
        ]

    def prices(self) -> list[str]:
        return self.page.locator("#stock-list .stock-price").all_inner_texts()
