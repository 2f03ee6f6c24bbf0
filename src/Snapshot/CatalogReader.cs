using System;
using System.Collections.Generic;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace DriftAnalyzers.Cli
{
    internal sealed record RelationRow(long Oid, string Schema, string Name, string Kind);

    internal sealed record ColumnRow(long RelationOid, short Number, string Name, string Type, bool NotNull, string? Default, string? Generated, string Identity);

    internal sealed record ConstraintRow(
        long RelationOid,
        string Name,
        string Type,
        short[] ColumnNumbers,
        string? ReferencedSchema,
        string? ReferencedTable,
        string[] ReferencedColumns,
        string OnDelete,
        string OnUpdate,
        string? Definition);

    internal sealed record IndexRow(long RelationOid, string Name, bool Unique, string Method, int KeyCount, string[] Elements, string? Predicate);

    internal sealed record PartitionRow(long ParentOid, string Schema, string Name);

    internal sealed record EnumRow(string Schema, string Name, string[] Labels);

    internal sealed record DomainRow(string Schema, string Name, string BaseType, bool NotNull, string? Default, string[] CheckNames, string[] CheckDefinitions);

    /// <summary>What the catalog queries return, before any shaping: the input of <see cref="SnapshotBuilder"/>.</summary>
    internal sealed record CatalogRows(
        string Database,
        int ServerVersionNumber,
        string[] MissingSchemas,
        List<RelationRow> Relations,
        List<ColumnRow> Columns,
        List<ConstraintRow> Constraints,
        List<IndexRow> Indexes,
        List<PartitionRow> Partitions,
        List<EnumRow> Enums,
        List<DomainRow> Domains);

    /// <summary>
    /// Reads pg_catalog (never information_schema, which hides what the role has no privileges on) in one read-only
    /// REPEATABLE READ transaction, with one batch of set-based queries: a single round trip, however many tables.
    /// </summary>
    internal static class CatalogReader
    {
        // Session settings that make deparsed expressions (defaults, checks, index predicates) independent of the
        // role's configuration: an empty search_path qualifies every non-built-in name with its schema.
        private const string SessionSettings =
            "SET TRANSACTION READ ONLY;" +
            "SET LOCAL search_path = '';" +
            "SET LOCAL DateStyle = 'ISO, YMD';" +
            "SET LOCAL IntervalStyle = 'postgres';" +
            "SET LOCAL TimeZone = 'UTC';" +
            "SET LOCAL extra_float_digits = 1;";

        // Schemas in scope: all but the system ones, or those named by --schema ($1).
        private const string SchemaScope =
            "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' " +
            "AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))";

        // Relations in scope: tables, partitioned and foreign tables, views, materialized views; partitions are listed
        // on their parent; objects that belong to an extension are left out.
        private const string RelationScope =
            "c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND " + SchemaScope + " " +
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')";

        private const string TypeScope =
            SchemaScope + " " +
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e')";

        private static readonly string[] Queries =
        {
            // 0: database, server version, schemas asked for that do not exist
            "SELECT current_database()::text, current_setting('server_version_num')::int, " +
            "ARRAY(SELECT s FROM unnest($1::text[]) s WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s) ORDER BY s COLLATE \"C\")",

            // 1: relations
            "SELECT c.oid::bigint, n.nspname::text, c.relname::text, c.relkind::text " +
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " + RelationScope,

            // 2: columns
            "SELECT a.attrelid::bigint, a.attnum, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, " +
            "CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, " +
            "CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, " +
            "a.attidentity::text " +
            "FROM pg_catalog.pg_attribute a " +
            "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum " +
            "WHERE a.attnum > 0 AND NOT a.attisdropped AND " + RelationScope,

            // 3: primary keys, unique, foreign key and check constraints (not the copies PostgreSQL makes for partitions)
            // (the constraint's own columns come back as numbers: its table is in scope, so the builder has their names;
            // a referenced table may be out of scope, so its column names are looked up here, one index probe each)
            "SELECT con.conrelid::bigint, con.conname::text, con.contype::text, con.conkey, " +
            "fn.nspname::text, fc.relname::text, " +
            "ARRAY(SELECT (SELECT att.attname::text FROM pg_catalog.pg_attribute att WHERE att.attrelid = con.confrelid AND att.attnum = k.num) " +
            "      FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) ORDER BY k.ord), " +
            "con.confdeltype::text, con.confupdtype::text, " +
            "CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END " +
            "FROM pg_catalog.pg_constraint con " +
            "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace " +
            "WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND " + RelationScope,

            // 4: indexes that do not back a primary key, unique or exclusion constraint
            "SELECT i.indrelid::bigint, ic.relname::text, i.indisunique, am.amname::text, i.indnkeyatts::int, " +
            "ARRAY(SELECT CASE WHEN k.num <> 0 THEN att.attname::text ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END " +
            "      FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) " +
            "      LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = k.num ORDER BY k.ord), " +
            "pg_catalog.pg_get_expr(i.indpred, i.indrelid) " +
            "FROM pg_catalog.pg_index i " +
            "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = ic.relam " +
            "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) " +
            "AND " + RelationScope,

            // 5: partitions
            "SELECT inh.inhparent::bigint, n.nspname::text, c.relname::text " +
            "FROM pg_catalog.pg_inherits inh JOIN pg_catalog.pg_class c ON c.oid = inh.inhrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relispartition",

            // 6: enums, labels in sort order
            "SELECT n.nspname::text, t.typname::text, " +
            "ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) " +
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND " + TypeScope,

            // 7: domains with their check constraints
            "SELECT n.nspname::text, t.typname::text, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, " +
            "ARRAY(SELECT con.conname::text FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname COLLATE \"C\"), " +
            "ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname COLLATE \"C\") " +
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd' AND " + TypeScope,
        };

        public static async Task<CatalogRows> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var settings = new NpgsqlCommand(SessionSettings, connection, transaction))
            {
                await settings.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var batch = new NpgsqlBatch(connection, transaction);
            var schemaArray = new string[schemas.Count];
            for (int i = 0; i < schemaArray.Length; i++)
            {
                schemaArray[i] = schemas[i];
            }

            foreach (string sql in Queries)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = schemaArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                batch.BatchCommands.Add(command);
            }

            CatalogRows rows;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                string database = reader.GetString(0);
                int version = reader.GetInt32(1);
                string[] missing = reader.GetFieldValue<string[]>(2);

                rows = new CatalogRows(
                    database,
                    version,
                    missing,
                    await ReadAllAsync(reader, r => new RelationRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)), cancellationToken),
                    await ReadAllAsync(reader, r => new ColumnRow(r.GetInt64(0), r.GetInt16(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), NullableString(r, 5), NullableString(r, 6), r.GetString(7)), cancellationToken),
                    await ReadAllAsync(reader, r => new ConstraintRow(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableArray<short>(r, 3), NullableString(r, 4), NullableString(r, 5), r.GetFieldValue<string[]>(6), r.GetString(7), r.GetString(8), NullableString(r, 9)), cancellationToken),
                    await ReadAllAsync(reader, r => new IndexRow(r.GetInt64(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.GetInt32(4), r.GetFieldValue<string[]>(5), NullableString(r, 6)), cancellationToken),
                    await ReadAllAsync(reader, r => new PartitionRow(r.GetInt64(0), r.GetString(1), r.GetString(2)), cancellationToken),
                    await ReadAllAsync(reader, r => new EnumRow(r.GetString(0), r.GetString(1), r.GetFieldValue<string[]>(2)), cancellationToken),
                    await ReadAllAsync(reader, r => new DomainRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), NullableString(r, 4), r.GetFieldValue<string[]>(5), r.GetFieldValue<string[]>(6)), cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        }

        private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        /// <summary>An array PostgreSQL may leave NULL: <c>conkey</c> of a check constraint that names no column (<c>CHECK (false)</c>).</summary>
        private static T[] NullableArray<T>(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? Array.Empty<T>() : reader.GetFieldValue<T[]>(ordinal);

        private static async Task<List<T>> ReadAllAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        {
            await reader.NextResultAsync(cancellationToken);
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(map(reader));
            }

            return list;
        }
    }
}
