using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>Writes small snapshots for tests, in drift's layout (one line per column): format 1, or 2 when they record a migrations history.</summary>
    internal sealed class SnapshotJson
    {
        private readonly string database;
        private readonly List<string> tables = new();
        private readonly List<string> enums = new();
        private readonly List<string> histories = new();

        /// <summary>The tables as written, to add to another snapshot with <see cref="Raw"/>.</summary>
        public IReadOnlyList<string> Tables => tables;

        /// <summary>A table as another <see cref="SnapshotJson"/> wrote it.</summary>
        public SnapshotJson Raw(string table)
        {
            tables.Add(table);
            return this;
        }

        /// <summary>A migrations history table (format 2) with its applied migration IDs (sorted as drift writes them).</summary>
        public SnapshotJson History(string schema, string name, params string[] ids)
        {
            var sorted = ids.OrderBy(id => id, System.StringComparer.Ordinal).Select(id => "        \"" + id + "\"");
            histories.Add($"    {{\n      \"schema\": \"{schema}\",\n      \"name\": \"{name}\",\n      \"migrations\": " + (ids.Length == 0 ? "[]" : "[\n" + string.Join(",\n", sorted) + "\n      ]") + "\n    }");
            return this;
        }

        /// <summary>A migrations history table the role could not read (format 2).</summary>
        public SnapshotJson UnreadableHistory(string schema, string name, string reason = "permission denied")
        {
            histories.Add($"    {{\n      \"schema\": \"{schema}\",\n      \"name\": \"{name}\",\n      \"unreadable\": \"{reason}\"\n    }}");
            return this;
        }

        public SnapshotJson Enum(string schema, string name, params string[] labels)
        {
            enums.Add($"    {{ \"schema\": \"{schema}\", \"name\": \"{name}\", \"labels\": [{string.Join(", ", labels.Select(l => "\"" + l + "\""))}] }}");
            return this;
        }

        public SnapshotJson(string database = "app")
        {
            this.database = database;
        }

        /// <param name="columns">Each column as "name type" or "name type null" (nullable), e.g. "user_id integer".</param>
        public SnapshotJson Table(string schema, string name, params string[] columns)
        {
            var b = new StringBuilder();
            b.Append("    {\n");
            b.Append($"      \"schema\": \"{schema}\",\n      \"name\": \"{name}\",\n      \"kind\": \"table\",\n      \"columns\": [");
            if (columns.Length > 0)
            {
                b.Append('\n');
                b.Append(string.Join(",\n", columns.Select(Column)));
                b.Append("\n      ");
            }

            b.Append("],\n      \"primaryKey\": null,\n      \"foreignKeys\": [],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }");
            tables.Add(b.ToString());
            return this;
        }

        /// <param name="spec">"name type", "name type null", optionally followed by '|' and more of the column's JSON members.</param>
        private static string Column(string spec)
        {
            string extra = string.Empty;
            int bar = spec.IndexOf('|', System.StringComparison.Ordinal);
            if (bar >= 0)
            {
                extra = string.Concat(", ", System.MemoryExtensions.AsSpan(spec, bar + 1));
                spec = spec.Substring(0, bar);
            }

            var parts = spec.Split(' ');
            bool nullable = parts[^1] == "null";
            string type = string.Join(" ", parts.Skip(1).Take(parts.Length - 1 - (nullable ? 1 : 0)));
            return $"        {{ \"name\": \"{parts[0]}\", \"type\": \"{type}\", \"nullable\": {(nullable ? "true" : "false")}{extra} }}";
        }

        /// <summary>
        /// The database EF Core creates for <paramref name="context"/>'s model (its relational model: tables, columns with their
        /// store types, nullability, identity, defaults and generation expressions as the model states them, primary and
        /// foreign keys with their ON DELETE, unique constraints, check constraints and indexes), as drift would snapshot it,
        /// but for the casts and parentheses PostgreSQL adds to expressions. <paramref name="change"/> may alter a table's
        /// description (schema, name, columns, FK constraints) to inject drift.
        /// </summary>
        public static SnapshotJson FromModel(Microsoft.EntityFrameworkCore.DbContext context, string database = "app", System.Func<TableSpec, TableSpec?>? change = null)
        {
            // The design-time model: the run-time one keeps no defaults or check constraints.
            var model = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>(context).Model;
            var json = new SnapshotJson(database);
            foreach (var table in Microsoft.EntityFrameworkCore.RelationalModelExtensions.GetRelationalModel(model).Tables.OrderBy(t => t.Schema).ThenBy(t => t.Name, System.StringComparer.Ordinal))
            {
                string Names(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => "\"" + n + "\"")) + "]";
                var spec = new TableSpec(
                    table.Schema ?? "public",
                    table.Name,
                    table.Columns.Select(c => c.Name + " " + c.StoreType + (c.IsNullable ? " null" : string.Empty) + Identity(c) + Default(c)).ToList(),
                    table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? new List<string>(),
                    table.ForeignKeyConstraints.Select(f => (f.Name ?? "fk", f.Columns.Select(c => c.Name).ToList(), f.PrincipalTable.Schema ?? "public", f.PrincipalTable.Name, f.PrincipalColumns.Select(c => c.Name).ToList(), OnDelete(f.OnDeleteAction))).ToList())
                {
                    UniqueConstraints = "[" + string.Join(", ", table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()).Select(u => $"{{ \"name\": \"{u.Name}\", \"columns\": {Names(u.Columns.Select(c => c.Name))} }}")) + "]",
                    CheckConstraints = "[" + string.Join(", ", table.CheckConstraints.Select(c => $"{{ \"name\": \"{c.Name}\", \"definition\": \"CHECK ({c.Sql.Replace("\"", "\\\"", System.StringComparison.Ordinal)})\" }}")) + "]",
                    Indexes = "[" + string.Join(", ", table.Indexes.Select(i => $"{{ \"name\": \"{i.Name}\", \"columns\": {Names(i.Columns.Select(c => c.Name))}, \"include\": [], \"unique\": {(i.IsUnique ? "true" : "false")}, \"method\": \"btree\"{(i.Filter == null ? string.Empty : ", \"predicate\": \"" + i.Filter.Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\"")} }}")) + "]",
                };
                if ((change != null ? change(spec) : spec) is { } changed)
                {
                    json.Add(changed);
                }
            }

            return json;
        }

        private static string Identity(Microsoft.EntityFrameworkCore.Metadata.IColumn column)
        {
            if (column.PropertyMappings.Count == 0)
            {
                // A JSON column of owned types: nothing generates it.
                return string.Empty;
            }

            var property = column.PropertyMappings[0].Property;
            var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(column.Table.Name, column.Table.Schema);
            return Microsoft.EntityFrameworkCore.NpgsqlPropertyExtensions.GetValueGenerationStrategy(property, table) switch
            {
                Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn => "|\"identity\": \"by default\"",
                Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn => "|\"identity\": \"always\"",
                _ => string.Empty,
            };
        }

        /// <summary>The column's default and generation expression as the SQL the model states (PostgreSQL adds casts and parentheses, which the rules ignore); a literal default of a string, number or bool.</summary>
        private static string Default(Microsoft.EntityFrameworkCore.Metadata.IColumn column)
        {
            static string Json(string text) => "\"" + text.Replace("\\", "\\\\", System.StringComparison.Ordinal).Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\"";
            string? sql = column.DefaultValueSql ?? column.DefaultValue switch
            {
                null => null,
                string text => "'" + text.Replace("'", "''", System.StringComparison.Ordinal) + "'::text",
                bool flag => flag ? "true" : "false",
                System.IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            string bar = column.PropertyMappings.Count > 0 && Identity(column).Length > 0 ? ", " : "|";
            if (column.ComputedColumnSql != null)
            {
                return bar + "\"generated\": " + Json("(" + column.ComputedColumnSql + ")");
            }

            return sql == null ? string.Empty : bar + "\"default\": " + Json(sql);
        }

        private static string OnDelete(Microsoft.EntityFrameworkCore.Migrations.ReferentialAction action) => action switch
        {
            Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.Cascade => "cascade",
            Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.SetNull => "set null",
            Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.Restrict => "restrict",
            Microsoft.EntityFrameworkCore.Migrations.ReferentialAction.SetDefault => "set default",
            _ => "no action",
        };

        /// <summary>A table as <see cref="FromModel"/> writes it (unique constraints and indexes as their JSON arrays).</summary>
        public sealed record TableSpec(string Schema, string Name, List<string> Columns, List<string> PrimaryKey, List<(string Name, List<string> Columns, string ReferencedSchema, string ReferencedTable, List<string> ReferencedColumns, string OnDelete)> ForeignKeys)
        {
            public string UniqueConstraints { get; init; } = "[]";

            public string Indexes { get; init; } = "[]";

            public string CheckConstraints { get; init; } = "[]";
        }

        private void Add(TableSpec spec)
        {
            string Names(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => "\"" + n + "\"")) + "]";
            var b = new StringBuilder();
            b.Append("    {\n");
            b.Append($"      \"schema\": \"{spec.Schema}\",\n      \"name\": \"{spec.Name}\",\n      \"kind\": \"table\",\n      \"columns\": [");
            if (spec.Columns.Count > 0)
            {
                b.Append('\n').Append(string.Join(",\n", spec.Columns.Select(Column))).Append("\n      ");
            }

            b.Append("],\n      \"primaryKey\": ");
            b.Append(spec.PrimaryKey.Count == 0 ? "null" : $"{{ \"name\": \"pk_{spec.Name}\", \"columns\": {Names(spec.PrimaryKey)} }}");
            b.Append(",\n      \"foreignKeys\": [");
            b.Append(string.Join(", ", spec.ForeignKeys.Select(f => $"{{ \"name\": \"{f.Name}\", \"columns\": {Names(f.Columns)}, \"referencedSchema\": \"{f.ReferencedSchema}\", \"referencedTable\": \"{f.ReferencedTable}\", \"referencedColumns\": {Names(f.ReferencedColumns)}, \"onDelete\": \"{f.OnDelete}\", \"onUpdate\": \"no action\" }}")));
            b.Append($"],\n      \"uniqueConstraints\": {spec.UniqueConstraints},\n      \"checkConstraints\": {spec.CheckConstraints},\n      \"indexes\": {spec.Indexes}\n    }}");
            tables.Add(b.ToString());
        }

        public override string ToString()
            => "{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": " + (histories.Count > 0 ? "2" : "1") + ",\n"
               + $"  \"database\": \"{database}\",\n  \"serverVersion\": \"15\",\n"
               + "  \"filter\": { \"schemas\": [], \"excludeTables\": [] },\n"
               + "  \"tables\": [" + (tables.Count == 0 ? "" : "\n" + string.Join(",\n", tables) + "\n  ") + "],\n"
               + "  \"views\": [],\n  \"enums\": [" + (enums.Count == 0 ? "" : "\n" + string.Join(",\n", enums) + "\n  ") + "],\n  \"domains\": []"
               + (histories.Count == 0 ? string.Empty : ",\n  \"migrationHistory\": [\n" + string.Join(",\n", histories) + "\n  ]") + "\n}\n";
    }
}
