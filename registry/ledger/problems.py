"""What can go wrong in a ledger: a whole file that cannot be read, or problems in cells."""

from dataclasses import asdict, dataclass


class BadFile(Exception):
    """The file cannot be read at all (not .xlsx, encrypted, corrupt, too big, no header).

    ``message`` is already translated and is the one thing the user is told.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One problem, placed as Excel shows it: sheet name, 1-based row, column header."""

    sheet: str
    row: int
    column: str
    message: str

    def as_text(self) -> str:
        place = f"{self.sheet}!{self.row}" if self.row else self.sheet
        return (
            f"{place} {self.column}: {self.message}" if self.column else f"{place}: {self.message}"
        )

    def as_dict(self) -> dict:
        return asdict(self)


class Problems:
    """Collects every problem (errors and warnings) instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(Problem(sheet, row, column, str(message)))

    def warn(self, sheet: str, row: int, column: str, message: str) -> None:
        self.warnings.append(Problem(sheet, row, column, str(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted_errors(self) -> list[Problem]:
        return sorted(self.errors, key=lambda p: (p.sheet, p.row))
