using System.Threading.Tasks;
using DriftAnalyzers.CodeFixes;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    public sealed class NullabilityTests
    {
        private const string Context = "#nullable enable\npublic class AppDbContext : DbContext { public DbSet<Note> Notes => Set<Note>(); }\n";

        private static DriftTest<NullabilityAnalyzer, NullabilityFixer> Test(string entity, string fixedEntity, params string[] columns) => new()
        {
            TestCode = Usings.EfCore + Context + entity,
            FixedCode = Usings.EfCore + Context + fixedEntity,
            Snapshot = new SnapshotJson().Table("public", "Notes", columns).ToString(),
        };

        private static DiagnosticResult Drift004(int marker, string property, string state, string declared, string column, string type, string columnState, string consequence)
            => new DiagnosticResult(Descriptors.NullabilityMismatch).WithLocation(marker)
                .WithArguments("Note", property, state, declared, "public", "Notes", column, type, columnState, consequence, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Test]
        public async Task Nullable_on_not_null_and_required_on_nullable_are_reported_and_fixed()
        {
            var test = Test(
                "public class Note\n{\n    public int Id { get; set; }\n    public string? {|#0:Text|} { get; set; }\n    public int {|#1:Reads|} { get; set; }\n    public string {|#2:Tag|} { get; set; } = null!;\n    public Guid? {|#3:Ref|} { get; set; }\n}\n",
                "public class Note\n{\n    public int Id { get; set; }\n    public string Text { get; set; } = null!;\n    public int? Reads { get; set; }\n    public string? Tag { get; set; }\n    public Guid Ref { get; set; }\n}\n",
                "Id integer", "Text text", "Reads integer null", "Tag text null", "Ref uuid");
            test.ExpectedDiagnostics.Add(Drift004(0, "Text", "nullable", "string?", "Text", "text", "NOT NULL", "inserting or updating null fails"));
            test.ExpectedDiagnostics.Add(Drift004(1, "Reads", "required", "int", "Reads", "integer", "nullable", "reading a NULL fails or yields null where the code promises a value"));
            test.ExpectedDiagnostics.Add(Drift004(2, "Tag", "required", "string", "Tag", "text", "nullable", "reading a NULL fails or yields null where the code promises a value"));
            test.ExpectedDiagnostics.Add(Drift004(3, "Ref", "nullable", "Guid?", "Ref", "uuid", "NOT NULL", "inserting or updating null fails"));
            await test.RunAsync();
        }

        [Test]
        public async Task Required_by_attribute_configuration_or_key_is_reported_without_a_fix()
        {
            const string Entity = "public class Note\n{\n    public int {|#0:Id|} { get; set; }\n    [Required] public string? {|#1:Text|} { get; set; }\n}\n";
            var test = Test(Entity, Entity, "Id integer null", "Text text null");
            test.ExpectedDiagnostics.Add(Drift004(0, "Id", "required", "int", "Id", "integer", "nullable", "reading a NULL fails or yields null where the code promises a value"));
            test.ExpectedDiagnostics.Add(Drift004(1, "Text", "required", "string?, [Required]", "Text", "text", "nullable", "reading a NULL fails or yields null where the code promises a value"));
            await test.RunAsync();
        }

        [Test]
        public async Task Matching_nullability_oblivious_code_and_generated_columns_are_silent()
        {
            const string Entity = "public class Note\n{\n    public int Id { get; set; }\n    public string? Text { get; set; }\n    public int Reads { get; set; }\n    public decimal Total { get; set; }\n#nullable disable\n    public string Legacy { get; set; }\n#nullable enable\n}\n";
            var test = Test(Entity, Entity, "Id integer", "Text text null", "Reads integer", "Total numeric null", "Legacy text");
            test.TestState.AdditionalFiles.Clear();
            test.Snapshot = new SnapshotJson().Table("public", "Notes", "Id integer", "Text text null", "Reads integer", "Legacy text").ToString()
                .Replace("{ \"name\": \"Legacy\", \"type\": \"text\", \"nullable\": false }", "{ \"name\": \"Legacy\", \"type\": \"text\", \"nullable\": false },\n        { \"name\": \"Total\", \"type\": \"numeric\", \"nullable\": true, \"generated\": \"(1)\" }", System.StringComparison.Ordinal);
            await test.RunAsync();
        }
    }
}
