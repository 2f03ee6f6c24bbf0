using System.Collections.Generic;

namespace DriftAnalyzers.Snapshots
{
    /// <summary>
    /// A PostgreSQL schema as captured by <c>drift snapshot</c> (format v3, see docs/snapshot-format.md).
    /// The same type is read by the analyzers and written by the CLI, so there is one definition of the format.
    /// </summary>
    internal sealed class SchemaSnapshot
    {
        public const string FormatMarker = "drift-schema-snapshot";
        public const int CurrentVersion = 3;

        /// <summary>The first version with <see cref="MigrationHistory"/>; version 1 files are read as before.</summary>
        public const int MigrationHistoryVersion = 2;

        /// <summary>The first version with <see cref="Sequences"/>; version 1 and 2 files are read as before.</summary>
        public const int SequencesVersion = 3;

        public SchemaSnapshot(
            string database,
            string serverVersion,
            SnapshotFilter filter,
            IReadOnlyList<TableSnapshot> tables,
            IReadOnlyList<ViewSnapshot> views,
            IReadOnlyList<EnumSnapshot> enums,
            IReadOnlyList<DomainSnapshot> domains,
            IReadOnlyList<MigrationHistorySnapshot>? migrationHistory = null,
            IReadOnlyList<SequenceSnapshot>? sequences = null)
        {
            Sequences = sequences;
            MigrationHistory = migrationHistory ?? System.Array.Empty<MigrationHistorySnapshot>();
            Database = database;
            ServerVersion = serverVersion;
            Filter = filter;
            Tables = tables;
            Views = views;
            Enums = enums;
            Domains = domains;
        }

        public string Database { get; }

        /// <summary>The server's major version, e.g. <c>15</c> (files written by earlier builds: major.minor, <c>15.18</c>).</summary>
        public string ServerVersion { get; }

        /// <summary>The <c>--schema</c> and <c>--exclude-table</c> options the snapshot was taken with.</summary>
        public SnapshotFilter Filter { get; }

        public IReadOnlyList<TableSnapshot> Tables { get; }

        public IReadOnlyList<ViewSnapshot> Views { get; }

        public IReadOnlyList<EnumSnapshot> Enums { get; }

        public IReadOnlyList<DomainSnapshot> Domains { get; }

        /// <summary>
        /// EF Core migrations history tables (recognised by shape, whatever their name), sorted by schema and name; empty
        /// when the database has none, and in version 1 files, which did not record them.
        /// </summary>
        public IReadOnlyList<MigrationHistorySnapshot> MigrationHistory { get; }

        /// <summary>
        /// The sequences no column owns (identity and serial sequences are left out: their names are implementation details
        /// the column's identity or default already covers), sorted by schema and name; null in version 1 and 2 files,
        /// which did not record them: then nothing is known about sequences, not that there are none.
        /// </summary>
        public IReadOnlyList<SequenceSnapshot>? Sequences { get; }

        private Dictionary<string, SequenceSnapshot>? sequencesByName;

        /// <summary>A recorded sequence by schema and name (O(1)), or null; always null when sequences were not recorded.</summary>
        public SequenceSnapshot? FindSequence(string schema, string name)
        {
            if (Sequences == null)
            {
                return null;
            }

            var byName = System.Threading.Volatile.Read(ref sequencesByName);
            if (byName == null)
            {
                byName = new Dictionary<string, SequenceSnapshot>(System.StringComparer.Ordinal);
                foreach (var sequence in Sequences)
                {
                    byName[SnapshotNames.Key(sequence.Schema, sequence.Name)] = sequence;
                }

                byName = System.Threading.Interlocked.CompareExchange(ref sequencesByName, byName, null) ?? byName;
            }

            return byName.TryGetValue(SnapshotNames.Key(schema, name), out var found) ? found : null;
        }
    }

