"""The role specifications of ``DIRECTORY_GROUP_ROLES``; free of models, so the
settings check them at start (``config/directory.py``)."""

from dataclasses import dataclass

from registry.choices import Role


@dataclass(frozen=True)
class RoleSpec:
    """``role@UNIT_CODE``, or ``role@UNIT_CODE/department name`` for department roles."""

    role: str
    unit_code: str
    department: str = ""

    @classmethod
    def parse(cls, text: str) -> "RoleSpec":
        role, _at, place = text.partition("@")
        unit_code, _slash, department = place.partition("/")
        if role.strip() not in Role.values or not unit_code.strip():
            raise ValueError(text)
        return cls(role.strip(), unit_code.strip(), department.strip())
