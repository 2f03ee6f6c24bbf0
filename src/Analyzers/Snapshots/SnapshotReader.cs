using System;
using System.Collections.Generic;
using System.Globalization;

namespace DriftAnalyzers.Snapshots
{
    /// <summary>The outcome of reading a snapshot: the snapshot, or one error with its 1-based line and column.</summary>
    internal sealed class SnapshotReadResult
    {
        private SnapshotReadResult(SchemaSnapshot? snapshot, string? error, int line, int column)
        {
            Snapshot = snapshot;
            Error = error;
            Line = line;
            Column = column;
        }

        public SchemaSnapshot? Snapshot { get; }

        public string? Error { get; }

        public int Line { get; }

        public int Column { get; }

        /// <summary>A file without the format marker: some other JSON file, not a snapshot and not an error.</summary>
        public static readonly SnapshotReadResult NotASnapshot = new SnapshotReadResult(null, null, 0, 0);

        public static SnapshotReadResult Success(SchemaSnapshot snapshot) => new SnapshotReadResult(snapshot, null, 0, 0);

        public static SnapshotReadResult Failure(string error, int line, int column) => new SnapshotReadResult(null, error, line, column);
    }

    /// <summary>
    /// Reads format versions 1 to 3 (docs/snapshot-format.md) strictly: unknown or missing properties, values of the wrong kind,
    /// duplicate tables or columns are errors with a position, never exceptions for the caller.
    /// </summary>
    internal static class SnapshotReader
    {
        private const string FormatKey = "\"format\"";
        private static readonly string QuotedMarker = "\"" + SchemaSnapshot.FormatMarker + "\"";

