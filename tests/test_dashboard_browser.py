"""The dashboard in a real browser: Debian's Chromium driven by Selenium through chromedriver (both
installed by .ci/run). A leader, an adviser and an analyst log in, open the deadlines, follow a
drill-down where they may, and log out; what each sees and does not see is asserted."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from dashboard_server import DAY, PASSWORD, make_workspace, start


def unavailable(why: str) -> None:
    """Skip locally with the reason; in CI a skipped browser test is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI må ikke springe over: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = start(make_workspace(tmp_path_factory.mktemp("browser")))
    yield running
    running.stop()


@pytest.fixture
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        unavailable("Chromium og chromedriver mangler (apt install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="boernetal-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.implicitly_wait(5)
    yield chrome
    chrome.quit()
    shutil.rmtree(profile, ignore_errors=True)


def follow(browser, element) -> None:
    """Click a link or button and wait for the next page to replace this one (the old page's
    elements go stale) and to load: reading the page before that would read the old one."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def gone(_browser: object) -> bool:
        # stale: Chromedriver says so as "stale element", or, in a race with the page being
        # replaced, as "Node with given id does not belong to the document"
        try:
            element.is_enabled()
        except WebDriverException:
            return True
        return False

    element.click()
    WebDriverWait(browser, 60).until(gone)
    # the next page may still be on its way (the first Overblik after an import computes the
    # figures, seconds on a busy machine): wait until it has loaded, not only begun
    WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.readyState") == "complete")


def log_in(browser, server, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"http://127.0.0.1:{server.port}/frister?dato={DAY}")  # sent to the log-in page first
    assert browser.current_url.endswith("/login")
    browser.find_element(By.NAME, "navn").send_keys(name)
    browser.find_element(By.NAME, "adgangskode").send_keys(PASSWORD)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "section.login button"))
    assert "Overblik" in browser.find_element(By.TAG_NAME, "h1").text


def open_deadlines(browser, server) -> str:
    from selenium.webdriver.common.by import By

    browser.get(f"http://127.0.0.1:{server.port}/frister?dato={DAY}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Frister den 30. juni 2013"
    return browser.find_element(By.TAG_NAME, "main").text


def log_out(browser) -> None:
    from selenium.webdriver.common.by import By

    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.who button"))
    assert browser.current_url.endswith("/login")
    browser.back()
    browser.refresh()
    assert browser.current_url.endswith("/login")  # the session is gone, not only the page


def test_a_leader_sees_every_team_and_follows_a_drill_down(browser, server):
    from selenium.webdriver.common.by import By

    log_in(browser, server, "leder")
    text = open_deadlines(browser, server)
    assert "Akutteam" in text and "Børneteam" in text and "Ungeteam" in text
    tab = browser.find_element(By.ID, "tab-frister").text
    assert tab.startswith("Frister") and any(c.isdigit() for c in tab)  # the count on the tab
    section = browser.find_element(By.ID, "venter")
    follow(browser, section.find_element(By.LINK_TEXT, "Se alle 6"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == "Underretninger uden første handling"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.records tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows] == [
        "N01",
        "N03",
        "N05",
        "N07",
        "N09",
        "N11",
    ]
    assert "Dit opslag er logget" in browser.find_element(By.TAG_NAME, "main").text
    log_out(browser)


def test_an_adviser_sees_only_their_team(browser, server):
    from selenium.webdriver.common.by import By

    log_in(browser, server, "raad")
    text = open_deadlines(browser, server)
    assert "Akutteam" in text and "Børneteam" not in text and "Ungeteam" not in text
    follow(browser, browser.find_element(By.ID, "venter").find_element(By.LINK_TEXT, "Se alle 2"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.records tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows] == ["N01", "N07"]
    browser.get(f"http://127.0.0.1:{server.port}/poster/venter?dato={DAY}&team=Ungeteam")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ingen adgang"
    log_out(browser)


def test_an_analyst_sees_counts_but_not_records(browser, server):
    from selenium.webdriver.common.by import By

    log_in(browser, server, "analytiker")
    open_deadlines(browser, server)
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='/poster/']")
    browser.get(f"http://127.0.0.1:{server.port}/poster/venter?dato={DAY}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ingen adgang"
    browser.get(f"http://127.0.0.1:{server.port}/noegletal?aar=2013&familie=placements")
    assert "Anbragte børn og unge i året" in browser.find_element(By.TAG_NAME, "main").text
    log_out(browser)
