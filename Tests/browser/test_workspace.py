"""What a person does first in the demo workspace, in a real browser."""
import json
import urllib.request

from conftest import BASE_URL, screenshot, sign_in, wait_for_text


def test_admin_sees_the_dashboard_and_a_partner(browser):
    sign_in(browser, "admin@northwind.example")
    assert "Partnerships at a glance" in browser.page_source
    figures = [e.text for e in browser.find_elements("css selector", ".card-figure")]
    assert figures[0] == "7", figures  # the in-house team, three partners and the three candidates of the sourcing event
    screenshot(browser, "dashboard-admin")
    browser.find_element("link text", "Partners").click()
    browser.find_element("link text", "Meridian CX").click()
    assert "Monterrey" in browser.page_source and "Bogotá" in browser.page_source
    screenshot(browser, "partner-meridian")


def test_manager_creates_a_partner_through_the_form(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    browser.get(f"{BASE_URL}/partners/new")
    browser.find_element("name", "name").send_keys("Browser Test BPO")
    browser.find_element("css selector", "form.stacked button[type=submit]").click()
    wait_for_text(browser, "Browser Test BPO was created.")  # CSRF token and session worked  # CSRF token and session worked
    browser.find_element("link text", "Edit").click()
    status = browser.find_element("name", "status")
    status.send_keys("Live")  # live without a go-live date: refused inline
    browser.find_element("css selector", "form.stacked button[type=submit]").click()
    wait_for_text(browser, "Go-live date is required once a team is live")
    screenshot(browser, "form-error")


def test_partner_user_sees_only_their_partner(browser):
    sign_in(browser, "admin@northwind.example")
    browser.find_element("link text", "Partners").click()
    browser.find_element("link text", "Lotus Shore Solutions").click()
    lotus_url = browser.current_url
    assert "/partners/" in lotus_url and "Cebu" in browser.page_source, lotus_url
    browser.find_element("css selector", "header form button").click()  # sign out
    wait_for_text(browser, "Sign in to Tandem")

    sign_in(browser, "pm@harborline.example")
    browser.find_element("link text", "My partnership").click()
    assert "Harborline Contact Services" in browser.page_source
    assert "Lotus Shore" not in browser.page_source
    browser.get(lotus_url)
    screenshot(browser, "partner-user-404")
    assert "Not found" in browser.page_source, (lotus_url, browser.current_url, browser.title)
    screenshot(browser, "partner-user-404")


def test_openapi_document_is_valid():
    from openapi_spec_validator import validate

    with urllib.request.urlopen(f"{BASE_URL}/api/v1/openapi.json") as response:
        document = json.load(response)
    validate(document)
    assert "/api/v1/partners/{partnerID}" in document["paths"]
