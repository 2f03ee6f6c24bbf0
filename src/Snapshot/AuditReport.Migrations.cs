using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DriftAnalyzers.Cli
{
    // The report's migrations section: each context's migrations against its database's history (DRIFT015, DRIFT016), and
    // the columns that differ from what the migrations create (DRIFT017), in one place instead of one section per rule.
    internal static partial class AuditReport
    {
        private static readonly string[] MigrationRules = { "DRIFT015", "DRIFT016", "DRIFT017" };

        private static readonly Regex NotApplied = new(
            @"^DbContext '(?<context>[^']+)': the database is (?<count>\d+ migrations?) behind, (?<ids>.+?) not applied \(history table (?<history>.+?), snapshot (?<snapshot>.+)\): apply",
            RegexOptions.CultureInvariant);

        private static readonly Regex UnknownToCode = new(
            @"^DbContext '(?<context>[^']+)': the database has (?<count>\d+ migrations?) that the code does not have: (?<ids>.+?) \(history table (?<history>.+?), snapshot (?<snapshot>.+)\); ",
            RegexOptions.CultureInvariant);

        private static readonly Regex DiffersFromMigrations = new(
            @"^Property '(?<entity>[^']+?)\.(?<property>[^'.]+)': column (?<schema>[^.]+)\.(?<table>[^.]+)\.(?<column>\S+) is (?<actual>.+?) in the database but the migrations create it(?: as)?(?<created> .+?)?(?: \((?<origin>created by migration .+?)\))?; the database is at the latest migration, (?<latest>[^,]+), ",
            RegexOptions.CultureInvariant);

        private static readonly string[] HistoryHeaders = { "context", "the database", "migrations", "history table", "where", "fix" };
        private static readonly string[] DiffersHeaders = { "entity", "property", "table", "column", "in the database", "the migrations create", "created by", "where", "fix" };

        /// <summary>Whether a rule's findings are in the migrations section rather than a section of their own.</summary>
        private static bool InMigrationsSection(string ruleId) => Array.IndexOf(MigrationRules, ruleId) >= 0;

        /// <summary>The section, or nothing when the log has no finding of those rules.</summary>
        private static void MigrationsSection(StringBuilder b, IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, RuleInfo> rules, Func<Finding, string> where)
        {
            var history = findings.Where(f => f.RuleId is "DRIFT015" or "DRIFT016").ToList();
            var differs = findings.Where(f => f.RuleId == "DRIFT017").ToList();
            if (history.Count == 0 && differs.Count == 0)
            {
                return;
            }

            b.Append("\n## Migrations (").Append(Count(history.Count + differs.Count, "finding")).Append(")\n\n")
                .Append("Each DbContext's migrations against the history table of its database, and the columns that differ from what the migrations create ")
                .Append("(which rule reports what: docs/findings.md).\n");
            if (history.Count > 0)
            {
                b.Append("\n### ").Append(string.Join(", ", history.Select(f => f.RuleId).Distinct().OrderBy(id => id, StringComparer.Ordinal).Select(id => RuleLink(id, rules)))).Append("\n\n");
                Table(b, HistoryHeaders, history, f =>
                {
                    bool behind = f.RuleId == "DRIFT015";
                    var m = (behind ? NotApplied : UnknownToCode).Match(f.Message);
                    if (!m.Success)
                    {
                        return null;
                    }

                    string context = m.Groups["context"].Value;
                    return new[]
                    {
                        context,
                        behind ? m.Groups["count"].Value + " behind" : "has " + m.Groups["count"].Value + " the code does not have",
                        m.Groups["ids"].Value,
                        m.Groups["history"].Value,
                        where(f),
                        behind ? "apply: `dotnet ef database update --context " + context + "`, then `drift snapshot`" : "merge the code that has it, or undo it in the database",
                    };
                });
            }

            if (differs.Count > 0)
            {
                b.Append("\n### ").Append(RuleLink("DRIFT017", rules)).Append("\n\n");
                Table(b, DiffersHeaders, differs, f =>
                {
                    var m = DiffersFromMigrations.Match(f.Message);
                    return m.Success
                        ? new[]
                        {
                            m.Groups["entity"].Value, m.Groups["property"].Value, m.Groups["schema"].Value + "." + m.Groups["table"].Value, m.Groups["column"].Value,
                            m.Groups["actual"].Value, m.Groups["created"].Success ? m.Groups["created"].Value.Trim() : "the column",
                            m.Groups["origin"].Success ? m.Groups["origin"].Value.Substring("created by migration ".Length) : "—",
                            where(f), "restore the column, or change the property and add a migration",
                        }
                        : null;
                });
            }
        }
        /// <summary>A table of the section's rows; a finding whose message does not read as expected (another version's) shows it whole.</summary>
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
                    for (int i = 1; i < cells.Length; i++)
                    {
                        cells[i] = string.Empty;
                    }
                }

                b.Append("| ").Append(string.Join(" | ", cells.Select(Cell))).Append(" |\n");
            }
        }
    }
}
