"""The subjects the feedback service answers (request-reply), one module per aggregate. Thin:
parse → rules → store → reply. Staff operations (templates, surveys, paper surveys entered
afterwards, results, exports) and the two public ones the gateway's feedback page calls with a
link token (``survey.for_token``, ``response.submit``). Importing the modules registers their
handlers on ``operations``."""

from feedback_service.api import paper, privacy, responses, results, surveys, templates  # noqa: F401
from feedback_service.api.base import operations

__all__ = ["operations"]
