using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Model.Migrations;
using DriftAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// DRIFT014 on the corpus, whose committed model snapshots match their code (EF Core's HasPendingModelChanges() is false
    /// for every migrated context, a test of CorpusTests): it reports nothing. And it is not silent for want of reading: a
    /// property added to an entity of each migrated context's snapshot (in the context's project, or in the Domain project
    /// that declares it) is reported on that property, but where the static reading cannot know the whole configuration,
    /// which is said here with the reason.
    /// </summary>
    [Category("Corpus")]
    [NonParallelizable]
    public sealed class CorpusPendingModelChangeTests
    {
        /// <summary>Migrated contexts DRIFT014 does not compare, and why (DRIFT013's reasons; the context's entities are read from the snapshot).</summary>
        private static readonly Dictionary<string, string> Silent = new(StringComparer.Ordinal)
        {
            ["Forum"] = "OnModelCreating calls FixSnakeCaseNames, which renames every table and column in a GetEntityTypes() loop",
            ["BaseContext"] = "the base context PlatformDbContext<TUser> of another assembly configures the model in its OnModelCreating",
            ["Storefront"] = "the derived context lower-cases every name and sets column types in a GetEntityTypes() loop",
        };

        public static IEnumerable<TestCaseData> Projects()
            => CorpusProjects.All.Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

        public static IEnumerable<TestCaseData> MigratedProjects()
            => CorpusProjects.All.Where(p => p.Migrated.Any()).Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

        [TestCaseSource(nameof(Projects))]
        public async Task No_DRIFT014_where_the_model_snapshots_match_the_code(string name)
        {
            var state = await CorpusWorkspace.GetAsync(CorpusProjects.All.Single(p => p.Name == name));
            Assert.That(state.Untouched.Where(f => f.Key.Id == "DRIFT014"), Is.Empty);
        }

        [TestCaseSource(nameof(MigratedProjects))]
        public async Task A_property_added_to_an_entity_is_DRIFT014_on_it(string name)
        {
            var state = await CorpusWorkspace.GetAsync(CorpusProjects.All.Single(p => p.Name == name));
            var reported = new List<string>();
            var probes = new List<string>();
            foreach (var compiled in state.Compiled.Where(c => c.HasMigrations))
            {
                var (compilation, probe) = WithProbe(state, compiled);
                probes.Add(probe);
                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, _, _) => throw new InvalidOperationException("analyzer exception", e), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
                var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PendingModelChangeAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
                reported.AddRange(diagnostics.Select(d => Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage()));
            }

            TestContext.Out.WriteLine(name + ": probes " + string.Join(", ", probes) + "\n  " + string.Join("\n  ", reported));
            if (Silent.TryGetValue(name, out var why))
            {
                Assert.That(reported, Is.Empty, "DRIFT014 does not compare " + name + ": " + why);
                return;
            }

            // On the property; for a class of another project (a Domain project's, no source here) on the context's declaration.
            Assert.That(reported, Has.Count.EqualTo(probes.Count));
            foreach (var probe in probes)
            {
                var (at, property) = (probe.Split(' ')[0], probe.Split(' ')[1]);
                Assert.That(reported, Has.One.StartsWith(at == "-" ? string.Empty : at + " ").And.Contains("Property '" + property + "' (int, "), probe);
            }
        }

        /// <summary>
        /// The project's compilation with <c>public int DriftProbe { get; set; }</c> added to the first class (by name) its
        /// model snapshot maps to a table, recompiling the project that declares the class if it is another (a Domain project).
        /// Also returns where the property is ("file:line Class.DriftProbe", or "- Class.DriftProbe" in another project).
        /// </summary>
        private static (Compilation Compilation, string Probe) WithProbe(ProjectState state, CompiledProject compiled)
        {
            var entities = compiled.ModelSnapshotFiles
                .SelectMany(file => ModelSnapshotReader.Read(compiled.Compilation.SyntaxTrees.Single(t => t.FilePath == file), default))
                .SelectMany(model => model.Entities)
                .Where(e => e.Table != null && e.BaseType == null && e.View == null && !e.ExcludedFromMigrations && !e.Name.StartsWith("Microsoft.", StringComparison.Ordinal))
                .Select(e => e.Name)
                .OrderBy(n => n, StringComparer.Ordinal);
            foreach (var entity in entities)
            {
                foreach (var owner in state.Compiled)
                {
                    if (owner.Compilation.GetTypeByMetadataName(entity) is not { } type || type.DeclaringSyntaxReferences.IsEmpty
                        || type.DeclaringSyntaxReferences[0].GetSyntax() is not ClassDeclarationSyntax declaration || !owner.Compilation.SyntaxTrees.Contains(declaration.SyntaxTree))
                    {
                        continue;
                    }

                    var tree = declaration.SyntaxTree;
                    string text = tree.GetText().ToString();
                    int at = declaration.OpenBraceToken.Span.End;
                    string edited = string.Concat(text.AsSpan(0, at), "\n        public int DriftProbe { get; set; }", text.AsSpan(at));
                    var newTree = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited, System.Text.Encoding.UTF8));
                    int line = tree.GetLineSpan(declaration.OpenBraceToken.Span).StartLinePosition.Line + 2;
                    string property = type.Name + ".DriftProbe";
                    if (owner == compiled)
                    {
                        return (compiled.Compilation.ReplaceSyntaxTree(tree, newTree), Path.GetFileName(tree.FilePath) + ":" + line + " " + property);
                    }

                    // A class of another project (CleanArch's Domain): that project recompiled, and referenced as the new image.
                    var recompiled = owner.Compilation.ReplaceSyntaxTree(tree, newTree);
                    using var image = new MemoryStream();
                    Assert.That(recompiled.Emit(image).Success, Is.True, owner.Csproj);
                    var old = compiled.Compilation.References.Single(r => compiled.Compilation.GetAssemblyOrModuleSymbol(r) is IAssemblySymbol a && a.Identity.Name == owner.Compilation.AssemblyName);
                    return (compiled.Compilation.ReplaceReference(old, MetadataReference.CreateFromImage(image.ToArray())), "- " + property);
                }
            }

            throw new InvalidOperationException(compiled.Csproj + ": no entity class of its model snapshot to add a property to");
        }
    }
}
