using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>DRIFT002 (table missing) and DRIFT003 (column missing), with the naming rules they rest on.</summary>
    public sealed class TableAndColumnTests
    {
        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code, SnapshotJson snapshot, string? config = "drift_analyzers.naming_convention = snake_case")
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        {
            var test = new DriftTest<TAnalyzer, EmptyCodeFixProvider> { TestCode = Usings.EfCore + code, Snapshot = snapshot.ToString() };
            if (config != null)
            {
                test.EditorConfig = config;
            }

            return test;
        }

        private const string Context = "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n}\n";

        [Test]
        public async Task A_missing_table_is_reported_on_the_entity()
        {
            var test = Test<MissingTableAnalyzer>(Context + "public class {|#0:ExpertProfile|} { public int Id { get; set; } }\n", new SnapshotJson().Table("public", "users", "id integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "public", "expert_profiles", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_table_that_differs_only_in_case_is_named_in_the_message()
        {
            var test = Test<MissingTableAnalyzer>(Context + "public class {|#0:ExpertProfile|} { public int Id { get; set; } }\n", new SnapshotJson().Table("public", "ExpertProfiles", "Id integer"), config: "drift_analyzers.naming_convention = lower_case");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithSpan(DriftTest<MissingTableAnalyzer, EmptyCodeFixProvider>.SnapshotPath, 8, 5, 8, 6)
                .WithArguments("ExpertProfile", "public", "expertprofiles", "; public.ExpertProfiles differs only in case, and PostgreSQL names are case-sensitive", "app.json (database app)"));
            await test.RunAsync();
        }

        /// <summary>Without the naming option, every table whose snake_case name the snapshot holds gets the hint, not only a case-folded one.</summary>
        [Test]
        public async Task Without_the_naming_option_each_snake_case_table_is_named()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n    public DbSet<OrderLine> OrderLines => Set<OrderLine>();\n    public DbSet<Review> Reviews => Set<Review>();\n"
                + "    protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql(\"Host=x\");\n}\n"
                + "public class {|#0:ExpertProfile|} { public int Id { get; set; } }\npublic class {|#1:OrderLine|} { public int Id { get; set; } }\npublic class {|#2:Review|} { public int Id { get; set; } }\n";
            var test = Test<MissingTableAnalyzer>(Code, new SnapshotJson().Table("public", "expert_profiles", "id integer").Table("public", "order_lines", "id integer").Table("public", "reviews", "id integer"), config: null);
            string snake = " is its snake_case name: " + MissingTableAnalyzer.SnakeCaseHint;
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0).WithArguments("ExpertProfile", "public", "ExpertProfiles", "; public.expert_profiles" + snake, "app.json (database app)").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(1).WithArguments("OrderLine", "public", "OrderLines", "; public.order_lines" + snake, "app.json (database app)").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(2).WithArguments("Review", "public", "Reviews", "; public.reviews differs only in case, and PostgreSQL names are case-sensitive", "app.json (database app)").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task Without_a_naming_convention_the_DbSet_name_is_the_table_name()
            => await Test<MissingTableAnalyzer>(Context + "public class ExpertProfile { public int Id { get; set; } }\n", new SnapshotJson().Table("public", "ExpertProfiles", "Id integer"), config: null).RunAsync();

        [Test]
        public async Task Table_attribute_names_table_and_schema_and_is_not_rewritten()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Invoice> Invoices => Set<Invoice>();\n    public DbSet<Payment> Payments => Set<Payment>();\n}\n"
                + "[Table(\"Invoice\", Schema = \"billing\")]\npublic class Invoice { public int Id { get; set; } }\n"
                + "[Table(\"payments\", Schema = \"billing\")]\npublic class {|#0:Payment|} { public int Id { get; set; } }\n";
            var test = Test<MissingTableAnalyzer>(Code, new SnapshotJson().Table("billing", "Invoice", "id integer").Table("public", "payments", "id integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithArguments("Payment", "billing", "payments", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }

        [Test]
        public async Task The_default_schema_option_applies_to_tables_without_a_schema()
        {
            await Test<MissingTableAnalyzer>(
                Context + "public class ExpertProfile { public int Id { get; set; } }\n",
                new SnapshotJson().Table("app", "expert_profiles", "id integer"),
                config: "drift_analyzers.naming_convention = snake_case\ndrift_analyzers.default_schema = app").RunAsync();
        }

        [Test]
        public async Task A_keyless_entity_type_needs_no_table()
        {
            // The shape of raw SQL results (FromSql): [Keyless] or HasNoKey(), no table; a keyed entity without a table is reported.
            var test = Test<MissingTableAnalyzer>(
                "public class ReportContext : DbContext\n{\n    public DbSet<DailyTotal> Totals => Set<DailyTotal>();\n    public DbSet<Row> Rows => Set<Row>();\n    public DbSet<Order> Orders => Set<Order>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Row>().HasNoKey();\n}\n"
                + "[Keyless] public class DailyTotal { public DateTime Day { get; set; } public long Count { get; set; } }\n"
                + "public class Row { public string Name { get; set; } = \"\"; }\n"
                + "public class {|#0:Order|} { public int Id { get; set; } }\n",
                new SnapshotJson().Table("public", "users", "id integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithArguments("Order", "public", "orders", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_table_attribute_class_that_a_navigation_reaches_is_an_entity_too()
        {
            var test = Test<MissingTableAnalyzer>(
                "public class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }\n"
                + "[Table(\"orders\")] public class Order { public int Id { get; set; } public LegacyOrder? Legacy { get; set; } }\n"
                + "[Table(\"legacy_orders\")]\npublic class {|#0:LegacyOrder|} { public int Id { get; set; } }\n",
                new SnapshotJson().Table("public", "orders", "id integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableMissing).WithLocation(0)
                .WithArguments("LegacyOrder", "public", "legacy_orders", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_table_attribute_class_that_no_context_reaches_is_not_checked_even_when_a_context_is_not_analyzed()
        {
            // Whether LegacyOrder is in a model cannot be known while a context renames things in code: it is left alone (was a false DRIFT002).
            await Test<MissingTableAnalyzer>(
                "public class ShopContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) { foreach (var e in b.Model.GetEntityTypes()) e.SetTableName(e.GetTableName()!.ToLowerInvariant()); }\n}\n"
                + "public class Order { public int Id { get; set; } }\n"
                + "[Table(\"legacy_orders\")]\npublic class LegacyOrder { public int Id { get; set; } }\n"
                + "[Table(\"archive\")]\npublic class Archive { public int Id { get; set; } }\n",
                new SnapshotJson().Table("public", "orders", "id integer")).RunAsync();

            // Without any context, no class is in a model.
            await Test<MissingTableAnalyzer>("[Table(\"legacy_orders\")]\npublic class LegacyOrder { public int Id { get; set; } }\n", new SnapshotJson().Table("public", "users", "id integer")).RunAsync();
        }

        [Test]
        public async Task Owned_types_and_derived_entities_are_not_reported_as_tables()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Animal> Animals => Set<Animal>();\n    public DbSet<Dog> Dogs => Set<Dog>();\n}\n"
                + "public class Animal { public int Id { get; set; } public Address Home { get; set; } }\npublic class Dog : Animal { public string Breed { get; set; } }\n"
                + "[Owned]\npublic class Address { public string Street { get; set; } }\n";
            await Test<MissingTableAnalyzer>(Code, new SnapshotJson().Table("public", "animals", "id integer", "breed text null", "home_street text null")).RunAsync();
        }

        [Test]
        public async Task A_missing_column_is_reported_on_the_property()
        {
            var test = Test<MissingColumnAnalyzer>(
                Context + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public string {|#0:Headline|} { get; set; }\n}\n",
                new SnapshotJson().Table("public", "expert_profiles", "id integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "Headline", "public", "expert_profiles", "headline", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_column_that_differs_only_in_case_is_named()
        {
            var test = Test<MissingColumnAnalyzer>(
                Context + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int {|#0:UserId|} { get; set; }\n}\n",
                new SnapshotJson().Table("public", "ExpertProfiles", "Id integer", "userid integer"),
                config: null);
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "UserId", "public", "ExpertProfiles", "UserId", "; column userid differs only in case, and PostgreSQL names are case-sensitive", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_column_whose_snake_case_name_is_in_the_table_is_named()
        {
            var test = Test<MissingColumnAnalyzer>(
                Context + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int {|#0:UserId|} { get; set; }\n}\n",
                new SnapshotJson().Table("public", "ExpertProfiles", "Id integer", "user_id integer"),
                config: null);
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "UserId", "public", "ExpertProfiles", "UserId", "; column user_id is its snake_case name: " + MissingTableAnalyzer.SnakeCaseHint, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task What_EF_Core_does_not_map_is_not_a_column()
        {
            const string Code = Context + "public class ExpertProfile\n{\n    public int Id { get; set; }\n"
                + "    [NotMapped] public string Display { get; set; }\n"
                + "    public static int Counter { get; set; }\n"
                + "    public string Computed => \"x\";\n"
                + "    public int this[int i] { get => i; set { } }\n"
                + "    internal int Hidden { get; set; }\n"
                + "    public List<ExpertProfile> Children { get; set; }\n"
                + "    public ExpertProfile Parent { get; set; }\n"
                + "    public System.Net.IPAddress Address { get; set; }\n"
                + "}\n";
            // The navigations are not columns, but Parent's shadow foreign key is.
            await Test<MissingColumnAnalyzer>(Code, new SnapshotJson().Table("public", "expert_profiles", "id integer", "parent_id integer null")).RunAsync();
        }

        [Test]
        public async Task Column_attribute_names_are_used_exactly()
        {
            var test = Test<MissingColumnAnalyzer>(
                Context + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(\"UserRef\")] public int {|#0:UserId|} { get; set; }\n    [Column(\"owner\")] public int OwnerId { get; set; }\n}\n",
                new SnapshotJson().Table("public", "expert_profiles", "id integer", "owner integer", "user_ref integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "UserId", "public", "expert_profiles", "UserRef", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task A_naming_convention_set_in_AddDbContext_applies_to_that_context_only()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public AppDbContext(DbContextOptions<AppDbContext> o) : base(o) { }\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n}\n"
                + "public class LegacyContext : DbContext\n{\n    public DbSet<Legacy> Legacies => Set<Legacy>();\n}\n"
                + "public static class Startup\n{\n    public static void Configure(Microsoft.Extensions.DependencyInjection.IServiceCollection services)\n"
                + "        => Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.AddDbContext<AppDbContext>(services, o => o.UseNpgsql(\"Host=x\").UseSnakeCaseNamingConvention());\n}\n"
                + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int {|#0:UserId|} { get; set; }\n}\n"
                + "public class Legacy\n{\n    public int Id { get; set; }\n    public int {|#1:OwnerId|} { get; set; }\n}\n";
            var test = Test<MissingColumnAnalyzer>(Code, new SnapshotJson().Table("public", "expert_profiles", "id integer").Table("public", "Legacies", "Id integer"), config: null);
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "UserId", "public", "expert_profiles", "user_id", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(1)
                .WithArguments("Legacy", "OwnerId", "public", "Legacies", "OwnerId", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Test]
        public async Task UseSnakeCaseNamingConvention_in_code_is_detected_without_an_option()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n"
                + "    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(\"Host=x\").UseSnakeCaseNamingConvention();\n}\n"
                + "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int {|#0:UserId|} { get; set; }\n}\n";
            var test = Test<MissingColumnAnalyzer>(Code, new SnapshotJson().Table("public", "expert_profiles", "id integer", "owner_id integer"), config: null);
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnMissing).WithLocation(0)
                .WithArguments("ExpertProfile", "UserId", "public", "expert_profiles", "user_id", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }
    }
}
