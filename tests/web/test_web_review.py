"""Human review in the dashboard (issue 15), in headless Chromium over the real server.

The server, the browser and the page are those of tests/web/test_web_browser.py (the synthetic
database of tests/api/api_sample.py on a free port). A reviewer made with ``cronica users add``
signs in with its token, then corrects a death count, merges two events from the table, splits
one, rejects one and undoes an action; the history, the table and the CSV export show each
change. Without a token every write is refused with 401; the report with markup in every field
renders as text on the review pages. The screenshots of the workflow go to docs/screenshots/
(review-*.png, shown in the README).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from web_modules import load_module

REPO = Path(__file__).resolve().parents[2]


browser_tests = load_module("web_browser_fixtures", REPO / "tests" / "web" / "test_web_browser.py")
# the same fixtures, module-scoped here too: this module's server has a database of its own
browser, server, page = browser_tests.browser, browser_tests.server, browser_tests.page
shot, wait_rows, table_ids, WAIT_MS = (
    browser_tests.shot,
    browser_tests.wait_rows,
    browser_tests.table_ids,
    browser_tests.WAIT_MS,
)

REVIEWER = "ana"
ACTOR_MARKUP = "<b onmouseover=\"window.__xss='actor'\">crowd</b>"
REASON_MARKUP = "<img src=x onerror=\"window.__xss='reason'\">"
WRITES = [  # every write endpoint, with a body it would accept from a signed-in reviewer
    ("/api/auth/check", {}),
    ("/api/events/{id}/confirm", {}),
    ("/api/events/{id}/correct", {"fields": {"fatalities": 3}, "reason": "no token here"}),
    ("/api/events/merge", {"event_ids": ["{id}", "{other}"], "reason": "no token here"}),
    ("/api/events/{id}/split", {"mention_ids": ["{mention}"], "reason": "no token here"}),
    ("/api/events/{id}/reject", {"category": "duplicate", "reason": "no token here"}),
    ("/api/review/undo", {"action_id": 1, "reason": "no token here"}),
]


@pytest.fixture(scope="module")
def token(server: tuple[str, Any]) -> str:
    """A reviewer's token, printed by ``cronica users add`` against the server's database."""
    from click.testing import CliRunner

    from cronica.cli import cli

    _, sample = server
    result = CliRunner().invoke(cli, ["--db", sample.url, "users", "add", REVIEWER, "--role", "reviewer"])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def sign_in(page: Any, token: str) -> None:
    if not page.is_visible("#token"):  # the form may be open already, after a refused token
        page.click("#sign-in")
    page.fill("#token", token)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#who", timeout=WAIT_MS)
    assert page.text_content("#who") == f"Signed in as {REVIEWER} (reviewer)"


def open_event(page: Any, base: str, event_id: str) -> None:
    """Load the event page afresh (the same address twice would not load it again)."""
    page.goto("about:blank")
    page.goto(f"{base}/#/event/{event_id}")
    page.wait_for_selector(".review-panel .history-wrap[data-loaded]", timeout=WAIT_MS)


def wait_action(page: Any, action: str, n: int = 1) -> None:
    """Until the event page's history lists n actions of this kind."""
    page.wait_for_function(
        "([a, n]) => document.querySelectorAll(`.history li.action[data-action='${a}']`).length === n",
        arg=[action, n],
        timeout=WAIT_MS,
    )


def export_rows(page: Any, base: str, query: str = "") -> dict[str, dict[str, str]]:
    response = page.request.get(f"{base}/api/export?format=csv{query}")
    assert response.ok, response.status
    return {row["event_id"]: row for row in csv.DictReader(io.StringIO(response.text()))}


def history_of(page: Any, base: str, event_id: str) -> list[dict[str, Any]]:
    response = page.request.get(f"{base}/api/events/{event_id}/history")
    assert response.ok, response.status
    return list(response.json()["actions"])


