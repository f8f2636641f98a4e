"""Database pieces the report queries share: the median of a column and the days between two
moments, for PostgreSQL and for the embedded SQLite."""

import statistics

from django.db.models import Aggregate, FloatField, Func


class Median(Aggregate):
    """The median of the values (``NULL`` when there are none).

    PostgreSQL: ``percentile_cont(0.5)``; SQLite: the ``MEDIAN`` aggregate that
    :func:`register_sqlite_functions` adds to every connection."""

    function = "MEDIAN"
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra_context):
        # Set on a copy (not as keywords), so that ``filter=`` still adds its FILTER clause.
        clone = self.copy()
        clone.function = "percentile_cont"
        clone.template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return super(Median, clone).as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """``end - start`` in days (a fraction), for two datetime columns."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):  # SQLite and others
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra_context,
        )


class _SQLiteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` handler: teach SQLite ``MEDIAN``."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SQLiteMedian)
