using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DriftAnalyzers.Cli
{
    /// <summary>One DriftAnalyzers diagnostic read from a SARIF log.</summary>
    internal sealed record Finding(string RuleId, string Message, string File, int Line, int Column, IReadOnlyDictionary<string, string> Properties);

    /// <summary>A rule as the SARIF log describes it.</summary>
    internal sealed record RuleInfo(string Id, string Title, string Description, string? HelpUri);

    /// <summary>
    /// <c>drift report</c>: turns the SARIF log of a build (<c>-p:ErrorLog=drift.sarif%2Cversion=2.1</c>) into a Markdown
    /// drift audit a team lead can read: totals by finding, then one table per finding with entity, property, table,
    /// column, declared and actual types, and the fix.
    /// </summary>
    internal static partial class AuditReport
    {
        private static readonly Regex ColumnType = new(
            @"^Property '(?<entity>[^']+?)\.(?<property>[^'.]+)' is declared (?<declared>.+) \((?<store>[^()]+)\) but column (?<schema>[^.]+)\.(?<table>[^.]+)\.(?<column>\S+) is (?<actual>.+?) in the database(?<note> \(.+? cannot hold every .+? value\))? \(snapshot (?<snapshot>.+)\)$",
            RegexOptions.CultureInvariant);

        private static readonly Regex TableMissing = new(
            @"^Entity '(?<entity>[^']+)' maps to table (?<schema>[^.]+)\.(?<table>.+?), which is not in the database(?<hint>;.*?)? \(snapshot (?<snapshot>.+)\)$",
            RegexOptions.CultureInvariant);

        private static readonly Regex ColumnMissing = new(
            @"^Property '(?<entity>[^']+?)\.(?<property>[^'.]+)' maps to column (?<schema>[^.]+)\.(?<table>[^.]+)\.(?<column>.+?), which is not in the table(?<hint>;.*?)? \(snapshot (?<snapshot>.+)\)$",
            RegexOptions.CultureInvariant);

        private static readonly string[] ColumnTypeHeaders = { "entity", "property", "table", "column", "declared", "in the database", "fix", "where" };
        private static readonly string[] TableMissingHeaders = { "entity", "table", "fix", "where" };
        private static readonly string[] ColumnMissingHeaders = { "entity", "property", "table", "column", "fix", "where" };
        private static readonly string[] OtherHeaders = { "finding", "fix", "where" };

        /// <summary>What a SARIF log says, once read: the DRIFT findings, the rules, and what else it holds.</summary>
        internal sealed record SarifContent(List<Finding> Findings, Dictionary<string, RuleInfo> Rules, IReadOnlyList<string> Tools, int OtherResults);

        /// <summary>The names the C# and Visual Basic compilers give themselves in a SARIF log.</summary>
        private static readonly string[] CompilerNames = { "csc", "vbc", "Microsoft (R) Visual C# Compiler", "Microsoft (R) Visual Basic Compiler" };

        public static (List<Finding> Findings, Dictionary<string, RuleInfo> Rules) Read(string sarifText)
        {
            var content = ReadLog(sarifText);
            return (content.Findings, content.Rules);
        }

        /// <summary>
        /// Reads SARIF 2.1.0 or 1.0.0 (what <c>-p:ErrorLog=file%2Cversion=2.1</c> and <c>version=1</c> write). Anything
        /// of another shape is a <see cref="DriftException"/> that says where, as a JSON path: never a crash.
        /// </summary>
        public static SarifContent ReadLog(string sarifText)
        {
            using var document = JsonDocument.Parse(sarifText, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            var root = Shape.Object(document.RootElement, "the log");
            string version = Shape.OptionalString(root, "version", "version") ?? throw new DriftException("not a SARIF log: no \"version\"");
            bool v1 = version == "1.0.0";
            if (!v1 && version != "2.1.0")
            {
                throw new DriftException("unsupported SARIF version '" + version + "': drift report reads 2.1.0 and 1.0.0, as dotnet build writes them (-p:ErrorLog=drift.sarif%2Cversion=2.1)");
            }

            if (!root.TryGetProperty("runs", out var runs))
            {
                throw new DriftException("not a SARIF log: no \"runs\"");
            }

            var findings = new List<Finding>();
            var rules = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
            var tools = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int other = 0;
            int r = 0;
            foreach (var runNode in Shape.Array(runs, "runs").EnumerateArray())
            {
                string at = "runs[" + r++.ToString(CultureInfo.InvariantCulture) + "]";
                var run = Shape.Object(runNode, at);
                string? tool = ToolName(run, at, v1);
                if (tool != null && !tools.Contains(tool))
                {
                    tools.Add(tool);
                }

                ReadRules(run, at, v1, rules);
                if (!run.TryGetProperty("results", out var results) || results.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                int n = 0;
                foreach (var resultNode in Shape.Array(results, at + ".results").EnumerateArray())
                {
                    string where = at + ".results[" + n++.ToString(CultureInfo.InvariantCulture) + "]";
                    var result = Shape.Object(resultNode, where);
                    string ruleId = Shape.OptionalString(result, "ruleId", where + ".ruleId") ?? string.Empty;
                    if (!ruleId.StartsWith("DRIFT", StringComparison.Ordinal))
                    {
                        other++;
                        continue;
                    }

                    string message = string.Empty;
                    if (result.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.String ? m.GetString()! : Shape.OptionalString(Shape.Object(m, where + ".message"), "text", where + ".message.text") ?? string.Empty;
                    }

                    var (file, line, column) = Location(result, where, v1);
                    var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (result.TryGetProperty("properties", out var bag) && bag.ValueKind != JsonValueKind.Null
                        && Shape.Object(bag, where + ".properties").TryGetProperty("customProperties", out var custom) && custom.ValueKind != JsonValueKind.Null)
                    {
                        foreach (var p in Shape.Object(custom, where + ".properties.customProperties").EnumerateObject())
                        {
                            properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString();
                        }
                    }

                    // A build of several target frameworks or projects logs a diagnostic more than once.
                    if (seen.Add(ruleId + "\u0001" + file + "\u0001" + line + "\u0001" + column + "\u0001" + message))
                    {
                        findings.Add(new Finding(ruleId, message, file, line, column, properties));
                    }
                }
            }

            if (findings.Count == 0)
            {
                bool compiler = false;
                foreach (string tool in tools)
                {
                    compiler |= Array.IndexOf(CompilerNames, tool) >= 0;
                }

                if (!compiler)
                {
                    throw new DriftException("the log holds no DRIFT results and is not a C# build's (tools: " + (tools.Count == 0 ? "none named" : string.Join(", ", tools))
                        + "): drift report reads the log of dotnet build -p:ErrorLog=drift.sarif%2Cversion=2.1");
                }
            }

            findings.Sort((a, b) => string.CompareOrdinal(a.RuleId, b.RuleId) is int c && c != 0 ? c
                : string.CompareOrdinal(a.File, b.File) is int f && f != 0 ? f
                : a.Line.CompareTo(b.Line));
            return new SarifContent(findings, rules, tools, other);
        }

        private static string? ToolName(JsonElement run, string at, bool v1)
        {
            if (!run.TryGetProperty("tool", out var toolNode) || toolNode.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var tool = Shape.Object(toolNode, at + ".tool");
            if (v1)
            {
                return Shape.OptionalString(tool, "name", at + ".tool.name");
            }

            return tool.TryGetProperty("driver", out var driver) && driver.ValueKind != JsonValueKind.Null
                ? Shape.OptionalString(Shape.Object(driver, at + ".tool.driver"), "name", at + ".tool.driver.name")
                : null;
        }

        public static string Write(IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, RuleInfo> rules, string source, IReadOnlyList<string>? tools = null, int otherResults = 0)
        {
            string baseDirectory = CommonDirectory(findings.Select(f => f.File).Where(f => f.Length > 0).ToList());
            string Where(Finding f) => f.File.Length == 0 ? "—" : Relative(baseDirectory, f.File) + ":" + f.Line.ToString(CultureInfo.InvariantCulture);

            var b = new StringBuilder();
            b.Append("# Drift audit\n\n");
            var snapshots = findings.Select(f => Snapshot(f.Message)).Where(s => s != null).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            b.Append("From `").Append(Path.GetFileName(source)).Append("`: **").Append(Count(findings.Count, "finding")).Append("** in ")
                .Append(Count(findings.Select(f => f.File).Distinct().Count(), "file"));
            if (snapshots.Count > 0)
            {
                b.Append(", checked against ").Append(string.Join(", ", snapshots));
            }

            b.Append('.');
            if (baseDirectory.Length > 0)
            {
                b.Append(" Paths are relative to `").Append(baseDirectory).Append("`.");
            }

            b.Append("\n\n");
            if (findings.Count == 0)
            {
                b.Append("No drift findings: the log holds no DRIFT results")
                    .Append(tools != null && tools.Count > 0 ? " (from " + string.Join(", ", tools) + ", " + Count(otherResults, "result") + " of other rules)" : string.Empty)
                    .Append(". Either the entity code agrees with the database snapshot, or DriftAnalyzers did not run in this build: ")
                    .Append("it runs where the project references the DriftAnalyzers package, and reports DRIFT010 when it finds no snapshot.\n");
                return b.ToString();
            }

            b.Append("| finding | count |\n| --- | ---: |\n");
            foreach (var group in findings.GroupBy(f => f.RuleId))
            {
                b.Append("| ").Append(RuleLink(group.Key, rules)).Append(" | ").Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append(" |\n");
            }

            MigrationsSection(b, findings, rules, Where);
            foreach (var group in findings.GroupBy(f => f.RuleId).Where(g => !InMigrationsSection(g.Key)))
            {
                rules.TryGetValue(group.Key, out var rule);
                b.Append("\n## ").Append(rule?.Title ?? group.Key).Append(" (").Append(group.Key).Append("): ").Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append("\n\n");
                if (rule != null && rule.Description.Length > 0)
                {
                    b.Append(rule.Description).Append("\n\n");
                }

                switch (group.Key)
                {
                    case "DRIFT001":
                        Table(b, ColumnTypeHeaders, group, f =>
                        {
                            var m = ColumnType.Match(f.Message);
                            if (!m.Success)
                            {
                                return null;
                            }

                            string fix = f.Properties.TryGetValue("TargetType", out var target)
                                ? "change the type to `" + target.Replace("global::System.", string.Empty, StringComparison.Ordinal) + "` (code fix)"
                                : f.Properties.ContainsKey("FixTypeName") ? "set `[Column(TypeName = \"" + m.Groups["actual"].Value + "\")]` (code fix)" : "map the column's type by hand (no single CLR type fits)";
                            return new[]
                            {
                                m.Groups["entity"].Value, m.Groups["property"].Value, m.Groups["schema"].Value + "." + m.Groups["table"].Value, m.Groups["column"].Value,
                                m.Groups["declared"].Value + " (" + m.Groups["store"].Value + ")", m.Groups["actual"].Value + (m.Groups["note"].Success ? " — lossy" : string.Empty), fix, Where(f),
                            };
                        });
                        break;
                    case "DRIFT002":
                        Table(b, TableMissingHeaders, group, f =>
                        {
                            var m = TableMissing.Match(f.Message);
                            return m.Success
                                ? new[] { m.Groups["entity"].Value, m.Groups["schema"].Value + "." + m.Groups["table"].Value + Hint(m), "create the table (a migration), or map the entity to the table that exists", Where(f) }
                                : null;
                        });
                        break;
                    case "DRIFT003":
                        Table(b, ColumnMissingHeaders, group, f =>
                        {
                            var m = ColumnMissing.Match(f.Message);
                            return m.Success
                                ? new[] { m.Groups["entity"].Value, m.Groups["property"].Value, m.Groups["schema"].Value + "." + m.Groups["table"].Value, m.Groups["column"].Value + Hint(m), "add the column (a migration), map the property with `[Column]`, or mark it `[NotMapped]`", Where(f) }
                                : null;
                        });
                        break;
                    default:
                        Table(b, OtherHeaders, group, f => new[] { f.Message, Fix(f), Where(f) });
                        break;
                }
            }

            return b.ToString();
        }

        /// <summary>What to do about a finding of a rule without a table of its own; code fixes where the diagnostic carries one.</summary>
        private static string Fix(Finding f) => f.RuleId switch
        {
            "DRIFT004" when f.Properties.TryGetValue("NullabilityFix", out var nullability) =>
                nullability == "MakeNullable" ? "make the property nullable (code fix)" : "make the property non-nullable (code fix)",
            "DRIFT004" => "change [Required], IsRequired or the column's nullability",
            "DRIFT005" when f.Properties.TryGetValue("Attribute", out var attribute) && f.Properties.TryGetValue("Values", out var values) =>
                "set `[" + attribute + "]` to " + values.Replace(",", ", ", StringComparison.Ordinal) + " (code fix)",
            "DRIFT005" => "change the declared length or precision, or the column",
            "DRIFT006" when f.Properties.TryGetValue("TargetType", out var target) =>
                "change the type to `" + target.Replace("global::System.", string.Empty, StringComparison.Ordinal).Replace("global::", string.Empty, StringComparison.Ordinal) + "` (code fix)",
            "DRIFT006" => "give the foreign key the key's type",
            "DRIFT007" => "add the foreign key constraint in a migration (after matching the column's type to the key's)",
            "DRIFT008" => "keep one entity per table, or map the duplicate to its own table",
            "DRIFT009" => "add a DbSet for it (and a migration), or delete the class",
            "DRIFT010" => "take the snapshot again with `drift snapshot`",
            "DRIFT011" => "make the code's key the table's primary key, or add the primary key in a migration",
            "DRIFT012" => "map the column, give it a default, or make it nullable",
            _ => "see the rule's documentation",
        };

        private static string Hint(Match m) => m.Groups["hint"].Success && m.Groups["hint"].Value.Length > 0 ? " (" + m.Groups["hint"].Value.TrimStart(';', ' ') + ")" : string.Empty;

        /// <summary>A Markdown table; findings whose message does not parse get a row with the message as is.</summary>
        private static void Table(StringBuilder b, string[] headers, IEnumerable<Finding> findings, Func<Finding, string[]?> row)
        {
            b.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n|").Append(string.Concat(Enumerable.Repeat(" --- |", headers.Length))).Append('\n');
            foreach (var finding in findings)
            {
                var cells = row(finding);
                if (cells == null)
                {
                    cells = new string[headers.Length];
                    cells[0] = finding.Message;
                    for (int i = 1; i < cells.Length - 1; i++)
                    {
                        cells[i] = string.Empty;
                    }

                    cells[^1] = finding.File.Length == 0 ? "—" : Path.GetFileName(finding.File) + ":" + finding.Line.ToString(CultureInfo.InvariantCulture);
                }

                b.Append("| ").Append(string.Join(" | ", cells.Select(Cell))).Append(" |\n");
            }
        }

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

        private static string RuleLink(string id, IReadOnlyDictionary<string, RuleInfo> rules)
            => rules.TryGetValue(id, out var rule) ? (rule.HelpUri != null ? "[" + id + "](" + rule.HelpUri + ")" : id) + " " + rule.Title : id;

        private static string? Snapshot(string message)
        {
            int at = message.LastIndexOf("(snapshot ", StringComparison.Ordinal);
            return at < 0 || !message.EndsWith(')') ? null : message.Substring(at + 10, message.Length - at - 11);
        }

        private static void ReadRules(JsonElement run, string at, bool v1, Dictionary<string, RuleInfo> rules)
        {
            if (!v1)
            {
                if (run.TryGetProperty("tool", out var tool) && tool.ValueKind == JsonValueKind.Object
                    && tool.TryGetProperty("driver", out var driver) && driver.ValueKind == JsonValueKind.Object
                    && driver.TryGetProperty("rules", out var list) && list.ValueKind != JsonValueKind.Null)
                {
                    int n = 0;
                    foreach (var ruleNode in Shape.Array(list, at + ".tool.driver.rules").EnumerateArray())
                    {
                        string where = at + ".tool.driver.rules[" + n++.ToString(CultureInfo.InvariantCulture) + "]";
                        var rule = Shape.Object(ruleNode, where);
                        string? id = Shape.OptionalString(rule, "id", where + ".id");
                        if (id != null && id.StartsWith("DRIFT", StringComparison.Ordinal))
                        {
                            rules[id] = new RuleInfo(id, Nested(rule, "shortDescription", where) ?? id, Nested(rule, "fullDescription", where) ?? string.Empty, Shape.OptionalString(rule, "helpUri", where + ".helpUri"));
                        }
                    }
                }

                return;
            }

            // SARIF 1.0 keeps rules in run.rules, an object keyed by id.
            if (run.TryGetProperty("rules", out var v1Rules) && v1Rules.ValueKind != JsonValueKind.Null)
            {
                foreach (var rule in Shape.Object(v1Rules, at + ".rules").EnumerateObject())
                {
                    if (rule.Name.StartsWith("DRIFT", StringComparison.Ordinal))
                    {
                        string where = at + ".rules." + rule.Name;
                        var value = Shape.Object(rule.Value, where);
                        rules[rule.Name] = new RuleInfo(rule.Name, Shape.OptionalString(value, "shortDescription", where + ".shortDescription") ?? rule.Name, Shape.OptionalString(value, "fullDescription", where + ".fullDescription") ?? string.Empty, Shape.OptionalString(value, "helpUri", where + ".helpUri"));
                    }
                }
            }
        }

        private static (string File, int Line, int Column) Location(JsonElement result, string at, bool v1)
        {
            if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind == JsonValueKind.Null)
            {
                return (string.Empty, 0, 0);
            }

            var list = Shape.Array(locations, at + ".locations");
            if (list.GetArrayLength() == 0)
            {
                return (string.Empty, 0, 0);
            }

            string where = at + ".locations[0]";
            var location = Shape.Object(list[0], where);
            JsonElement file;
            JsonElement region = default;
            if (!v1 && location.TryGetProperty("physicalLocation", out var physicalNode) && physicalNode.ValueKind != JsonValueKind.Null)
            {
                var physical = Shape.Object(physicalNode, where + ".physicalLocation");
                if (!physical.TryGetProperty("artifactLocation", out file))
                {
                    return (string.Empty, 0, 0);
                }

                file = Shape.Object(file, where + ".physicalLocation.artifactLocation");
                if (physical.TryGetProperty("region", out region))
                {
                    region = Shape.Object(region, where + ".physicalLocation.region");
                }

                where += ".physicalLocation";
            }
            else if (v1 && location.TryGetProperty("resultFile", out file) && file.ValueKind != JsonValueKind.Null)
            {
                file = Shape.Object(file, where + ".resultFile");
                if (file.TryGetProperty("region", out region))
                {
                    region = Shape.Object(region, where + ".resultFile.region");
                }

                where += ".resultFile";
            }
            else
            {
                return (string.Empty, 0, 0);
            }

            string uri = Shape.OptionalString(file, "uri", where + ".uri") ?? string.Empty;
            string path = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : Uri.UnescapeDataString(uri);
            int line = region.ValueKind == JsonValueKind.Object ? Shape.OptionalInt(region, "startLine", where + ".region.startLine") : 0;
            int column = region.ValueKind == JsonValueKind.Object ? Shape.OptionalInt(region, "startColumn", where + ".region.startColumn") : 0;
            return (path, line, column);
        }

        private static string? Nested(JsonElement element, string name, string at)
            => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? Shape.OptionalString(Shape.Object(value, at + "." + name), "text", at + "." + name + ".text")
                : null;

        /// <summary>Checks the kind of each value read, and says where a wrong one is.</summary>
        private static class Shape
        {
            public static JsonElement Object(JsonElement element, string at)
                => element.ValueKind == JsonValueKind.Object ? element : throw Wrong(element, at, "an object");

            public static JsonElement Array(JsonElement element, string at)
                => element.ValueKind == JsonValueKind.Array ? element : throw Wrong(element, at, "an array");

            public static string? OptionalString(JsonElement obj, string name, string at)
                => !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
                    : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(value, at, "a string");

            public static int OptionalInt(JsonElement obj, string name, string at)
                => !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? 0
                    : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= 0 ? n : throw Wrong(value, at, "a whole number");

            private static DriftException Wrong(JsonElement element, string at, string expected)
            {
                string found = element.ValueKind switch
                {
                    JsonValueKind.Object => "an object",
                    JsonValueKind.Array => "an array",
                    JsonValueKind.String => "a string",
                    JsonValueKind.Number => "a number",
                    JsonValueKind.True or JsonValueKind.False => "a boolean",
                    _ => "null",
                };
                return new DriftException("invalid SARIF log: " + at + " is " + found + ", expected " + expected);
            }
        }

        private static string CommonDirectory(List<string> files)
        {
            if (files.Count == 0)
            {
                return string.Empty;
            }

            string common = Path.GetDirectoryName(files[0]) ?? string.Empty;
            foreach (string file in files)
            {
                while (common.Length > 0 && !(file.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal) || file.StartsWith(common + "/", StringComparison.Ordinal)))
                {
                    common = Path.GetDirectoryName(common) ?? string.Empty;
                }
            }

            return common;
        }

        private static string Relative(string baseDirectory, string file)
            => baseDirectory.Length == 0 ? file : Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');

        private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
    }
}
