"""Typing and submitting, examples, validation, the error modal, the API panel and themes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "hello": (SAMPLES / "hello.py",),
            "calculator": (SAMPLES / "calculator.py",),
            "doomed": (SAMPLES / "hello.py",),
            "locked": (SAMPLES / "hello.py", "--auth", "ada:secret"),
        },
        private=("doomed",),
    )


@pytest.fixture(scope="module")
def hello(servers: Any) -> Any:
    return servers["hello"]


@pytest.fixture(scope="module")
def calculator(servers: Any) -> Any:
    return servers["calculator"]


def test_spec_is_fetched_once(page: Any, hello: Any) -> None:
    """index.html starts reading /api/spec beside the modules; the app uses that response."""
    specs: list[str] = []
    page.on("request", lambda r: specs.append(r.url) if r.url.endswith("/api/spec") else None)
    page.goto(hello.url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    assert specs == [hello.url + "/api/spec"]


def test_typing_and_enter_submits(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    assert page.title() == "Hello"
    name = page.get_by_label("Name")
    name.fill("Ada")
    name.press("Enter")
    output = page.locator("[data-output] .text-out")
    page.wait_for_function("document.querySelector('[data-output] .text-out').textContent !== ''")
    assert output.text_content() == "Hello, Ada."
    assert "Done" in page.locator(".job-status").text_content()


def test_checkbox_and_ctrl_enter(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    page.get_by_label("Name").fill("Grace")
    page.get_by_label("Excited").check()
    page.get_by_label("Excited").press("Control+Enter")
    output = page.locator("[data-output] .text-out")
    output.filter(has_text="Hello, Grace!").wait_for()


def test_labels_help_and_focus_order(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    name = page.get_by_label("Name")
    assert "who to greet" in page.locator(".field-textbox .info").text_content()
    described = name.get_attribute("aria-describedby").split()
    assert page.locator(f"#{described[0]}").text_content().startswith("who to greet")
    name.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"


def test_examples_fill_the_inputs(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    rows = page.locator(".examples-table tbody tr")
    assert rows.count() == 2
    rows.nth(0).click()
    assert page.get_by_label("Name").input_value() == "Ada"
    assert page.get_by_label("Excited").is_checked()
    rows.nth(1).focus()
    page.keyboard.press("Enter")
    assert page.get_by_label("Name").input_value() == "Grace"
    assert not page.get_by_label("Excited").is_checked(), "inputs an example omits get defaults"


def test_clear_resets_inputs_and_outputs(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    page.get_by_label("Name").fill("Ada")
    page.get_by_role("button", name="Submit").click()
    page.locator("[data-output] .text-out", has_text="Hello, Ada.").wait_for()
    page.get_by_role("button", name="Clear").click()
    assert page.get_by_label("Name").input_value() == ""
    assert page.locator("[data-output] .text-out").text_content() == ""


def _snippet(page: Any, name: str) -> str:
    page.get_by_text("Use via API").click()
    code = page.locator(f"code[data-snippet='{name}']")
    code.wait_for()
    return str(code.text_content())


def test_api_panel_curl_blocking_runs(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    command = _snippet(page, "curl")
    assert hello.url + "/api/greet" in command
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"] == ["Hello, Hello."]


def test_api_panel_curl_jobs_runs(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    command = _snippet(page, "curl-jobs")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "event: complete" in done.stdout
    assert '"Hello, Hello."' in done.stdout


def test_api_panel_python_runs(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    code = _snippet(page, "python")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Hello, Hello."


def test_api_panel_python_and_js_name_the_parameters(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    python = _snippet(page, "python")
    assert f'Client("{hello.url}/")' in python
    assert 'client.predict("greet", name="Hello", excited=False)' in python
    js = str(page.locator("code[data-snippet='js']").text_content())
    assert f'from "{hello.url}/api/client.js"' in js
    assert "name: " in js and "excited: false" in js
    docs = page.get_by_role("link", name="API docs (/docs)")
    assert docs.get_attribute("href") == hello.url + "/docs"


def test_validation_message_next_to_the_input(open_app: Any, calculator: Any) -> None:
    page = open_app(calculator)
    page.get_by_label("A", exact=True).fill("abc")
    page.get_by_label("+").check()
    page.get_by_label("B", exact=True).fill("2")
    page.get_by_role("button", name="Submit").click()
    error = page.locator(".field[data-param='a'] .field-error")
    error.wait_for()
    assert "abc" in error.text_content()
    assert page.get_by_label("A", exact=True).get_attribute("aria-invalid") == "true"
    assert page.locator(".field[data-param='b'] .field-error").is_hidden()
    assert page.locator("dialog[open]").count() == 0, "a validation error is no modal"
    page.get_by_label("A", exact=True).fill("4")
    page.get_by_role("button", name="Submit").click()
    page.locator("[data-output] .scalar-out", has_text="6").wait_for()
    assert error.is_hidden()


def test_user_error_is_a_readable_modal(open_app: Any, calculator: Any) -> None:
    page = open_app(calculator)
    page.get_by_label("A", exact=True).fill("1")
    page.get_by_label("÷").check()
    page.get_by_label("B", exact=True).fill("0")
    page.get_by_role("button", name="Submit").click()
    dialog = page.locator("dialog.error-dialog[open]")
    dialog.wait_for()
    message = dialog.locator("#error-message").text_content()
    assert message == "cannot divide by zero: pick another b"
    assert "Traceback" not in dialog.text_content()
    dialog.get_by_role("button", name="Close").click()
    assert page.locator("dialog[open]").count() == 0


def test_radio_choices_and_examples(open_app: Any, calculator: Any) -> None:
    page = open_app(calculator)
    page.locator(".examples-table tbody tr").first.click()
    assert page.get_by_label("×").is_checked()
    page.get_by_role("button", name="Submit").click()
    page.locator("[data-output] .scalar-out", has_text="42").wait_for()


def test_theme_switcher_and_dark_scheme(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    submit = page.get_by_role("button", name="Submit")
    radius = submit.evaluate("b => getComputedStyle(b).borderTopLeftRadius")
    page.get_by_label("Theme").select_option("monochrome")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('button.primary')).borderTopLeftRadius === '0px'"
    )
    assert radius != "0px"
    assert page.evaluate("document.documentElement.dataset.theme") == "monochrome"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.locator(".scheme-toggle")
    while page.evaluate("document.documentElement.dataset.schemeChoice") != "dark":
        toggle.click()
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light and dark == "rgb(0, 0, 0)"
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    assert page.evaluate("document.documentElement.dataset.theme") == "monochrome", "remembered"
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"


def test_system_dark_preference_is_followed(browser: Any, hello: Any) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(hello.url)
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        assert page.evaluate("document.documentElement.dataset.scheme") == "dark"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(14, 17, 23)"
    finally:
        context.close()


def test_server_gone_is_explained(open_app: Any, servers: Any) -> None:
    doomed = servers["doomed"]
    page = open_app(doomed)
    doomed.process.terminate()
    doomed.process.wait(timeout=10)
    page.get_by_label("Name").fill("Ada")
    page.get_by_role("button", name="Submit").click()
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for()
    assert dialog.locator("h2").text_content() == "Server unreachable"
    assert doomed.url in dialog.locator(".error-message").text_content()
    dialog.get_by_role("button", name="Close").click()


def test_behind_auth_after_signing_in(page: Any, servers: Any) -> None:
    locked = servers["locked"]
    page.goto(locked.url)
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill("secret")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Name").press("Enter")
    page.locator("[data-output] .text-out", has_text="Hello, Ada.").wait_for()
    page.get_by_role("link", name="Sign out").click()
    page.locator("input[name=username]").wait_for()
