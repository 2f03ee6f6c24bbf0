using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>
    /// Every diagnostic carries the facts drift report shows as columns (ReportFacts), so the report never parses a message:
    /// at least the fix and the entity (the history rules DRIFT015-017 excepted: the report's Migrations section reads them).
    /// </summary>
    public sealed class ReportFactsTests
    {
        [Test]
        public async Task Every_finding_of_the_sample_has_a_fix_and_the_mapping_ones_their_entity()
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Corpus.Sample()), Corpus.SampleSnapshot);
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Select(d => d.Id).Distinct().Count(), Is.GreaterThanOrEqualTo(6), string.Join("\n", diagnostics));
            // DRIFT015-017 (the migrations history) have a report section of their own (AuditReport.Migrations.cs).
            foreach (var diagnostic in diagnostics.Where(d => string.CompareOrdinal(d.Id, "DRIFT015") < 0 || string.CompareOrdinal(d.Id, "DRIFT017") > 0))
            {
                Assert.That(diagnostic.Properties.TryGetValue(ReportFacts.Fix, out var fix) && !string.IsNullOrEmpty(fix), Is.True, diagnostic.ToString());
                Assert.That(diagnostic.Properties.ContainsKey(ReportFacts.Entity), Is.True, diagnostic.ToString());
            }
        }

        [Test]
        public async Task The_facts_name_both_sides_and_the_one_remedy()
        {
            var (diagnostics, _) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { ("/src/AuditEntry.cs", FixConvergenceTests.AuditEntry) }), FixConvergenceTests.AuditSnapshot);
            string Facts(string id, string property)
            {
                var d = diagnostics.Single(x => x.Id == id && x.Properties.TryGetValue(ReportFacts.Property, out var p) && p == property);
                return string.Join(" | ", new[] { ReportFacts.Entity, ReportFacts.Property, ReportFacts.Table, ReportFacts.Column, ReportFacts.Code, ReportFacts.Database, ReportFacts.Fix }
                    .Select(k => d.Properties.TryGetValue(k, out var v) ? v : "-"));
            }

            Assert.That(Facts("DRIFT001", "ActorId"), Is.EqualTo("AuditEntry | ActorId | public.audit_entries | actor_id | int? (integer) | character varying(64) (it is the foreign key to 'Customer.Id', integer in the database: the column must change, not the property) | change the column to integer (a migration), as the key it references"));
            Assert.That(Facts("DRIFT001", "Sequence"), Is.EqualTo("AuditEntry | Sequence | public.audit_entries | sequence | long? (bigint) | integer (the column's integer cannot hold every long value: larger ones fail on insert) | change the type to `int?` (code fix)"));
            Assert.That(Facts("DRIFT006", "ReviewerId"), Is.EqualTo("AuditEntry | ReviewerId | - | reviewer_id | Guid?; the key 'Customer.Id' is int | - | change the type to `int?`, the type of the key 'Customer.Id' (code fix)"));
            Assert.That(Facts("DRIFT004", "DisplayName"), Is.EqualTo("AuditEntry | DisplayName | public.audit_entries | display_name | required (string) | text, nullable | make the property nullable: `string?` (code fix)"));
            Assert.That(Facts("DRIFT005", "Code"), Is.EqualTo("AuditEntry | Code | public.audit_entries | code | a maximum length of 10 ([MaxLength]) | character varying(32) | set `[MaxLength(32)]`, the column's (code fix)"));
        }
    }
}
