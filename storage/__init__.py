"""All database access: SQLAlchemy Core tables, short query functions, Alembic migrations."""
