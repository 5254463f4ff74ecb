"""Browser tests drive a running Tandem (started by scripts/browser-tests.sh) with Debian's chromium."""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE_URL = os.environ.get("TANDEM_URL", "http://127.0.0.1:18080")
PASSWORD = "tandem-demo-2026"
SHOTS = pathlib.Path(os.environ.get("TANDEM_SCREENSHOTS", "browser-screenshots"))


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()


def sign_in(driver, email):
    driver.get(f"{BASE_URL}/login")
    driver.find_element("name", "email").send_keys(email)
    driver.find_element("name", "password").send_keys(PASSWORD)
    driver.find_element("css selector", "form.stacked button[type=submit]").click()
    wait_for_text(driver, "Sign out")


def wait_for_text(driver, text, timeout=10):
    """Form posts return before the next page has loaded; wait for what the page should show."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: text in d.page_source)


def screenshot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
