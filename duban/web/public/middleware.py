"""Chinese first: the interface is Chinese until the user picks English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an English
browser would get the pages that have English catalogs in English and the rest in
Chinese. Dropping the header before LocaleMiddleware leaves two sources: the
language cookie set by the switch, and LANGUAGE_CODE (zh-hans).
"""

from __future__ import annotations


class ChineseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
