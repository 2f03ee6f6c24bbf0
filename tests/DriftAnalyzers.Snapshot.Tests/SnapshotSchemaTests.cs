using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Json.Schema;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>The published JSON Schema (schema-snapshots/drift-snapshot.schema.json) describes what drift writes.</summary>
    public sealed class SnapshotSchemaTests
    {
        private static JsonSchema Schema => JsonSchema.FromFile(Path.Combine(Database.RepositoryRoot, "schema-snapshots", "drift-snapshot.schema.json"));

        private static EvaluationResults Evaluate(string text)
            => Schema.Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });

        [Test]
        public async Task Snapshots_drift_writes_are_valid()
        {
            string text = await Database.SnapshotTextAsync(Database.Create(Database.ReadTestFile("FullSchema.sql")));
            var results = Evaluate(text);
            Assert.That(results.IsValid, Is.True, System.Text.Json.JsonSerializer.Serialize(results));
        }

        [Test]
        public void The_committed_sample_snapshot_is_valid()
            => Assert.That(Evaluate(File.ReadAllText(Path.Combine(Database.RepositoryRoot, "schema-snapshots", "audit_app.json"))).IsValid, Is.True);

        [Test]
        public async Task Files_written_with_a_major_minor_server_version_stay_valid_for_the_schema_and_the_reader()
        {
            string text = await Database.SnapshotTextAsync(Database.Create("CREATE TABLE t (id int);"));
            string older = System.Text.RegularExpressions.Regex.Replace(text, "\"serverVersion\": \"[^\"]*\"", "\"serverVersion\": \"15.18\"");
            Assert.That(older, Does.Contain("\"serverVersion\": \"15.18\""));
            Assert.That(Evaluate(older).IsValid, Is.True);
            Assert.That(DriftAnalyzers.Snapshots.SnapshotReader.Read(older).Error, Is.Null);
        }

        [Test]
        public async Task The_schema_rejects_what_the_reader_rejects()
        {
            string text = await Database.SnapshotTextAsync(Database.Create("CREATE TABLE t (id int);"));
            Assert.That(Evaluate(text.Replace("\"nullable\": true", "\"nullable\": \"yes\"", System.StringComparison.Ordinal)).IsValid, Is.False);
            Assert.That(Evaluate(text.Replace("\"version\": 3", "\"version\": 4", System.StringComparison.Ordinal)).IsValid, Is.False);
            Assert.That(Evaluate(text.Replace("\"kind\": \"table\"", "\"kind\": \"table\", \"owner\": \"bob\"", System.StringComparison.Ordinal)).IsValid, Is.False);
        }
    }
}
