"""The service worker's version: any change to what it precaches, or to itself, is a new one
(the browser installs a worker only when its bytes differ)."""

from __future__ import annotations

import re
import shutil

from web.assets import STATIC
from web.pwa import routes as pwa

VERSION = re.compile(r'const VERSION = "([0-9a-f]{12})"')


def version(source: str) -> str:
    match = VERSION.search(source)
    assert match, "the worker's version was not filled in"
    return match.group(1)


def test_the_version_changes_with_any_precached_asset_or_the_worker_itself():
    template = pwa.TEMPLATE.read_text()
    urls = ["/static/css/app.css?v=aaaaaaaaaaaa", "/static/js/app.js?v=bbbbbbbbbbbb"]
    first = version(pwa.worker_source(template, urls))
    assert version(pwa.worker_source(template, list(urls))) == first  # stable
    css_changed = ["/static/css/app.css?v=cccccccccccc", urls[1]]
    assert version(pwa.worker_source(template, css_changed)) != first
    assert version(pwa.worker_source(template, [*urls, "/static/js/outbox.js?v=dddd"])) != first
    assert version(pwa.worker_source(template + "\n// fixed", urls)) != first
    assert version(pwa.worker_source(template, urls, "<p>new offline page</p>")) != first


def test_the_shell_lists_the_files_present_and_each_url_carries_its_content_hash(tmp_path):
    root = tmp_path / "static"
    for name in [
        "css/app.css",
        "vendor/htmx.min.js",
        "js/app.js",
        "js/sw.js",
        "icons/icon-192.png",
        "icons/car-34.svg",
    ]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    assets = pwa.shell_assets(root)
    # the worker template is not part of its own shell; a file not there (yet) is not listed
    assert assets == [
        "css/app.css",
        "vendor/htmx.min.js",
        "js/app.js",
        "icons/car-34.svg",  # drawn by the CSS on empty photo slots
        "icons/icon-192.png",
    ]
    (root / "js" / "outbox.js").write_text("// arrives later")
    assert "js/outbox.js" in pwa.shell_assets(root)


def test_every_script_the_pages_load_is_precached():
    base = (STATIC.parent / "base.html").read_text()
    loaded = set(re.findall(r"static\('((?:js|vendor)/[\w.-]+\.js)'\)", base))
    assert loaded, "base.html loads no scripts?"
    assert loaded <= set(pwa.shell_assets())
    source = pwa.worker_source(pwa.TEMPLATE.read_text(), [])
    assert '"/offline"' in source


def test_a_changed_asset_file_gives_a_new_url_and_so_a_new_version(tmp_path, monkeypatch):
    """End to end through static_url: edit a copy of app.css, and the worker differs."""
    import web.assets as assets

    copy = tmp_path / "static"
    shutil.copytree(STATIC / "css", copy / "css")
    monkeypatch.setattr(assets, "STATIC", copy)
    template = pwa.TEMPLATE.read_text()
    assets.file_version.cache_clear()
    before = version(pwa.worker_source(template, [assets.static_url("css/app.css")]))
    (copy / "css" / "app.css").write_text((copy / "css" / "app.css").read_text() + "\n.x{}")
    assets.file_version.cache_clear()
    after = version(pwa.worker_source(template, [assets.static_url("css/app.css")]))
    assets.file_version.cache_clear()
    assert before != after
