using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Snapshots;
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
        string? Definition,
        long Oid);

    internal sealed record IndexRow(long RelationOid, string Name, bool Unique, string Method, int KeyCount, string[] Elements, string? Predicate, long Oid);

    internal sealed record PartitionRow(long ParentOid, string Schema, string Name);

    internal sealed record EnumRow(string Schema, string Name, string[] Labels, long Oid);

    internal sealed record DomainRow(string Schema, string Name, string BaseType, bool NotNull, string? Default, string[] CheckNames, string[] CheckDefinitions, long Oid);

    /// <summary>A table shaped as EF Core's migrations history, with its applied migration IDs, or why they could not be read.</summary>
    internal sealed record HistoryRow(string Schema, string Name, string[]? MigrationIds, string? Unreadable);

    /// <summary>A sequence no column owns (what <c>HasSequence</c> and <c>UseHiLo</c> create).</summary>
    internal sealed record SequenceRow(string Schema, string Name, string Type, long Start, long Increment);

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
        List<DomainRow> Domains)
    {
        /// <summary>The migrations history tables (<see cref="CatalogReader"/> reads their rows in the same transaction).</summary>
        public List<HistoryRow> Histories { get; init; } = new List<HistoryRow>();

        public List<SequenceRow> Sequences { get; init; } = new List<SequenceRow>();
    }

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
            "CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END, con.oid::bigint " +
            "FROM pg_catalog.pg_constraint con " +
            "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace " +
            "WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND " + RelationScope,

            // 4: indexes that do not back a primary key, unique or exclusion constraint
            "SELECT i.indrelid::bigint, ic.relname::text, i.indisunique, am.amname::text, i.indnkeyatts::int, " +
            "ARRAY(SELECT CASE WHEN k.num <> 0 THEN att.attname::text ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END " +
            "      FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) " +
            "      LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = k.num ORDER BY k.ord), " +
            "pg_catalog.pg_get_expr(i.indpred, i.indrelid), i.indexrelid::bigint " +
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
            "ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), t.oid::bigint " +
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND " + TypeScope,

            // 7: domains with their check constraints
            "SELECT n.nspname::text, t.typname::text, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, " +
            "ARRAY(SELECT con.conname::text FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname COLLATE \"C\"), " +
            "ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname COLLATE \"C\"), t.oid::bigint " +
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd' AND " + TypeScope,

            // 8: EF Core migrations history tables, by shape whatever their name (MigrationsHistoryTable("name", "schema")):
            // "MigrationId" of a character type as the whole primary key and a "ProductVersion" column, or migration_id and
            // product_version (EFCore.NamingConventions' snake case renames them). The ID column, and whether this role may
            // read it or why not: no SELECT on the column, or row-level security that may hide rows.
            "SELECT n.nspname::text, c.relname::text, a.attname::text, " +
            "CASE WHEN NOT pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT') THEN 'permission denied' " +
            "     WHEN c.relrowsecurity AND NOT pg_catalog.pg_has_role(c.relowner, 'USAGE') " +
            "          AND NOT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN 'row-level security' END " +
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p' AND cardinality(k.conkey) = 1 " +
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1] " +
            "WHERE c.relkind IN ('r', 'p') AND " + RelationScope + " " +
            "AND a.attname IN ('MigrationId', 'migration_id') " +
            "AND a.atttypid IN ('pg_catalog.varchar'::pg_catalog.regtype, 'pg_catalog.text'::pg_catalog.regtype, 'pg_catalog.bpchar'::pg_catalog.regtype) " +
            "AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute v WHERE v.attrelid = c.oid AND v.attnum > 0 AND NOT v.attisdropped " +
            "            AND v.attname = CASE WHEN a.attname = 'MigrationId' THEN 'ProductVersion' ELSE 'product_version' END)",

            // 9: sequences no column owns: not those of serial (pg_depend 'a') and identity ('i') columns, whose names are
            // implementation details the column's default or identity already covers, nor an extension's ('e'). Straight from
            // catalog rows in the transaction's snapshot, of built-in types: nothing a newer catalog could print otherwise.
            "SELECT n.nspname::text, c.relname::text, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement " +
            "FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE " + SchemaScope + " " +
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype IN ('a', 'i', 'e'))",
        };

        // Whether this role may take ACCESS SHARE on a table (SELECT, or any of the privileges that allow every lock mode).
        private const string Lockable = "coalesce(pg_catalog.has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'), false)";

        // The tables to lock, as pg_dump locks what it dumps: ordinary and partitioned tables (LOCK TABLE refuses foreign
        // tables and materialized views, and views only lock since PostgreSQL 11).
        private const string TablesToLockQuery =
            "SELECT c.oid::bigint, n.nspname::text, c.relname::text, " + Lockable + " " +
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind IN ('r', 'p') AND " + RelationScope + " ORDER BY c.oid";

        /// <summary>
        /// The version (xmin, ctid) of every catalog row the deparsing functions read for the objects of the snapshot:
        /// their pg_attribute, pg_attrdef, pg_constraint and pg_index rows, their schemas, and the types of their columns;
        /// of their pg_class rows, the name, schema and kind (a row that changes for what the snapshot does not record,
        /// e.g. relhastriggers when another table adds a foreign key to it, which its ACCESS SHARE lock allows, must not
        /// make the read start again). Those functions read the newest catalog, not the transaction's snapshot; the same value in the
        /// snapshot and after the commit means no DDL on these objects committed while they ran. Objects created meanwhile
        /// are not in the snapshot and not in the fingerprint. $1: relations, $2: indexes, $3: constraints, $4: enums and
        /// domains. Per catalog, the count and two sums of hashes of the rows: no sort, whatever the order of the rows.
        /// </summary>
        private const string FingerprintQuery =
            "SELECT coalesce(string_agg(k || '=' || h, ' ' ORDER BY k), '') FROM (SELECT left(v, 1) AS k, " +
            "count(*) || ':' || sum(pg_catalog.hashtext(v)::bigint) || ':' || sum(pg_catalog.hashtext(v || '#')::bigint) AS h FROM (" +
            "SELECT 'c' || c.oid || ':' || c.relname || ':' || c.relnamespace || ':' || c.relkind::text FROM pg_catalog.pg_class c WHERE c.oid = ANY($1::oid[]) OR c.oid = ANY($2::oid[]) " +
            "UNION ALL SELECT 'a' || a.attrelid || '.' || a.attnum || ':' || a.xmin || a.ctid FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 " +
            "UNION ALL SELECT 'd' || d.oid || ':' || d.xmin || d.ctid FROM pg_catalog.pg_attrdef d WHERE d.adrelid = ANY($1::oid[]) " +
            "UNION ALL SELECT 'k' || k.oid || ':' || k.xmin || k.ctid FROM pg_catalog.pg_constraint k WHERE k.oid = ANY($3::oid[]) OR k.contypid = ANY($4::oid[]) " +
            "UNION ALL SELECT 'i' || i.indexrelid || ':' || i.xmin || i.ctid FROM pg_catalog.pg_index i WHERE i.indexrelid = ANY($2::oid[]) " +
            "UNION ALL SELECT 't' || t.oid || ':' || t.xmin || t.ctid FROM pg_catalog.pg_type t WHERE t.oid = ANY($4::oid[]) " +
            "OR t.oid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0) " +
            "UNION ALL SELECT 'n' || n.oid || ':' || n.xmin || n.ctid FROM pg_catalog.pg_namespace n WHERE n.oid IN (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = ANY($1::oid[])) " +
            "OR n.oid IN (SELECT t.typnamespace FROM pg_catalog.pg_type t WHERE t.oid = ANY($4::oid[]))" +
            ") s(v) GROUP BY 1) g";

        /// <summary>How many times a read starts again when the schema changed under it before giving up.</summary>
        public const int MaxAttempts = 5;

        /// <summary>How long the catalog queries may take once the locks are held (a hang guard, not a lock wait).</summary>
        private const int CatalogCommandTimeoutSeconds = 300;

        /// <summary>
        /// Reads the catalog consistently, or fails with a message that says why and that a new run may succeed:
        /// <list type="number">
        /// <item>lists the in-scope tables, then in a new REPEATABLE READ transaction takes ACCESS SHARE on each one this
        /// role may lock (as pg_dump does, with <paramref name="lockWait"/> as its <c>--lock-wait-timeout</c>) before the
        /// first query takes the transaction's snapshot, so DDL on them waits until the read is done; a table dropped
        /// between the list and its lock is left out (the snapshot will not see it);</item>
        /// <item>reads everything in one batch, then a fingerprint of the catalog rows the deparsing functions read for
        /// what it saw;</item>
        /// <item>after the commit, takes the fingerprint again: if DDL committed meanwhile on what no lock covers (views,
        /// tables created after the list or that this role may not lock, types, schemas), it reads again, up to
        /// <see cref="MaxAttempts"/> times.</item>
        /// </list>
        /// A lock not granted within <paramref name="lockWait"/> fails at once, naming the table and who holds it.
        /// </summary>
        public static async Task<CatalogRows> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> schemas, TimeSpan lockWait, Func<string, Task>? log, CancellationToken cancellationToken)
            => await ReadAsync(connection, null, schemas, lockWait, log, cancellationToken);

        /// <param name="openAnother">Opens a second connection. It takes the second fingerprint while the first still holds
        /// its locks; and when taking the locks had to wait, it lists the tables created meanwhile, to lock them too
        /// before the snapshot is taken (a query on the first connection would take the snapshot). Without it the second
        /// fingerprint is taken after the commit, where DDL that waited for the locks may make a read start again.</param>
        public static async Task<CatalogRows> ReadAsync(NpgsqlConnection connection, Func<CancellationToken, Task<NpgsqlConnection>>? openAnother, IReadOnlyList<string> schemas, TimeSpan lockWait, Func<string, Task>? log, CancellationToken cancellationToken)
        {
            var schemaArray = new string[schemas.Count];
            for (int i = 0; i < schemaArray.Length; i++)
            {
                schemaArray[i] = schemas[i];
            }

            var notLockable = new HashSet<long>();
            string? reason = null;
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (attempt > 1)
                {
                    if (log != null)
                    {
                        await log("the schema changed during the read (" + reason + "); reading again (attempt " + attempt.ToString(CultureInfo.InvariantCulture) + " of " + MaxAttempts.ToString(CultureInfo.InvariantCulture) + ")");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt), cancellationToken);
                }

                var (rows, why) = await AttemptAsync(connection, openAnother, schemaArray, lockWait, notLockable, cancellationToken);
                if (rows != null)
                {
                    return rows;
                }

                reason = why;
            }

            throw new DriftException("the schema changed while drift read it, " + MaxAttempts.ToString(CultureInfo.InvariantCulture) + " times in a row (the last time: " + reason + "); nothing was written: run drift again once the schema changes are done");
        }

        /// <summary>The second connection, or null if the server refuses one (e.g. max_connections): the read goes on without.</summary>
        private static async Task<NpgsqlConnection?> OpenOrNullAsync(Func<CancellationToken, Task<NpgsqlConnection>> open, CancellationToken cancellationToken)
        {
            try
            {
                return await open(cancellationToken);
            }
            catch (NpgsqlException)
            {
                return null;
            }
        }

        /// <summary>One attempt: the rows, or why the read must start again.</summary>
        private static async Task<(CatalogRows? Rows, string? Retry)> AttemptAsync(NpgsqlConnection connection, Func<CancellationToken, Task<NpgsqlConnection>>? openAnother, string[] schemas, TimeSpan lockWait, HashSet<long> notLockable, CancellationToken cancellationToken)
        {
            // The second connection opens while the first lists and locks: it takes the fingerprint again while the locks
            // are still held (after the commit, DDL that waited for them would commit at once and look like a change made
            // during the read).
            var opening = openAnother == null ? null : OpenOrNullAsync(openAnother, cancellationToken);
            try
            {
                return await TryReadAsync(connection, opening, schemas, lockWait, notLockable, cancellationToken);
            }
            finally
            {
                if (opening != null)
                {
                    try
                    {
                        if (await opening is { } other)
                        {
                            await other.DisposeAsync();
                        }
                    }
                    catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
                    {
                    }
                }
            }
        }

        private static async Task<(CatalogRows? Rows, string? Retry)> TryReadAsync(NpgsqlConnection connection, Task<NpgsqlConnection?>? opening, string[] schemas, TimeSpan lockWait, HashSet<long> notLockable, CancellationToken cancellationToken)
        {
            var toLock = await TablesToLockAsync(connection, schemas, notLockable, null, cancellationToken);

            CatalogRows rows;
            string before;
            string? after = null;
            await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
            {
                // Settings and locks take no snapshot: the transaction's snapshot is taken by the first query, after them.
                string settings = SessionSettings + "SET LOCAL lock_timeout = " + ((long)Math.Ceiling(lockWait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + ";";
                await using (var set = new NpgsqlCommand(settings, connection, transaction))
                {
                    await set.ExecuteNonQueryAsync(cancellationToken);
                }

                var watch = System.Diagnostics.Stopwatch.StartNew();
                string? lockProblem = await LockAsync(connection, transaction, toLock, lockWait, notLockable, cancellationToken);
                var locked = new HashSet<long>(toLock.ConvertAll(t => t.Oid));

                // Waiting for a lock gives other sessions time to create tables: lock those too (listed on the other
                // connection), until a round finds none, so that few tables in the snapshot are left unlocked.
                for (int round = 0; lockProblem == null && opening != null && watch.ElapsedMilliseconds > SettleAfterMilliseconds && round < 5; round++)
                {
                    watch.Restart();
                    if (await opening is not { } other)
                    {
                        break;
                    }

                    var added = await TablesToLockAsync(other, schemas, notLockable, locked, cancellationToken);
                    if (added.Count == 0)
                    {
                        break;
                    }

                    locked.UnionWith(added.ConvertAll(t => t.Oid));
                    toLock.AddRange(added);
                    lockProblem = await LockAsync(connection, transaction, toLock, lockWait, notLockable, cancellationToken);
                }

                if (lockProblem != null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return (null, lockProblem);
                }

                await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = CatalogCommandTimeoutSeconds };
                foreach (string sql in Queries)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    command.Parameters.Add(SchemaParameter(schemas));
                    batch.BatchCommands.Add(command);
                }

                try
                {
                    await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                    await reader.ReadAsync(cancellationToken);
                    string database = reader.GetString(0);
                    int version = reader.GetInt32(1);
                    string[] missing = reader.GetFieldValue<string[]>(2);

                    rows = new CatalogRows(
                        database,
                        version,
                        missing,
                        await ReadAllAsync(reader, r => new RelationRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)), cancellationToken),
                        await ReadAllAsync(reader, r => new ColumnRow(r.GetInt64(0), r.GetInt16(1), r.GetString(2), NullableString(r, 3)!, r.GetBoolean(4), NullableString(r, 5), NullableString(r, 6), r.GetString(7)), cancellationToken),
                        await ReadAllAsync(reader, r => new ConstraintRow(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableArray<short>(r, 3), NullableString(r, 4), NullableString(r, 5), NullableArray<string>(r, 6), r.GetString(7), r.GetString(8), NullableString(r, 9), r.GetInt64(10)), cancellationToken),
                        await ReadAllAsync(reader, r => new IndexRow(r.GetInt64(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.GetInt32(4), NullableArray<string>(r, 5), NullableString(r, 6), r.GetInt64(7)), cancellationToken),
                        await ReadAllAsync(reader, r => new PartitionRow(r.GetInt64(0), r.GetString(1), r.GetString(2)), cancellationToken),
                        await ReadAllAsync(reader, r => new EnumRow(r.GetString(0), r.GetString(1), NullableArray<string>(r, 2), r.GetInt64(3)), cancellationToken),
                        await ReadAllAsync(reader, r => new DomainRow(r.GetString(0), r.GetString(1), NullableString(r, 2)!, r.GetBoolean(3), NullableString(r, 4), NullableArray<string>(r, 5), NullableArray<string>(r, 6), r.GetInt64(7)), cancellationToken));
                    var histories = await ReadAllAsync(reader, r => (Schema: r.GetString(0), Name: r.GetString(1), IdColumn: r.GetString(2), Unreadable: NullableString(r, 3)), cancellationToken);
                    var sequences = await ReadAllAsync(reader, r => new SequenceRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)), cancellationToken);
                    await reader.DisposeAsync();
                    rows = rows with { Histories = await ReadHistoriesAsync(connection, transaction, histories, cancellationToken), Sequences = sequences };
                }
                catch (PostgresException e) when (IsCatalogRace(e))
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return (null, "server error " + e.SqlState + ": " + e.MessageText);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    // A deparsing function opens a relation no lock of drift's covers (a view, or a table this role may not
                    // lock) while another session holds it exclusively.
                    await transaction.RollbackAsync(CancellationToken.None);
                    throw await LockWaitErrorAsync(connection, lockWait, null, cancellationToken);
                }
                catch (NpgsqlException e) when (e.InnerException is TimeoutException)
                {
                    throw new DriftException("the server did not answer the catalog queries within " + CatalogCommandTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + " s; nothing was written", e);
                }

                string? incomplete = Incomplete(rows);
                if (incomplete != null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return (null, incomplete);
                }

                before = await FingerprintAsync(connection, transaction, rows, cancellationToken);
                if (opening != null && await opening is { } second)
                {
                    after = await FingerprintAsync(second, null, rows, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            after ??= await FingerprintAsync(connection, null, rows, cancellationToken);
            return after == before ? (rows, null) : (null, "DDL committed during the read changed " + Changed(before, after));
        }

        /// <summary>
        /// The applied migration IDs of each history table this role may read, in the read's transaction (so they are those of
        /// the catalog it saw), one round trip for all; the others keep why they could not be read.
        /// </summary>
        private static async Task<List<HistoryRow>> ReadHistoriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Schema, string Name, string IdColumn, string? Unreadable)> tables, CancellationToken cancellationToken)
        {
            var result = new List<HistoryRow>();
            var readable = tables.FindAll(t => t.Unreadable == null);
            if (readable.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = CatalogCommandTimeoutSeconds };
                foreach (var table in readable)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT " + Quote(table.IdColumn) + "::text FROM " + Quote(table.Schema) + "." + Quote(table.Name)));
                }

                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                foreach (var table in readable)
                {
                    var ids = new List<string>();
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        ids.Add(reader.GetString(0));
                    }

                    ids.Sort(StringComparer.Ordinal);
                    result.Add(new HistoryRow(table.Schema, table.Name, ids.ToArray(), null));
                    await reader.NextResultAsync(cancellationToken);
                }
            }

            foreach (var table in tables)
            {
                if (table.Unreadable != null)
                {
                    result.Add(new HistoryRow(table.Schema, table.Name, null, table.Unreadable));
                }
            }

            return result;
        }

        /// <summary>Which catalogs differ between two fingerprints (<c>a=…  c=…</c>), for the message.</summary>
        private static string Changed(string before, string after)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["a"] = "columns", ["c"] = "relations", ["d"] = "defaults", ["i"] = "indexes", ["k"] = "constraints", ["n"] = "schemas", ["t"] = "types",
            };
            var old = new HashSet<string>(before.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            var changed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string part in after.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!old.Remove(part))
                {
                    changed.Add(names.TryGetValue(part.Substring(0, 1), out var name) ? name : part.Substring(0, 1));
                }
            }

            foreach (string part in old)
            {
                changed.Add(names.TryGetValue(part.Substring(0, 1), out var name) ? name : part.Substring(0, 1));
            }

            return "its " + string.Join(", ", changed);
        }

        /// <summary>Locks that took longer than this may have let tables be created meanwhile: list again before the snapshot.</summary>
        private const int SettleAfterMilliseconds = 20;

        /// <summary>The in-scope tables this role may lock, less <paramref name="known"/>.</summary>
        private static async Task<List<(long Oid, string Schema, string Name)>> TablesToLockAsync(NpgsqlConnection connection, string[] schemas, HashSet<long> notLockable, HashSet<long>? known, CancellationToken cancellationToken)
        {
            var toLock = new List<(long Oid, string Schema, string Name)>();
            await using var list = new NpgsqlCommand(TablesToLockQuery, connection);
            list.Parameters.Add(SchemaParameter(schemas));
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                long oid = reader.GetInt64(0);
                if (reader.GetBoolean(3) && !notLockable.Contains(oid) && (known == null || !known.Contains(oid)))
                {
                    toLock.Add((oid, reader.GetString(1), reader.GetString(2)));
                }
            }

            return toLock;
        }

        /// <summary>
        /// Takes ACCESS SHARE on <paramref name="toLock"/> in one round trip. A table dropped since the list is left out
        /// (the server's message names it; the locks taken so far are given back with a savepoint and taken again without
        /// it); a table this role turns out not to be allowed to lock is left out of the next attempt. Null when every lock is held, else why the
        /// read must start again.
        /// </summary>
        private static async Task<string?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(long Oid, string Schema, string Name)> toLock, TimeSpan lockWait, HashSet<long> notLockable, CancellationToken cancellationToken)
        {
            while (toLock.Count > 0)
            {
                // One statement for all, as pg_dump does: the server takes the locks in the order given.
                var statement = new System.Text.StringBuilder("LOCK TABLE ONLY ", 16 + (toLock.Count * 40));
                for (int i = 0; i < toLock.Count; i++)
                {
                    statement.Append(i == 0 ? string.Empty : ", ").Append(Quote(toLock[i].Schema)).Append('.').Append(Quote(toLock[i].Name));
                }

                statement.Append(" IN ACCESS SHARE MODE");
                await using var locks = new NpgsqlBatch(connection, transaction) { Timeout = CommandTimeout(lockWait) };
                locks.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT drift_locks"));
                locks.BatchCommands.Add(new NpgsqlBatchCommand(statement.ToString()));

                try
                {
                    await locks.ExecuteNonQueryAsync(cancellationToken);
                    return null;
                }
                catch (PostgresException e)
                {
                    switch (e.SqlState)
                    {
                        case PostgresErrorCodes.LockNotAvailable:
                            await transaction.RollbackAsync(CancellationToken.None);
                            throw await LockWaitErrorAsync(connection, lockWait, toLock.ConvertAll(t => t.Oid).ToArray(), cancellationToken);
                        case PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName:
                            // 'relation "public.t" does not exist': the name as the LOCK statement gave it, unquoted.
                            int index = -1;
                            for (int i = 0; i < toLock.Count; i++)
                            {
                                if (e.MessageText.Contains("\"" + toLock[i].Schema + "." + toLock[i].Name + "\"", StringComparison.Ordinal))
                                {
                                    index = index == -1 ? i : -2;
                                }
                            }

                            if (index < 0)
                            {
                                return "a table was dropped or renamed before it could be locked";
                            }

                            await using (var back = new NpgsqlCommand("ROLLBACK TO SAVEPOINT drift_locks", connection, transaction))
                            {
                                await back.ExecuteNonQueryAsync(cancellationToken);
                            }

                            toLock.RemoveAt(index);
                            continue;
                        case PostgresErrorCodes.InsufficientPrivilege:
                            foreach (var table in toLock)
                            {
                                if (e.MessageText.Contains(" " + table.Name, StringComparison.Ordinal))
                                {
                                    notLockable.Add(table.Oid);
                                }
                            }

                            return "a table cannot be locked by this role (" + e.MessageText + ")";
                        case PostgresErrorCodes.DeadlockDetected:
                            return "a deadlock with a schema change was broken by ending drift's transaction";
                        default:
                            throw;
                    }
                }
                catch (NpgsqlException e) when (e.InnerException is TimeoutException)
                {
                    throw await LockWaitErrorAsync(connection, lockWait, toLock.ConvertAll(t => t.Oid).ToArray(), cancellationToken);
                }
            }

            return null;
        }

        private static async Task<string> FingerprintAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CatalogRows rows, CancellationToken cancellationToken)
        {
            static NpgsqlParameter Oids(IEnumerable<long> oids) => new NpgsqlParameter { Value = new List<long>(oids).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
            await using var command = new NpgsqlCommand(FingerprintQuery, connection, transaction) { CommandTimeout = CatalogCommandTimeoutSeconds };
            command.Parameters.Add(Oids(rows.Relations.ConvertAll(r => r.Oid)));
            command.Parameters.Add(Oids(rows.Indexes.ConvertAll(i => i.Oid)));
            command.Parameters.Add(Oids(rows.Constraints.ConvertAll(c => c.Oid)));
            var types = rows.Domains.ConvertAll(d => d.Oid);
            types.AddRange(rows.Enums.ConvertAll(e => e.Oid));
            command.Parameters.Add(Oids(types));
            return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        /// <summary>Errors a deparsing function raises when an object it reads by OID was dropped after the snapshot.</summary>
        private static bool IsCatalogRace(PostgresException e)
            => e.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedObject or PostgresErrorCodes.DeadlockDetected
               || e.MessageText.StartsWith("cache lookup failed", StringComparison.Ordinal)
               || e.MessageText.StartsWith("could not open relation", StringComparison.Ordinal);

        /// <summary>A value PostgreSQL only leaves NULL for an object dropped after the snapshot (read again then), or null.</summary>
        private static string? Incomplete(CatalogRows rows)
        {
            var columns = new HashSet<(long, short)>();
            foreach (var column in rows.Columns)
            {
                if (column.Type == null)
                {
                    return "the type of a column was dropped during the read";
                }

                columns.Add((column.RelationOid, column.Number));
            }

            foreach (var constraint in rows.Constraints)
            {
                if (constraint.Type is "p" or "u" or "f")
                {
                    foreach (short number in constraint.ColumnNumbers)
                    {
                        if (!columns.Contains((constraint.RelationOid, number)))
                        {
                            return "constraint " + constraint.Name + " names a column that changed during the read";
                        }
                    }
                }

                if ((constraint.Type == "f" && (constraint.ReferencedTable == null || HasNull(constraint.ReferencedColumns)))
                    || (constraint.Type == "c" && constraint.Definition == null))
                {
                    return "constraint " + constraint.Name + " changed during the read";
                }
            }

            foreach (var index in rows.Indexes)
            {
                if (HasNull(index.Elements))
                {
                    return "index " + index.Name + " changed during the read";
                }
            }

            foreach (var domain in rows.Domains)
            {
                if (domain.BaseType == null || domain.CheckNames.Length != domain.CheckDefinitions.Length || HasNull(domain.CheckDefinitions))
                {
                    return "domain " + domain.Name + " changed during the read";
                }
            }

            foreach (var enumType in rows.Enums)
            {
                if (HasNull(enumType.Labels))
                {
                    return "enum " + enumType.Name + " changed during the read";
                }
            }

            return null;
        }

        private static bool HasNull(string[] values)
        {
            foreach (var value in values)
            {
                if (value is null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The lock wait ran out: names the table (or every in-scope table, when the wait was inside a query) and the
        /// sessions that hold or queue for a conflicting lock on it, without their query text (it may hold data).
        /// </summary>
        private static async Task<DriftException> LockWaitErrorAsync(NpgsqlConnection connection, TimeSpan lockWait, long[]? oids, CancellationToken cancellationToken)
        {
            const string Holders =
                "SELECT n.nspname::text, c.relname::text, l.pid, l.mode, l.granted, coalesce(a.state, ''), " +
                "coalesce(EXTRACT(EPOCH FROM (now() - a.xact_start))::bigint, -1) " +
                "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
                "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid " +
                "WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) " +
                "AND l.pid <> pg_catalog.pg_backend_pid() AND l.mode = 'AccessExclusiveLock' " +
                "AND (cardinality($1::bigint[]) = 0 OR l.relation::bigint = ANY($1::bigint[])) " +
                "ORDER BY l.granted DESC, l.pid LIMIT 3";
            string waited = "waited " + Seconds(lockWait) + " (--lock-wait-timeout) for ACCESS SHARE locks";
            try
            {
                await using var command = new NpgsqlCommand(Holders, connection) { CommandTimeout = 30 };
                command.Parameters.Add(new NpgsqlParameter { Value = oids ?? Array.Empty<long>(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var who = new List<string>();
                string? table = null;
                while (await reader.ReadAsync(cancellationToken))
                {
                    table ??= SnapshotNames.Display(reader.GetString(0), reader.GetString(1));
                    long age = reader.GetInt64(6);
                    string state = reader.GetString(5);
                    who.Add("process " + reader.GetInt32(2).ToString(CultureInfo.InvariantCulture)
                        + (reader.GetBoolean(4) ? " holds" : " queues for") + " ACCESS EXCLUSIVE on " + SnapshotNames.Display(reader.GetString(0), reader.GetString(1))
                        + (state.Length > 0 || age >= 0 ? " (" + (state.Length > 0 ? state : "transaction") + (age >= 0 ? ", transaction open for " + age.ToString(CultureInfo.InvariantCulture) + " s" : string.Empty) + ")" : string.Empty));
                }

                string cause = who.Count > 0
                    ? ": " + string.Join("; ", who)
                    : ": the lock was released since (a schema change, e.g. an uncommitted ALTER TABLE, held it)";
                return new DriftException("drift " + waited + (table != null && who.Count > 0 ? " on table " + table : string.Empty) + cause + "; nothing was written: run drift again once that transaction ends, or allow a longer wait with --lock-wait-timeout");
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return new DriftException("drift " + waited + " on the tables it reads (another session holds a conflicting lock, e.g. an uncommitted ALTER TABLE); nothing was written: run drift again once that transaction ends, or allow a longer wait with --lock-wait-timeout");
            }
        }

        /// <summary>A command timeout (s) that leaves the server's lock_timeout to fire first.</summary>
        private static int CommandTimeout(TimeSpan lockWait) => (int)Math.Min(int.MaxValue, Math.Ceiling(lockWait.TotalSeconds) + 30);

        public static string Seconds(TimeSpan span)
            => span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
                ? span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"
                : span.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";

        private static NpgsqlParameter SchemaParameter(string[] schemas) => new NpgsqlParameter { Value = schemas, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

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
