using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>Owned types are checked in their owner's table, with prefixed column names.</summary>
    public sealed class OwnedTypeTests
    {
        [Test]
        public async Task Owned_properties_are_checked_in_the_owners_table()
        {
            var test = new DriftTest<MissingColumnAnalyzer, EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<Customer> Customers => Set<Customer>();\n"
                    + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Customer>().OwnsOne(c => c.Billing);\n}\n"
                    + "public class Customer { public int Id { get; set; } public Address Home { get; set; } public Address Billing { get; set; } }\n"
                    + "[Owned] public class Address { public string {|#0:Street|} { get; set; } public string City { get; set; } }\n",
                Snapshot = new SnapshotJson().Table("public", "customers", "id integer", "home_street text null", "home_city text null", "billing_city text null").ToString(),
                EditorConfig = "drift_analyzers.naming_convention = snake_case",
            };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("Customer", "Billing.Street", "public", "customers", "billing_street", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task Owned_collections_are_checked_in_their_own_table()
        {
            var test = new DriftTest<ColumnTypeAnalyzer, EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<Customer> Customers => Set<Customer>();\n"
                    + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Customer>().OwnsMany(c => c.Phones);\n}\n"
                    + "public class Customer { public int Id { get; set; } public List<Phone> Phones { get; set; } }\n"
                    + "public class Phone { public Guid {|#0:Number|} { get; set; } }\n",
                Snapshot = new SnapshotJson().Table("public", "customers", "id integer").Table("public", "phone", "customer_id integer", "id integer", "number text").ToString(),
                EditorConfig = "drift_analyzers.naming_convention = snake_case",
            };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnTypeMismatch).WithLocation(0)
                .WithArguments("Phone", "Number", "Guid", "uuid", "public", "phone", "number", "text", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }
    }
}