        /// <summary>
        /// Whether a file claims to be a snapshot, whatever its validity: it has <c>"format": "drift-schema-snapshot"</c>
        /// (a JSON Schema that merely mentions the marker as a constant does not).
        /// </summary>
        public static bool HasFormatMarker(string text)
        {
            for (int at = text.IndexOf(FormatKey, StringComparison.Ordinal); at >= 0; at = text.IndexOf(FormatKey, at + 1, StringComparison.Ordinal))
            {
                int i = SkipWhitespace(text, at + FormatKey.Length);
                if (i < text.Length && text[i] == ':')
                {
                    i = SkipWhitespace(text, i + 1);
                    if (string.CompareOrdinal(text, i, QuotedMarker, 0, QuotedMarker.Length) == 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static int SkipWhitespace(string text, int i)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
            {
                i++;
            }

            return i;
        }

        public static SnapshotReadResult Read(string text)
        {
            try
            {
                var root = JsonParser.Parse(text);
                return SnapshotReadResult.Success(ReadSnapshot(root));
            }
            catch (JsonException e)
            {
                return SnapshotReadResult.Failure(e.Message, e.Line, e.Column);
            }
        }

        private static SchemaSnapshot ReadSnapshot(JsonNode root)
        {
            var obj = ObjectReader.From(root, "the snapshot");
            string format = obj.String("format");
            if (format != SchemaSnapshot.FormatMarker)
            {
                throw obj.ErrorAt("format", "\"format\" is \"" + format + "\", expected \"" + SchemaSnapshot.FormatMarker + "\"");
            }

            var versionNode = obj.Node("version", JsonKind.Number);
            string versionText = ((JsonScalar)versionNode).Text;
            if (versionText.Length != 1 || versionText[0] < '1' || versionText[0] > (char)('0' + SchemaSnapshot.CurrentVersion))
            {
                throw new JsonException(
                    "unknown snapshot format version " + versionText + "; this version of DriftAnalyzers reads versions 1 to "
                    + SchemaSnapshot.CurrentVersion.ToString(CultureInfo.InvariantCulture),
                    versionNode.Line,
                    versionNode.Column);
            }

            int version = versionText[0] - '0';
            bool hasHistory = version >= SchemaSnapshot.MigrationHistoryVersion;

            string database = obj.String("database");
            string serverVersion = obj.String("serverVersion");
            var filterReader = obj.Object("filter", "\"filter\"");
            var filter = new SnapshotFilter(filterReader.Strings("schemas"), filterReader.Strings("excludeTables"));
            filterReader.EnsureNoOtherProperties();

            var tables = obj.Array("tables", ReadTable);
            EnsureUnique(obj.Node("tables", JsonKind.Array), tables, t => SnapshotNames.Key(t.Schema, t.Name), t => SnapshotNames.Display(t.Schema, t.Name), "table");
            var views = obj.Array("views", ReadView);
            EnsureUnique(obj.Node("views", JsonKind.Array), views, v => SnapshotNames.Key(v.Schema, v.Name), v => SnapshotNames.Display(v.Schema, v.Name), "view");
            EnsureNoViewNamedAsATable(tables, views, ((JsonArray)obj.Node("views", JsonKind.Array)).Items);
            var enums = obj.Array("enums", ReadEnum);
            EnsureUnique(obj.Node("enums", JsonKind.Array), enums, e => SnapshotNames.Key(e.Schema, e.Name), e => SnapshotNames.Display(e.Schema, e.Name), "enum");
            var domains = obj.Array("domains", ReadDomain);
            EnsureUnique(obj.Node("domains", JsonKind.Array), domains, d => SnapshotNames.Key(d.Schema, d.Name), d => SnapshotNames.Display(d.Schema, d.Name), "domain");
            EnsureNoDomainCycle(domains, ((JsonArray)obj.Node("domains", JsonKind.Array)).Items);
            var history = hasHistory && obj.Has("migrationHistory") ? obj.Array("migrationHistory", ReadMigrationHistory) : Array.Empty<MigrationHistorySnapshot>();
            if (history.Length > 0)
            {
                EnsureUnique(obj.Node("migrationHistory", JsonKind.Array), history, h => SnapshotNames.Key(h.Schema, h.Name), h => SnapshotNames.Display(h.Schema, h.Name), "migrations history table");
            }

            SequenceSnapshot[]? sequences = null;
            if (version >= SchemaSnapshot.SequencesVersion)
            {
                sequences = obj.Array("sequences", ReadSequence);
                EnsureUnique(obj.Node("sequences", JsonKind.Array), sequences, q => SnapshotNames.Key(q.Schema, q.Name), q => SnapshotNames.Display(q.Schema, q.Name), "sequence");
            }

            obj.EnsureNoOtherProperties();
            return new SchemaSnapshot(database, serverVersion, filter, tables, views, enums, domains, history, sequences);
        }

        /// <summary>A sequence no column owns: its integer type, start and (non-zero) increment.</summary>
        private static SequenceSnapshot ReadSequence(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a sequence");
            string schema = obj.String("schema");
            string name = obj.String("name");
            string type = obj.String("type");
            if (type != "smallint" && type != "integer" && type != "bigint")
            {
                throw obj.ErrorAt("type", "sequence type \"" + type + "\" is not one of \"smallint\", \"integer\", \"bigint\"");
            }

            long start = obj.Int64("start");
            long increment = obj.Int64("increment");
            if (increment == 0)
            {
                throw obj.ErrorAt("increment", "a sequence's \"increment\" cannot be 0");
            }

            obj.EnsureNoOtherProperties();
            return new SequenceSnapshot(schema, name, type, start, increment, node.Position);
        }

        /// <summary>One history table: exactly one of <c>migrations</c> (the applied IDs) and <c>unreadable</c> (why not).</summary>
        private static MigrationHistorySnapshot ReadMigrationHistory(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a migrations history table");
            string schema = obj.String("schema");
            string name = obj.String("name");
            string? unreadable = obj.OptionalString("unreadable");
            string[]? migrations = obj.Has("migrations") ? obj.Strings("migrations") : null;
            if ((migrations == null) == (unreadable == null))
            {
                throw obj.ErrorAt(unreadable != null ? "unreadable" : "schema", "a migrations history table has either \"migrations\" or \"unreadable\", not " + (unreadable != null ? "both" : "neither"));
            }

            if (migrations != null)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (string id in migrations)
                {
                    if (!seen.Add(id))
                    {
                        throw obj.ErrorAt("migrations", "duplicate migration \"" + id + "\" in migrations history table \"" + SnapshotNames.Display(schema, name) + "\"");
                    }
                }
            }

            obj.EnsureNoOtherProperties();
            return new MigrationHistorySnapshot(schema, name, migrations, unreadable, node.Position);
        }

        private static TableSnapshot ReadTable(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a table");
            string schema = obj.String("schema");
            string name = obj.String("name");
            string kind = obj.String("kind");
            if (kind != TableKinds.Table && kind != TableKinds.Partitioned && kind != TableKinds.Foreign)
            {
                throw obj.ErrorAt("kind", "table kind \"" + kind + "\" is not one of \"table\", \"partitioned\", \"foreign\"");
            }

            var columns = obj.Array("columns", ReadColumn);
            EnsureUnique(obj.Node("columns", JsonKind.Array), columns, c => c.Name, c => c.Name, "column");
            var primaryKey = obj.OptionalObject("primaryKey", ReadKey);
            var foreignKeys = obj.Array("foreignKeys", ReadForeignKey);
            EnsureUnique(obj.Node("foreignKeys", JsonKind.Array), foreignKeys, k => k.Name, k => k.Name, "foreign key");
            var uniqueConstraints = obj.Array("uniqueConstraints", ReadKey);
            EnsureUnique(obj.Node("uniqueConstraints", JsonKind.Array), uniqueConstraints, k => k.Name, k => k.Name, "unique constraint");
            var checks = obj.Array("checkConstraints", ReadCheck);
            EnsureUnique(obj.Node("checkConstraints", JsonKind.Array), checks, c => c.Name, c => c.Name, "check constraint");
            var indexes = obj.Array("indexes", ReadIndex);
            EnsureUnique(obj.Node("indexes", JsonKind.Array), indexes, i => i.Name, i => i.Name, "index");
            var partitions = obj.Has("partitions") ? obj.Strings("partitions") : Array.Empty<string>();
            obj.EnsureNoOtherProperties();
            return new TableSnapshot(schema, name, kind, columns, primaryKey, foreignKeys, uniqueConstraints, checks, indexes, partitions, node.Position);
        }

        private static ColumnSnapshot ReadColumn(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a column");
            var column = new ColumnSnapshot(
                obj.String("name"),
                obj.Type("type"),
                obj.Bool("nullable"),
                obj.OptionalString("default"),
                obj.OptionalString("identity"),
                obj.OptionalString("generated"),
                node.Position);
            if (column.Identity != null && column.Identity != "always" && column.Identity != "by default")
            {
                throw obj.ErrorAt("identity", "identity \"" + column.Identity + "\" is not one of \"always\", \"by default\"");
            }

            obj.EnsureNoOtherProperties();
            return column;
        }

        private static KeySnapshot ReadKey(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a key");
            var key = new KeySnapshot(obj.String("name"), obj.Strings("columns"));
            obj.EnsureNoOtherProperties();
            return key;
        }

        private static ForeignKeySnapshot ReadForeignKey(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a foreign key");
            var fk = new ForeignKeySnapshot(
                obj.String("name"),
                obj.Strings("columns"),
                obj.String("referencedSchema"),
                obj.String("referencedTable"),
                obj.Strings("referencedColumns"),
                obj.String("onDelete"),
                obj.String("onUpdate"));
            obj.EnsureNoOtherProperties();
            return fk;
        }

        private static CheckSnapshot ReadCheck(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a check constraint");
            var check = new CheckSnapshot(obj.String("name"), obj.String("definition"));
            obj.EnsureNoOtherProperties();
            return check;
        }

        private static IndexSnapshot ReadIndex(JsonNode node)
        {
            var obj = ObjectReader.From(node, "an index");
            var index = new IndexSnapshot(
                obj.String("name"),
                obj.Strings("columns"),
                obj.Has("include") ? obj.Strings("include") : Array.Empty<string>(),
                obj.Bool("unique"),
                obj.String("method"),
                obj.OptionalString("predicate"));
            obj.EnsureNoOtherProperties();
            return index;
        }

        private static ViewSnapshot ReadView(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a view");
            var view = new ViewSnapshot(obj.String("schema"), obj.String("name"), obj.Bool("materialized"), obj.Array("columns", ReadViewColumn), node.Position);
            obj.EnsureNoOtherProperties();
            return view;
        }

        private static ViewColumnSnapshot ReadViewColumn(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a view column");
            var column = new ViewColumnSnapshot(obj.String("name"), obj.Type("type"), node.Position);
            obj.EnsureNoOtherProperties();
            return column;
        }

        private static EnumSnapshot ReadEnum(JsonNode node)
        {
            var obj = ObjectReader.From(node, "an enum");
            var result = new EnumSnapshot(obj.String("schema"), obj.String("name"), obj.Strings("labels"));
            obj.EnsureNoOtherProperties();
            return result;
        }

        private static DomainSnapshot ReadDomain(JsonNode node)
        {
            var obj = ObjectReader.From(node, "a domain");
            var domain = new DomainSnapshot(
                obj.String("schema"),
                obj.String("name"),
                obj.Type("baseType"),
                obj.Bool("nullable"),
                obj.OptionalString("default"),
                obj.Array("checks", ReadCheck));
            obj.EnsureNoOtherProperties();
            return domain;
        }

        /// <summary>Tables and views share one namespace in PostgreSQL: a view named as a table is a broken file.</summary>
        private static void EnsureNoViewNamedAsATable(TableSnapshot[] tables, ViewSnapshot[] views, List<JsonNode> nodes)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                names.Add(SnapshotNames.Key(table.Schema, table.Name));
            }

            for (int i = 0; i < views.Length; i++)
            {
                if (names.Contains(SnapshotNames.Key(views[i].Schema, views[i].Name)))
                {
                    throw new JsonException("view \"" + SnapshotNames.Display(views[i].Schema, views[i].Name) + "\" has the name of a table; in PostgreSQL a table and a view cannot share a name", nodes[i].Line, nodes[i].Column);
                }
            }
        }

