using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.CodeFixes;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>DRIFT006 (FK type mismatch, with its fix) and DRIFT007 (relationship without FK constraint).</summary>
    public sealed class RelationshipTests
    {
        private const string Users = "public class User { public int Id { get; set; } public List<Order> Orders { get; set; } }\n";

        private static SnapshotJson Snapshot(bool withConstraint = false)
        {
            var snapshot = new SnapshotJson().Table("public", "Users", "Id integer").Table("public", "Orders", "Id integer", "UserId integer", "BuyerId integer");
            return snapshot;
        }

        private static DriftTest<ForeignKeyTypeAnalyzer, ColumnTypeFixer> Drift006(string code, string fixedCode) => new()
        {
            TestCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n" + Users + code,
            FixedCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n" + Users + fixedCode,
            Snapshot = Snapshot().ToString(),
        };

        private static DiagnosticResult Expected(int marker, string property, string declared) => new DiagnosticResult(Descriptors.ForeignKeyTypeMismatch)
            .WithLocation(marker).WithArguments("Order", property, declared, "User", "Id", "int");

        [Test]
        public async Task A_Guid_foreign_key_to_an_int_key_is_reported_and_fixed()
        {
            var test = Drift006(
                "public class Order\n{\n    public int Id { get; set; }\n    public Guid {|#0:UserId|} { get; set; }\n    public User User { get; set; }\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n    public User User { get; set; }\n}\n");
            test.ExpectedDiagnostics.Add(Expected(0, "UserId", "Guid"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_wide_entity_finds_its_foreign_key_by_name_as_a_narrow_one_does()
        {
            // More properties than an entity scans by name (it indexes them instead), the key among the last.
            string many = string.Concat(Enumerable.Range(1, 40).Select(i => $"    public int Extra{i} {{ get; set; }}\n"));
            var test = Drift006(
                "public class Order\n{\n    public int Id { get; set; }\n" + many + "    public Guid {|#0:UserId|} { get; set; }\n    public User User { get; set; }\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n" + many + "    public int UserId { get; set; }\n    public User User { get; set; }\n}\n");
            test.ExpectedDiagnostics.Add(Expected(0, "UserId", "Guid"));
            await test.RunAsync();
        }

        [Test]
        public async Task Foreign_keys_found_by_attribute_fluent_api_and_collection_navigations()
        {
            var byAttribute = Drift006(
                "public class Order\n{\n    public int Id { get; set; }\n    [ForeignKey(nameof(Buyer))] public long? {|#0:BuyerRef|} { get; set; }\n    public User Buyer { get; set; }\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n    [ForeignKey(nameof(Buyer))] public int? BuyerRef { get; set; }\n    public User Buyer { get; set; }\n}\n");
            byAttribute.ExpectedDiagnostics.Add(Expected(0, "BuyerRef", "long?"));
            await byAttribute.RunAsync();

            // No navigation on Order: the principal's List<Order> Orders and the name UserId make the relationship.
            var fromPrincipal = Drift006(
                "public class Order\n{\n    public int Id { get; set; }\n    public string {|#0:UserId|} { get; set; }\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n}\n");
            fromPrincipal.ExpectedDiagnostics.Add(Expected(0, "UserId", "string"));
            await fromPrincipal.RunAsync();
        }

        [Test]
        public async Task Fluent_HasForeignKey_is_followed_and_HasPrincipalKey_is_left_alone()
        {
            const string Fluent = "public class Shop : DbContext\n{\n    public DbSet<Seller> Sellers => Set<Seller>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b)\n    {\n"
                + "        b.Entity<Order>().HasOne(o => o.Buyer).WithMany().HasForeignKey(o => o.Purchaser);\n"
                + "        b.Entity<Order>().HasOne(o => o.Seller).WithMany().HasForeignKey(o => o.SellerCode).HasPrincipalKey(u => u.Code);\n    }\n}\n"
                + "public class Order\n{\n    public int Id { get; set; }\n    public short {|#0:Purchaser|} { get; set; }\n    public User Buyer { get; set; }\n"
                + "    public string SellerCode { get; set; }\n    public Seller Seller { get; set; }\n}\npublic class Seller { public int Id { get; set; } public string Code { get; set; } }\n";
            var test = Drift006(Fluent, Fluent.Replace("public short {|#0:Purchaser|}", "public int Purchaser", System.StringComparison.Ordinal));
            test.ExpectedDiagnostics.Add(Expected(0, "Purchaser", "short"));
            await test.RunAsync();
        }

        [Test]
        public async Task Matching_and_nullable_foreign_keys_are_silent()
        {
            const string Code = "public class Order\n{\n    public int Id { get; set; }\n    public int? UserId { get; set; }\n    public User User { get; set; }\n    public int BuyerId { get; set; }\n}\n";
            await Drift006(Code, Code).RunAsync();
        }

        [Test]
        public async Task A_relationship_without_a_constraint_is_information_naming_the_column_and_both_types()
        {
            var test = new DriftTest<MissingForeignKeyAnalyzer, EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n" + Users
                    + "public class Order\n{\n    public int Id { get; set; }\n    public int {|#0:UserId|} { get; set; }\n    public User User { get; set; }\n}\n",
                Snapshot = Snapshot().ToString(),
            };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ForeignKeyConstraintMissing).WithLocation(0)
                .WithArguments("Order", "User", "User", "public", "Orders", "UserId", "integer", "public", "Users", "Id", "integer", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_relationship_with_its_constraint_is_silent()
        {
            string snapshot = Snapshot().ToString().Replace(
                "\"foreignKeys\": [],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }\n  ]",
                "\"foreignKeys\": [\n        { \"name\": \"fk\", \"columns\": [\"UserId\"], \"referencedSchema\": \"public\", \"referencedTable\": \"Users\", \"referencedColumns\": [\"Id\"], \"onDelete\": \"cascade\", \"onUpdate\": \"no action\" }\n      ],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }\n  ]",
                System.StringComparison.Ordinal);
            Assert.That(snapshot, Does.Contain("\"name\": \"fk\""));
            var test = new DriftTest<MissingForeignKeyAnalyzer, EmptyCodeFixProvider>
            {
                TestCode = Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n" + Users
                    + "public class Order\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n    public User User { get; set; }\n}\n",
                Snapshot = snapshot,
            };
            await test.RunAsync();
        }
    }
}
