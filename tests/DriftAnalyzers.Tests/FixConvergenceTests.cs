using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>
    /// Every code fix for every diagnostic, applied again and again until none changes the code, converges: no state of
    /// the code comes back (two fixes that undo each other, as DRIFT001's and DRIFT006's did on a foreign key whose
    /// column has a third type), it ends within a bound, and the end compiles without new errors.
    /// </summary>
    public sealed class FixConvergenceTests
    {
        /// <summary>The case: an int? foreign key to an int key, on a varchar(64) column; and a long? on an integer column.</summary>
        private const string AuditEntry = """
            #nullable enable
            using System;
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            namespace Audit;

            public class Customer
            {
                public int Id { get; set; }
                public string Name { get; set; } = null!;
            }

            public class AuditEntry
            {
                public int Id { get; set; }
                public int? ActorId { get; set; }
                public Customer? Actor { get; set; }
                public Guid? ReviewerId { get; set; }
                public Customer? Reviewer { get; set; }
                public long? Sequence { get; set; }
                public string DisplayName { get; set; } = "";
                public string Note { get; set; } = string.Empty;
                [MaxLength(10)] public string Code { get; set; } = null!;
            }

            public class AuditContext : DbContext
            {
                public DbSet<Customer> Customers => Set<Customer>();
                public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

                protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Database=app").UseSnakeCaseNamingConvention();
            }
            """;

        private static readonly string AuditSnapshot = new SnapshotJson()
            .Table("public", "customers", "id integer", "name text")
            .Table("public", "audit_entries", "id integer", "actor_id character varying(64) null", "reviewer_id character varying(64) null", "sequence integer null", "display_name text null", "note text null", "code character varying(32)")
            .ToString();

        [Test]
        public async Task Fixes_converge_on_a_foreign_key_whose_column_has_a_third_type()
        {
            var result = await Converge(AnalyzerRunner.Compile(new[] { ("/src/AuditEntry.cs", AuditEntry) }), AuditSnapshot);
            Assert.That(result.Problems, Is.Empty, result.Log);
            string final = result.Final["/src/AuditEntry.cs"];
            // The key's type wins for both foreign keys; the column, not the property, must change (DRIFT001 stays, without a fix).
            Assert.That(final, Does.Contain("public int? ActorId { get; set; }"), result.Log);
            Assert.That(final, Does.Contain("public int? ReviewerId { get; set; }"), result.Log);
            Assert.That(final, Does.Contain("public int? Sequence { get; set; }"), result.Log);
            Assert.That(final, Does.Contain("public string? DisplayName { get; set; }\n"), result.Log);
            Assert.That(final, Does.Contain("public string? Note { get; set; }\n"), result.Log);
            Assert.That(final, Does.Contain("[MaxLength(32)] public string Code"), result.Log);
            Assert.That(result.Log, Does.Contain("DRIFT001 Change the type of 'Sequence' to int? (the column is integer)"));
            Assert.That(result.Remaining.Where(d => d.StartsWith("DRIFT001", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(2), result.Log);
            Assert.That(result.Remaining.Where(d => d.Contains("ActorId", StringComparison.Ordinal)).Single(), Does.Contain("the column must change, not the property"));
        }

        [Test]
        public async Task Fixes_converge_on_the_sample()
        {
            var sources = Corpus.Sample();
            var result = await Converge(AnalyzerRunner.Compile(sources), Corpus.SampleSnapshot);
            Assert.That(result.Problems, Is.Empty, result.Log);
            Assert.That(result.Applied, Is.GreaterThanOrEqualTo(3), result.Log);
            // DRIFT006's fix drops the "= null!" that only silenced CS8618 on the string; the varchar column must then change (DRIFT001, no fix).
            Assert.That(result.Final.Single(f => f.Key.EndsWith("/Notification.cs", StringComparison.Ordinal)).Value, Does.Contain("public int UserId { get; set; }\n"), result.Log);
        }

        internal sealed record Outcome(List<string> Problems, int Applied, Dictionary<string, string> Final, List<string> Remaining, string Log);

        /// <summary>
        /// Applies, one at a time, the first code action (of any fixer, for any diagnostic, in file and position order) that
        /// changes the code, re-analyzing after each, until none does. A state seen before is a cycle; more steps than
        /// <paramref name="bound"/> is divergence. Returns the problems found (none when it converges and still compiles).
        /// </summary>
        internal static async Task<Outcome> Converge(Compilation start, string snapshot, IEnumerable<(string Path, string Text)>? additionalFiles = null, int bound = 200)
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Converge", start.AssemblyName ?? "Converge", LanguageNames.CSharp,
                compilationOptions: start.Options, parseOptions: start.SyntaxTrees.First().Options, metadataReferences: start.References));
            foreach (var tree in start.SyntaxTrees)
            {
                project = project.AddDocument(System.IO.Path.GetFileName(tree.FilePath), tree.GetText(), filePath: tree.FilePath).Project;
            }

            var additional = ImmutableArray.Create<AdditionalText>(new AnalyzerRunner.InMemoryText(AnalyzerRunner.SnapshotPath, snapshot))
                .AddRange((additionalFiles ?? Array.Empty<(string, string)>()).Select(f => (AdditionalText)new AnalyzerRunner.InMemoryText(f.Path, f.Text)));
            var solution = project.Solution;
            var projectId = project.Id;
            int initialErrors = Errors(await solution.GetProject(projectId)!.GetCompilationAsync()).Count;
            var seen = new HashSet<string> { await State(solution.GetProject(projectId)!) };
            var problems = new List<string>();
            var log = new StringBuilder();
            int applied = 0;
            List<Diagnostic> diagnostics;
            while (true)
            {
                var current = solution.GetProject(projectId)!;
                diagnostics = await Analyze(current, additional);
                Solution? next = null;
                foreach (var diagnostic in diagnostics)
                {
                    var document = current.Documents.FirstOrDefault(d => d.FilePath == diagnostic.Location.SourceTree?.FilePath);
                    if (document == null)
                    {
                        continue;
                    }

                    foreach (var action in await Actions(document, diagnostic))
                    {
                        var operations = await action.GetOperationsAsync(CancellationToken.None);
                        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                        if (await State(changed.GetProject(projectId)!) != await State(current))
                        {
                            log.Append(applied + 1).Append(". ").Append(diagnostic.Id).Append(' ').Append(action.Title).Append('\n');
                            next = changed;
                            break;
                        }
                    }

                    if (next != null)
                    {
                        break;
                    }
                }

                if (next == null)
                {
                    break;
                }

                solution = next;
                applied++;
                if (!seen.Add(await State(solution.GetProject(projectId)!)))
                {
                    problems.Add("cycle: after " + applied + " fixes the code is as it was before");
                    break;
                }

                if (applied > bound)
                {
                    problems.Add("no end after " + bound + " fixes");
                    break;
                }
            }

            var final = solution.GetProject(projectId)!;
            var errors = Errors(await final.GetCompilationAsync());
            if (errors.Count > initialErrors)
            {
                problems.Add("the fixed code does not compile: " + string.Join("; ", errors));
            }

            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var document in final.Documents)
            {
                texts[document.FilePath!] = (await document.GetTextAsync()).ToString();
            }

            var remaining = diagnostics.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            log.Append("remaining:\n").Append(string.Join("\n", remaining));
            return new Outcome(problems, applied, texts, remaining, log.ToString());
        }

        private static List<Diagnostic> Errors(Compilation? compilation)
            => compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        private static async Task<List<Diagnostic>> Analyze(Project project, ImmutableArray<AdditionalText> additional)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), (e, _, _) => { lock (exceptions) { exceptions.Add(e); } }, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(AnalyzerRunner.Analyzers, options).GetAnalyzerDiagnosticsAsync();
            if (exceptions.Count > 0)
            {
                throw new AggregateException(exceptions);
            }

            return diagnostics.Where(d => d.Location.IsInSource)
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToList();
        }

        private static async Task<List<CodeAction>> Actions(Document document, Diagnostic diagnostic)
        {
            var actions = new List<CodeAction>();
            foreach (var fixer in AnalyzerRunner.Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            }

            return actions;
        }

        private static async Task<string> State(Project project)
        {
            var b = new StringBuilder();
            foreach (var document in project.Documents.OrderBy(d => d.FilePath, StringComparer.Ordinal))
            {
                b.Append(document.FilePath).Append('\0').Append((await document.GetTextAsync()).ToString()).Append('\0');
            }

            return b.ToString();
        }
    }
}