    /// <summary>A sequence no column owns: what <c>HasSequence</c> and <c>UseHiLo</c> create.</summary>
    internal sealed class SequenceSnapshot
    {
        public SequenceSnapshot(string schema, string name, string type, long start, long increment, SnapshotPosition position = default)
        {
            Schema = schema;
            Name = name;
            Type = type;
            Start = start;
            Increment = increment;
            Position = position;
        }

        public string Schema { get; }

        public string Name { get; }

        /// <summary><c>smallint</c>, <c>integer</c> or <c>bigint</c>, as <c>format_type()</c> prints it.</summary>
        public string Type { get; }

        /// <summary><c>START WITH</c> (not the current value, which every <c>nextval</c> changes).</summary>
        public long Start { get; }

        public long Increment { get; }

        public SnapshotPosition Position { get; }
    }

    /// <summary>
    /// A table shaped as EF Core's <c>__EFMigrationsHistory</c> (a <c>MigrationId</c> primary key and a <c>ProductVersion</c>
    /// column): the migrations applied to the database, or why the role that took the snapshot could not read them.
    /// </summary>
    internal sealed class MigrationHistorySnapshot
    {
        public MigrationHistorySnapshot(string schema, string name, IReadOnlyList<string>? migrations, string? unreadable, SnapshotPosition position = default)
        {
            Schema = schema;
            Name = name;
            Migrations = migrations;
            Unreadable = unreadable;
            Position = position;
        }

        public string Schema { get; }

        public string Name { get; }

        /// <summary>The applied migration IDs, sorted ordinally (EF Core's IDs start with their timestamp); null when unreadable.</summary>
        public IReadOnlyList<string>? Migrations { get; }

        /// <summary>Why the IDs are not recorded (<c>permission denied</c>, <c>row-level security</c>), or null.</summary>
        public string? Unreadable { get; }

        public SnapshotPosition Position { get; }
    }

    /// <summary>
    /// How schema-qualified names are compared and shown. Never by <c>schema + "." + name</c>: <c>a."b.c"</c> and
    /// <c>"a.b".c</c> are two tables with the same joined string.
    /// </summary>
    internal static class SnapshotNames
    {
        /// <summary>A key for dictionaries: no PostgreSQL name holds a NUL.</summary>
        public static string Key(string schema, string name) => schema + "\u0000" + name;

        /// <summary><c>public.user</c>; a part that holds a dot or a double quote is quoted, as in SQL: <c>a."b.c"</c>.</summary>
        public static string Display(string schema, string name) => Part(schema) + "." + Part(name);

        private static string Part(string identifier)
        {
            foreach (char c in identifier)
            {
                if (c == '.' || c == '"')
                {
                    return "\"" + identifier.Replace("\"", "\"\"") + "\"";
                }
            }

            return identifier;
        }
    }

    internal sealed class SnapshotFilter
    {
        public static readonly SnapshotFilter None = new SnapshotFilter(System.Array.Empty<string>(), System.Array.Empty<string>());

        public SnapshotFilter(IReadOnlyList<string> schemas, IReadOnlyList<string> excludeTables)
        {
            Schemas = schemas;
            ExcludeTables = excludeTables;
        }

        /// <summary>Schemas the snapshot is limited to; empty means every non-system schema.</summary>
        public IReadOnlyList<string> Schemas { get; }

        /// <summary>Glob patterns (<c>*</c>, <c>?</c>) of tables and views left out.</summary>
        public IReadOnlyList<string> ExcludeTables { get; }
    }

