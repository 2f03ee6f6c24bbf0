using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace DriftAnalyzers.Cli
{
    /// <summary>One DriftAnalyzers diagnostic read from a SARIF log.</summary>
    internal sealed record Finding(string RuleId, string Level, string Message, string File, int Line, int Column, IReadOnlyDictionary<string, string> Properties);

    /// <summary>A rule as the SARIF log describes it.</summary>
    internal sealed record RuleInfo(string Id, string Title, string Description, string? HelpUri);

    /// <summary>
    /// <c>drift report</c>: turns the SARIF log of a build (<c>-p:ErrorLog=drift.sarif%2Cversion=2.1</c>) into a Markdown
    /// drift audit a team lead can read: totals by severity and rule, then one table per rule with entity, property, table,
    /// column, what the code and the database say, the fix, and a link to the source line. The facts come from each
    /// result's <c>properties.customProperties</c>, where the compiler writes the diagnostic's properties.
    /// </summary>
    internal static partial class AuditReport
    {
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

                    // SARIF's default level is "warning"; -warnaserror makes it "error", an info diagnostic is a "note".
                    string level = Shape.OptionalString(result, "level", where + ".level") ?? "warning";

                    // A build of several target frameworks or projects logs a diagnostic more than once.
                    if (seen.Add(ruleId + "\u0001" + file + "\u0001" + line + "\u0001" + column + "\u0001" + message))
                    {
                        findings.Add(new Finding(ruleId, level, message, file, line, column, properties));
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

            Sort(findings);
            return new SarifContent(findings, rules, tools, other);
        }

        /// <summary>Several logs (one per project) as one: a finding logged by more than one is kept once.</summary>
        public static SarifContent Merge(IReadOnlyList<SarifContent> logs)
        {
            if (logs.Count == 1)
            {
                return logs[0];
            }

            var findings = new List<Finding>();
            var seen = new HashSet<(string, string, int, int, string)>();
            var rules = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
            var tools = new List<string>();
            int other = 0;
            foreach (var log in logs)
            {
                findings.AddRange(log.Findings.Where(f => seen.Add((f.RuleId, f.File, f.Line, f.Column, f.Message))));
                foreach (var rule in log.Rules)
                {
                    rules[rule.Key] = rule.Value;
                }

                tools.AddRange(log.Tools.Where(t => !tools.Contains(t)));
                other += log.OtherResults;
            }

            Sort(findings);
            return new SarifContent(findings, rules, tools, other);
        }

        private static void Sort(List<Finding> findings)
            => findings.Sort((a, b) => Rank(a.Level).CompareTo(Rank(b.Level)) is int l && l != 0 ? l
                : string.CompareOrdinal(a.RuleId, b.RuleId) is int c && c != 0 ? c
                : string.CompareOrdinal(a.File, b.File) is int f && f != 0 ? f
                : a.Line.CompareTo(b.Line));

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

        /// <summary>The fact columns of a finding's table, in reading order: what is wrong (then where it is, then the fix).</summary>
        private static readonly (string Key, string Header)[] Columns =
        {
            ("Entity", "entity"), ("Property", "property"), ("Table", "table"), ("Column", "column"),
            ("CodeSays", "code says"), ("MigrationsSays", "migrations say"), ("DatabaseSays", "database says"),
        };

        /// <summary>
        /// The audit, top to bottom: how many findings of which severity, a summary table by rule, then per rule (errors and
        /// warnings before notes) what it means and a table of its findings with the facts the analyzers put in each
        /// diagnostic's properties, a link to the source line, and the fix. Paths are shown relative to the files' common folder
        /// and linked relative to <paramref name="linkFrom"/>, the folder the report is written to.
        /// </summary>
        public static string Write(IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, RuleInfo> rules, IReadOnlyList<string> sources, string linkFrom, IReadOnlyList<string>? tools = null, int otherResults = 0)
        {
            string source = string.Join(", ", sources.Select(s => "`" + s + "`"));
            var (repository, baseDirectory) = DisplayBase(findings.Select(f => f.File).Where(f => f.Length > 0).ToList());
            var b = new StringBuilder();
            b.Append("# Drift audit\n\n");
            if (findings.Count == 0)
            {
                b.Append("No drift findings in ").Append(source).Append(": ").Append(sources.Count == 1 ? "the log holds" : "the logs hold").Append(" no DRIFT results")
                    .Append(tools != null && tools.Count > 0 ? " (from " + string.Join(", ", tools) + ", " + Count(otherResults, "result") + " of other rules)" : string.Empty)
                    .Append(". Either the entity code agrees with the database snapshot, or DriftAnalyzers did not run in this build: ")
                    .Append("it runs where the project references the DriftAnalyzers package, and reports DRIFT010 when it finds no snapshot.\n");
                return b.ToString();
            }

            var snapshots = findings.Select(f => Snapshot(f.Message)).Where(s => s != null).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
            b.Append(Severities(findings)).Append(" in ").Append(Count(findings.Select(f => f.File).Distinct().Count(), "file"))
                .Append(sources.Count == 1 ? ", from the build log " : ", from the build logs ").Append(source);
            if (snapshots.Count > 0)
            {
                b.Append(", checked against the schema snapshot ").Append(string.Join(", ", snapshots));
            }

            b.Append('.');
            if (repository.Length > 0 && baseDirectory != repository)
            {
                b.Append(" Files are in `").Append(Path.GetRelativePath(repository, baseDirectory).Replace('\\', '/')).Append("/` of the repository.");
            }

            b.Append("\n\n");
            var fixable = findings.Where(f => f.Properties.TryGetValue("Fix", out var fix) && fix.EndsWith("(code fix)", StringComparison.Ordinal)).ToList();
            if (fixable.Count > 0)
            {
                b.Append(fixable.Count == findings.Count ? "Each finding has" : Count(fixable.Count, "finding") + (fixable.Count == 1 ? " has" : " have"))
                    .Append(" a code fix: the light bulb in the IDE, or `dotnet format analyzers --diagnostics ")
                    .Append(string.Join(" ", fixable.Select(f => f.RuleId).Distinct().OrderBy(id => id, StringComparer.Ordinal)))
                    .Append("` for all of them. The others need a migration or a decision, as their fix says.\n\n");
            }

            int notes = findings.Count(f => f.Level == "note");
            if (notes > 0)
            {
                b.Append("Notes are information: they do not fail a build, and appear in the IDE and in this report only.\n\n");
            }

            b.Append("| rule | severity | findings |\n| --- | --- | ---: |\n");
            var groups = findings.GroupBy(f => (f.RuleId, f.Level)).ToList();
            foreach (var group in groups)
            {
                b.Append("| ").Append(RuleLink(group.Key.RuleId, rules)).Append(" | ").Append(group.Key.Level)
                    .Append(" | ").Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append(" |\n");
            }

            MigrationsSection(b, findings, rules, f => Where(f, baseDirectory, linkFrom));
            foreach (var group in groups.Where(g => !InMigrationsSection(g.Key.RuleId)))
            {
                rules.TryGetValue(group.Key.RuleId, out var rule);
                b.Append("\n## ").Append(group.Key.RuleId).Append(": ").Append(rule?.Title ?? "DriftAnalyzers finding").Append(" (")
                    .Append(Count(group.Count(), group.Key.Level)).Append(")\n\n");
                if (rule != null && rule.Description.Length > 0)
                {
                    b.Append(rule.Description);
                    if (rule.HelpUri != null)
                    {
                        b.Append(" [About ").Append(group.Key.RuleId).Append("](").Append(rule.HelpUri).Append(')');
                    }

                    b.Append("\n\n");
                }

                Table(b, group.ToList(), f => Where(f, baseDirectory, linkFrom));
            }

            return b.ToString();
        }

        /// <summary>
        /// One table for a rule's findings: the fact columns some finding has, then where. A finding without facts (a log of an
        /// older DriftAnalyzers) shows its message in a column of its own.
        /// </summary>
        private static void Table(StringBuilder b, List<Finding> findings, Func<Finding, string> where)
        {
            var columns = Columns.Where(c => findings.Any(f => f.Properties.ContainsKey(c.Key))).ToList();
            bool messages = findings.Any(f => !f.Properties.ContainsKey("Fix"));
            var headers = new List<string>();
            if (messages)
            {
                headers.Add("finding");
            }

            headers.AddRange(columns.Select(c => c.Header));
            headers.Add("where");
            headers.Add("fix");
            b.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n|").Append(string.Concat(Enumerable.Repeat(" --- |", headers.Count))).Append('\n');
            foreach (var finding in findings)
            {
                var cells = new List<string>();
                if (messages)
                {
                    cells.Add(finding.Properties.ContainsKey("Fix") ? string.Empty : Cell(finding.Message));
                }

                cells.AddRange(columns.Select(c => finding.Properties.TryGetValue(c.Key, out var value) ? Cell(value) : string.Empty));
                cells.Add(where(finding));
                cells.Add(finding.Properties.TryGetValue("Fix", out var fix) ? Cell(fix) : "see the rule's documentation");
                b.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
            }
        }

        /// <summary>"2 errors, 5 warnings and 1 note".</summary>
        private static string Severities(IReadOnlyList<Finding> findings)
        {
            var parts = findings.GroupBy(f => f.Level).OrderBy(g => Rank(g.Key)).Select(g => "**" + Count(g.Count(), g.Key) + "**").ToList();
            return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        }

        private static int Rank(string level) => level switch { "error" => 0, "warning" => 1, "note" => 2, _ => 3 };

        /// <summary>The source line, as a path from the repository root, linked from the report's folder (GitHub-style <c>#L8</c>).</summary>
        private static string Where(Finding f, string baseDirectory, string linkFrom)
        {
            if (f.File.Length == 0)
            {
                return "—";
            }

            string line = f.Line.ToString(CultureInfo.InvariantCulture);
            string shown = (baseDirectory.Length == 0 ? Path.GetFileName(f.File) : Path.GetRelativePath(baseDirectory, f.File).Replace('\\', '/')) + (f.Line > 0 ? ":" + line : string.Empty);
            if (!Path.IsPathRooted(f.File))
            {
                return "`" + shown + "`";
            }

            string link = Path.GetRelativePath(linkFrom, f.File).Replace('\\', '/');
            if (Path.IsPathRooted(link))
            {
                return "`" + shown + "`";
            }

            return "[" + shown.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal) + "]("
                + Uri.EscapeDataString(link).Replace("%2F", "/", StringComparison.Ordinal) + (f.Line > 0 ? "#L" + line : string.Empty) + ")";
        }

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

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

        /// <summary>
        /// The repository holding the files (the nearest folder at or above their common one with a .git), or empty, and their
        /// common folder, where shown paths start. Neither is printed as it is, so the report holds no machine's absolute
        /// path: only the common folder relative to the repository.
        /// </summary>
        private static (string Repository, string Common) DisplayBase(List<string> files)
        {
            var rooted = files.Where(Path.IsPathRooted).ToList();
            if (rooted.Count == 0)
            {
                return (string.Empty, string.Empty);
            }

            string common = Path.GetDirectoryName(rooted[0]) ?? string.Empty;
            foreach (string file in rooted)
            {
                while (common.Length > 0 && !(file.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal) || file.StartsWith(common + "/", StringComparison.Ordinal)))
                {
                    common = Path.GetDirectoryName(common) ?? string.Empty;
                }
            }

            for (string? folder = common; !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                if (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git")))
                {
                    return (folder, common);
                }
            }

            return (string.Empty, common);
        }

        private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
    }
}
