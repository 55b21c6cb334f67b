"""Request and record types of the mock backend."""

from dataclasses import dataclass, field
from typing import List, Optional

from pydantic import BaseModel


class CartItemIn(BaseModel):
    sku: str
    quantity: int = 1


class SignUpIn(BaseModel):
    email: str
    password: str
    display_name: Optional[str] = None

    def masked(self) -> str:
        return self.email[:2] + "***"


@dataclass
class OrderRecord:
    id: str
    total_cents: int
    items: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Refund:
    order_id: str
    amount_cents: int


class Helper:  # not a model
    name: str = "helper"
