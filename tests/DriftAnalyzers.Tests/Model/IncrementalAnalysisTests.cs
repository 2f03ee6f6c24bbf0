using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The model is built from facts kept per syntax tree across compilations (the editor's loop). After every kind of
    /// edit, analyzing the edited compilation must give exactly what analyzing the same sources from scratch gives, and
    /// the facts of files the edit cannot affect must be reused, not read again.
    /// </summary>
    public class IncrementalAnalysisTests
    {
        private static readonly Dictionary<string, string> Project = new()
        {
            ["/src/Status.cs"] = "namespace App;\npublic enum Status { Active, Closed }\n",
            ["/src/Limits.cs"] = "namespace App;\npublic static class Limits { public const int Name = 100; public const string StatusType = \"status\"; }\n",
            ["/src/EntityBase.cs"] = "namespace App;\npublic abstract class EntityBase\n{\n    public int Id { get; set; }\n    public DateTime CreatedAt { get; set; }\n}\n",
            ["/src/User.cs"] = "using System.ComponentModel.DataAnnotations;\nnamespace App;\npublic class User : EntityBase\n{\n    [MaxLength(Limits.Name)]\n    public string Name { get; set; } = \"\";\n    public Status Status { get; set; }\n    public Guid ExternalId { get; set; }\n    public List<Order> Orders { get; set; } = new();\n}\n",
            ["/src/Order.cs"] = "namespace App;\npublic partial class Order\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n    public User User { get; set; } = null!;\n}\n",
            ["/src/Order.Part.cs"] = "namespace App;\npublic partial class Order\n{\n    public decimal Amount { get; set; }\n}\n",
            ["/src/OrderConfiguration.cs"] = "using Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nnamespace App;\npublic class OrderConfiguration : IEntityTypeConfiguration<Order>\n{\n    public void Configure(EntityTypeBuilder<Order> b)\n    {\n        b.ToTable(\"orders\");\n        b.Property(o => o.Amount).HasPrecision(10, 2);\n    }\n}\n",
            ["/src/AppContext.cs"] = "using Microsoft.EntityFrameworkCore;\nnamespace App;\npublic class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(\"Host=db\", n => n.MapEnum<Status>(Limits.StatusType)).UseSnakeCaseNamingConvention();\n    protected override void OnModelCreating(ModelBuilder modelBuilder)\n    {\n        modelBuilder.ApplyConfiguration(new OrderConfiguration());\n    }\n}\n",
        };

        private static readonly string Snapshot = new SnapshotJson()
            .Enum("public", "status", "active", "closed")
            .Table("public", "users", "id integer", "created_at timestamp with time zone", "name character varying(100)", "status public.status", "external_id uuid")
            .Table("public", "orders", "id integer", "user_id integer", "amount numeric(10,2)")
            .ToString();

        /// <summary>Each edit: the file, the text replaced, its replacement, and the files whose facts it must leave as they were.</summary>
        private static readonly (string File, string Old, string New, string[] Untouched)[] Edits =
        {
            ("/src/User.cs", "Guid ExternalId", "int ExternalId", new[] { "/src/Order.cs", "/src/Status.cs", "/src/EntityBase.cs", "/src/AppContext.cs" }),
            ("/src/Status.cs", "Closed }", "Closed, Archived }", new[] { "/src/User.cs", "/src/Order.cs" }),
            ("/src/Limits.cs", "Name = 100", "Name = 200", new[] { "/src/Order.cs", "/src/EntityBase.cs" }),
            ("/src/Limits.cs", "StatusType = \"status\"", "StatusType = \"state\"", new[] { "/src/Order.cs", "/src/EntityBase.cs" }),
            ("/src/EntityBase.cs", "DateTime CreatedAt", "DateOnly CreatedAt", new[] { "/src/Status.cs", "/src/Limits.cs" }),
            ("/src/Order.Part.cs", "decimal Amount", "double Amount", new[] { "/src/User.cs", "/src/EntityBase.cs" }),
            ("/src/OrderConfiguration.cs", "ToTable(\"orders\")", "ToTable(\"order_rows\")", new[] { "/src/User.cs", "/src/Order.cs" }),
            ("/src/Order.cs", "int UserId", "int OwnerId", new[] { "/src/User.cs", "/src/Status.cs" }),
            ("/src/Limits.cs", "public static class Limits", "public static class Sizes { }\npublic static class Limits", Array.Empty<string>()),
            ("/src/Status.cs", "public enum Status { Active, Closed, Archived }", "public class Status { }", Array.Empty<string>()),
            ("/src/User.cs", "public Status Status", "public int Status", new[] { "/src/Order.cs" }),
        };

        [Test]
        public async Task Every_edit_analyzed_incrementally_gives_what_a_fresh_analysis_gives()
        {
            var texts = new Dictionary<string, string>(Project);
            var compilation = AnalyzerRunner.Compile(texts.Select(p => (p.Key, p.Value)).ToList());
            await AssertSameAsFreshAsync(compilation, texts, "the project before any edit");
            foreach (var (file, old, replacement, untouched) in Edits)
            {
                Assert.That(texts[file], Does.Contain(old), file);
                var before = FactsByFile(compilation);
                texts[file] = texts[file].Replace(old, replacement);
                var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file);
                compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(texts[file])));
                string edit = file + ": " + old + " -> " + replacement;
                await AssertSameAsFreshAsync(compilation, texts, edit);

                var after = FactsByFile(compilation);
                Assert.That(after[file], Is.Not.SameAs(before[file]), edit + ": the edited file's facts are read again");
                foreach (string kept in untouched)
                {
                    Assert.That(after[kept], Is.SameAs(before[kept]), edit + ": the facts of " + kept + " are reused");
                }
            }
        }

        [Test]
        public async Task An_edit_to_one_entity_reads_only_that_file_again()
        {
            var compilation = AnalyzerRunner.Compile(Project.Select(p => (p.Key, p.Value)).ToList());
            await AnalyzerRunner.RunAsync(compilation, Snapshot);
            var before = FactsByFile(compilation);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/User.cs");
            var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Project["/src/User.cs"].Replace("Name", "FullName"))));
            await AnalyzerRunner.RunAsync(edited, Snapshot);
            var after = FactsByFile(edited);
            foreach (var pair in before)
            {
                if (pair.Key == "/src/User.cs")
                {
                    Assert.That(after[pair.Key], Is.Not.SameAs(pair.Value));
                }
                else
                {
                    Assert.That(after[pair.Key], Is.SameAs(pair.Value), pair.Key);
                }
            }
        }

        private static Dictionary<string, TreeFacts> FactsByFile(Compilation compilation)
        {
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            return compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => TreeFacts.For(compilation, t, stamp, CancellationToken.None));
        }

        private static async Task AssertSameAsFreshAsync(Compilation incremental, Dictionary<string, string> texts, string step)
        {
            var fresh = AnalyzerRunner.Compile(texts.Select(p => (p.Key, p.Value)).ToList());
            var (kept, keptExceptions) = await AnalyzerRunner.RunAsync(incremental, Snapshot);
            var (scratch, scratchExceptions) = await AnalyzerRunner.RunAsync(fresh, Snapshot);
            Assert.That(keptExceptions.Concat(scratchExceptions), Is.Empty, step);
            Assert.That(Describe(kept), Is.EqualTo(Describe(scratch)), step);
        }

        private static List<string> Describe(IEnumerable<Diagnostic> diagnostics)
            => diagnostics.Select(d => d.Id + " " + d.Location.SourceTree?.FilePath + d.Location.SourceSpan + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(s => s, StringComparer.Ordinal).ToList();
    }
}
