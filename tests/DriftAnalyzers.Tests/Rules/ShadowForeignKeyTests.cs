using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>A navigation without an FK property: EF Core's shadow foreign key is checked like a mapped column, on the navigation.</summary>
    public sealed class ShadowForeignKeyTests
    {
        private const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n"
            + "public class User { public int Id { get; set; } }\npublic class Order { public int Id { get; set; } public User {|#0:Buyer|} { get; set; } }\n";

        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(params string[] orderColumns)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
            => new()
            {
                TestCode = Usings.EfCore + Code,
                Snapshot = new SnapshotJson().Table("public", "Users", "Id integer").Table("public", "Orders", orderColumns).ToString(),
            };

        [Test]
        public async Task A_missing_shadow_foreign_key_column_is_reported_on_the_navigation()
        {
            var test = Test<MissingColumnAnalyzer>("Id integer");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("Order", "BuyerId (shadow foreign key)", "public", "Orders", "BuyerId", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_shadow_foreign_key_column_of_another_type_is_reported_without_a_fix()
        {
            var test = Test<ColumnTypeAnalyzer>("Id integer", "BuyerId uuid null");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnTypeMismatch).WithLocation(0)
                .WithArguments("Order", "BuyerId (shadow foreign key)", "int", "integer", "public", "Orders", "BuyerId", "uuid", " (it is the foreign key to 'User.Id', integer in the database: the column must change, not the property)", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_shadow_foreign_key_without_its_constraint_is_information()
        {
            var test = Test<MissingForeignKeyAnalyzer>("Id integer", "BuyerId integer null");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ForeignKeyConstraintMissing).WithLocation(0)
                .WithArguments("Order", "Buyer", "User", "public", "Orders", "BuyerId", "integer", "public", "Users", "Id", "integer", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }
    }
}
