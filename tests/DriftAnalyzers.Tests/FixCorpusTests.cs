using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>Every code fix, applied to every diagnostic it fixes across the corpus, leaves no compiler error in the fixed member.</summary>
    public sealed class FixCorpusTests
    {
        private const string Extra = """
            #nullable enable
            using System;
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            namespace AuditApp.Models;

            public class Extra
            {
                public int Id { get; set; }
                public string? Headline { get; set; }
                [MaxLength(10)] public string Bio { get; set; } = null!;
                public Guid? HourlyRate { get; set; }
                public short Tags { get; set; }
            }

            public class ExtraContext : DbContext
            {
                public DbSet<Extra> ExpertProfiles => Set<Extra>();

                protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Database=audit_app").UseSnakeCaseNamingConvention();
            }
            """;

        [Test]
        public async Task Each_fix_compiles_in_the_member_it_changes()
        {
            var sources = Corpus.Sample().Append(("/src/Extra.cs", Extra)).ToArray();
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(sources), Corpus.SampleSnapshot);
            Assert.That(exceptions, Is.Empty);
            var fixable = diagnostics.Where(d => AnalyzerRunner.Fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))).ToList();
            Assert.That(fixable.Count, Is.GreaterThanOrEqualTo(6), string.Join("\n", diagnostics));

            int applied = 0;
            var problems = new List<string>();
            foreach (var diagnostic in fixable)
            {
                using var workspace = new AdhocWorkspace();
                var (project, documentId, actions) = await AnalyzerRunner.FixesAsync(workspace, sources, diagnostic);
                foreach (var action in actions)
                {
                    var operations = await action.GetOperationsAsync(CancellationToken.None);
                    var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                    var document = solution.GetDocument(documentId!)!;
                    var root = (await document.GetSyntaxRootAsync())!;
                    var compilation = (await solution.GetProject(project.Id)!.GetCompilationAsync())!;
                    var originalErrors = (await project.GetCompilationAsync())!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                    var member = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MemberDeclarationSyntax>();
                    var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == document.FilePath
                        && member != null && member.FullSpan.Contains(d.Location.SourceSpan.Start)).ToList();
                    if (errors.Count > 0)
                    {
                        problems.Add(diagnostic.Id + " '" + action.Title + "': " + string.Join("; ", errors));
                    }

                    applied++;
                }
            }

            Assert.That(problems, Is.Empty);
            Assert.That(applied, Is.GreaterThanOrEqualTo(6));
        }
    }
}
