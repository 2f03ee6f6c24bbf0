using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// DRIFT014 against a model snapshot EF Core wrote for the code as it was, and a database its migrations created: the
    /// change made since is reported once, by DRIFT014, and not again by the database rules, whose code fix would otherwise
    /// revert it unasked; and where the static reading cannot be sure (a naming convention set in another project, a
    /// ConfigureConventions, a legacy column type, a field or shadow property mapped by name), it says nothing.
    /// </summary>
    public sealed class PendingModelChangeTests
    {
        private const string Code = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public enum Mood { Happy, Sad }

                public class Customer
                {
                    public int Id { get; set; }
                    public int UserId { get; set; }
                    [MaxLength(200)] public string Email { get; set; } = "";
                    public string Name { get; set; } = "";
                    [Column("city_name")] public string? City { get; set; }
                    public DateTime CreatedAt { get; set; }
                    public Mood Mood { get; set; }
                }

                public class ShopContext : DbContext
                {
                    public DbSet<Customer> Customers => Set<Customer>();

                    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=shop");
                }
            }
            """;

        private static readonly Lazy<ModelSnapshots.Loaded> Before = new(() => ModelSnapshots.Load(("/Shop.cs", Code)));

        /// <summary>
        /// Every analyzer over <paramref name="code"/> (the code now) with the model snapshot of <see cref="Code"/> (the last
        /// migration) and the database its migrations create: "ID file:line message".
        /// </summary>
        private static async Task<List<string>> FindingsAsync(string code, Func<string, string>? snapshot = null, string? database = null)
        {
            var loaded = Before.Value;
            string snapshotCode = (snapshot ?? (s => s))(loaded.SnapshotCode["ShopContext"]);
            var compilation = AnalyzerRunner.Compile(new[] { ("/Shop.cs", code), ("/Migrations/ShopContextModelSnapshot.cs", snapshotCode) });
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, database ?? SnapshotJson.FromModel(loaded.Contexts.Single()).ToString());
            Assert.That(exceptions, Is.Empty);
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            return diagnostics
                .Select(d => d.Id + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage())
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        private static string Edit(string from, string to)
        {
            Assert.That(Code, Does.Contain(from));
            return Code.Replace(from, to, StringComparison.Ordinal);
        }

        /// <summary>A Domain project of <paramref name="source"/>, without EF Core, compiled: what the context's project references.</summary>
        private static PortableExecutableReference DomainImage(string source)
        {
            var domain = CSharpCompilation.Create("Ordering.Domain", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Domain/Entities.cs") }, References.FrameworkOnly, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var image = new System.IO.MemoryStream();
            Assert.That(domain.Emit(image).Success, Is.True);
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        private static int Line(string code, string text) => code.Substring(0, code.IndexOf(text, StringComparison.Ordinal)).Count(c => c == '\n') + 1;

        [Test]
        public async Task The_code_its_migrations_were_made_from_gives_nothing()
        {
            Assert.That(await FindingsAsync(Code), Is.Empty);
        }

        [Test]
        public async Task A_type_changed_without_a_migration_is_DRIFT014_and_not_DRIFT001_whose_fix_would_revert_it()
        {
            // Code Guid, model snapshot int, database integer: the migration is what is missing, not a wrong type.
            string code = Edit("public int UserId", "public Guid UserId");
            Assert.That(await FindingsAsync(code), Is.EqualTo(new[]
            {
                "DRIFT014 Shop.cs:" + Line(code, "public Guid UserId") + " Property 'Customer.UserId' is Guid (uuid) in the code but int (integer) in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or change it back to int",
            }));
        }

        [Test]
        public async Task The_facts_for_the_report_name_both_sides_and_the_migration()
        {
            string code = Edit("public int UserId", "public Guid UserId");
            var compilation = AnalyzerRunner.Compile(new[] { ("/Shop.cs", code), ("/Migrations/ShopContextModelSnapshot.cs", Before.Value.SnapshotCode["ShopContext"]) });
            var (diagnostics, _) = await AnalyzerRunner.RunAsync(compilation, SnapshotJson.FromModel(Before.Value.Contexts.Single()).ToString());
            var facts = diagnostics.Single(d => d.Id == "DRIFT014").Properties;
            Assert.That(
                string.Join(" | ", new[] { "Entity", "Property", "Table", "Column", "CodeSays", "MigrationsSays", "DatabaseSays", "Fix" }.Select(k => facts.TryGetValue(k, out var v) ? v : "-")),
                Is.EqualTo("Customer | UserId | public.Customers | UserId | Guid (uuid) | int (integer) | - | add a migration (`dotnet ef migrations add <Name> --context ShopContext`), or change it back to int"));
        }

        [Test]
        public async Task Nullability_length_and_column_name_changed_without_a_migration_are_DRIFT014_only()
        {
            string code = Edit("public string Name { get; set; } = \"\";", "public string? Name { get; set; }")
                .Replace("[MaxLength(200)]", "[MaxLength(300)]", StringComparison.Ordinal)
                .Replace("[Column(\"city_name\")]", "[Column(\"town\")]", StringComparison.Ordinal);
            Assert.That(await FindingsAsync(code), Is.EquivalentTo(new[]
            {
                "DRIFT014 Shop.cs:" + Line(code, "[MaxLength(300)]") + " Property 'Customer.Email' is character varying(300) ([MaxLength]) in the code but character varying(200) in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or give it a maximum length of 200 again",
                "DRIFT014 Shop.cs:" + Line(code, "[Column(\"town\")]") + " Property 'Customer.City' maps to column town in the code but to column city_name in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or map it to column city_name again",
                "DRIFT014 Shop.cs:" + Line(code, "public string? Name") + " Property 'Customer.Name' is nullable (string?) in the code but required in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or make it required again",
            }));
        }

        [Test]
        public async Task An_entity_and_a_property_added_without_a_migration_are_DRIFT014_and_not_a_missing_table_or_column()
        {
            string code = Edit("public Mood Mood { get; set; }", "public Mood Mood { get; set; }\n        public string? Phone { get; set; }")
                .Replace("    public class ShopContext", "    public class Coupon { public int Id { get; set; } public string Code { get; set; } = \"\"; }\n\n    public class ShopContext", StringComparison.Ordinal)
                .Replace("public DbSet<Customer> Customers => Set<Customer>();", "public DbSet<Customer> Customers => Set<Customer>();\n        public DbSet<Coupon> Coupons => Set<Coupon>();", StringComparison.Ordinal);
            Assert.That(await FindingsAsync(code), Is.EquivalentTo(new[]
            {
                "DRIFT014 Shop.cs:" + Line(code, "public class Coupon") + " Entity 'Coupon' (table public.Coupons) is in ShopContext's model but not in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or remove it from the model",
                "DRIFT014 Shop.cs:" + Line(code, "public string? Phone") + " Property 'Customer.Phone' (string?, column Phone: text) is mapped in the code but not in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or remove it (or mark it [NotMapped])",
            }));
        }

        [Test]
        public async Task A_property_removed_without_a_migration_is_DRIFT014_on_its_entity_with_the_snapshots_line()
        {
            string code = Edit("        public DateTime CreatedAt { get; set; }\n", string.Empty);
            var findings = await FindingsAsync(code);
            Assert.That(findings, Is.EqualTo(new[]
            {
                "DRIFT014 Shop.cs:" + Line(code, "public class Customer") + " Property 'Customer.CreatedAt' (column CreatedAt: timestamp with time zone) is mapped in the migrations' model snapshot ShopContextModelSnapshot.cs but the class no longer has it: add a migration (dotnet ef migrations add <Name> --context ShopContext) or restore the property",
            }));
        }

        [Test]
        public async Task The_database_rules_still_report_what_the_database_lacks_of_the_model_snapshot()
        {
            // The migration exists (the snapshot has the column), the database does not: not DRIFT014's, the column rule's.
            var database = SnapshotJson.FromModel(Before.Value.Contexts.Single(), change: t => t with { Columns = t.Columns.Where(c => !c.StartsWith("Email ", StringComparison.Ordinal)).ToList() }).ToString();
            var findings = await FindingsAsync(Code, database: database);
            Assert.That(findings, Has.None.StartsWith("DRIFT014"));
            Assert.That(findings, Has.Some.StartsWith("DRIFT003 Shop.cs:" + Line(Code, "[MaxLength(200)]")));
        }

        [Test]
        public async Task A_naming_convention_set_in_another_project_is_not_a_rename_and_a_change_is_still_seen()
        {
            // The application project calls UseSnakeCaseNamingConvention(); the context's project does not show it.
            var snake = ModelSnapshots.Load(("/Shop.cs", Code.Replace("options.UseNpgsql(\"Host=localhost;Database=shop\")", "options.UseNpgsql(\"Host=localhost;Database=shop\").UseSnakeCaseNamingConvention()", StringComparison.Ordinal)));
            string snapshot = snake.SnapshotCode["ShopContext"];
            Assert.That(snapshot, Does.Contain("\"user_id\""));
            Assert.That(await FindingsAsync(Code, _ => snapshot, database: SnapshotJson.FromModel(snake.Contexts.Single()).ToString()), Has.None.StartsWith("DRIFT014"));

            string code = Edit("public int UserId", "public long UserId").Replace("[MaxLength(200)]", string.Empty, StringComparison.Ordinal);
            Assert.That((await FindingsAsync(code, _ => snapshot, database: SnapshotJson.FromModel(snake.Contexts.Single()).ToString())).Where(f => f.StartsWith("DRIFT014", StringComparison.Ordinal)), Is.EquivalentTo(new[]
            {
                "DRIFT014 Shop.cs:" + Line(code, "public string Email") + " Property 'Customer.Email' is text in the code but character varying(200) in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or give it a maximum length of 200 again",
                "DRIFT014 Shop.cs:" + Line(code, "public long UserId") + " Property 'Customer.UserId' is long (bigint) in the code but int (integer) in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or change it back to int",
            }));
        }

        [Test]
        public async Task Column_types_the_snapshot_states_otherwise_than_the_providers_default_are_not_judged()
        {
            // The legacy timestamp switch (timestamp without time zone for DateTime) and a PostgreSQL enum: nothing in the code says so.
            Func<string, string> legacy = s => s
                .Replace("b.Property<DateTime>(\"CreatedAt\")\n                        .HasColumnType(\"timestamp with time zone\")", "b.Property<DateTime>(\"CreatedAt\")\n                        .HasColumnType(\"timestamp without time zone\")", StringComparison.Ordinal)
                .Replace("b.Property<int>(\"Mood\")\n                        .HasColumnType(\"integer\")", "b.Property<Mood>(\"Mood\")\n                        .HasColumnType(\"mood\")", StringComparison.Ordinal);
            string snapshot = legacy(Before.Value.SnapshotCode["ShopContext"]);
            Assert.That(snapshot, Does.Contain("timestamp without time zone").And.Contain("\"mood\""));
            var findings = await FindingsAsync(Code, legacy);
            Assert.That(findings.Where(f => f.StartsWith("DRIFT014", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public async Task ConfigureConventions_and_sizes_computed_at_run_time_leave_the_types_unjudged()
        {
            string conventions = Edit(
                "    protected override void OnConfiguring",
                "    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.Properties<string>().HaveMaxLength(400);\n\n        protected override void OnConfiguring");
            Assert.That(await FindingsAsync(conventions), Has.None.StartsWith("DRIFT014"));

            string computed = Edit(
                "    protected override void OnConfiguring",
                "    private static readonly int Size = int.Parse(\"200\");\n\n        protected override void OnModelCreating(ModelBuilder b) => b.Entity<Customer>().Property(c => c.Name).HasMaxLength(Size);\n\n        protected override void OnConfiguring");
            Assert.That(await FindingsAsync(computed), Has.None.StartsWith("DRIFT014"));
        }

        [Test]
        public async Task A_field_or_shadow_property_mapped_by_name_is_not_a_removed_property()
        {
            // The snapshot maps "_secret" (a field) and "Tenant" (a shadow property): no CLR property shows either.
            var loaded = ModelSnapshots.Load(("/Shop.cs", Code
                .Replace("public Mood Mood { get; set; }", "public Mood Mood { get; set; }\n        private string? _secret;", StringComparison.Ordinal)
                .Replace("    protected override void OnConfiguring", "    protected override void OnModelCreating(ModelBuilder b)\n        {\n            b.Entity<Customer>().Property<string?>(\"_secret\");\n            b.Entity<Customer>().Property<string>(\"Tenant\");\n        }\n\n        protected override void OnConfiguring", StringComparison.Ordinal)));
            string snapshot = loaded.SnapshotCode["ShopContext"];
            Assert.That(snapshot, Does.Contain("\"_secret\"").And.Contain("\"Tenant\""));
            var code = loaded.Compilation.SyntaxTrees.Single().ToString();
            var compilation = AnalyzerRunner.Compile(new[] { ("/Shop.cs", code), ("/Migrations/ShopContextModelSnapshot.cs", snapshot) });
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, SnapshotJson.FromModel(loaded.Contexts.Single()).ToString());
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Where(d => d.Id == "DRIFT014").Select(d => d.GetMessage()), Is.Empty);
        }

        [Test]
        public async Task A_field_the_snapshot_maps_now_a_property_of_a_referenced_assembly_on_the_same_column_is_not_removed()
        {
            // eShop's Ordering: the snapshot still maps the field "_orderDate" onto OrderDate; the Domain project's class now has
            // OrderDate { get; private set; }, whose private setter a referenced assembly does not show. EF Core: the same column.
            const string Domain = """
                namespace Ordering
                {
                    public class Order { public int Id { get; set; } public System.DateTime OrderDate { get; private set; } public string Description { get; set; } = ""; }
                }
                """;
            const string Persistence = """
                using Microsoft.EntityFrameworkCore;
                namespace Ordering
                {
                    public class OrderingContext : DbContext
                    {
                        public DbSet<Order> Orders => Set<Order>();
                        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=ordering");
                    }
                }
                """;
            var loaded = ModelSnapshots.Load(("/Domain/Order.cs", Domain), ("/Infrastructure/OrderingContext.cs", Persistence));
            string snapshot = loaded.SnapshotCode["OrderingContext"].Replace("b.Property<DateTime>(\"OrderDate\")", "b.Property<DateTime>(\"_orderDate\")\n                        .HasColumnName(\"OrderDate\")", StringComparison.Ordinal);
            Assert.That(snapshot, Does.Contain("\"_orderDate\""));

            var persistence = AnalyzerRunner.Compile(new[] { ("/Infrastructure/OrderingContext.cs", Persistence), ("/Infrastructure/Migrations/OrderingContextModelSnapshot.cs", snapshot) }, References.All.Add(DomainImage(Domain)));
            Assert.That(persistence.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(persistence, SnapshotJson.FromModel(loaded.Contexts.Single()).ToString());
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Where(d => d.Id == "DRIFT014").Select(d => d.GetMessage()), Is.Empty);
        }

        [Test]
        public async Task A_private_setter_of_a_referenced_assembly_is_compared_as_EF_Core_maps_it()
        {
            // The Domain project's Buyer.IdentityGuid { get; private set; }: the Infrastructure project's configuration widens it.
            const string Domain = """
                namespace Ordering
                {
                    public class Buyer { public int Id { get; set; } public string IdentityGuid { get; private set; } = ""; }
                }
                """;
            const string Persistence = """
                using Microsoft.EntityFrameworkCore;
                namespace Ordering
                {
                    public class OrderingContext : DbContext
                    {
                        public DbSet<Buyer> Buyers => Set<Buyer>();
                        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=ordering");
                        protected override void OnModelCreating(ModelBuilder b) => b.Entity<Buyer>().Property(x => x.IdentityGuid).HasMaxLength(200);
                    }
                }
                """;
            var loaded = ModelSnapshots.Load(("/Domain/Buyer.cs", Domain), ("/Infrastructure/OrderingContext.cs", Persistence));
            string snapshotPath = "/Infrastructure/Migrations/OrderingContextModelSnapshot.cs";
            async Task<List<string>> Drift014Async(string persistence)
            {
                var compilation = AnalyzerRunner.Compile(new[] { ("/Infrastructure/OrderingContext.cs", persistence), (snapshotPath, loaded.SnapshotCode["OrderingContext"]) }, References.All.Add(DomainImage(Domain)));
                var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, SnapshotJson.FromModel(loaded.Contexts.Single()).ToString());
                Assert.That(exceptions, Is.Empty);
                return diagnostics.Where(d => d.Id == "DRIFT014").Select(d => System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ": " + d.GetMessage()).ToList();
            }

            Assert.That(await Drift014Async(Persistence), Is.Empty);
            Assert.That(await Drift014Async(Persistence.Replace("HasMaxLength(200)", "HasMaxLength(250)", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "OrderingContextModelSnapshot.cs: Property 'Buyer.IdentityGuid' is character varying(250) (HasMaxLength) in the code but character varying(200) in the migrations' model snapshot OrderingContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context OrderingContext) or give it a maximum length of 200 again",
            }));
        }

        [Test]
        public async Task Without_a_database_snapshot_DRIFT014_is_still_reported()
        {
            string code = Edit("public int UserId", "public long UserId");
            var compilation = AnalyzerRunner.Compile(new[] { ("/Shop.cs", code), ("/Migrations/ShopContextModelSnapshot.cs", Before.Value.SnapshotCode["ShopContext"]) });
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty), null, true, false);
            var diagnostics = await compilation.WithAnalyzers(AnalyzerRunner.Analyzers, options).GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics.Where(d => d.Id == "DRIFT014").Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1), Is.EqualTo(new[] { Line(code, "public long UserId") }));
        }

        [Test]
        public async Task A_Domain_project_handed_the_model_snapshot_reports_no_DRIFT014_its_context_project_does()
        {
            // The entities without EF Core, the snapshot as another project's AdditionalFile: no context here to compare.
            const string Domain = """
                namespace Shop
                {
                    public enum Mood { Happy, Sad }
                    public class Customer { public int Id { get; set; } public long UserId { get; set; } public string Email { get; set; } = ""; public string Name { get; set; } = ""; public string? City { get; set; } public System.DateTime CreatedAt { get; set; } public Mood Mood { get; set; } }
                }
                """;
            var compilation = CSharpCompilation.Create("Domain", new[] { CSharpSyntaxTree.ParseText(Domain, new CSharpParseOptions(LanguageVersion.Latest), path: "/Domain/Customer.cs") }, References.FrameworkOnly, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, SnapshotJson.FromModel(Before.Value.Contexts.Single()).ToString(), new[] { ("/Persistence/Migrations/ShopContextModelSnapshot.cs", Before.Value.SnapshotCode["ShopContext"]) });
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Where(d => d.Id == "DRIFT014"), Is.Empty);
        }
    }
}
