"""Contracts and money in a real browser: a manager approves an invoice, a partner user disputes a line."""
from conftest import BASE_URL, screenshot, sign_in, wait_for_text


def open_invoice(driver, partner, status):
    """The newest invoice of `partner` in `status`, from the invoice list."""
    driver.get(f"{BASE_URL}/invoices")
    wait_for_text(driver, "Payable")
    for row in driver.find_elements("css selector", "#invoices tbody tr"):
        cells = row.find_elements("tag name", "td")
        if cells[1].text == partner and cells[2].text == status:
            cells[0].find_element("tag name", "a").click()
            wait_for_text(driver, "Reconciliation")
            return
    raise AssertionError(f"no {status} invoice of {partner}")


def test_manager_approves_an_invoice(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    browser.find_element("link text", "Contracts").click()
    wait_for_text(browser, "Contract key dates")
    open_invoice(browser, "Harborline Contact Services", "Under review")
    payable = browser.find_element("id", "payable").text
    assert "Settlement" in browser.page_source and "payable =" in browser.page_source
    browser.find_element("css selector", "#action-approve button[type=submit]").click()
    wait_for_text(browser, "The invoice was approved.")
    assert "Approved" in browser.find_element("tag name", "h1").text
    assert browser.find_element("id", "payable").text == payable
    assert "Approve" not in [b.text for b in browser.find_elements("css selector", "button")]
    screenshot(browser, "invoice-approved")


def test_partner_user_disputes_a_line_on_its_own_invoice(browser):
    # The client puts Meridian's draft up for review...
    sign_in(browser, "maria.lopez@northwind.example")
    open_invoice(browser, "Meridian CX", "Draft")
    invoice = browser.current_url
    browser.find_element("css selector", "#action-submit_for_review button[type=submit]").click()
    wait_for_text(browser, "The invoice was submitted for review.")
    browser.delete_all_cookies()

    # ...and Meridian's program manager disputes a line of it, seeing nothing of Harborline's.
    sign_in(browser, "pm@meridiancx.example")
    browser.get(f"{BASE_URL}/invoices")
    assert "Harborline" not in browser.page_source
    browser.get(invoice)
    wait_for_text(browser, "Under review")
    reason = browser.find_elements("css selector", "textarea[name^='reason_']")[0]
    reason.send_keys("Our count of voice contacts differs: 30 were transfers from the client's IVR.")
    browser.find_element("xpath", "//button[text()='Dispute the lines with a reason']").click()
    wait_for_text(browser, "1 line(s) disputed.")
    assert "Disputed" in browser.find_element("tag name", "h1").text
    assert "30 were transfers from the client's IVR." in browser.page_source
    assert "Approve" not in [b.text for b in browser.find_elements("css selector", "button")]
    screenshot(browser, "invoice-line-disputed")


def test_a_partner_user_cannot_open_another_partners_invoice(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    open_invoice(browser, "Harborline Contact Services", "Approved")
    harborline_invoice = browser.current_url
    browser.delete_all_cookies()
    sign_in(browser, "pm@meridiancx.example")
    browser.get(harborline_invoice)
    assert "Not found" in browser.page_source
