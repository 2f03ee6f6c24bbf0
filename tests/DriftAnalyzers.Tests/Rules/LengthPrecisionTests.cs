using System.Threading.Tasks;
using DriftAnalyzers.CodeFixes;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    public sealed class LengthPrecisionTests
    {
        private const string Context = "public class AppDbContext : DbContext\n{\n    public DbSet<Item> Items => Set<Item>();\n"
            + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Item>().Property(i => i.Fluent).HasMaxLength(10);\n}\n";

        private static DriftTest<LengthPrecisionAnalyzer, LengthPrecisionFixer> Test(string entity, string fixedEntity) => new()
        {
            TestCode = Usings.EfCore + Context + entity,
            FixedCode = Usings.EfCore + Context + fixedEntity,
            Snapshot = new SnapshotJson().Table(
                "public", "Items", "Id integer", "Name character varying(255)", "Code character(3)", "Body text", "Price numeric(12,2)", "Rate numeric(10,4)",
                "Fluent character varying(20)", "Typed character varying(50)", "Same character varying(40)", "Free numeric").ToString(),
        };

        private static DiagnosticResult Drift005(int marker, string property, string declared, string column, string type)
            => new DiagnosticResult(Descriptors.LengthPrecisionMismatch).WithLocation(marker)
                .WithArguments("Item", property, declared, "public", "Items", column, type, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Test]
        public async Task Declared_lengths_and_precisions_are_compared_and_attributes_rewritten()
        {
            var test = Test(
                "public class Item\n{\n    public int Id { get; set; }\n    [MaxLength(100)] public string {|#0:Name|} { get; set; }\n"
                + "    [StringLength(5, ErrorMessage = \"too long\")] public string {|#1:Code|} { get; set; }\n    [MaxLength(500)] public string {|#2:Body|} { get; set; }\n"
                + "    [Precision(10, 2)] public decimal {|#3:Price|} { get; set; }\n    [Precision(10)] public decimal {|#4:Rate|} { get; set; }\n"
                + "    public string {|#5:Fluent|} { get; set; }\n    [Column(TypeName = \"varchar(60)\")] public string {|#6:Typed|} { get; set; }\n"
                + "    [MaxLength(40)] public string Same { get; set; }\n    public decimal Free { get; set; }\n}\n",
                "public class Item\n{\n    public int Id { get; set; }\n    [MaxLength(255)] public string Name { get; set; }\n"
                + "    [StringLength(3, ErrorMessage = \"too long\")] public string Code { get; set; }\n    [MaxLength(500)] public string {|#2:Body|} { get; set; }\n"
                + "    [Precision(12, 2)] public decimal Price { get; set; }\n    [Precision(10, 4)] public decimal Rate { get; set; }\n"
                + "    public string {|#5:Fluent|} { get; set; }\n    [Column(TypeName = \"varchar(60)\")] public string {|#6:Typed|} { get; set; }\n"
                + "    [MaxLength(40)] public string Same { get; set; }\n    public decimal Free { get; set; }\n}\n");
            test.ExpectedDiagnostics.Add(Drift005(0, "Name", "a maximum length of 100 ([MaxLength])", "Name", "character varying(255)"));
            test.ExpectedDiagnostics.Add(Drift005(1, "Code", "a maximum length of 5 ([StringLength])", "Code", "character(3)"));
            test.ExpectedDiagnostics.Add(Drift005(2, "Body", "a maximum length of 500 ([MaxLength])", "Body", "text"));
            test.ExpectedDiagnostics.Add(Drift005(3, "Price", "a precision of 10, scale 2 ([Precision])", "Price", "numeric(12,2)"));
            test.ExpectedDiagnostics.Add(Drift005(4, "Rate", "a precision of 10 ([Precision])", "Rate", "numeric(10,4)"));
            test.ExpectedDiagnostics.Add(Drift005(5, "Fluent", "a maximum length of 10 (HasMaxLength)", "Fluent", "character varying(20)"));
            test.ExpectedDiagnostics.Add(Drift005(6, "Typed", "a maximum length of 60 (the declared column type)", "Typed", "character varying(50)"));

            // No fix for a text column, a fluent length or a column type: they stay.
            test.FixedState.ExpectedDiagnostics.Add(Drift005(2, "Body", "a maximum length of 500 ([MaxLength])", "Body", "text"));
            test.FixedState.ExpectedDiagnostics.Add(Drift005(5, "Fluent", "a maximum length of 10 (HasMaxLength)", "Fluent", "character varying(20)"));
            test.FixedState.ExpectedDiagnostics.Add(Drift005(6, "Typed", "a maximum length of 60 (the declared column type)", "Typed", "character varying(50)"));
            await test.RunAsync();
        }
    }
}