def test_signed_out_page_offers_no_review_controls(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    open_event(page, base, sample.events["juliaca"])
    assert page.text_content(".review-panel .review-badge") == "machine"
    assert page.locator("[data-review]").count() == 0
    assert page.locator(".sign-in-hint").is_visible()
    page.goto(base + "/")
    page.wait_for_selector("#events-table tbody tr[data-event-id]", timeout=WAIT_MS)
    assert page.locator("input.select-row").count() == 0
    assert page.locator("#merge").is_hidden()
    assert not page.errors


def test_a_wrong_token_is_refused_at_sign_in(page: Any, server: tuple[str, Any], token: str) -> None:
    base, _ = server
    page.goto(base + "/")
    page.click("#sign-in")
    page.fill("#token", token[:-4] + "xxxx")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login .form-error:not([hidden])", timeout=WAIT_MS)
    assert page.text_content("#login .form-error") == "The server did not accept this token"
    assert page.evaluate("() => sessionStorage.length") == 0
    sign_in(page, token)
    # the token lives in this tab's session only, never in a cookie
    assert page.context.cookies() == []
    page.reload()
    page.wait_for_selector("#who", timeout=WAIT_MS)
    page.click("#sign-out")
    page.wait_for_selector("#sign-in")
    assert page.evaluate("() => sessionStorage.length") == 0


def correct_death_count(page: Any, base: str, event_id: str) -> None:
    open_event(page, base, event_id)
    page.click("[data-review=correct]")
    form = "form.form-correct"
    page.wait_for_selector(f"{form} input[name=fatalities]")
    assert page.input_value(f"{form} input[name=fatalities]") == "17"
    page.fill(f"{form} input[name=fatalities]", "19")
    page.wait_for_timeout(500)  # the place picker's basemap, for the screenshot
    shot(page, "review-correct.png", full_page=True)
    # the reason is required: the server's one-line refusal is shown in the form
    page.fill(f"{form} textarea[name=reason]", "   ")
    page.evaluate("() => document.querySelector('form.form-correct').noValidate = true")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .form-error:not([hidden])", timeout=WAIT_MS)
    assert page.text_content(f"{form} .form-error").strip()
    page.fill(f"{form} textarea[name=reason]", "The regional hospital's list names nineteen dead")
    page.click(f"{form} button[type=submit]")
    wait_action(page, "correct")
    assert page.text_content(".review-panel .review-badge") == "corrected"
    change = page.text_content(".history li.action[data-action='correct'] li[data-field='fatalities']")
    assert change == "Killed: 17 → 19"
    assert "nineteen dead" in page.text_content(".history li.action[data-action='correct']")


def merge_in_table(page: Any, base: str, keep: str, gone: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector(f"#events-table tr[data-event-id='{gone}'] input.select-row", timeout=WAIT_MS)
    page.check(f"#events-table tr[data-event-id='{keep}'] input.select-row")
    assert page.is_disabled("#merge-open")
    page.check(f"#events-table tr[data-event-id='{gone}'] input.select-row")
    page.click("#merge-open")
    page.fill("#merge-form input[name=reason]", "Both reports describe the same march")
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("#merged-event", timeout=WAIT_MS)
    assert page.text_content("#merged-event") == keep
    page.wait_for_function(
        "id => !document.querySelector(`#events-table tr[data-event-id='${id}']`)", arg=gone, timeout=WAIT_MS
    )


def split_off_spanish_report(page: Any, base: str, event_id: str, sentence: str) -> str:
    open_event(page, base, event_id)
    page.click("[data-review=split]")
    page.wait_for_selector("form.form-split")
    labels = page.locator("form.form-split ul.split-mentions label")
    assert labels.count() == 2
    labels.filter(has_text=sentence).locator("input").check()
    page.fill("form.form-split textarea[name=reason]", "The Spanish report counts a second clash")
    page.click("form.form-split button[type=submit]")
    wait_action(page, "split")
    link = page.locator(".history li.action[data-action='split'] a.event-link")
    new_id = str(link.text_content())
    assert new_id.startswith("evt_r") and new_id != event_id
    return new_id


def reject(page: Any, base: str, event_id: str) -> None:
    open_event(page, base, event_id)
    page.click("[data-review=reject]")
    page.select_option("form.form-reject select[name=category]", "out_of_scope")
    page.fill("form.form-reject textarea[name=reason]", "Outside the period this desk monitors")
    page.click("form.form-reject button[type=submit]")
    wait_action(page, "reject")
    assert page.text_content(".review-panel .review-badge") == "rejected"
    assert page.locator("[data-review]").count() == 0  # only undo is left


def test_review_queue_lists_events_with_reasons_and_opens_them(page: Any, server: tuple[str, Any]) -> None:
    base, _ = server
    page.goto(base + "/#/review")
    page.wait_for_selector("ol.queue li.queue-item", timeout=WAIT_MS)
    answer = page.request.get(f"{base}/api/review/queue").json()
    shown = page.eval_on_selector_all("ol.queue li.queue-item", "ls => ls.map(l => l.dataset.eventId)")
    assert shown == [it["event"]["event_id"] for it in answer["items"]]
    reasons = page.eval_on_selector_all(
        "ol.queue li.queue-item:first-child .queue-reasons li", "ls => ls.map(l => l.dataset.reason)"
    )
    assert reasons == answer["items"][0]["reasons"]
    assert reasons  # nothing is reviewed yet: the first event has its reasons
    shot(page, "review-queue.png")
    page.click("ol.queue li.queue-item:first-child a.queue-link")
    page.wait_for_selector(".review-panel", timeout=WAIT_MS)
    assert page.evaluate("() => location.hash") == f"#/event/{shown[0]}"
    assert not page.errors


def confirm_then_undo(page: Any, base: str, event_id: str) -> None:
    open_event(page, base, event_id)
    page.click("[data-review=confirm]")
    wait_action(page, "confirm")
    assert page.text_content(".review-panel .review-badge") == "confirmed"
    page.click(".history li.action[data-action='confirm'] button.undo")
    page.fill(".undo-slot textarea[name=reason]", "Confirmed the wrong event")
    page.click(".undo-slot button[type=submit]")
    wait_action(page, "undo")
    assert page.text_content(".review-panel .review-badge") == "machine"
    assert page.locator(".history li.action[data-action='confirm'] .undone").count() == 1


def test_reviewer_workflow_shows_in_history_table_and_export(
    page: Any, server: tuple[str, Any], token: str
) -> None:
    base, sample = server
    ev = sample.events
    page.goto(base + "/")
    sign_in(page, token)

    correct_death_count(page, base, ev["juliaca"])
    merge_in_table(page, base, ev["lima"], ev["lapaz"])
    new_id = split_off_spanish_report(page, base, ev["juliaca"], sample.reports["r-juliaca-es"].sentence)
    open_event(page, base, new_id)
    assert page.locator("#view-event article[data-doc-id='r-juliaca-es']").count() == 1
    assert page.locator("#view-event article[data-doc-id='r-juliaca-en']").count() == 0
    reject(page, base, ev["ayacucho"])
    confirm_then_undo(page, base, ev["xss"])

    # the history of the corrected event: the correction, then the split, oldest first
    open_event(page, base, ev["juliaca"])
    assert page.eval_on_selector_all(".history li.action", "ls => ls.map(l => l.dataset.action)") == [
        "correct",
        "split",
    ]
    assert page.text_content(".review-panel .reviewed-by").startswith(f"by {REVIEWER}")
    shot(page, "review-event.png", full_page=True)
    page.locator(".review-panel").screenshot(path=str(browser_tests.SCREENSHOTS / "review-history.png"))
    open_event(page, base, ev["lima"])
    merge_item = ".history li.action[data-action='merge']"
    assert page.eval_on_selector_all(f"{merge_item} a.event-link", "as => as.map(a => a.textContent)") == [
        ev["lima"],
        ev["lapaz"],
    ]
    merged = history_of(page, base, ev["lima"])
    assert [(a["action"], a["user"], sorted(a["payload"]["event_ids"])) for a in merged] == [
        ("merge", REVIEWER, sorted([ev["lima"], ev["lapaz"]]))
    ]

    # the table: statuses, the merged-away and the rejected events gone, the split one there
    page.goto(base + "/")
    expected = {ev["juliaca"], ev["lima"], ev["xss"], new_id}
    wait_rows(page, expected)
    status_of = dict(
        page.eval_on_selector_all(
            "#events-table tbody tr[data-event-id]",
            "rs => rs.map(r => [r.dataset.eventId, r.querySelector('.review-badge').dataset.status])",
        )
    )
    listed = page.request.get(f"{base}/api/events").json()["events"]
    assert status_of == {e["event_id"]: e.get("review_status", "machine") for e in listed}
    assert status_of[ev["juliaca"]] == "corrected" and status_of[ev["xss"]] == "machine"
    page.select_option("select[name=review_status]", "rejected")
    wait_rows(page, {ev["ayacucho"]})
    page.select_option("select[name=review_status]", "")
    page.check("input[name=reviewed_only]")
    reviewed = page.request.get(f"{base}/api/events?reviewed_only=true").json()["events"]
    reviewed_ids = {e["event_id"] for e in reviewed}
    assert ev["juliaca"] in reviewed_ids and ev["xss"] not in reviewed_ids
    wait_rows(page, reviewed_ids)

    # the CSV export: the corrected count with its review state; merged and rejected are gone
    rows = export_rows(page, base)
    assert set(rows) == expected
    juliaca = rows[ev["juliaca"]]
    assert juliaca["fatalities"] == "19"
    assert (juliaca["review_status"], juliaca["reviewed_by"]) == ("corrected", REVIEWER)
    assert {k: r["review_status"] for k, r in rows.items()} == status_of
    assert set(export_rows(page, base, "&review_status=rejected")) == {ev["ayacucho"]}
    assert not page.errors


NEW_REPORT = (
    "Relatives gathered outside the morgue in Juliaca on Tuesday. A nurse said that police had shot "
    "demonstrators near the airport in Juliaca on January 9 and that nineteen of them died."
)
NEW_SENTENCE = NEW_REPORT.split(". ", 1)[1]


def add_report_on_juliaca(url: str) -> None:
    """A report that arrives after the review and matches the reviewed Juliaca event; fused as
    ``cronica process`` fuses what is pending."""
    import datetime as dt

    from cronica.model import Document
    from cronica.run.fusion import fuse_blocks
    from cronica.store import open_store

    sample_module = browser_tests._load_sample()
    report = sample_module.Report(
        "r-juliaca-late", NEW_REPORT, NEW_SENTENCE, "Mourning in Juliaca", "Late Wire",
        dt.date(2023, 1, 11), "https://late.example.org/juliaca",
    )  # fmt: skip
    found = sample_module._mention(
        report, "a", dt.date(2023, 1, 9), sample_module.JULIACA, sample_module.FORCE,
        actor2=sample_module.POLICE,
    )  # fmt: skip
    store = open_store(url)
    with store.begin() as conn:
        store.add_document(Document(report.doc_id, report.text, report.title, report.url, report.source,
                                    report.published, "en", "test:late"), conn)  # fmt: skip
        store.save_results(report.doc_id, [found], [], conn)
    fuse_blocks(store, [])
    store.engine.dispose()


def test_a_report_after_the_review_is_marked_new_since_review(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    juliaca = sample.events["juliaca"]
    add_report_on_juliaca(sample.url)
    open_event(page, base, juliaca)
    assert page.text_content(".review-panel .review-badge") == "corrected"  # the correction stands
    assert page.request.get(f"{base}/api/events/{juliaca}").json()["fatalities"] == 19
    assert page.locator(".review-panel .note.new-since").is_visible()
    new_cards = page.eval_on_selector_all(
        "#view-event article.new-since", "as => as.map(a => a.dataset.docId)"
    )
    assert new_cards == ["r-juliaca-late"]
    page.goto(base + "/")
    page.wait_for_selector(f"#events-table tr[data-event-id='{juliaca}'] .new-mark", timeout=WAIT_MS)
    page.goto(base + "/#/review")
    reason = f"ol.queue li.queue-item[data-event-id='{juliaca}'] li[data-reason='new evidence since review']"
    page.wait_for_selector(reason, timeout=WAIT_MS)
    assert not page.errors


def test_every_write_without_a_token_is_refused(page: Any, server: tuple[str, Any]) -> None:
    base, sample = server
    target, other = sample.events["xss"], sample.events["juliaca"]
    mention = page.request.get(f"{base}/api/events/{target}").json()["mentions"][0]["mention_id"]
    before = history_of(page, base, target)
    page.goto(base + "/")
    page.wait_for_selector("#events-table tbody tr[data-event-id]", timeout=WAIT_MS)
    for path, body in WRITES:
        filled = {"{id}": target, "{other}": other, "{mention}": mention}
        url, text = path, json.dumps(body)
        for key, value in filled.items():
            url, text = url.replace(key, value), text.replace(key, value)
        status, challenge = page.evaluate(
            """async ([url, body]) => {
                 const r = await fetch(url, {method: 'POST', body,
                   headers: {'Content-Type': 'application/json'}});
                 return [r.status, r.headers.get('WWW-Authenticate')]; }""",
            [url, text],
        )
        assert (status, challenge) == (401, "Bearer"), (url, status)
    assert history_of(page, base, target) == before
    assert not page.errors


def test_markup_in_every_field_renders_as_text_on_review_pages(
    page: Any, server: tuple[str, Any], token: str
) -> None:
    base, sample = server
    api = browser_tests._load_sample()
    xss = sample.events["xss"]
    # the queue lists the (still unreviewed) event by its type and place: nothing of the report
    page.goto(base + "/#/review")
    page.wait_for_selector(f"ol.queue li.queue-item[data-event-id='{xss}']", timeout=WAIT_MS)
    sign_in(page, token)
    open_event(page, base, xss)
    # a correction whose reason and actor name are markup too, so the history holds it
    page.click("[data-review=correct]")
    page.wait_for_selector("form.form-correct")
    assert page.input_value("form.form-correct input[name=actor1_name]") == "<i>rioters</i>"
    page.fill("form.form-correct input[name=actor1_name]", ACTOR_MARKUP)
    page.fill("form.form-correct textarea[name=reason]", REASON_MARKUP)
    page.click("form.form-correct button[type=submit]")
    wait_action(page, "correct")
    page.click("[data-review=split]")
    page.wait_for_selector("form.form-split")
    assert page.text_content("form.form-split ul.split-mentions li").endswith(api.XSS_SENTENCE)
    history = page.text_content(".history li.action[data-action='correct']")
    assert "<img src=x onerror=" in history and "<b onmouseover=" in history
    assert page.text_content("#view-event .report-title") == api.XSS_TITLE
    assert page.text_content("#view-event .outlet") == "<b>Untrusted Outlet</b>"
    page.goto(base + "/")
    page.wait_for_selector(f"#events-table tr[data-event-id='{xss}'] .review-badge", timeout=WAIT_MS)
    assert "<b onmouseover=" in page.text_content(f"#events-table tr[data-event-id='{xss}']")
    assert page.evaluate("() => window.__xss") is None
    for root in ("#view-event", "#view-queue", "#events-table"):
        parsed = page.eval_on_selector_all(f"{root} script, {root} img, {root} b, {root} i", "e => e.length")
        assert parsed == 0, root
    assert not page.errors


def test_place_is_chosen_by_name_or_as_a_point_on_the_map(
    page: Any, server: tuple[str, Any], token: str
) -> None:
    base, sample = server
    lima = sample.events["lima"]
    page.goto(base + "/")
    sign_in(page, token)
    open_event(page, base, lima)
    page.click("[data-review=correct]")
    page.fill("form.form-correct input[name=place_q]", "Arequipa")
    page.wait_for_selector("form.form-correct .place-option", timeout=WAIT_MS)
    page.locator("form.form-correct .place-option").first.click()
    assert page.text_content("form.form-correct .place-choice").startswith("Arequipa")
    page.fill("form.form-correct textarea[name=reason]", "The march was in Arequipa, not Lima")
    page.click("form.form-correct button[type=submit]")
    wait_action(page, "correct")
    fields = page.eval_on_selector_all(
        ".history li.action li[data-field]", "ls => ls.map(l => l.dataset.field)"
    )
    assert fields == ["location"]
    record = page.request.get(f"{base}/api/events/{lima}").json()
    assert record["location"]["name"] == "Arequipa" and record["location"]["geonames_id"]

    # a point clicked on the form's map, with a name for it
    page.click("[data-review=correct]")
    page.wait_for_function("() => window.cronicaPicker && window.cronicaPicker.loaded()", timeout=WAIT_MS)
    box = page.locator("form.form-correct .picker").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.text_content("form.form-correct .place-choice").startswith("point at ")
    page.fill("form.form-correct input[name=place_name]", "Plaza de Armas")
    page.fill("form.form-correct textarea[name=reason]", "The report names the square")
    page.click("form.form-correct button[type=submit]")
    wait_action(page, "correct", 2)
    record = page.request.get(f"{base}/api/events/{lima}").json()
    assert record["location"]["name"] == "Plaza de Armas"
    assert abs(record["location"]["lat"] - (-16.4)) < 1.0  # near Arequipa, where the map was centred
    assert not page.errors
