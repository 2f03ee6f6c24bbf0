using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// Writes format v1 for people reading pull requests: two-space indentation, LF line ends, a final newline, and one
    /// line per column, key, index and constraint, so a changed column is a one-line diff. Byte-identical for equal input.
    /// </summary>
    internal static class SnapshotWriter
    {
        public static string Write(SchemaSnapshot snapshot)
        {
            var w = new StringBuilder();
            w.Append("{\n");
            Line(w, 1, Pair("format", Str(SchemaSnapshot.FormatMarker)) + ",");
            Line(w, 1, Pair("version", SchemaSnapshot.CurrentVersion.ToString(CultureInfo.InvariantCulture)) + ",");
            Line(w, 1, Pair("database", Str(snapshot.Database)) + ",");
            Line(w, 1, Pair("serverVersion", Str(snapshot.ServerVersion)) + ",");
            Line(w, 1, Pair("filter", Inline(Pair("schemas", Strs(snapshot.Filter.Schemas)), Pair("excludeTables", Strs(snapshot.Filter.ExcludeTables)))) + ",");
            Block(w, 1, "tables", snapshot.Tables, WriteTable, last: false);
            Block(w, 1, "views", snapshot.Views, WriteView, last: false);
            Block(w, 1, "enums", snapshot.Enums, (b, indent, e) => Line(b, indent, Inline(Pair("schema", Str(e.Schema)), Pair("name", Str(e.Name)), Pair("labels", Strs(e.Labels)))), last: false);
            Block(w, 1, "domains", snapshot.Domains, WriteDomain, last: true);
            w.Append("}\n");
            return w.ToString();
        }

        /// <summary>
        /// Writes through a temporary file in the same folder and a rename, so an interrupted run never leaves a
        /// truncated snapshot: the old file stays until the new one is complete.
        /// </summary>
        public static void WriteAtomically(string path, string content)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath)!;
            if (!Directory.Exists(directory))
            {
                throw new DriftException("output folder '" + directory + "' does not exist");
            }

            string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, fullPath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(temporary);
                throw new DriftException("cannot write '" + path + "': " + e.Message, e);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static void WriteTable(StringBuilder w, int indent, TableSnapshot table)
        {
            Line(w, indent, "{");
            int i = indent + 1;
            Line(w, i, Pair("schema", Str(table.Schema)) + ",");
            Line(w, i, Pair("name", Str(table.Name)) + ",");
            Line(w, i, Pair("kind", Str(table.Kind)) + ",");
            Block(w, i, "columns", table.Columns, (b, n, c) => Line(b, n, Column(c)), last: false);
            Line(w, i, Pair("primaryKey", table.PrimaryKey == null ? "null" : Key(table.PrimaryKey)) + ",");
            Block(w, i, "foreignKeys", table.ForeignKeys, (b, n, fk) => Line(b, n, Inline(
                Pair("name", Str(fk.Name)),
                Pair("columns", Strs(fk.Columns)),
                Pair("referencedSchema", Str(fk.ReferencedSchema)),
                Pair("referencedTable", Str(fk.ReferencedTable)),
                Pair("referencedColumns", Strs(fk.ReferencedColumns)),
                Pair("onDelete", Str(fk.OnDelete)),
                Pair("onUpdate", Str(fk.OnUpdate)))), last: false);
            Block(w, i, "uniqueConstraints", table.UniqueConstraints, (b, n, k) => Line(b, n, Key(k)), last: false);
            Block(w, i, "checkConstraints", table.CheckConstraints, (b, n, c) => Line(b, n, Check(c)), last: false);
            bool hasPartitions = table.Partitions.Count > 0;
            Block(w, i, "indexes", table.Indexes, (b, n, index) => Line(b, n, Index(index)), last: !hasPartitions);
            if (hasPartitions)
            {
                Line(w, i, Pair("partitions", Strs(table.Partitions)));
            }

            w.Append(' ', indent * 2).Append('}');
        }

        private static void WriteView(StringBuilder w, int indent, ViewSnapshot view)
        {
            Line(w, indent, "{");
            int i = indent + 1;
            Line(w, i, Pair("schema", Str(view.Schema)) + ",");
            Line(w, i, Pair("name", Str(view.Name)) + ",");
            Line(w, i, Pair("materialized", Bool(view.Materialized)) + ",");
            Block(w, i, "columns", view.Columns, (b, n, c) => Line(b, n, Inline(Pair("name", Str(c.Name)), Pair("type", Str(c.Type)))), last: true);
            w.Append(' ', indent * 2).Append('}');
        }

        private static void WriteDomain(StringBuilder w, int indent, DomainSnapshot domain)
        {
            Line(w, indent, "{");
            int i = indent + 1;
            Line(w, i, Pair("schema", Str(domain.Schema)) + ",");
            Line(w, i, Pair("name", Str(domain.Name)) + ",");
            Line(w, i, Pair("baseType", Str(domain.BaseType)) + ",");
            Line(w, i, Pair("nullable", Bool(domain.Nullable)) + ",");
            if (domain.Default != null)
            {
                Line(w, i, Pair("default", Str(domain.Default)) + ",");
            }

            Block(w, i, "checks", domain.Checks, (b, n, c) => Line(b, n, Check(c)), last: true);
            w.Append(' ', indent * 2).Append('}');
        }

        private static string Column(ColumnSnapshot c)
        {
            var pairs = new List<string> { Pair("name", Str(c.Name)), Pair("type", Str(c.Type)), Pair("nullable", Bool(c.Nullable)) };
            if (c.Default != null)
            {
                pairs.Add(Pair("default", Str(c.Default)));
            }

            if (c.Identity != null)
            {
                pairs.Add(Pair("identity", Str(c.Identity)));
            }

            if (c.Generated != null)
            {
                pairs.Add(Pair("generated", Str(c.Generated)));
            }

            return Inline(pairs.ToArray());
        }

        private static string Key(KeySnapshot key) => Inline(Pair("name", Str(key.Name)), Pair("columns", Strs(key.Columns)));

        private static string Check(CheckSnapshot check) => Inline(Pair("name", Str(check.Name)), Pair("definition", Str(check.Definition)));

        private static string Index(IndexSnapshot index)
        {
            var pairs = new List<string> { Pair("name", Str(index.Name)), Pair("columns", Strs(index.Columns)) };
            if (index.Include.Count > 0)
            {
                pairs.Add(Pair("include", Strs(index.Include)));
            }

            pairs.Add(Pair("unique", Bool(index.Unique)));
            pairs.Add(Pair("method", Str(index.Method)));
            if (index.Predicate != null)
            {
                pairs.Add(Pair("predicate", Str(index.Predicate)));
            }

            return Inline(pairs.ToArray());
        }

        /// <summary><c>"key": [</c> … <c>]</c> with one item per line, or <c>"key": []</c> when empty.</summary>
        private static void Block<T>(StringBuilder w, int indent, string key, IReadOnlyList<T> items, Action<StringBuilder, int, T> writeItem, bool last)
        {
            string end = last ? string.Empty : ",";
            if (items.Count == 0)
            {
                Line(w, indent, Pair(key, "[]") + end);
                return;
            }

            Line(w, indent, Pair(key, "["));
            for (int i = 0; i < items.Count; i++)
            {
                writeItem(w, indent + 1, items[i]);

                // Items written by Line end with a newline; block items (tables, views) end with '}'.
                if (w[w.Length - 1] == '\n')
                {
                    w.Length--;
                }

                w.Append(i < items.Count - 1 ? ",\n" : "\n");
            }

            Line(w, indent, "]" + end);
        }

        private static void Line(StringBuilder w, int indent, string text) => w.Append(' ', indent * 2).Append(text).Append('\n');

        private static string Pair(string key, string value) => Str(key) + ": " + value;

        private static string Inline(params string[] pairs) => "{ " + string.Join(", ", pairs) + " }";

        private static string Bool(bool value) => value ? "true" : "false";

        private static string Strs(IReadOnlyList<string> values)
        {
            var b = new StringBuilder("[");
            for (int i = 0; i < values.Count; i++)
            {
                b.Append(i == 0 ? string.Empty : ", ").Append(Str(values[i]));
            }

            return b.Append(']').ToString();
        }

        /// <summary>A JSON string: quotes, backslashes and control characters escaped, everything else as is (UTF-8).</summary>
        internal static string Str(string value)
        {
            var b = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    case '\t': b.Append("\\t"); break;
                    case '\b': b.Append("\\b"); break;
                    case '\f': b.Append("\\f"); break;
                    default:
                        if (c < ' ' || c == '\u2028' || c == '\u2029')
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            b.Append(c);
                        }

                        break;
                }
            }

            return b.Append('"').ToString();
        }
    }
}
