"""The same mock API on FastAPI (the async test suite)."""

from typing import Optional

from fastapi import APIRouter, FastAPI, HTTPException
from pydantic import BaseModel, Field

app = FastAPI()
router = APIRouter(prefix="/v2")

MAX_QUANTITY = 99
REVIEW_MAX_LENGTH = 2000


class Review(BaseModel):
    rating: int = Field(ge=1, le=5)
    text: str = Field(max_length=REVIEW_MAX_LENGTH)


@app.get("/v2/products/{product_id}")
async def get_product(product_id: str):
    if not product_id:
        raise HTTPException(status_code=404)
    return {"id": product_id}


@router.post("/products/{product_id}/reviews")
async def add_review(product_id: str, review: Review):
    if len(review.text.strip()) == 0:
        raise HTTPException(status_code=422, detail="empty review")
    return review


@app.put("/v2/cart/items/{item_id}")
async def set_quantity(item_id: str, quantity: int, coupon: Optional[str] = None):
    if quantity > MAX_QUANTITY:
        raise HTTPException(status_code=422)
    if coupon is not None and len(coupon) != 8:
        raise HTTPException(status_code=400)
    return {"item": item_id, "quantity": quantity}


@app.delete("/v2/users/me")
async def delete_account():
    try:
        return {"deleted": True}
    except KeyError:
        raise HTTPException(status_code=500)


def is_feature_enabled(name: str) -> bool:
    return name in {"new_checkout"}


@app.get("/v2/flags")
async def flags():
    return {"new_checkout": is_feature_enabled("new_checkout")}
