"""Choosing a partner in a real browser: an evaluator scores candidates blind, a manager compares and decides."""
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, screenshot, sign_in, wait_for_text


def click_button(driver, text):
    """Submits a form and waits for the next page: the same flash text on the page before (a
    second "Candidate added.") must not let the test read elements of the page that is going."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    button = driver.find_element("xpath", f"//button[normalize-space()='{text}']")
    button.click()
    try:
        WebDriverWait(driver, 10).until(expected_conditions.staleness_of(button))
    except TimeoutException:
        pass  # no new page: what the test waits for next says what went wrong


def score_candidate(driver, name, score):
    driver.find_element("xpath", f"//table[@id='candidates']//tr[td/a[text()='{name}']]//a[text()='Score']").click()
    wait_for_text(driver, f"Score {name}")
    assert "stay hidden until you submit yours" in driver.page_source  # blind until submitted
    inputs = driver.find_elements("css selector", "input[type=number][name^=score_]")
    assert len(inputs) == 8, len(inputs)
    for field in inputs:
        field.clear()
        field.send_keys(str(score))
    driver.find_element("name", "comment").send_keys(f"Browser test: {score} across the board.")
    click_button(driver, "Submit scores")
    wait_for_text(driver, f"Scores for {name} submitted.")
    assert 'id="all-scores"' in driver.page_source and "are locked" in driver.page_source


def test_evaluator_scores_and_manager_compares_and_decides(browser):
    sign_in(browser, "maria.lopez@northwind.example")
    browser.find_element("link text", "Selection").click()
    wait_for_text(browser, "Orders and returns chat, 2027")  # the demo's decided event
    browser.find_element("link text", "New sourcing event").click()
    browser.find_element("name", "title").send_keys("Weekend overflow chat")
    browser.find_element("name", "scope").send_keys("Returns chat on weekends")
    for box in ("channel_chat", "shift_day", "location_offshore"):
        browser.find_element("name", box).click()
    volume = browser.find_element("name", "monthlyVolume")
    volume.clear()
    volume.send_keys("6000")
    browser.find_element("name", "languages").send_keys("en")
    browser.execute_script("arguments[0].value = '2027-06-01'", browser.find_element("name", "startDate"))
    click_button(browser, "Create sourcing event")
    wait_for_text(browser, "Sourcing event created.")

    # Two prospects from the registry (the demo decision sent them back to prospect), María as evaluator.
    for name in ("Kestrel Customer Care", "Pacific Crest BPO"):
        Select(browser.find_element("name", "partnerID")).select_by_visible_text(name)
        click_button(browser, "Add candidate")
        wait_for_text(browser, "Candidate added.")
    Select(browser.find_element("name", "userID")).select_by_visible_text("María López")
    click_button(browser, "Add evaluator")
    wait_for_text(browser, "Evaluator added.")

    score_candidate(browser, "Kestrel Customer Care", 4)
    screenshot(browser, "selection-scored")
    browser.find_element("link text", "Weekend overflow chat").click()
    score_candidate(browser, "Pacific Crest BPO", 3)

    browser.find_element("link text", "Weekend overflow chat").click()
    browser.find_element("link text", "Compare side by side").click()
    wait_for_text(browser, "Side by side: Weekend overflow chat")
    ranking = browser.find_element("id", "ranking").text
    # All 4s on a 1–5 scale sit at 0.75 of every scale: 75.0; all 3s at 0.5: 50.0.
    assert "Kestrel Customer Care 75.0" in ranking and "Pacific Crest BPO 50.0" in ranking, ranking
    assert browser.find_element("id", "sensitivity").is_displayed()
    screenshot(browser, "selection-compare")

    browser.find_element("link text", "Decide").click()
    Select(browser.find_element("name", "partnerID")).select_by_visible_text("Kestrel Customer Care (rank 1)")
    browser.find_element("name", "rationale").send_keys("Top of the ranking; weekend cover from an onshore site.")
    click_button(browser, "Record the decision")
    wait_for_text(browser, "Kestrel Customer Care chosen: it moves to onboarding.")
    browser.find_element("link text", "Printable record").click()
    wait_for_text(browser, "Decision record")
    assert "Top of the ranking; weekend cover from an onshore site." in browser.page_source
    screenshot(browser, "selection-decision-record")

    browser.get(f"{BASE_URL}/partners")
    browser.find_element("link text", "Kestrel Customer Care").click()
    assert "Onboarding" in browser.page_source
