"""The front line in a real browser: a partner team lead imports a roster, a manager sees a wave blocked by its gate."""
import tempfile

from conftest import BASE_URL, screenshot, sign_in, wait_for_text


def upload(browser, csv, name):
    path = f"{tempfile.mkdtemp()}/{name}"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(csv)
    form = browser.find_element("id", "roster-import")
    form.find_element("name", "file").send_keys(path)
    form.find_element("css selector", "button[type=submit]").click()


def test_partner_team_lead_imports_a_roster(browser):
    sign_in(browser, "tl.tampa@harborline.example")
    browser.find_element("link text", "Front line").click()
    wait_for_text(browser, "Harborline Contact Services")
    assert "Meridian CX" not in browser.page_source and "Northwind In-house" not in browser.page_source
    browser.find_element("link text", "Harborline Contact Services").click()
    wait_for_text(browser, "Import a roster file")

    # A bad file: every issue by line and column, nothing changed.
    upload(browser, "agent_id,name,site,start_date,status\nHCS-9001,Rosa Browser,Tampa,2026-02-30,production\nHCS-9002,,Miami,2026-03-02,working\n", "bad-roster.csv")
    wait_for_text(browser, "Nothing was changed")
    issues = browser.find_element("id", "roster-issues").text
    for expected in ("bad-roster.csv 2 start_date", "bad-roster.csv 3 name", "bad-roster.csv 3 status"):
        assert expected in issues, (expected, issues)
    assert "Rosa Browser" not in browser.find_element("id", "roster").text
    screenshot(browser, "roster-rejected")

    # A good file: the agents are added; importing it again updates, never duplicates.
    good = "agent_id,name,site,start_date,queues,status\nHCS-9001,Rosa Browser,Tampa,2026-03-02,billing-voice,nesting\nHCS-9002,Ian Selenium,Boise,2026-03-02,,nesting\n"
    upload(browser, good, "new-starters.csv")
    wait_for_text(browser, "2 agents added")
    assert "Rosa Browser" in browser.find_element("id", "roster").text
    upload(browser, good.replace("Ian Selenium", "Ian Selenium-Chrome"), "new-starters.csv")
    wait_for_text(browser, "0 agents added, 1 updated, 1 unchanged")
    roster = browser.find_element("id", "roster").text
    assert roster.count("Rosa Browser") == 1 and "Ian Selenium-Chrome" in roster
    screenshot(browser, "roster-imported")


def test_manager_sees_the_wave_gate(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    browser.find_element("link text", "Front line").click()
    browser.find_element("link text", "Ramp plans").click()
    wait_for_text(browser, "Lotus Shore: start small")
    browser.find_element("link text", "Lotus Shore: start small").click()
    wait_for_text(browser, "Gate of wave 2")
    waves = browser.find_element("id", "ramp-waves").text
    assert "blocked by its gate" in waves and "needs" in waves, waves
    gate = browser.find_element("id", "gate-wave-2").text
    assert "week 1" in gate and "missed" in gate, gate
    assert "QA" in gate
    assert browser.find_element("xpath", "//button[text()='Override the gate']")
    screenshot(browser, "ramp-gate")
