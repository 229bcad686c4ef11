"""A justerat protokoll cannot change in the database either (issue 10
item 7): once its Protokoll row exists, PostgreSQL refuses to update or
delete that row, and refuses any insert, update or delete of the meeting's
paragrafer, närvaro, jäv, röster and justeringar. A § justerad at once
(Paragraf.omedelbart_justerad) is locked the same way, with its jäv, votes
and justeringar. The services refuse first (beslut.services.justering,
beslut.services.protokoll); this is what holds when a script, the admin or
a hand-written UPDATE tries."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION beslut_rad_mote(tabell text, rad jsonb) RETURNS bigint AS $$
    SELECT CASE
        WHEN tabell IN ('beslut_narvaro', 'beslut_justering') THEN (rad->>'sammantrade_id')::bigint
        WHEN tabell = 'beslut_paragraf' THEN
            (SELECT a.sammantrade_id FROM beslut_arende a WHERE a.id = (rad->>'arende_id')::bigint)
        ELSE
            (SELECT a.sammantrade_id FROM beslut_paragraf p JOIN beslut_arende a ON a.id = p.arende_id
             WHERE p.id = (rad->>'paragraf_id')::bigint)
    END
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION beslut_rad_omedelbart_justerad(tabell text, rad jsonb) RETURNS boolean AS $$
    SELECT CASE
        WHEN tabell = 'beslut_paragraf' THEN false  -- its own column: checked on the old row only
        WHEN rad->>'paragraf_id' IS NULL THEN false
        ELSE EXISTS (SELECT 1 FROM beslut_paragraf p
                     WHERE p.id = (rad->>'paragraf_id')::bigint AND p.omedelbart_justerad IS NOT NULL)
    END
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION beslut_protokoll_last() RETURNS trigger AS $$
DECLARE
    rader jsonb[] := ARRAY[]::jsonb[];
    rad jsonb;
BEGIN
    IF TG_TABLE_NAME = 'beslut_protokoll' THEN
        RAISE EXCEPTION 'Ett justerat protokoll kan inte ändras eller tas bort.'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        rader := array_append(rader, to_jsonb(OLD));
        -- Through jsonb: PL/pgSQL plans OLD.omedelbart_justerad even where
        -- the table has no such column.
        IF TG_TABLE_NAME = 'beslut_paragraf' THEN
            IF (to_jsonb(OLD)->>'omedelbart_justerad') IS NOT NULL THEN
                RAISE EXCEPTION 'Paragrafen är omedelbart justerad och kan inte ändras.'
                    USING ERRCODE = 'restrict_violation';
            END IF;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        rader := array_append(rader, to_jsonb(NEW));
    END IF;
    FOREACH rad IN ARRAY rader LOOP
        IF EXISTS (SELECT 1 FROM beslut_protokoll WHERE sammantrade_id = beslut_rad_mote(TG_TABLE_NAME, rad)) THEN
            RAISE EXCEPTION 'Protokollet är justerat och kan inte ändras (%).', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF beslut_rad_omedelbart_justerad(TG_TABLE_NAME, rad) THEN
            RAISE EXCEPTION 'Paragrafen är omedelbart justerad och kan inte ändras (%).', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END IF;
    END LOOP;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

TABLES = ["beslut_paragraf", "beslut_narvaro", "beslut_jav", "beslut_rost", "beslut_justering"]

FORWARD = FUNCTIONS + "\n".join(
    [
        "CREATE TRIGGER beslut_protokoll_last BEFORE UPDATE OR DELETE ON beslut_protokoll "
        "FOR EACH ROW EXECUTE FUNCTION beslut_protokoll_last();"
    ]
    + [
        f"CREATE TRIGGER beslut_protokoll_last BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION beslut_protokoll_last();"
        for table in TABLES
    ]
)

REVERSE = "\n".join(
    [f"DROP TRIGGER IF EXISTS beslut_protokoll_last ON {table};" for table in ["beslut_protokoll", *TABLES]]
    + [
        "DROP FUNCTION IF EXISTS beslut_protokoll_last();",
        "DROP FUNCTION IF EXISTS beslut_rad_omedelbart_justerad(text, jsonb);",
        "DROP FUNCTION IF EXISTS beslut_rad_mote(text, jsonb);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [("beslut", "0015_beslutsverkan")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