        /// <summary>A domain based, through other domains, on itself: PostgreSQL cannot create one. Linear in the domains.</summary>
        private static void EnsureNoDomainCycle(DomainSnapshot[] domains, List<JsonNode> nodes)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < domains.Length; i++)
            {
                index[SnapshotNames.Key(domains[i].Schema, domains[i].Name)] = i;
            }

            // The domain each one is based on directly, or -1.
            var next = new int[domains.Length];
            for (int i = 0; i < domains.Length; i++)
            {
                TypeName.Check(domains[i].BaseType, out string? schema, out string? name);
                next[i] = schema != null && name != null && index.TryGetValue(SnapshotNames.Key(schema, name), out int j) ? j : -1;
            }

            // 0: not visited, 1: on the current path, 2: done.
            var state = new byte[domains.Length];
            for (int start = 0; start < domains.Length; start++)
            {
                int at = start;
                while (at >= 0 && state[at] == 0)
                {
                    state[at] = 1;
                    at = next[at];
                }

                if (at >= 0 && state[at] == 1)
                {
                    throw new JsonException("domain \"" + SnapshotNames.Display(domains[at].Schema, domains[at].Name) + "\" is based on itself (through its base type \"" + domains[at].BaseType + "\"); PostgreSQL cannot create such a domain", nodes[at].Line, nodes[at].Column);
                }

                for (at = start; at >= 0 && state[at] == 1; at = next[at])
                {
                    state[at] = 2;
                }
            }
        }

        private static void EnsureUnique<T>(JsonNode arrayNode, IReadOnlyList<T> items, Func<T, string> key, Func<T, string> display, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var nodes = ((JsonArray)arrayNode).Items;
            for (int i = 0; i < items.Count; i++)
            {
                if (!seen.Add(key(items[i])))
                {
                    throw new JsonException("duplicate " + what + " \"" + display(items[i]) + "\"", nodes[i].Line, nodes[i].Column);
                }
            }
        }

        /// <summary>Reads the properties of one object and remembers which were read, to reject unknown ones.</summary>
        private sealed class ObjectReader
        {
            private readonly JsonObject obj;
            private readonly string what;
            private readonly Dictionary<string, JsonNode> members;
            private readonly HashSet<string> read = new HashSet<string>(StringComparer.Ordinal);

            private ObjectReader(JsonObject obj, string what)
            {
                this.obj = obj;
                this.what = what;
                members = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var member in obj.Members)
                {
                    members[member.Key] = member.Value;
                }
            }

            public static ObjectReader From(JsonNode node, string what)
            {
                if (node is JsonObject o)
                {
                    return new ObjectReader(o, what);
                }

                throw new JsonException(what + " must be an object, found " + JsonNode.Describe(node.Kind), node.Line, node.Column);
            }

            public bool Has(string key) => members.ContainsKey(key);

            public JsonException ErrorAt(string key, string message)
            {
                var node = members.TryGetValue(key, out var n) ? n : obj;
                return new JsonException(message, node.Line, node.Column);
            }

            public JsonNode Node(string key, JsonKind kind)
            {
                read.Add(key);
                if (!members.TryGetValue(key, out var node))
                {
                    throw new JsonException(what + " is missing the required property \"" + key + "\"", obj.Line, obj.Column);
                }

                bool ok = node.Kind == kind || (kind == JsonKind.True && node.Kind == JsonKind.False);
                if (!ok)
                {
                    throw new JsonException(
                        "\"" + key + "\" must be " + JsonNode.Describe(kind) + ", found " + JsonNode.Describe(node.Kind),
                        node.Line,
                        node.Column);
                }

                return node;
            }

            public string String(string key) => ((JsonScalar)Node(key, JsonKind.String)).Text;

            /// <summary>A string that must read as a type as PostgreSQL prints it (<see cref="TypeName"/>).</summary>
            public string Type(string key)
            {
                var node = (JsonScalar)Node(key, JsonKind.String);
                string? problem = TypeName.Check(node.Text);
                if (problem != null)
                {
                    string shown = node.Text.Length > 60 ? string.Concat(node.Text.Substring(0, 60), "…") : node.Text;
                    throw new JsonException("\"" + key + "\" \"" + shown + "\" " + problem, node.Line, node.Column);
                }

                return node.Text;
            }

            public string? OptionalString(string key)
            {
                read.Add(key);
                return members.ContainsKey(key) ? String(key) : null;
            }

            public bool Bool(string key) => Node(key, JsonKind.True).Kind == JsonKind.True;

            /// <summary>An integer that fits a <c>bigint</c>, written without fraction or exponent.</summary>
            public long Int64(string key)
            {
                var node = (JsonScalar)Node(key, JsonKind.Number);
                if (!long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                {
                    throw new JsonException("\"" + key + "\" must be an integer between -9223372036854775808 and 9223372036854775807, found " + node.Text, node.Line, node.Column);
                }

                return value;
            }

            public ObjectReader Object(string key, string description) => From(Node(key, JsonKind.Object), description);

            public T? OptionalObject<T>(string key, Func<JsonNode, T> read)
                where T : class
            {
                this.read.Add(key);
                if (!members.TryGetValue(key, out var node) || node.Kind == JsonKind.Null)
                {
                    return null;
                }

                return read(node);
            }

            public T[] Array<T>(string key, Func<JsonNode, T> readItem)
            {
                var items = ((JsonArray)Node(key, JsonKind.Array)).Items;
                var result = new T[items.Count];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = readItem(items[i]);
                }

                return result;
            }

            public string[] Strings(string key) => Array(key, item => item is JsonScalar s && s.Kind == JsonKind.String
                ? s.Text
                : throw new JsonException("items of \"" + key + "\" must be strings, found " + JsonNode.Describe(item.Kind), item.Line, item.Column));

            public void EnsureNoOtherProperties()
            {
                foreach (var member in obj.Members)
                {
                    if (!read.Contains(member.Key))
                    {
                        throw new JsonException(what + " has an unknown property \"" + member.Key + "\"", member.Value.Line, member.Value.Column);
                    }
                }
            }
        }
    }
}
