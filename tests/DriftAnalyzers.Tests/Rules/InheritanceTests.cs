using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>Inheritance: TPH on the root's table, TPT on the derived type's own table.</summary>
    public sealed class InheritanceTests
    {
        private const string Hierarchy = "public class AppDbContext : DbContext\n{\n    public DbSet<Animal> Animals => Set<Animal>();\n    public DbSet<Dog> Dogs => Set<Dog>();\n}\n"
            + "#nullable enable\npublic class Animal { public int Id { get; set; } public string Name { get; set; } = \"\"; }\n";

        private static string Snapshot => new SnapshotJson().Table("public", "Animals", "Id integer", "Name text", "Discriminator text", "Breed integer null", "Lives integer null").ToString();

        [Test]
        public async Task A_derived_entity_is_checked_against_the_roots_table()
        {
            var types = new DriftTest<ColumnTypeAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + Hierarchy + "public class Dog : Animal { public string? {|#0:Breed|} { get; set; } public int? {|#1:Tail|} { get; set; } }\n",
                Snapshot = Snapshot,
            };
            types.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnTypeMismatch).WithLocation(0)
                .WithArguments("Dog", "Breed", "string?", "text", "public", "Animals", "Breed", "integer", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await types.RunAsync();

            var columns = new DriftTest<MissingColumnAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + Hierarchy + "public class Dog : Animal { public int? Breed { get; set; } public int? {|#0:Tail|} { get; set; } }\n",
                Snapshot = Snapshot,
            };
            columns.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("Dog", "Tail", "public", "Animals", "Tail", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await columns.RunAsync();
        }

        [Test]
        public async Task Derived_only_columns_are_nullable_by_design_and_the_hierarchy_claims_one_table()
        {
            const string Code = Hierarchy + "public class Dog : Animal { public int Breed { get; set; } }\n";
            await new DriftTest<NullabilityAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider> { TestCode = Usings.EfCore + Code, Snapshot = Snapshot }.RunAsync();
            await new DriftTest<TableClaimedTwiceAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider> { TestCode = Usings.EfCore + Code, Snapshot = Snapshot }.RunAsync();
            await new DriftTest<RequiredColumnUnmappedAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider> { TestCode = Usings.EfCore + Code, Snapshot = Snapshot }.RunAsync();
        }

        [Test]
        public async Task A_derived_entity_with_its_own_table_is_checked_against_it()
        {
            var test = new DriftTest<MissingTableAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + Hierarchy + "[Table(\"dogs\")] public class {|#0:Dog|} : Animal { public int Breed { get; set; } }\n",
                Snapshot = Snapshot,
            };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithArguments("Dog", "public", "dogs", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }
    }
}
