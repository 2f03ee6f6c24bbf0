using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using DriftAnalyzers.Tests.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// A context whose OnModelCreating is beyond static reading (ASP.NET Core Identity's base configuration, a helper that
    /// renames every table and column in a loop, an extension method that sets jsonb, composite keys with string? parts, a
    /// one-to-one keyed by the dependent's key, a derived read-model context) is checked through the migrations' model
    /// snapshot EF Core wrote: no finding on the database EF Core creates, and each injected drift caught by its rule, on
    /// the declaration it concerns (or, for Identity's own entity types, on the snapshot's line for them).
    /// </summary>
    public sealed class MigrationsSnapshotTests
    {
        private static readonly Lazy<ModelSnapshots.Loaded> Loaded = new(() => ModelSnapshots.Load(("/Data/RealWorld.cs", MigrationsAgreementTests.RealWorld)));

        private static DbContext App => Loaded.Value.Contexts.Single(c => c.GetType().Name == "ApplicationDbContext");

        private const string SnapshotFile = "/Data/Migrations/ApplicationDbContextModelSnapshot.cs";

        /// <summary>The project: its code and the one model snapshot its migrations keep (the read-model context has none).</summary>
        private static CSharpCompilation Project() => Loaded.Value.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            Loaded.Value.SnapshotCode["ApplicationDbContext"], new CSharpParseOptions(LanguageVersion.Latest), path: SnapshotFile));

        private static async Task<List<string>> FindingsAsync(Func<SnapshotJson.TableSpec, SnapshotJson.TableSpec?>? change = null, Compilation? project = null, IEnumerable<(string, string)>? additionalFiles = null)
        {
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(project ?? Project(), SnapshotJson.FromModel(App, change: change).ToString(), additionalFiles ?? Array.Empty<(string, string)>());
            Assert.That(exceptions, Is.Empty);
            return diagnostics
                .Select(d => d.Id + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage())
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The 1-based line of the first line of the file containing <paramref name="text"/>.</summary>
        private static int LineOf(string source, string text)
        {
            int index = source.IndexOf(text, StringComparison.Ordinal);
            Assert.That(index, Is.GreaterThanOrEqualTo(0), text);
            return source.Substring(0, index).Count(c => c == '\n') + 1;
        }

        private static int Line(string text) => LineOf(MigrationsAgreementTests.RealWorld, text);

        /// <summary>The line of IdentityUserRole's UserId property in the snapshot, where a property of a class without source is reported.</summary>
        private static int UserRolesUserId(string snapshot)
        {
            int block = snapshot.IndexOf("modelBuilder.Entity(\"Microsoft.AspNetCore.Identity.IdentityUserRole<string>\"", StringComparison.Ordinal);
            int property = snapshot.IndexOf("b.Property<string>(\"UserId\")", block, StringComparison.Ordinal);
            return snapshot.Substring(0, property).Count(c => c == '\n') + 1;
        }

        [Test]
        public async Task The_database_EF_Core_creates_gives_no_finding_but_the_unchecked_read_model()
        {
            var findings = await FindingsAsync();
            Assert.That(findings, Is.EqualTo(new[]
            {
                "DRIFT013 RealWorld.cs:" + Line("public class ReportingDbContext") + " DbContext 'ReportingDbContext': its entities (Receipt) are not checked: OnModelCreating calls SetTableName, which changes table names in code the analyzers cannot evaluate; with migrations (dotnet ef migrations add), the analyzers read the model EF Core built from their model snapshot instead",
            }));
        }

        [Test]
        public async Task A_column_type_changed_in_the_database_is_DRIFT001_on_the_property()
        {
            var findings = await FindingsAsync(t => t.Name == "posts" ? t with { Columns = t.Columns.Select(c => c.StartsWith("title ", StringComparison.Ordinal) ? "title integer" : c).ToList() } : t);
            Assert.That(findings.Where(f => !f.StartsWith("DRIFT013", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "DRIFT001 RealWorld.cs:" + Line("public class Post ") + " Property 'Post.Title' is declared string (text) but column public.posts.title is integer in the database (snapshot app.json (database app))",
            }));
        }

        [Test]
        public async Task A_mapped_column_dropped_is_DRIFT003_and_a_NOT_NULL_made_nullable_is_DRIFT004()
        {
            var findings = await FindingsAsync(t => t.Name switch
            {
                "memberships" => t with { Columns = t.Columns.Where(c => !c.StartsWith("role ", StringComparison.Ordinal)).ToList() },
                "organizations" => t with { Columns = t.Columns.Select(c => c == "name text" ? "name text null" : c).ToList() },
                _ => t,
            });
            Assert.That(findings.Where(f => !f.StartsWith("DRIFT013", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "DRIFT003 RealWorld.cs:" + Line("public string Role { get; set; }") + " Property 'Membership.Role' maps to column public.memberships.role, which is not in the table (snapshot app.json (database app))",
                "DRIFT004 RealWorld.cs:" + Line("public class Organization ") + " Property 'Organization.Name' is required (string) but column public.organizations.name (text) is nullable in the database: reading a NULL fails or yields null where the code promises a value (snapshot app.json (database app))",
            }));
        }

        [Test]
        public async Task Dropped_tables_and_foreign_keys_are_caught_for_the_projects_entities_and_for_Identitys_own()
        {
            var findings = await FindingsAsync(t => t.Name switch
            {
                "tags" or "AspNetRoles" => null,
                "AspNetUserRoles" => t with { ForeignKeys = new() },
                _ => t,
            });
            string snapshot = Loaded.Value.SnapshotCode["ApplicationDbContext"];
            Assert.That(findings.Where(f => !f.StartsWith("DRIFT013", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "DRIFT002 ApplicationDbContextModelSnapshot.cs:" + LineOf(snapshot, "modelBuilder.Entity(\"Microsoft.AspNetCore.Identity.IdentityRole\"") + " Entity 'IdentityRole' maps to table public.AspNetRoles, which is not in the database (snapshot app.json (database app); reported on ApplicationDbContextModelSnapshot.cs, the migrations' model snapshot that maps it, as its class has no source in this project)",
                "DRIFT002 RealWorld.cs:" + Line("public class Tag ") + " Entity 'Tag' maps to table public.tags, which is not in the database (snapshot app.json (database app))",
                "DRIFT007 ApplicationDbContextModelSnapshot.cs:" + UserRolesUserId(snapshot) + " Relationship 'IdentityUserRole<string>.UserId' → 'ApplicationUser': column public.AspNetUserRoles.UserId (text) has no foreign key constraint to public.AspNetUsers.id (text) in the database (snapshot app.json (database app))",
            }));
        }

        [Test]
        public async Task A_keyless_entity_type_of_the_model_snapshot_needs_no_table()
        {
            // The snapshot writes no HasKey for a keyless type (raw SQL results): its missing table is not a finding; a keyed one's is.
            const string Source = """
                using Microsoft.EntityFrameworkCore;
                namespace Reports
                {
                    public class DailyTotal { public System.DateTime Day { get; set; } public long Count { get; set; } }
                    public class Order { public int Id { get; set; } }
                    public class ReportContext : DbContext
                    {
                        public DbSet<DailyTotal> Totals => Set<DailyTotal>();
                        public DbSet<Order> Orders => Set<Order>();
                        protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=reports");
                        protected override void OnModelCreating(ModelBuilder b) => b.Entity<DailyTotal>().HasNoKey();
                    }
                }
                """;
            var loaded = ModelSnapshots.Load(("/Reports.cs", Source));
            var context = loaded.Contexts.Single();
            var project = ModelSnapshots.WithSnapshots(loaded);
            Assert.That(loaded.SnapshotCode["ReportContext"], Does.Not.Contain("HasKey(\"Day\")"));
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(project, SnapshotJson.FromModel(context, change: t => null).ToString());
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Select(d => d.Id + " " + d.GetMessage()), Is.EqualTo(new[]
            {
                "DRIFT002 Entity 'Order' maps to table public.Orders, which is not in the database (snapshot app.json (database app))",
            }));
        }

        [Test]
        public async Task Entities_of_a_Domain_project_without_EF_Core_are_checked_through_the_other_projects_model_snapshot()
        {
            // The Domain project: plain classes, no reference to EF Core. The Persistence project's model snapshot arrives as an AdditionalFile.
            const string Domain = """
                namespace RealWorld.Data
                {
                    public class Organization { public System.Guid Id { get; set; } public string Name { get; set; } = ""; }
                    public class Tag { public int Id { get; set; } public string Label { get; set; } = ""; }
                }
                """;
            var domain = CSharpCompilation.Create(
                "Domain",
                new[] { CSharpSyntaxTree.ParseText(Domain, new CSharpParseOptions(LanguageVersion.Latest), path: "/Domain/Entities.cs") },
                References.FrameworkOnly,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var modelSnapshot = new[] { (SnapshotFile, Loaded.Value.SnapshotCode["ApplicationDbContext"]) };

            Assert.That(await FindingsAsync(project: domain, additionalFiles: modelSnapshot), Is.Empty);
            var findings = await FindingsAsync(
                t => t.Name switch
                {
                    "tags" => null,
                    "organizations" => t with { Columns = t.Columns.Select(c => c.StartsWith("name ", StringComparison.Ordinal) ? "name integer" : c).ToList() },
                    _ => t,
                },
                domain,
                modelSnapshot);
            Assert.That(findings, Is.EqualTo(new[]
            {
                "DRIFT001 Entities.cs:3 Property 'Organization.Name' is declared string (text) but column public.organizations.name is integer in the database (snapshot app.json (database app))",
                "DRIFT002 Entities.cs:4 Entity 'Tag' maps to table public.tags, which is not in the database (snapshot app.json (database app))",
            }));

            // Without the model snapshot, a project without EF Core is not analyzed at all.
            Assert.That(await FindingsAsync(t => t.Name == "tags" ? null : t, domain), Is.Empty);
        }
    }
}
