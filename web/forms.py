"""Reading form posts into typed structures."""

from typing import Annotated

from litestar.enums import RequestEncodingType
from litestar.params import Body

Form = Body(media_type=RequestEncodingType.URL_ENCODED)


def client_ip(request) -> str:
    return request.client.host if request.client else ""


__all__ = ["Annotated", "Form", "client_ip"]