    /// <summary>Where an element was read from, 1-based; 0 when it was not read from a file.</summary>
    internal readonly struct SnapshotPosition
    {
        public SnapshotPosition(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    internal static class TableKinds
    {
        public const string Table = "table";
        public const string Partitioned = "partitioned";
        public const string Foreign = "foreign";
    }

    internal sealed class TableSnapshot
    {
        public TableSnapshot(
            string schema,
            string name,
            string kind,
            IReadOnlyList<ColumnSnapshot> columns,
            KeySnapshot? primaryKey,
            IReadOnlyList<ForeignKeySnapshot> foreignKeys,
            IReadOnlyList<KeySnapshot> uniqueConstraints,
            IReadOnlyList<CheckSnapshot> checkConstraints,
            IReadOnlyList<IndexSnapshot> indexes,
            IReadOnlyList<string> partitions,
            SnapshotPosition position = default)
        {
            Schema = schema;
            Name = name;
            Kind = kind;
            Columns = columns;
            PrimaryKey = primaryKey;
            ForeignKeys = foreignKeys;
            UniqueConstraints = uniqueConstraints;
            CheckConstraints = checkConstraints;
            Indexes = indexes;
            Partitions = partitions;
            Position = position;
        }

        public string Schema { get; }

        public string Name { get; }

        /// <summary>One of <see cref="TableKinds"/>.</summary>
        public string Kind { get; }

        /// <summary>In ordinal order.</summary>
        public IReadOnlyList<ColumnSnapshot> Columns { get; }

        private Dictionary<string, ColumnSnapshot>? columnsByName;

        /// <summary>
        /// The columns by exact name (PostgreSQL names are case-sensitive), built on first use and then kept with the
        /// parsed snapshot: once per snapshot content, however many compilations look columns up.
        /// </summary>
        public IReadOnlyDictionary<string, ColumnSnapshot> ColumnsByName
        {
            get
            {
                var index = System.Threading.Volatile.Read(ref columnsByName);
                if (index == null)
                {
                    index = new Dictionary<string, ColumnSnapshot>(Columns.Count, System.StringComparer.Ordinal);
                    foreach (var column in Columns)
                    {
                        index[column.Name] = column;
                    }

                    index = System.Threading.Interlocked.CompareExchange(ref columnsByName, index, null) ?? index;
                }

                return index;
            }
        }

        public KeySnapshot? PrimaryKey { get; }

        public IReadOnlyList<ForeignKeySnapshot> ForeignKeys { get; }

        public IReadOnlyList<KeySnapshot> UniqueConstraints { get; }

        public IReadOnlyList<CheckSnapshot> CheckConstraints { get; }

        /// <summary>Indexes that do not back a primary key or unique constraint.</summary>
        public IReadOnlyList<IndexSnapshot> Indexes { get; }

        /// <summary>Qualified names (<c>schema.name</c>) of the partitions of a partitioned table.</summary>
        public IReadOnlyList<string> Partitions { get; }

        public SnapshotPosition Position { get; }

        public string QualifiedName => Schema + "." + Name;
    }

    internal sealed class ColumnSnapshot
    {
        public ColumnSnapshot(
            string name,
            string type,
            bool nullable,
            string? @default = null,
            string? identity = null,
            string? generated = null,
            SnapshotPosition position = default)
        {
            Name = name;
            Type = type;
            Nullable = nullable;
            Default = @default;
            Identity = identity;
            Generated = generated;
            Position = position;
        }

        public string Name { get; }

        /// <summary>The type as PostgreSQL's <c>format_type()</c> prints it, e.g. <c>character varying(255)</c>.</summary>
        public string Type { get; }

        public bool Nullable { get; }

        /// <summary>The default expression, e.g. <c>nextval('public.user_id_seq'::regclass)</c>.</summary>
        public string? Default { get; }

        /// <summary><c>always</c> or <c>by default</c> for identity columns.</summary>
        public string? Identity { get; }

        /// <summary>The generation expression of a stored generated column.</summary>
        public string? Generated { get; }

        public SnapshotPosition Position { get; }
    }

    /// <summary>A primary key or unique constraint.</summary>
    internal sealed class KeySnapshot
    {
        public KeySnapshot(string name, IReadOnlyList<string> columns)
        {
            Name = name;
            Columns = columns;
        }

        public string Name { get; }

        public IReadOnlyList<string> Columns { get; }
    }

    internal sealed class ForeignKeySnapshot
    {
        public ForeignKeySnapshot(
            string name,
            IReadOnlyList<string> columns,
            string referencedSchema,
            string referencedTable,
            IReadOnlyList<string> referencedColumns,
            string onDelete,
            string onUpdate)
        {
            Name = name;
            Columns = columns;
            ReferencedSchema = referencedSchema;
            ReferencedTable = referencedTable;
            ReferencedColumns = referencedColumns;
            OnDelete = onDelete;
            OnUpdate = onUpdate;
        }

        public string Name { get; }

        public IReadOnlyList<string> Columns { get; }

        public string ReferencedSchema { get; }

        public string ReferencedTable { get; }

        public IReadOnlyList<string> ReferencedColumns { get; }

        /// <summary><c>no action</c>, <c>restrict</c>, <c>cascade</c>, <c>set null</c> or <c>set default</c>.</summary>
        public string OnDelete { get; }

        public string OnUpdate { get; }
    }

    internal sealed class CheckSnapshot
    {
        public CheckSnapshot(string name, string definition)
        {
            Name = name;
            Definition = definition;
        }

        public string Name { get; }

        /// <summary>As <c>pg_get_constraintdef()</c> prints it, e.g. <c>CHECK ((price &gt; (0)::numeric))</c>.</summary>
        public string Definition { get; }
    }

    internal sealed class IndexSnapshot
    {
        public IndexSnapshot(
            string name,
            IReadOnlyList<string> columns,
            IReadOnlyList<string> include,
            bool unique,
            string method,
            string? predicate)
        {
            Name = name;
            Columns = columns;
            Include = include;
            Unique = unique;
            Method = method;
            Predicate = predicate;
        }

        public string Name { get; }

        /// <summary>Key columns in order: a column name, or the expression text for an expression key.</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>Non-key columns of <c>INCLUDE (...)</c>.</summary>
        public IReadOnlyList<string> Include { get; }

        public bool Unique { get; }

        /// <summary>The access method: <c>btree</c>, <c>hash</c>, <c>gin</c>, <c>gist</c>, …</summary>
        public string Method { get; }

        /// <summary>The <c>WHERE</c> clause of a partial index.</summary>
        public string? Predicate { get; }
    }

    internal sealed class ViewSnapshot
    {
        public ViewSnapshot(string schema, string name, bool materialized, IReadOnlyList<ViewColumnSnapshot> columns, SnapshotPosition position = default)
        {
            Schema = schema;
            Name = name;
            Materialized = materialized;
            Columns = columns;
            Position = position;
        }

        public string Schema { get; }

        public string Name { get; }

        public bool Materialized { get; }

        public IReadOnlyList<ViewColumnSnapshot> Columns { get; }

        public SnapshotPosition Position { get; }

        public string QualifiedName => Schema + "." + Name;
    }

    /// <summary>A view column: PostgreSQL does not track nullability or defaults for them.</summary>
    internal sealed class ViewColumnSnapshot
    {
        public ViewColumnSnapshot(string name, string type, SnapshotPosition position = default)
        {
            Name = name;
            Type = type;
            Position = position;
        }

        public string Name { get; }

        public string Type { get; }

        public SnapshotPosition Position { get; }
    }

    internal sealed class EnumSnapshot
    {
        public EnumSnapshot(string schema, string name, IReadOnlyList<string> labels)
        {
            Schema = schema;
            Name = name;
            Labels = labels;
        }

        public string Schema { get; }

        public string Name { get; }

        /// <summary>In the enum's sort order.</summary>
        public IReadOnlyList<string> Labels { get; }

        public string QualifiedName => Schema + "." + Name;
    }

    internal sealed class DomainSnapshot
    {
        public DomainSnapshot(string schema, string name, string baseType, bool nullable, string? @default, IReadOnlyList<CheckSnapshot> checks)
        {
            Schema = schema;
            Name = name;
            BaseType = baseType;
            Nullable = nullable;
            Default = @default;
            Checks = checks;
        }

        public string Schema { get; }

        public string Name { get; }

        public string BaseType { get; }

        public bool Nullable { get; }

        public string? Default { get; }

        public IReadOnlyList<CheckSnapshot> Checks { get; }

        public string QualifiedName => Schema + "." + Name;
    }
}
