using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>EF Core 8, 9 and 10 alike: the same code against each version's real assemblies gives the same findings.</summary>
    public sealed class EfCoreVersionTests
    {
        private const string Code = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Versions;

            public class ShopContext : DbContext
            {
                public DbSet<User> Users => Set<User>();
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=shop");
                protected override void OnModelCreating(ModelBuilder b)
                {
                    b.Entity<Order>().ToTable("orders").Property(o => o.Total).HasColumnName("total_amount");
                    b.ApplyConfiguration(new InvoiceConfiguration());
                }
            }

            [Table("users")]
            public class User { [Column("id")] public int Id { get; set; } [Column("email"), MaxLength(100)] public string Email { get; set; } = ""; }

            public class Order
            {
                [Column("id")] public int Id { get; set; }
                [Column("user_id")] public Guid UserId { get; set; }
                public User User { get; set; } = null!;
                public decimal Total { get; set; }
                [Column("note")] public string? Note { get; set; }
            }

            public class Invoice { public int Id { get; set; } public long Number { get; set; } }

            public class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
            {
                public void Configure(EntityTypeBuilder<Invoice> builder)
                {
                    builder.ToTable("invoices");
                    builder.Property(i => i.Id).HasColumnName("id");
                    builder.Property(i => i.Number).HasColumnName("number");
                }
            }

            [Table("coupons")]
            public class Coupon { public int Id { get; set; } }
            """;

        private static string Snapshot => new SnapshotJson("shop")
            .Table("public", "users", "id integer", "email character varying(255)")
            .Table("public", "orders", "id integer", "user_id integer", "total_amount numeric(12,2)", "note text")
            .Table("public", "invoices", "id integer", "number integer")
            .ToString();

        private static string Findings(Compilation compilation)
        {
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            var (diagnostics, exceptions) = AnalyzerRunner.RunAsync(compilation, Snapshot).GetAwaiter().GetResult();
            Assert.That(exceptions, Is.Empty);
            return string.Join("\n", diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan().StartLinePosition + " " + d.GetMessage()).OrderBy(l => l, StringComparer.Ordinal));
        }

        [TestCase("8.0.34", "8.0.11", "8.0.5")]
        [TestCase("9.0.10", "9.0.4", "9.0.4")]
        public void Earlier_EF_Core_versions_give_the_same_findings_as_EF_Core_10(string efCore, string provider, string npgsql)
        {
            string expected = Findings(AnalyzerRunner.Compile(new[] { ("/src/Shop.cs", Code) }));
            Assert.That(expected, Does.Contain("DRIFT001").And.Contain("DRIFT005").And.Contain("DRIFT006").And.Contain("DRIFT009").And.Contain("DRIFT004"));

            string root = typeof(EfCoreVersionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
            string Library(string package, string version, string assembly) => Path.Combine(root, package, version, "lib", "net8.0", assembly + ".dll");
            var earlier = new[]
            {
                Library("microsoft.entityframeworkcore", efCore, "Microsoft.EntityFrameworkCore"),
                Library("microsoft.entityframeworkcore.abstractions", efCore, "Microsoft.EntityFrameworkCore.Abstractions"),
                Library("microsoft.entityframeworkcore.relational", efCore, "Microsoft.EntityFrameworkCore.Relational"),
                Library("npgsql.entityframeworkcore.postgresql", provider, "Npgsql.EntityFrameworkCore.PostgreSQL"),
                Library("npgsql", npgsql, "Npgsql"),
            };
            Assert.That(earlier.Where(p => !File.Exists(p)), Is.Empty, "restore downloads them (PackageDownload)");

            // Everything but EF Core and Npgsql stays as is (Microsoft.Extensions.* unify upward).
            var references = References.All
                .Where(r => !(Path.GetFileName(r.Display ?? string.Empty) is string name && (name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal))))
                .Concat(earlier.Select(p => MetadataReference.CreateFromFile(p)));
            string actual = Findings(AnalyzerRunner.Compile(new[] { ("/src/Shop.cs", Code) }, references));
            Assert.That(actual, Is.EqualTo(expected));
        }
    }
}
