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

        private static string Column(string spec)
        {
            var parts = spec.Split(' ');
            bool nullable = parts[^1] == "null";
            string type = string.Join(" ", parts.Skip(1).Take(parts.Length - 1 - (nullable ? 1 : 0)));
            return $"        {{ \"name\": \"{parts[0]}\", \"type\": \"{type}\", \"nullable\": {(nullable ? "true" : "false")} }}";
        }

        /// <summary>
        /// The database EF Core creates for <paramref name="model"/> (its relational model: tables, columns with their store
        /// types and nullability, primary and foreign keys), as drift would snapshot it. <paramref name="change"/> may alter a
        /// table's description (schema, name, columns, FK constraints) to inject drift.
        /// </summary>
        public static SnapshotJson FromModel(Microsoft.EntityFrameworkCore.Metadata.IModel model, string database = "app", System.Func<TableSpec, TableSpec?>? change = null)
        {
            var json = new SnapshotJson(database);
            foreach (var table in Microsoft.EntityFrameworkCore.RelationalModelExtensions.GetRelationalModel(model).Tables.OrderBy(t => t.Schema).ThenBy(t => t.Name, System.StringComparer.Ordinal))
            {
                var spec = new TableSpec(
                    table.Schema ?? "public",
                    table.Name,
                    table.Columns.Select(c => c.Name + " " + c.StoreType + (c.IsNullable ? " null" : string.Empty)).ToList(),
                    table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? new List<string>(),
                    table.ForeignKeyConstraints.Select(f => (f.Name ?? "fk", f.Columns.Select(c => c.Name).ToList(), f.PrincipalTable.Schema ?? "public", f.PrincipalTable.Name, f.PrincipalColumns.Select(c => c.Name).ToList())).ToList());
                if ((change != null ? change(spec) : spec) is { } changed)
                {
                    json.Add(changed);
                }
            }

            return json;
        }

        /// <summary>A table as <see cref="FromModel"/> writes it.</summary>
        public sealed record TableSpec(string Schema, string Name, List<string> Columns, List<string> PrimaryKey, List<(string Name, List<string> Columns, string ReferencedSchema, string ReferencedTable, List<string> ReferencedColumns)> ForeignKeys);

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
            b.Append(string.Join(", ", spec.ForeignKeys.Select(f => $"{{ \"name\": \"{f.Name}\", \"columns\": {Names(f.Columns)}, \"referencedSchema\": \"{f.ReferencedSchema}\", \"referencedTable\": \"{f.ReferencedTable}\", \"referencedColumns\": {Names(f.ReferencedColumns)}, \"onDelete\": \"cascade\", \"onUpdate\": \"no action\" }}")));
            b.Append("],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }");
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
