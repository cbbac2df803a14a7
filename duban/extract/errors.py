"""The one exception a caller of the extraction library must expect for bad input."""


class InputError(Exception):
    """A file or text that cannot be read as a report; the message is for the user."""

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
        self.reason = message
