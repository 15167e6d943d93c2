class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch (its cookie).

    Officers' browsers often run in English; the browser's Accept-Language must not turn the system English.
    Placed before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
