class TerritoryImportError(Exception):
    """A referential file is missing, malformed or truncated; the message is in French.

    Raised by the readers before anything is written, so the referential in the database is
    left untouched.
    """

    def __init__(self, filename: str, message: str, line: int | None = None) -> None:
        self.filename = filename
        self.line = line
        self.detail = message
        where = f"{filename}, ligne {line}" if line is not None else filename
        super().__init__(f"{where} : {message}")
