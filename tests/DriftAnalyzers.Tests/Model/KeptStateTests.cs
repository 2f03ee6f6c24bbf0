using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// What the analyzers keep across builds (facts per file, the fluent configuration, enum mappings, naming calls) lives
    /// as long as the process: the compiler server, or the IDE's analyzer host. It must hold no compilation, symbol or
    /// syntax tree, or every build would keep an earlier build's compilation alive.
    /// </summary>
    public class KeptStateTests
    {
        // Every input that is kept: a typeof(...) attribute argument (its value is a symbol), a fluent configuration that
        // reads a constant from another file, a MapEnum with a constant argument, a naming convention.
        private static readonly (string Path, string Text)[] Sources =
        {
            ("/kept/Status.cs", "namespace App;\npublic enum Status { Active, Closed }\n"),
            ("/kept/Names.cs", "namespace App;\npublic static class Names { public const string Orders = \"order_rows\"; public const string StatusType = \"status\"; }\n"),
            ("/kept/Order.cs", "using Microsoft.EntityFrameworkCore;\nnamespace App;\n[EntityTypeConfiguration(typeof(OrderConfiguration))]\npublic class Order\n{\n    public int Id { get; set; }\n    public Guid UserId { get; set; }\n    public Status Status { get; set; }\n}\n"),
            ("/kept/OrderConfiguration.cs", "using Microsoft.EntityFrameworkCore;\nusing Microsoft.EntityFrameworkCore.Metadata.Builders;\nnamespace App;\npublic class OrderConfiguration : IEntityTypeConfiguration<Order>\n{\n    public void Configure(EntityTypeBuilder<Order> b) => b.ToTable(Names.Orders);\n}\n"),
            ("/kept/AppContext.cs", "using Microsoft.EntityFrameworkCore;\nnamespace App;\npublic class AppDbContext : DbContext\n{\n    public DbSet<Order> Orders => Set<Order>();\n    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(\"Host=db\", n => n.MapEnum<Status>(Names.StatusType)).UseSnakeCaseNamingConvention();\n    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyConfiguration(new OrderConfiguration());\n}\n"),
        };

        // user_id is integer in the database: Order.UserId (Guid) drifts, so the analysis reads the whole mapping.
        private static readonly string Snapshot = new SnapshotJson()
            .Enum("public", "status", "active", "closed")
            .Table("public", "order_rows", "id integer", "user_id integer", "status public.status")
            .ToString();

        [Test]
        public void What_is_kept_across_builds_holds_no_compilation_and_no_syntax_tree()
        {
            var (compilation, trees, facts) = AnalyzeAndForget();
            for (int i = 0; i < 3 && (compilation.IsAlive || trees.Any(t => t.IsAlive)); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.That(compilation.IsAlive, Is.False, "the analyzed compilation is still alive after it was dropped: something the analyzers keep across builds holds it");
            Assert.That(trees.Count(t => t.IsAlive), Is.Zero, "syntax trees of the analyzed compilation are still alive after it was dropped");

            // The facts outlived their compilation (so the check above was made while they were kept): the next build of
            // the same files finds every one of them.
            var next = AnalyzerRunner.Compile(Sources);
            var stamp = CompilationStamp.Of(next, CancellationToken.None);
            foreach (var tree in next.SyntaxTrees.Where(t => t.FilePath.StartsWith("/kept/", StringComparison.Ordinal)))
            {
                Assert.That(TreeFacts.For(next, tree, stamp, CancellationToken.None), Is.SameAs(facts[tree.FilePath]), tree.FilePath + ": kept from the first build");
            }
        }

        /// <summary>Analyzes the sources and lets go of everything but weak references to the compilation and its trees, and the facts.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (WeakReference Compilation, List<WeakReference> Trees, Dictionary<string, TreeFacts> Facts) AnalyzeAndForget()
        {
            var compilation = AnalyzerRunner.Compile(Sources);
            var (diagnostics, exceptions) = AnalyzerRunner.RunAsync(compilation, Snapshot).GetAwaiter().GetResult();
            Assert.That(exceptions, Is.Empty);
            Assert.That(diagnostics.Select(d => d.Id), Does.Contain("DRIFT001"), "the mapping was read: Order.UserId drifts");

            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            var facts = compilation.SyntaxTrees
                .Where(t => t.FilePath.StartsWith("/kept/", StringComparison.Ordinal))
                .ToDictionary(t => t.FilePath, t => TreeFacts.For(compilation, t, stamp, CancellationToken.None));
            return (new WeakReference(compilation), compilation.SyntaxTrees.Select(t => new WeakReference(t)).ToList(), facts);
        }
    }
}
