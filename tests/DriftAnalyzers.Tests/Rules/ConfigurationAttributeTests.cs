using System.IO;
using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// [EntityTypeConfiguration(typeof(X))] and [EntityTypeConfiguration&lt;X, T&gt;] on an entity: EF Core applies X's
    /// Configure whenever the entity is in a model, without the context applying X, and before OnModelCreating (which
    /// overrides it). The attribute adds the entity to no model.
    /// </summary>
    public sealed class ConfigurationAttributeTests
    {
        private const string Context = "public class AppDbContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n}\n";

        private const string Configuration = "public class OrderConfiguration : IEntityTypeConfiguration<Order>\n{\n"
            + "    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Order> b)\n    {\n"
            + "        b.ToTable(\"order_rows\");\n        b.Property(o => o.PlacedBy).HasColumnName(\"placed_by_user\");\n    }\n}\n";

        private static readonly SnapshotJson Snapshot = new SnapshotJson().Table("public", "order_rows", "id integer", "placed_by_user integer");

        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code, SnapshotJson snapshot)
            where TAnalyzer : DiagnosticAnalyzer, new()
            => new() { TestCode = Usings.EfCore + code, Snapshot = snapshot.ToString(), EditorConfig = "drift_analyzers.naming_convention = snake_case" };

        private static DiagnosticResult Drift001(string table, string column)
            => new DiagnosticResult(Descriptors.ColumnTypeMismatch)
                .WithLocation(0)
                .WithArguments("Order", "PlacedBy", "Guid", "uuid", "public", table, column, "integer", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [TestCase("[EntityTypeConfiguration(typeof(OrderConfiguration))]")]
        [TestCase("[EntityTypeConfiguration<OrderConfiguration, Order>]")]
        public async Task The_configuration_an_entity_names_maps_its_table(string attribute)
        {
            // Without the configuration the entity's table would be public.orders, which the database does not have.
            await Test<MissingTableAnalyzer>(Context + attribute + "\npublic class Order { public int Id { get; set; } public int PlacedBy { get; set; } }\n" + Configuration, Snapshot).RunAsync();
        }

        [TestCase("[EntityTypeConfiguration(typeof(OrderConfiguration))]")]
        [TestCase("[EntityTypeConfiguration<OrderConfiguration, Order>]")]
        public async Task A_column_the_configuration_names_is_compared(string attribute)
        {
            var test = Test<ColumnTypeAnalyzer>(Context + attribute + "\npublic class Order { public int Id { get; set; } public Guid {|#0:PlacedBy|} { get; set; } }\n" + Configuration, Snapshot);
            test.ExpectedDiagnostics.Add(Drift001("order_rows", "placed_by_user"));
            await test.RunAsync();
        }

        [Test]
        public async Task OnModelCreating_overrides_the_configuration_the_entity_names()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Order>().ToTable(\"orders_v2\");\n}\n"
                + "[EntityTypeConfiguration(typeof(OrderConfiguration))]\npublic class Order { public int Id { get; set; } public Guid {|#0:PlacedBy|} { get; set; } }\n" + Configuration;
            var test = Test<ColumnTypeAnalyzer>(Code, new SnapshotJson().Table("public", "orders_v2", "id integer", "placed_by_user integer").Table("public", "order_rows", "id integer", "placed_by_user uuid"));
            test.ExpectedDiagnostics.Add(Drift001("orders_v2", "placed_by_user"));
            await test.RunAsync();
        }

        [Test]
        public async Task The_attribute_adds_no_entity_to_a_model()
        {
            // Draft is in no DbSet and reached by no navigation: EF Core does not map it, so no table is looked for.
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n}\n"
                + "[EntityTypeConfiguration(typeof(OrderConfiguration))]\npublic class Order { public int Id { get; set; } public int PlacedBy { get; set; } }\n" + Configuration
                + "[EntityTypeConfiguration(typeof(DraftConfiguration))]\npublic class Draft { public int Id { get; set; } }\n"
                + "public class DraftConfiguration : IEntityTypeConfiguration<Draft>\n{\n    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Draft> b) => b.ToTable(\"drafts\");\n}\n";
            await Test<MissingTableAnalyzer>(Code, Snapshot).RunAsync();
        }

        [Test]
        public async Task A_configuration_that_cannot_be_read_leaves_the_entity_unchecked_and_DRIFT013_says_so()
        {
            // A generic base configuration from a shared library: its Configure is not in source, so nothing about Order is
            // judged (its table might be anything), and the context says why.
            const string Code = "public class {|#0:AppDbContext|} : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n}\n"
                + "[EntityTypeConfiguration(typeof(Shared.ConfigurationBase<Order>))]\npublic class Order { public int Id { get; set; } public Guid PlacedBy { get; set; } }\n";
            var library = Library("using Microsoft.EntityFrameworkCore;\nnamespace Shared { public class ConfigurationBase<T> : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<T> where T : class { public virtual void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> b) => b.ToTable(typeof(T).Name + \"_rows\"); } }\n");
            var missing = Test<MissingTableAnalyzer>(Code, Snapshot);
            missing.TestState.AdditionalReferences.Add(library);
            await missing.RunAsync();

            var told = Test<MappingNotAnalyzedAnalyzer>(Code, Snapshot);
            told.TestState.AdditionalReferences.Add(library);
            told.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(0)
                .WithArguments("AppDbContext", "1 of its 1 entities are not checked: Order ([EntityTypeConfiguration] names Shared.ConfigurationBase<T>, which the analyzers cannot read: no source, or generic)"));
            await told.RunAsync();
        }

        /// <summary>A referenced assembly, emitted from source.</summary>
        private static PortableExecutableReference Library(string source)
        {
            var library = CSharpCompilation.Create("Shared", new[] { CSharpSyntaxTree.ParseText(source) }, References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            var emitted = library.Emit(image);
            Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
            return MetadataReference.CreateFromImage(image.ToArray());
        }
    }
}
