"""Every page tells the truth at a glance (issue 22): honest ranks, thin figures caveated, the plan's
unallocated count, the field's units, and no page scrolling sideways at 1366 or 390 px."""
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import BASE_URL, screenshot, sign_in, wait_for_text

ROLES = {
    "admin": "admin@northwind.example",
    "manager": "maria.lopez@northwind.example",
    "viewer": "cfo@northwind.example",
    "partner": "pm@harborline.example",
}
WIDTHS = (1366, 390)
DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    wait_for_text(driver, "Sign in to Tandem")


def harborline_ranks(driver):
    """Rank text per KPI column of Harborline's row on the team scorecard."""
    driver.get(f"{BASE_URL}/performance?by=team")
    heads = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#scorecard thead th")]
    for row in driver.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if cells and cells[0].text.startswith("Harborline"):
            ranks = {}
            for head, cell in zip(heads, cells):
                found = cell.find_elements(By.CSS_SELECTOR, ".rank")
                if found:
                    ranks[head] = found[0].text
            return ranks
    raise AssertionError("no Harborline row on the scorecard")


def test_a_partner_user_sees_its_rank_over_all_teams(browser):
    sign_in(browser, ROLES["manager"])
    client_view = harborline_ranks(browser)
    teams = len(browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr"))
    assert teams >= 3 and client_view, (teams, client_view)
    sign_out(browser)

    sign_in(browser, ROLES["partner"])
    partner_view = harborline_ranks(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")) == 1  # only its own row
    assert "Meridian" not in browser.page_source and "Lotus Shore" not in browser.page_source
    assert partner_view == client_view, (partner_view, client_view)
    assert not any(text.endswith(" of 1") for text in partner_view.values()), partner_view
    assert any(re.search(rf"of {teams}$", text) or re.search(r"of [2-9]$", text) for text in partner_view.values()), partner_view
    screenshot(browser, "rank-partner")


def test_a_thin_health_score_is_greyed_with_its_caveat_in_the_page_and_the_qbr(browser):
    sign_in(browser, ROLES["manager"])
    browser.get(f"{BASE_URL}/relationship")
    browser.find_element(By.LINK_TEXT, "Lotus Shore Solutions").click()
    wait_for_text(browser, "Relationship health")
    thin = browser.find_elements(By.CSS_SELECTOR, ".health-card.thin")
    assert thin, "no greyed health card"
    caveat = thin[-1].text
    assert re.search(r"[12] of 6 components", caveat) and "too little data" in caveat, caveat
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('.health-card.thin .card-figure')).color") != "rgb(29, 36, 51)"
    # The pack of the thin quarter (the demo's data are relative to today, so which quarter is thin moves).
    quarter = re.search(r"\d{4}-Q[1-4]", caveat).group(0)
    href = browser.find_element(By.PARTIAL_LINK_TEXT, "QBR pack").get_attribute("href")
    browser.get(href.split("?")[0] + f"?quarter={quarter}")
    wait_for_text(browser, "Quarterly business review")
    index = browser.find_element(By.CSS_SELECTOR, ".qbr-index")
    figure = index.find_element(By.CSS_SELECTOR, ".card-figure").text
    assert re.fullmatch(r"\d+\.\d", figure), figure  # the pack keeps the decimal
    assert "of 6 components" in index.text and "too little data" in index.text, index.text
    assert browser.find_elements(By.ID, "health-caveat")
    screenshot(browser, "qbr-thin-health")


def test_the_plan_counts_every_queue_without_an_allocation(browser):
    sign_in(browser, ROLES["manager"])
    browser.get(f"{BASE_URL}/staffing")
    not_allocated = [row for row in browser.find_elements(By.CSS_SELECTOR, "#plan-settings tbody tr") if "not allocated" in row.text]
    figure = browser.find_element(By.CSS_SELECTOR, "#unallocated-card .card-figure").text
    count = int(figure.split()[0])
    assert count >= len(not_allocated) and count >= 1, (figure, len(not_allocated))
    listed = browser.find_elements(By.CSS_SELECTOR, "#unallocated-queues tbody tr")
    assert len(listed) == count
    for row in not_allocated:
        name = row.find_elements(By.TAG_NAME, "td")[0].text
        assert any(name in r.text for r in listed), name


def test_figures_are_in_the_fields_units_and_one_date_format(browser):
    sign_in(browser, ROLES["manager"])
    browser.get(f"{BASE_URL}/performance?by=team")
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#scorecard thead th")]
    aht = heads.index("AHT")
    figures = [row.find_elements(By.TAG_NAME, "td")[aht].find_element(By.CSS_SELECTOR, ".kpi").text
               for row in browser.find_elements(By.CSS_SELECTOR, "#scorecard tbody tr")]
    shown = [f for f in figures if f not in ("—", "too little data")]
    assert shown and all(re.fullmatch(r"\d+:\d\d(:\d\d)?", f) for f in shown), figures
    period = browser.find_element(By.CSS_SELECTOR, ".toolbar strong").text
    assert DATE.search(period) and not ISO_DATE.search(period), period

    browser.get(f"{BASE_URL}/")
    alerts = browser.find_element(By.ID, "performance-alerts").text if browser.find_elements(By.ID, "performance-alerts") else ""
    assert not re.search(r"rate is \d+% worse", alerts), alerts
    if "worse than at launch" in alerts and "rate" in alerts:
        assert "pts" in alerts, alerts

    browser.get(f"{BASE_URL}/catalogue")
    assert "86400 s" not in browser.page_source and "3600 s" not in browser.page_source

    browser.get(f"{BASE_URL}/partners")
    golive = [row.find_elements(By.TAG_NAME, "td")[6].text for row in browser.find_elements(By.CSS_SELECTOR, "#partners tbody tr")]
    dated = [g for g in golive if g != "—"]
    assert dated and all(DATE.fullmatch(g) for g in dated), golive


def set_width(driver, width):
    """A viewport of exactly `width` CSS pixels (a phone at 390: mobile emulation honours the meta viewport)."""
    driver.set_window_size(max(width, 500), 1000)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})


