"""Order form: a dataclass input is a form, each field inferred on its own.

``order: Order`` becomes a group of fields: a dropdown for the ``Size`` Enum, a number
for the quantity, a date picker for the delivery day, a checkbox, and a nested group
for the ``Address`` dataclass. The function receives a real ``Order`` instance; field
docs come from the dataclass's ``Attributes:`` section.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Annotated

import autoui


class Size(enum.Enum):
    """Pizza sizes, with their diameter in centimetres."""

    SMALL = 25
    MEDIUM = 30
    LARGE = 35
    PARTY = 45
    FAMILY = 50


@dataclass
class Address:
    """Where to deliver.

    Attributes:
        street: street and number.
        city: the city.
    """

    street: str
    city: str = "Amsterdam"


@dataclass
class Order:
    """A pizza order.

    Attributes:
        size: how big a pizza.
        quantity: how many pizzas.
        delivery: the day to deliver.
        extra_cheese: add extra cheese.
        address: where to deliver.
    """

    size: Size
    quantity: int = 1
    delivery: datetime.date = field(default_factory=datetime.date.today)
    extra_cheese: bool = False
    address: Address = field(default_factory=lambda: Address(street=""))


def place_order(order: Order) -> Annotated[str, autoui.Markdown()]:
    """Check an order and write its confirmation.

    Args:
        order: the order to place.

    Returns:
        Confirmation
    """
    if not order.address.street.strip():
        raise autoui.Error("fill in the street so we know where to deliver")
    if order.delivery < datetime.date.today():
        raise autoui.Error(f"{order.delivery:%d %B %Y} has passed: pick today or later")
    price = order.quantity * (order.size.value * 0.4 + (1.5 if order.extra_cheese else 0))
    cheese = " with extra cheese" if order.extra_cheese else ""
    return (
        f"**{order.quantity} × {order.size.name.lower()} pizza{cheese}**\n\n"
        f"Delivered on {order.delivery:%A %d %B %Y} to {order.address.street}, "
        f"{order.address.city}.\n\nTotal: €{price:.2f}"
    )
