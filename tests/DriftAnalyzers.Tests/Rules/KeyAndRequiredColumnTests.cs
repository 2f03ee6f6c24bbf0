using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>DRIFT011 (key mismatch) and DRIFT012 (required column unmapped).</summary>
    public sealed class KeyAndRequiredColumnTests
    {
        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code, string snapshot)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
            => new() { TestCode = Usings.EfCore + code, Snapshot = snapshot };

        private static string WithPrimaryKey(SnapshotJson snapshot, string table, params string[] columns)
            => snapshot.ToString().Replace(
                "\"name\": \"" + table + "\",\n      \"kind\": \"table\",",
                "\"name\": \"" + table + "\",\n      \"kind\": \"table\",",
                System.StringComparison.Ordinal).Replace(
                "\"primaryKey\": null",
                "\"primaryKey\": { \"name\": \"" + table + "_pkey\", \"columns\": [\"" + string.Join("\", \"", columns) + "\"] }",
                System.StringComparison.Ordinal);

        private const string Context = "public class AppDbContext : DbContext { public DbSet<Session> Sessions => Set<Session>(); }\n";

        [Test]
        public async Task A_key_that_is_not_the_tables_primary_key_is_reported()
        {
            var test = Test<KeyMismatchAnalyzer>(
                Context + "public class {|#0:Session|} { public int Id { get; set; } public string Code { get; set; } }\n",
                WithPrimaryKey(new SnapshotJson().Table("public", "Sessions", "Id integer", "Code text"), "Sessions", "Code"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.KeyMismatch).WithLocation(0)
                .WithArguments("Session", "Id", "column Id", "public", "Sessions", "has the primary key Sessions_pkey (Code)", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_table_without_a_primary_key_is_reported()
        {
            var test = Test<KeyMismatchAnalyzer>(
                Context + "public class {|#0:Session|} { public int Id { get; set; } }\n",
                new SnapshotJson().Table("public", "Sessions", "Id integer").ToString());
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.KeyMismatch).WithLocation(0)
                .WithArguments("Session", "Id", "column Id", "public", "Sessions", "has no primary key", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task Keys_by_attribute_fluent_api_and_convention_that_match_are_silent_and_composite_keys_are_not_judged()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Session> Sessions => Set<Session>();\n    public DbSet<Ticket> Tickets => Set<Ticket>();\n"
                + "    public DbSet<Line> Lines => Set<Line>();\n    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Ticket>().HasKey(t => t.Number);\n}\n"
                + "public class Session { [Key] public string Code { get; set; } public int Id { get; set; } }\n"
                + "public class Ticket { public int Id { get; set; } public int Number { get; set; } }\n"
                + "[PrimaryKey(nameof(Order), nameof(No))] public class Line { public int Order { get; set; } public int No { get; set; } }\n";
            var snapshot = new SnapshotJson().Table("public", "Sessions", "Code text", "Id integer").ToString()
                .Replace("\"primaryKey\": null", "\"primaryKey\": { \"name\": \"s_pkey\", \"columns\": [\"Code\"] }", System.StringComparison.Ordinal);
            snapshot = snapshot.Replace("\"tables\": [\n", "\"tables\": [\n    {\n      \"schema\": \"public\",\n      \"name\": \"Lines\",\n      \"kind\": \"table\",\n      \"columns\": [],\n      \"primaryKey\": null,\n      \"foreignKeys\": [],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    },\n    {\n      \"schema\": \"public\",\n      \"name\": \"Tickets\",\n      \"kind\": \"table\",\n      \"columns\": [\n        { \"name\": \"Id\", \"type\": \"integer\", \"nullable\": false },\n        { \"name\": \"Number\", \"type\": \"integer\", \"nullable\": false }\n      ],\n      \"primaryKey\": { \"name\": \"t_pkey\", \"columns\": [\"Number\"] },\n      \"foreignKeys\": [],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    },\n", System.StringComparison.Ordinal);
            await Test<KeyMismatchAnalyzer>(Code, snapshot).RunAsync();
        }

        [Test]
        public async Task A_required_column_no_property_maps_is_reported()
        {
            var test = Test<RequiredColumnUnmappedAnalyzer>(
                "public class AppDbContext : DbContext { public DbSet<Invoice> Invoices => Set<Invoice>(); }\n"
                + "public class {|#0:Invoice|} { public int Id { get; set; } public decimal Amount { get; set; } public List<Invoice> Children { get; set; } }\n",
                new SnapshotJson().Table("public", "Invoices", "Id integer", "Amount numeric", "TenantId integer", "Note text null").ToString());
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.RequiredColumnUnmapped).WithLocation(0)
                .WithArguments("Invoice", "public", "Invoices", "column TenantId (integer) is", "it", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task Entities_that_may_map_the_column_in_ways_not_seen_are_not_reported()
        {
            // A reference navigation without an FK property (a shadow FK), an owned type, a provider-specific type, a shadow property.
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Invoice> Invoices => Set<Invoice>();\n    public DbSet<Customer> Customers => Set<Customer>();\n"
                + "    public DbSet<Payment> Payments => Set<Payment>();\n    public DbSet<Refund> Refunds => Set<Refund>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Refund>().Property<int>(\"TenantId\");\n}\n"
                + "public class Customer { public int Id { get; set; } }\n"
                + "public class Invoice { public int Id { get; set; } public Customer Customer { get; set; } }\n"
                + "public class Payment { public int Id { get; set; } public System.Net.IPAddress From { get; set; } }\n"
                + "public class Refund { public int Id { get; set; } }\n";
            var snapshot = new SnapshotJson()
                .Table("public", "Customers", "Id integer")
                .Table("public", "Invoices", "Id integer", "CustomerId integer")
                .Table("public", "Payments", "Id integer", "From inet")
                .Table("public", "Refunds", "Id integer", "TenantId integer").ToString();
            await Test<RequiredColumnUnmappedAnalyzer>(Code, snapshot).RunAsync();
        }
    }
}