def pages_for(driver, role):
    """The dashboard, a scorecard, the staffing plan, Harborline's partner page (a partner user's own) and the QBR pack this role can open."""
    driver.get(f"{BASE_URL}/relationship")
    qbr = driver.find_elements(By.PARTIAL_LINK_TEXT, "QBR")
    qbr_url = qbr[0].get_attribute("href") if qbr else None
    if qbr_url is None:
        link = driver.find_elements(By.CSS_SELECTOR, "#health a[href^='/relationship/partners/']")
        qbr_url = link[0].get_attribute("href") + "/qbr" if link else None
    driver.get(f"{BASE_URL}/partners")
    if re.search(r"/partners/[0-9a-fA-F-]{36}$", driver.current_url):
        partner_url = driver.current_url  # a partner user goes straight to its own page
    else:
        partner = driver.find_elements(By.CSS_SELECTOR, "#partners tbody a[href^='/partners/']")
        harborline = [a for a in partner if a.text.startswith("Harborline")] or partner
        partner_url = harborline[0].get_attribute("href") if harborline else None
    pages = [("dashboard", f"{BASE_URL}/"), ("scorecard", f"{BASE_URL}/performance"), ("staffing-plan", f"{BASE_URL}/staffing")]
    if partner_url:
        pages.append(("partner", partner_url))
    if qbr_url:
        pages.append(("qbr", qbr_url))
    return pages


@pytest.mark.parametrize("role", list(ROLES))
def test_key_pages_per_role_fit_1366_and_390_px_without_sideways_scrolling(browser, role):
    sign_in(browser, ROLES[role])
    pages = pages_for(browser, role)
    assert len(pages) == 5, (role, pages)
    for width in WIDTHS:
        set_width(browser, width)
        for name, url in pages:
            browser.get(url)
            inner = browser.execute_script("return window.innerWidth")
            document = browser.execute_script("return document.documentElement.scrollWidth")
            screenshot(browser, f"{role}-{name}-{width}")
            assert document <= inner, f"{role} {name} at {width} px: document {document} px wide, viewport {inner} px"
