using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>Several DbContexts and several databases: each context is checked against the snapshot of its own database.</summary>
    public sealed class MultipleDatabaseTests
    {
        private const string Shop = "public class ShopContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n}\npublic class User { public int Id { get; set; } }\n";

        private const string Billing = "public class BillingContext : DbContext\n{\n    public DbSet<Invoice> Invoices => Set<Invoice>();\n    public DbSet<Payment> Payments => Set<Payment>();\n}\n"
            + "public class Invoice { public int Id { get; set; } }\npublic class {|#0:Payment|} { public int Id { get; set; } }\n";

        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string shop, string billing, string? editorConfig)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        {
            var test = new DriftTest<TAnalyzer, EmptyCodeFixProvider>();
            test.TestState.Sources.Add(("/Shop.cs", Usings.EfCore + shop));
            test.TestState.Sources.Add(("/Billing.cs", Usings.EfCore + billing));

            // Both databases have a "Users" table: only the right snapshot may answer for each context.
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/shop.json", new SnapshotJson("shop").Table("public", "Users", "Id integer").ToString()));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/billing.json", new SnapshotJson("billing").Table("public", "Users", "Id integer").Table("public", "Invoices", "Id integer").ToString()));
            if (editorConfig != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n" + editorConfig));
            }

            return test;
        }

        private static DiagnosticResult PaymentMissing => new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
            .WithArguments("Payment", "public", "Payments", string.Empty, "billing.json (database billing)");

        [Test]
        public async Task The_database_option_of_a_contexts_file_chooses_its_snapshot()
        {
            var test = Test<MissingTableAnalyzer>(Shop, Billing, "[Shop.cs]\ndrift_analyzers.database = shop\n\n[Billing.cs]\ndrift_analyzers.database = billing\n");
            test.ExpectedDiagnostics.Add(PaymentMissing);
            await test.RunAsync();
        }

        [Test]
        public async Task A_literal_connection_string_chooses_the_snapshot()
        {
            const string ShopWithConnection = "public class ShopContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n"
                + "    protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql(\"Host=db;Database=shop;Username=app\");\n}\npublic class User { public int Id { get; set; } }\n";
            const string BillingWithUri = "public class BillingContext : DbContext\n{\n    public DbSet<Invoice> Invoices => Set<Invoice>();\n    public DbSet<Payment> Payments => Set<Payment>();\n"
                + "    protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql(\"postgresql://app@db/billing?sslmode=require\");\n}\n"
                + "public class Invoice { public int Id { get; set; } }\npublic class {|#0:Payment|} { public int Id { get; set; } }\n";
            var test = Test<MissingTableAnalyzer>(ShopWithConnection, BillingWithUri, null);
            test.ExpectedDiagnostics.Add(PaymentMissing);
            await test.RunAsync();
        }

        [Test]
        public async Task Without_a_choice_the_contexts_are_not_checked_and_DRIFT013_says_how_to_choose()
        {
            var silent = Test<MissingTableAnalyzer>(Shop, Billing.Replace("{|#0:Payment|}", "Payment", System.StringComparison.Ordinal), null);
            await silent.RunAsync();

            var told = Test<MappingNotAnalyzedAnalyzer>(
                Shop.Replace("class ShopContext", "class {|#1:ShopContext|}", System.StringComparison.Ordinal),
                Billing.Replace("{|#0:Payment|}", "Payment", System.StringComparison.Ordinal).Replace("class BillingContext", "class {|#2:BillingContext|}", System.StringComparison.Ordinal),
                null);
            const string Note = "there are snapshots of several databases (billing, shop) and nothing says which one it uses, so its entities are not checked: set drift_analyzers.database = <database> for its file in .editorconfig";
            told.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(1).WithArguments("ShopContext", Note));
            told.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(2).WithArguments("BillingContext", Note));
            await told.RunAsync();
        }

        [Test]
        public async Task A_database_option_naming_no_snapshot_is_said_not_guessed()
        {
            var test = Test<MappingNotAnalyzedAnalyzer>(
                Shop.Replace("class ShopContext", "class {|#1:ShopContext|}", System.StringComparison.Ordinal),
                Billing.Replace("{|#0:Payment|}", "Payment", System.StringComparison.Ordinal),
                "[*.cs]\ndrift_analyzers.database = shop\n\n[Shop.cs]\ndrift_analyzers.database = shopp\n");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(1).WithArguments(
                "ShopContext",
                "drift_analyzers.database is 'shopp' but no snapshot is of that database (snapshots: billing.json (database billing), shop.json (database shop)), so its entities are not checked"));
            await test.RunAsync();
        }
    }
}
