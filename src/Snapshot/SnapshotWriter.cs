using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// Writes format v3 for people reading pull requests: two-space indentation, LF line ends, a final newline, and one
    /// line per column, key, index and constraint, so a changed column is a one-line diff. Byte-identical for equal input.
    /// </summary>
    internal sealed class SnapshotWriter
    {
        private readonly StringBuilder b;
        private bool firstProperty;

        private SnapshotWriter(int capacity)
        {
            b = new StringBuilder(capacity);
        }

        public static string Write(SchemaSnapshot snapshot)
        {
            var w = new SnapshotWriter(4096 + (snapshot.Tables.Count * 2048));
            w.b.Append("{\n");
            w.Indent(1).Key("format").String(SchemaSnapshot.FormatMarker).EndLine(last: false);
            w.Indent(1).Key("version").Raw(SchemaSnapshot.CurrentVersion.ToString(CultureInfo.InvariantCulture)).EndLine(last: false);
            w.Indent(1).Key("database").String(snapshot.Database).EndLine(last: false);
            w.Indent(1).Key("serverVersion").String(snapshot.ServerVersion).EndLine(last: false);
            w.Indent(1).Key("filter").Open().Prop("schemas", snapshot.Filter.Schemas).Prop("excludeTables", snapshot.Filter.ExcludeTables).Close().EndLine(last: false);
            w.Array(1, "tables", snapshot.Tables, w.Table, last: false);
            w.Array(1, "views", snapshot.Views, w.View, last: false);
            w.Array(1, "enums", snapshot.Enums, (e, indent) => w.Indent(indent).Open().Prop("schema", e.Schema).Prop("name", e.Name).Prop("labels", e.Labels).Close(), last: false);
            w.Array(1, "domains", snapshot.Domains, w.Domain, last: false);
            if (snapshot.MigrationHistory.Count > 0)
            {
                w.Array(1, "migrationHistory", snapshot.MigrationHistory, w.MigrationHistory, last: false);
            }

            // Always written, even empty: an absent list means a writer that did not record sequences.
            w.Array(1, "sequences", snapshot.Sequences ?? System.Array.Empty<SequenceSnapshot>(), (q, indent) => w.Indent(indent).Open()
                .Prop("schema", q.Schema).Prop("name", q.Name).Prop("type", q.Type)
                .Prop("start", q.Start).Prop("increment", q.Increment)
                .Close(), last: true);

            w.b.Append("}\n");
            return w.b.ToString();
        }

        private void Table(TableSnapshot table, int indent)
        {
            Indent(indent).b.Append("{\n");
            int i = indent + 1;
            Indent(i).Key("schema").String(table.Schema).EndLine(last: false);
            Indent(i).Key("name").String(table.Name).EndLine(last: false);
            Indent(i).Key("kind").String(table.Kind).EndLine(last: false);
            Array(i, "columns", table.Columns, (c, n) => Indent(n).Open()
                .Prop("name", c.Name).Prop("type", c.Type).Prop("nullable", c.Nullable)
                .OptionalProp("default", c.Default).OptionalProp("identity", c.Identity).OptionalProp("generated", c.Generated)
                .Close(), last: false);
            Indent(i).Key("primaryKey");
            if (table.PrimaryKey == null)
            {
                Raw("null");
            }
            else
            {
                Open().Prop("name", table.PrimaryKey.Name).Prop("columns", table.PrimaryKey.Columns).Close();
            }

            EndLine(last: false);
            Array(i, "foreignKeys", table.ForeignKeys, (fk, n) => Indent(n).Open()
                .Prop("name", fk.Name).Prop("columns", fk.Columns)
                .Prop("referencedSchema", fk.ReferencedSchema).Prop("referencedTable", fk.ReferencedTable).Prop("referencedColumns", fk.ReferencedColumns)
                .Prop("onDelete", fk.OnDelete).Prop("onUpdate", fk.OnUpdate)
                .Close(), last: false);
            Array(i, "uniqueConstraints", table.UniqueConstraints, (k, n) => Indent(n).Open().Prop("name", k.Name).Prop("columns", k.Columns).Close(), last: false);
            Array(i, "checkConstraints", table.CheckConstraints, Check, last: false);
            bool hasPartitions = table.Partitions.Count > 0;
            Array(i, "indexes", table.Indexes, (index, n) =>
            {
                Indent(n).Open().Prop("name", index.Name).Prop("columns", index.Columns);
                if (index.Include.Count > 0)
                {
                    Prop("include", index.Include);
                }

                Prop("unique", index.Unique).Prop("method", index.Method).OptionalProp("predicate", index.Predicate).Close();
            }, last: !hasPartitions);
            if (hasPartitions)
            {
                Indent(i).Key("partitions").StringArray(table.Partitions).EndLine(last: true);
            }

            Indent(indent).b.Append('}');
        }

        private void View(ViewSnapshot view, int indent)
        {
            Indent(indent).b.Append("{\n");
            int i = indent + 1;
            Indent(i).Key("schema").String(view.Schema).EndLine(last: false);
            Indent(i).Key("name").String(view.Name).EndLine(last: false);
            Indent(i).Key("materialized").Raw(view.Materialized ? "true" : "false").EndLine(last: false);
            Array(i, "columns", view.Columns, (c, n) => Indent(n).Open().Prop("name", c.Name).Prop("type", c.Type).Close(), last: true);
            Indent(indent).b.Append('}');
        }

        private void Domain(DomainSnapshot domain, int indent)
        {
            Indent(indent).b.Append("{\n");
            int i = indent + 1;
            Indent(i).Key("schema").String(domain.Schema).EndLine(last: false);
            Indent(i).Key("name").String(domain.Name).EndLine(last: false);
            Indent(i).Key("baseType").String(domain.BaseType).EndLine(last: false);
            Indent(i).Key("nullable").Raw(domain.Nullable ? "true" : "false").EndLine(last: false);
            if (domain.Default != null)
            {
                Indent(i).Key("default").String(domain.Default).EndLine(last: false);
            }

            Array(i, "checks", domain.Checks, Check, last: true);
            Indent(indent).b.Append('}');
        }

        /// <summary>A history table; its applied migrations one per line, so a newly applied one is a one-line diff.</summary>
        private void MigrationHistory(MigrationHistorySnapshot history, int indent)
        {
            Indent(indent).b.Append("{\n");
            int i = indent + 1;
            Indent(i).Key("schema").String(history.Schema).EndLine(last: false);
            Indent(i).Key("name").String(history.Name).EndLine(last: false);
            if (history.Migrations is { } migrations)
            {
                Array(i, "migrations", migrations, (id, n) => Indent(n).String(id), last: true);
            }
            else
            {
                Indent(i).Key("unreadable").String(history.Unreadable ?? string.Empty).EndLine(last: true);
            }

            Indent(indent).b.Append('}');
        }

        private void Check(CheckSnapshot check, int indent) => Indent(indent).Open().Prop("name", check.Name).Prop("definition", check.Definition).Close();

        /// <summary><c>"key": [</c>, one item per line, <c>]</c>; or <c>"key": []</c> when empty.</summary>
        private void Array<T>(int indent, string key, IReadOnlyList<T> items, Action<T, int> writeItem, bool last)
        {
            Indent(indent).Key(key);
            if (items.Count == 0)
            {
                b.Append("[]");
            }
            else
            {
                b.Append("[\n");
                for (int i = 0; i < items.Count; i++)
                {
                    writeItem(items[i], indent + 1);
                    b.Append(i < items.Count - 1 ? ",\n" : "\n");
                }

                Indent(indent).b.Append(']');
            }

            EndLine(last);
        }

        private void EndLine(bool last) => b.Append(last ? "\n" : ",\n");

        private SnapshotWriter Indent(int level)
        {
            b.Append(' ', level * 2);
            return this;
        }

        private SnapshotWriter Raw(string text)
        {
            b.Append(text);
            return this;
        }

        private SnapshotWriter Key(string key)
        {
            String(key);
            b.Append(": ");
            return this;
        }

        /// <summary>Starts a one-line object: <c>{ "a": 1, "b": 2 }</c>.</summary>
        private SnapshotWriter Open()
        {
            b.Append("{ ");
            firstProperty = true;
            return this;
        }

        private SnapshotWriter Close()
        {
            b.Append(" }");
            return this;
        }

        private SnapshotWriter Prop(string key, string value) => Separator().Key(key).String(value);

        private SnapshotWriter Prop(string key, bool value) => Separator().Key(key).Raw(value ? "true" : "false");

        private SnapshotWriter Prop(string key, long value) => Separator().Key(key).Raw(value.ToString(CultureInfo.InvariantCulture));

        private SnapshotWriter Prop(string key, IReadOnlyList<string> values) => Separator().Key(key).StringArray(values);

        private SnapshotWriter OptionalProp(string key, string? value) => value == null ? this : Prop(key, value);

        private SnapshotWriter Separator()
        {
            if (!firstProperty)
            {
                b.Append(", ");
            }

            firstProperty = false;
            return this;
        }

        private SnapshotWriter StringArray(IReadOnlyList<string> values)
        {
            b.Append('[');
            for (int i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    b.Append(", ");
                }

                String(values[i]);
            }

            b.Append(']');
            return this;
        }

        /// <summary>A JSON string: quotes, backslashes and control characters escaped, everything else as is (UTF-8).</summary>
        private SnapshotWriter String(string value)
        {
            b.Append('"');
            int run = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                string? escape = c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when c < ' ' || c == '\u2028' || c == '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (escape != null)
                {
                    b.Append(value, run, i - run).Append(escape);
                    run = i + 1;
                }
            }

            b.Append(value, run, value.Length - run).Append('"');
            return this;
        }
    }
}
