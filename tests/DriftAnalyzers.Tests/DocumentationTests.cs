using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using DriftAnalyzers.Tests.Infrastructure;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>Every diagnostic has its ID, its doc, a help link to that doc, and a release entry; the docs say what the code does.</summary>
    public sealed class DocumentationTests
    {
        private static readonly DiagnosticDescriptor[] Catalog = typeof(Descriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();

        private static readonly DiagnosticAnalyzer[] Analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();

        public static IEnumerable<DiagnosticDescriptor> Descriptors_() => Catalog;

        [Test]
        public void Ids_are_unique_and_follow_the_pattern()
        {
            Assert.That(Catalog.Select(d => d.Id), Is.Unique);
            Assert.That(Catalog.Select(d => d.Id), Has.All.Match("^DRIFT[0-9]{3}$"));
        }

        [TestCaseSource(nameof(Descriptors_))]
        public void Each_descriptor_has_a_doc_whose_heading_matches_and_a_help_link_to_it(DiagnosticDescriptor descriptor)
        {
            string path = Repository.File("docs", "rules", descriptor.Id + ".md");
            Assert.That(File.Exists(path), Is.True, path);
            Assert.That(File.ReadLines(path).First(), Is.EqualTo("# " + descriptor.Id + ": " + descriptor.Title));
            Assert.That(descriptor.HelpLinkUri, Does.EndWith("/docs/rules/" + descriptor.Id + ".md"));
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo(Descriptors.HelpLink(descriptor.Id)));
        }

        [TestCaseSource(nameof(Descriptors_))]
        public void Each_descriptor_is_tracked_in_the_release_files(DiagnosticDescriptor descriptor)
        {
            string releases = File.ReadAllText(Repository.File("src", "Analyzers", "AnalyzerReleases.Shipped.md"))
                + File.ReadAllText(Repository.File("src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
            Assert.That(releases, Does.Contain(descriptor.Id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity + " |"));
        }

        [Test]
        public void Every_analyzer_reports_catalog_descriptors_and_every_descriptor_has_an_analyzer()
        {
            // DRIFT017 is reported by each column rule in place of its own finding: one descriptor, several analyzers.
            var supported = Analyzers.SelectMany(a => a.SupportedDiagnostics).Distinct().ToList();
            Assert.That(supported, Is.SubsetOf(Catalog));
            Assert.That(Catalog, Is.SubsetOf(supported));
        }

        [Test]
        public void Every_rule_doc_belongs_to_a_descriptor()
        {
            var docs = Directory.GetFiles(Repository.File("docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension);
            Assert.That(docs, Is.EquivalentTo(Catalog.Select(d => d.Id)));
        }

        [Test]
        public void The_DRIFT001_compatibility_table_is_what_the_analyzer_decides()
        {
            string doc = File.ReadAllText(Repository.File("docs", "rules", "DRIFT001.md"));
            const string Start = "<!-- compatibility:start -->\n";
            int from = doc.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
            int to = doc.IndexOf("<!-- compatibility:end -->", StringComparison.Ordinal);
            Assert.That(doc.Substring(from, to - from), Is.EqualTo(CompatibilityTable()));
        }

        private static string CompatibilityTable()
        {
            var columns = new[]
            {
                "boolean", "smallint", "integer", "bigint", "real", "double precision", "numeric", "text", "uuid",
                "timestamp without time zone", "timestamp with time zone", "date", "time without time zone", "interval", "bytea", "json", "jsonb",
            };
            var rows = new (string Name, ClrKind Kind)[]
            {
                ("bool", ClrKind.Boolean), ("short", ClrKind.Int16), ("int", ClrKind.Int32), ("long", ClrKind.Int64), ("float", ClrKind.Single),
                ("double", ClrKind.Double), ("decimal", ClrKind.Decimal), ("string", ClrKind.String), ("Guid", ClrKind.Guid), ("DateTime", ClrKind.DateTime),
                ("DateTimeOffset", ClrKind.DateTimeOffset), ("DateOnly", ClrKind.DateOnly), ("TimeOnly", ClrKind.TimeOnly), ("TimeSpan", ClrKind.TimeSpan),
                ("byte[]", ClrKind.ByteArray), ("JsonDocument", ClrKind.JsonDocument),
            };
            var b = new StringBuilder("| CLR type | compatible with | lossy on |\n| --- | --- | --- |\n");
            foreach (var (name, kind) in rows)
            {
                string With(Verdict verdict) => string.Join(", ", columns.Where(c => TypeCompatibility.Check(new ClrType(kind, false, 0), PostgresType.Parse(c)) == verdict));
                string lossy = With(Verdict.Lossy);
                b.Append("| `").Append(name).Append("` | ").Append(With(Verdict.Compatible)).Append(" | ").Append(lossy.Length == 0 ? string.Empty : lossy + " ").Append("|\n");
            }

            b.Append("| `T[]`, `List<T>` | the array of a column type compatible with `T` | the array of a column type `T` is lossy on |\n");
            return b.ToString();
        }
    }
}
