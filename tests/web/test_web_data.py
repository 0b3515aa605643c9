"""Structured inputs and outputs: dataclass forms, chat history, tables (sortable) and plots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "order": (SAMPLES / "order_form.py",),
            "chat": (SAMPLES / "chat.py",),
            "tables": (SAMPLES / "dataframe_plot.py",),
            "multi": (SAMPLES / "multi_output.py",),
        }
    )


def submit(scope: Any) -> None:
    scope.get_by_role("button", name="Submit").click()


def test_nested_form_submits_an_instance(open_app: Any, servers: Any) -> None:
    page = open_app(servers["order"])
    order = page.locator("fieldset.field-form").first
    assert order.locator("legend").first.text_content().startswith("Order")
    assert page.get_by_label("City").input_value() == "Amsterdam"
    page.get_by_label("Size").select_option("LARGE")
    page.get_by_label("Quantity").fill("2")
    page.get_by_label("Extra cheese").check()
    page.get_by_label("Street").fill("Main St 1")
    submit(page)
    page.locator(".job-status[data-state='complete']").wait_for()
    confirmation = page.locator(".markdown-out")
    assert confirmation.locator("strong").text_content() == "2 × large pizza with extra cheese"
    assert "Main St 1, Amsterdam" in confirmation.text_content()


def test_nested_validation_lands_on_the_nested_field(open_app: Any, servers: Any) -> None:
    page = open_app(servers["order"])
    page.get_by_label("Size").select_option("LARGE")  # a required choice starts empty
    page.get_by_label("Street").fill("Main St 1")
    page.get_by_label("Quantity").fill("two")
    submit(page)
    error = page.locator(".field[data-param='order.quantity'] > .field-error")
    error.wait_for()
    assert "two" in error.text_content()
    assert page.evaluate("document.activeElement.id") == page.get_by_label(
        "Quantity"
    ).get_attribute("id"), "the field with the problem gets the focus"


def test_function_error_from_a_form(open_app: Any, servers: Any) -> None:
    page = open_app(servers["order"])
    page.get_by_label("Size").select_option("LARGE")  # a required choice starts empty
    submit(page)
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for()
    assert dialog.locator(".error-message").text_content() == (
        "fill in the street so we know where to deliver"
    )


def test_chat_keeps_the_history(open_app: Any, servers: Any) -> None:
    page = open_app(servers["chat"])
    message = page.get_by_label("Message")
    log = page.get_by_role("log")
    message.fill("hello")
    message.press("Enter")
    log.locator(".msg-assistant", has_text="hello (message 1 of this chat)").wait_for()
    assert message.input_value() == "", "the message box empties after a reply"
    page.get_by_label("shout").check()
    message.fill("again")
    message.press("Enter")
    log.locator(".msg-assistant", has_text="AGAIN (message 2 of this chat)").wait_for()
    texts = log.locator(".msg").evaluate_all("ms => ms.map(m => m.className + ':' + m.innerText)")
    roles = [t.split(":")[0].split()[-1] for t in texts]
    assert roles == ["msg-user", "msg-assistant", "msg-user", "msg-assistant"]
    page.get_by_role("button", name="Clear").click()
    assert log.locator(".msg").count() == 0


def test_table_input_and_sortable_output(open_app: Any, servers: Any) -> None:
    page = open_app(servers["tables"], "#running_total")
    panel = page.locator("#panel-running_total")
    cells = panel.locator("table.editable input")
    cells.nth(0).fill("5")
    cells.nth(1).fill("1")
    panel.get_by_role("button", name="Add row").click()
    cells.nth(3).fill("2")
    cells.nth(4).fill("9")
    submit(panel)
    panel.locator(".job-status[data-state='complete']").wait_for()
    table = panel.locator("[data-output] table")

    def column(i: int) -> list[str]:
        return list(table.locator(f"tbody tr td:nth-child({i})").all_text_contents())

    assert column(1) == ["5", "2"] and column(3) == ["5", "7"]
    header = table.locator("th").nth(1)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert column(2) == ["1", "9"]
    header.get_by_role("button").press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert column(2) == ["9", "1"]


def test_plot_output_is_an_image(open_app: Any, servers: Any) -> None:
    page = open_app(servers["tables"], "#plot_growth")
    panel = page.locator("#panel-plot_growth")
    submit(panel)
    panel.locator(".job-status[data-state='complete']").wait_for()
    page.wait_for_function(
        "document.querySelector('#panel-plot_growth .image-out img')?.naturalWidth > 100"
    )


def test_several_outputs_each_with_its_label(open_app: Any, servers: Any) -> None:
    page = open_app(servers["multi"], "#analyse")
    panel = page.locator("#panel-analyse")
    panel.locator(".examples-table tbody tr").first.click()
    submit(panel)
    panel.locator(".job-status[data-state='complete']").wait_for()
    labels = panel.locator(".output-label").all_text_contents()
    values = panel.locator(".output .scalar-out, .output .text-out").all_text_contents()
    assert dict(zip(labels, values, strict=True)) == {
        "Words": "9",
        "Characters": "43",
        "Longest word": "quick",
    }
