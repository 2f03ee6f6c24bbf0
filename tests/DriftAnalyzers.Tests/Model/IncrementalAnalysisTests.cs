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
    /// The model is built from facts kept per file content across compilations (the editor's loop). After every kind of
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
            ("/src/AppContext.cs", "modelBuilder.ApplyConfiguration(new OrderConfiguration());", string.Empty, new[] { "/src/User.cs", "/src/Order.cs" }),
            ("/src/Order.cs", "public partial class Order", "[Microsoft.EntityFrameworkCore.EntityTypeConfiguration(typeof(OrderConfiguration))]\npublic partial class Order", new[] { "/src/User.cs", "/src/Status.cs" }),
        };

        [Test]
        public async Task Every_edit_analyzed_incrementally_gives_what_a_fresh_analysis_gives()
        {
            var texts = new Dictionary<string, string>(Project);
            var compilation = AnalyzerRunner.Compile(texts.Select(p => (p.Key, p.Value)).ToList());
            await AssertSameAsFreshAsync(compilation, "the project before any edit");
            foreach (var (file, old, replacement, untouched) in Edits)
            {
                Assert.That(texts[file], Does.Contain(old), file);
                var before = FactsByFile(compilation);
                texts[file] = texts[file].Replace(old, replacement);
                var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file);
                compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(texts[file])));
                string edit = file + ": " + old + " -> " + replacement;
                await AssertSameAsFreshAsync(compilation, edit);

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

        [Test]
        public async Task A_new_type_name_reads_again_only_the_files_that_mention_it()
        {
            var texts = new Dictionary<string, string>(Project);
            Compilation compilation = AnalyzerRunner.Compile(texts.Select(p => (p.Key, p.Value)).ToList());
            await AnalyzerRunner.RunAsync(compilation, Snapshot);

            // Each step adds a file or edits one, as typing does: the files expected to be read again, the others kept.
            var steps = new (string File, string Old, string New, string[] Reread)[]
            {
                ("/src/Units.cs", "", "namespace App;\npublic static class U { }\n", Array.Empty<string>()),
                ("/src/Units.cs", "class U ", "class Units ", Array.Empty<string>()),
                ("/src/Billing.cs", "", "namespace Billing.Invoices { public class Invoice { } }\n", Array.Empty<string>()),
                ("/src/Guid.cs", "", "namespace App;\npublic struct Guid { }\n", new[] { "/src/User.cs" }),
                ("/src/MaxLength.cs", "", "namespace App;\npublic class MaxLengthAttribute : System.Attribute { public MaxLengthAttribute(int length) { } }\n", new[] { "/src/User.cs" }),
                // Order.cs reads the partial Order, whose other part mentions Amount.
                ("/src/Billing.cs", "namespace Billing.Invoices", "namespace App.Amount", new[] { "/src/Order.cs", "/src/Order.Part.cs", "/src/OrderConfiguration.cs" }),
                ("/src/Usings.cs", "", "global using Money = System.Decimal;\n", Project.Keys.ToArray()),
            };
            foreach (var (file, old, replacement, reread) in steps)
            {
                var before = FactsByFile(compilation);
                string step = Apply(ref compilation, texts, file, old, replacement);
                await AssertSameAsFreshAsync(compilation, step);
                var after = FactsByFile(compilation);
                foreach (string other in Project.Keys)
                {
                    if (reread.Contains(other))
                    {
                        Assert.That(after[other], Is.Not.SameAs(before[other]), step + ": " + other + " mentions the name and is read again");
                    }
                    else
                    {
                        Assert.That(after[other], Is.SameAs(before[other]), step + ": " + other + " does not mention the name and keeps its facts");
                    }
                }
            }

            // What the files that were read again now say: the project's own types, not the framework's.
            var user = FactsByFile(compilation)["/src/User.cs"].Types.Single();
            Assert.That(user.Properties.Single(p => p.Name == "ExternalId").Type.Key, Is.EqualTo("global::App.Guid"));
            Assert.That(user.Properties.Single(p => p.Name == "Name").Attributes.Single().Key, Is.EqualTo("global::App.MaxLengthAttribute"));
        }

        [Test]
        public async Task A_new_type_name_keeps_the_fluent_configuration_unless_it_is_mentioned_there_or_a_static_class_changes()
        {
            var texts = new Dictionary<string, string>(Project);
            Compilation compilation = AnalyzerRunner.Compile(texts.Select(p => (p.Key, p.Value)).ToList());
            var steps = new (string File, string Old, string New, bool Reread)[]
            {
                ("/src/Draft.cs", "", "namespace App;\npublic class Draft { }\n", false),
                ("/src/Draft.cs", "class Draft", "class Drafts", false),
                // An extension method can capture a configuration call without being named in it.
                ("/src/Extensions.cs", "", "namespace App;\npublic static class Extensions { }\n", true),
                // OrderConfiguration.cs configures o.Amount.
                ("/src/Draft.cs", "class Drafts", "class Amount", true),
            };
            foreach (var (file, old, replacement, reread) in steps)
            {
                var before = Fluent(compilation);
                string step = Apply(ref compilation, texts, file, old, replacement);
                await AssertSameAsFreshAsync(compilation, step);
                Assert.That(ReferenceEquals(Fluent(compilation), before), Is.EqualTo(!reread), step + (reread ? ": read again" : ": kept"));
            }
        }

        /// <summary>The fluent configuration of the compilation's contexts, asked for as the model builder asks (the same contexts and configuration classes in the same order: the cache keeps one entry per project).</summary>
        private static FluentConfiguration Fluent(Compilation compilation)
        {
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            var types = FactsByFile(compilation).Values.SelectMany(f => f.Types).Where(t => t.Kind == TypeKind.Class).ToList();
            var classes = types.Where(t => !t.IsAbstract).ToList();
            return FluentConfigurationCache.For(compilation, classes.Where(t => t.IsDbContext).ToList(), classes.Where(t => !t.ConfiguredEntities.IsEmpty).ToList(), types.Where(t => t.ConfiguredBy != null).ToList(), stamp, CancellationToken.None);
        }

        /// <summary>Adds <paramref name="file"/> (when <paramref name="old"/> is empty) or replaces text in it, as an editor does; returns the step's description.</summary>
        private static string Apply(ref Compilation compilation, Dictionary<string, string> texts, string file, string old, string replacement)
        {
            string step = file + ": " + (old.Length == 0 ? "added" : old + " -> " + replacement);
            if (old.Length == 0)
            {
                texts[file] = replacement;
                compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(replacement, (CSharpParseOptions)compilation.SyntaxTrees.First().Options, file));
                return step;
            }

            Assert.That(texts[file], Does.Contain(old), step);
            texts[file] = texts[file].Replace(old, replacement);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file);
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(texts[file])));
            return step;
        }

        private static Dictionary<string, TreeFacts> FactsByFile(Compilation compilation)
        {
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            return compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => TreeFacts.For(compilation, t, stamp, CancellationToken.None));
        }

        /// <summary>
        /// Analyzes the same sources (same references, options and parse options) from scratch and compares. Facts are kept
        /// by file path and content, so the sources from scratch are placed under a folder of their own, new at every call: nothing
        /// kept applies to them, not even what the fresh analysis of an earlier step kept (the same files under the same folder).
        /// </summary>
        internal static async Task AssertSameAsFreshAsync(Compilation incremental, string step, string? snapshot = null)
        {
            string folder = "/fresh" + Interlocked.Increment(ref freshAnalyses).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var fresh = incremental.RemoveAllSyntaxTrees().AddSyntaxTrees(
                incremental.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText().ToString(), (CSharpParseOptions)t.Options, folder + t.FilePath)));
            var (kept, keptExceptions) = await AnalyzerRunner.RunAsync(incremental, snapshot ?? Snapshot);
            var (scratch, scratchExceptions) = await AnalyzerRunner.RunAsync(fresh, snapshot ?? Snapshot);
            Assert.That(keptExceptions.Concat(scratchExceptions), Is.Empty, step);
            Assert.That(kept.Where(d => d.Location.IsInSource).Select(d => d.Location.SourceTree), Is.All.Matches<SyntaxTree>(incremental.ContainsSyntaxTree), step + ": reported in the analyzed compilation's own trees");
            Assert.That(Describe(kept, folder), Is.EqualTo(Describe(scratch, folder)), step);
        }

        /// <summary>How many fresh analyses <see cref="AssertSameAsFreshAsync"/> has made: each gets a folder of its own.</summary>
        private static int freshAnalyses;

        private static List<string> Describe(IEnumerable<Diagnostic> diagnostics, string freshFolder)
            => diagnostics.Select(d => d.Id + " " + RemovePrefix(d.Location.SourceTree?.FilePath, freshFolder) + d.Location.SourceSpan + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(s => s, StringComparer.Ordinal).ToList();

        private static string? RemovePrefix(string? path, string prefix) => path != null && path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length) : path;
    }
}
