using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>DRIFT008 (table claimed twice) and DRIFT009 (entity outside every model): the audit's model-level findings.</summary>
    public sealed class ModelShapeTests
    {
        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
            => new() { TestCode = Usings.EfCore + code, Snapshot = new SnapshotJson().Table("public", "user", "id integer").ToString() };

        [Test]
        public async Task Two_entities_on_one_table_are_reported_on_both()
        {
            const string Code = "public class AppDbContext : DbContext { public DbSet<User> Users => Set<User>(); }\n"
                + "public class BillingContext : DbContext { public DbSet<Account> Accounts => Set<Account>(); }\n"
                + "[Table(\"user\")] public class {|#0:User|} { public int Id { get; set; } }\n"
                + "[Table(\"user\")] public class {|#1:Account|} { public int Id { get; set; } }\n";
            var test = Test<TableClaimedTwiceAnalyzer>(Code);
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableClaimedTwice).WithLocation(0).WithArguments("User", "public", "user", "entity 'Account' (in BillingContext)"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TableClaimedTwice).WithLocation(1).WithArguments("Account", "public", "user", "entity 'User' (in AppDbContext)"));
            await test.RunAsync();
        }

        [Test]
        public async Task Table_splitting_inheritance_and_views_are_not_reported()
        {
            const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n    public DbSet<OrderDetail> Details => Set<OrderDetail>();\n"
                + "    public DbSet<Animal> Animals => Set<Animal>();\n    public DbSet<Dog> Dogs => Set<Dog>();\n"
                + "    public DbSet<ReportA> A => Set<ReportA>();\n    public DbSet<ReportB> B => Set<ReportB>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b)\n    {\n"
                + "        b.Entity<Order>().ToTable(\"orders\");\n        b.Entity<OrderDetail>().ToTable(\"orders\");\n"
                + "        b.Entity<Order>().HasOne(o => o.Detail).WithOne().HasForeignKey<OrderDetail>(d => d.Id);\n"
                + "        b.Entity<ReportA>().ToView(\"report\");\n        b.Entity<ReportB>().ToView(\"report\");\n    }\n}\n"
                + "public class Order { public int Id { get; set; } public OrderDetail Detail { get; set; } }\npublic class OrderDetail { public int Id { get; set; } }\n"
                + "public class Animal { public int Id { get; set; } }\npublic class Dog : Animal { }\n"
                + "public class ReportA { public int Id { get; set; } }\npublic class ReportB { public int Id { get; set; } }\n";
            await Test<TableClaimedTwiceAnalyzer>(Code).RunAsync();
        }

        [Test]
        public async Task A_class_written_as_an_entity_in_no_model_is_reported()
        {
            const string Code = "public class AppDbContext : DbContext { public DbSet<User> Users => Set<User>(); }\n"
                + "[Table(\"user\")] public class User { public int Id { get; set; } public List<Order> Orders { get; set; } }\n"
                + "[Table(\"orders\")] public class Order { public int Id { get; set; } }\n"
                + "[Table(\"coupons\")] public class {|#0:Coupon|} { public int Id { get; set; } }\n"
                + "[Keyless] public class {|#1:Report|} { public int Total { get; set; } }\n"
                + "public class Invoice { public int Id { get; set; } }\n"
                + "public class {|#2:InvoiceConfiguration|}Holder { }\n"
                + "public class InvoiceConfiguration : IEntityTypeConfiguration<Invoice> { public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Invoice> b) => b.ToTable(\"invoices\"); }\n";
            var test = Test<EntityOutsideModelAnalyzer>(Code.Replace("{|#2:InvoiceConfiguration|}Holder", "InvoiceConfigurationHolder", System.StringComparison.Ordinal).Replace("public class Invoice {", "public class {|#2:Invoice|} {", System.StringComparison.Ordinal));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.EntityOutsideModel).WithLocation(0).WithArguments("Coupon", "it has [Table]", "AppDbContext"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.EntityOutsideModel).WithLocation(1).WithArguments("Report", "it has [Keyless]", "AppDbContext"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.EntityOutsideModel).WithLocation(2).WithArguments("Invoice", "it has a configuration class, InvoiceConfiguration", "AppDbContext"));
            await test.RunAsync();
        }

        [Test]
        public async Task Applied_configurations_ignored_types_and_libraries_without_a_context_are_not_reported()
        {
            const string Applied = "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b)\n    {\n        b.ApplyConfiguration(new InvoiceConfiguration());\n        b.Ignore<Draft>();\n    }\n}\n"
                + "[Table(\"user\")] public class User { public int Id { get; set; } }\n"
                + "public class Invoice { public int Id { get; set; } }\n[Table(\"drafts\")] public class Draft { public int Id { get; set; } }\n"
                + "public class InvoiceConfiguration : IEntityTypeConfiguration<Invoice> { public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Invoice> b) => b.ToTable(\"invoices\"); }\n";
            await Test<EntityOutsideModelAnalyzer>(Applied).RunAsync();

            await Test<EntityOutsideModelAnalyzer>("[Table(\"coupons\")] public class Coupon { public int Id { get; set; } }\n").RunAsync();
        }
    }
}
