"""The relationship loop in a real browser: a partner acknowledges, the client reads the QBR pack."""
from conftest import BASE_URL, screenshot, sign_in, wait_for_text


def test_partner_user_acknowledges_a_broadcast(browser):
    sign_in(browser, "pm@harborline.example")
    browser.find_element("link text", "Relationship").click()
    assert "Meridian CX" not in browser.page_source and "Lotus Shore" not in browser.page_source
    browser.find_element("link text", "Change broadcasts").click()
    browser.find_element("link text", "Stock-out: TrailPro boots sizes 9 to 11").click()
    assert "<em>TrailLite</em>" in browser.page_source  # Markdown rendered
    browser.back()
    browser.find_element("link text", "Returns window extended to 60 days").click()
    assert "Acknowledged" in browser.page_source


def test_overdue_partner_acknowledges_for_its_team(browser):
    sign_in(browser, "pm@lotusshore.example")
    browser.get(f"{BASE_URL}/relationship/broadcasts")
    browser.find_element("link text", "Returns window extended to 60 days").click()
    assert "Overdue" in browser.page_source
    browser.find_element("xpath", "//button[text()='Acknowledge for my team']").click()
    wait_for_text(browser, "Acknowledged. Thank you.")
    assert "Ramon Santos" in browser.page_source
    screenshot(browser, "broadcast-acknowledged")


def test_manager_reads_the_qbr_pack(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    browser.find_element("link text", "Relationship").click()
    assert "Overdue acknowledgements" in browser.page_source and "Breached escalations" in browser.page_source
    browser.find_element("link text", "Harborline Contact Services").click()
    wait_for_text(browser, "Relationship health")
    browser.find_element("partial link text", "QBR pack").click()
    wait_for_text(browser, "Quarterly business review")
    for heading in ("Relationship health", "Incidents", "Action items", "Survey results", "Goals and decisions"):
        assert f"<h2>{heading}</h2>" in browser.page_source, heading
    # The site stylesheet styles the pack (no inline styles: the CSP forbids them).
    assert browser.execute_script("return getComputedStyle(document.querySelector('.qbr-index')).borderTopStyle") == "solid"
    screenshot(browser, "qbr-pack")


def test_long_meeting_notes_are_typed_and_saved(browser):
    """20,000 characters typed into the notes reach the server whole (a long body used to be refused as an expired form)."""
    sign_in(browser, "maria.lopez@northwind.example")
    browser.find_element("link text", "Relationship").click()
    browser.find_element("link text", "Harborline Contact Services").click()
    wait_for_text(browser, "Relationship health")
    browser.find_element("css selector", "a[href^='/relationship/meetings/']").click()
    wait_for_text(browser, "Edit notes")
    line = "Agreed: weekend staffing reviewed every Friday; backlog owner rotates weekly.\n"
    notes = line * (20_000 // len(line) + 1) + "Last line: QBR date confirmed."
    assert len(notes) >= 20_000
    field = browser.find_element("name", "notes")
    field.clear()
    field.send_keys(notes)
    field.find_element("xpath", "./ancestor::form").find_element("css selector", "button[type=submit]").click()
    wait_for_text(browser, "Meeting notes saved.", timeout=30)
    assert "Last line: QBR date confirmed." in browser.page_source
    assert "has expired" not in browser.page_source
