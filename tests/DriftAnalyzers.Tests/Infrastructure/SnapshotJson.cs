using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>Writes small format-v1 snapshots for tests, in drift's layout (one line per column).</summary>
    internal sealed class SnapshotJson
    {
        private readonly string database;
        private readonly List<string> tables = new();
        private readonly List<string> enums = new();

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

        public override string ToString()
            => "{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 1,\n"
               + $"  \"database\": \"{database}\",\n  \"serverVersion\": \"15\",\n"
               + "  \"filter\": { \"schemas\": [], \"excludeTables\": [] },\n"
               + "  \"tables\": [" + (tables.Count == 0 ? "" : "\n" + string.Join(",\n", tables) + "\n  ") + "],\n"
               + "  \"views\": [],\n  \"enums\": [" + (enums.Count == 0 ? "" : "\n" + string.Join(",\n", enums) + "\n  ") + "],\n  \"domains\": []\n}\n";
    }
}
