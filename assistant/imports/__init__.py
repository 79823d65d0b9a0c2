"""Import a year from the shop back office's exports into a notes file.

``reading`` (files to rows), ``aliases`` (headers to measures per platform),
``values`` (numbers, dates, ranges), ``tables`` (header row, data rows),
``aggregate`` (which rows count, sums), ``build`` (notes values), ``merge``
(tomlkit merge with source comments), ``plan`` (the whole import), ``preview``.
"""

from assistant.imports.plan import ImportPlan, plan_import, write_plan

__all__ = ["ImportPlan", "plan_import", "write_plan"]
