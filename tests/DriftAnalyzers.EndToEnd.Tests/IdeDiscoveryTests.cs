using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>
    /// As Visual Studio does it: the sample loaded with MSBuildWorkspace, the analyzers and the [ExportCodeFixProvider]
    /// code fixes discovered in the package's analyzer assemblies (compiled against Roslyn 4.8, hosted by a newer one),
    /// the DRIFT001 fix applied, the diagnostic gone.
    /// </summary>
    [NonParallelizable]
    public sealed class IdeDiscoveryTests
    {
        private string work = string.Empty;

        [OneTimeSetUp]
        public void Pack()
        {
            work = Directory.CreateTempSubdirectory("drift-ide-").FullName;
            var pack = Shell.Run(Shell.RepositoryRoot, "dotnet", "pack", "src/Package/DriftAnalyzers.Package.csproj", "-c", "Release", "-o", work, "-p:Version=0.0.0-ide");
            Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());
            ZipFile.ExtractToDirectory(Path.Combine(work, "DriftAnalyzers.0.0.0-ide.nupkg"), Path.Combine(work, "package"));
            var restore = Shell.Run(Shell.RepositoryRoot, "dotnet", "restore", "samples/AuditApp/AuditApp.csproj");
            Assert.That(restore.ExitCode, Is.EqualTo(0), restore.ToString());
        }

        [OneTimeTearDown]
        public void Clean() => Directory.Delete(work, recursive: true);

        [Test]
        public async Task The_fix_is_discovered_by_its_export_attribute_and_removes_the_diagnostic()
        {
            string analyzerDirectory = Path.Combine(work, "package", "analyzers", "dotnet", "cs");
            var loader = new Loader();
            var references = Directory.GetFiles(analyzerDirectory, "*.dll").Select(p => new AnalyzerFileReference(p, loader)).ToList();
            var analyzers = references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
            var fixes = references
                .SelectMany(r => loader.LoadFromPath(r.FullPath).GetTypes())
                .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } export && export.Languages.Contains(LanguageNames.CSharp))
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();
            Assert.That(analyzers.Select(a => a.GetType().Name), Does.Contain("ColumnTypeAnalyzer"));
            Assert.That(fixes.Select(f => f.GetType().Name), Is.EquivalentTo(new[] { "ColumnTypeFixer", "LengthPrecisionFixer", "NullabilityFixer" }));

            using var workspace = MSBuildWorkspace.Create();
            var project = await workspace.OpenProjectAsync(Path.Combine(Shell.RepositoryRoot, "samples", "AuditApp", "AuditApp.csproj"));
            Assert.That(project.AdditionalDocuments.Select(d => Path.GetFileName(d.FilePath)), Does.Contain("audit_app.json"), "the package's targets hand the snapshot to the IDE");

            var before = await DriftDiagnostics(project, analyzers);
            var diagnostic = before.Single(d => d.Id == "DRIFT001" && d.GetMessage().StartsWith("Property 'ExpertProfile.UserId'", StringComparison.Ordinal));
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;

            var actions = new List<CodeAction>();
            var fixer = fixes.Single(f => f.FixableDiagnosticIds.Contains("DRIFT001"));
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.That(actions.Select(a => a.Title), Is.EqualTo(new[] { "Change the type of 'UserId' to int (the column is integer)" }));

            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            var fixedSolution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var fixedDocument = fixedSolution.GetDocument(document.Id)!;
            Assert.That((await fixedDocument.GetTextAsync()).ToString(), Does.Contain("    public int UserId { get; set; }"));

            var after = await DriftDiagnostics(fixedSolution.GetProject(project.Id)!, analyzers);
            Assert.That(after.Select(d => d.GetMessage()), Has.None.StartsWith("Property 'ExpertProfile.UserId'"));
            Assert.That(after.Count(d => d.Id == "DRIFT001"), Is.EqualTo(1), "the other finding (Subscription.UserId) stays");
            Assert.That((await fixedSolution.GetProject(project.Id)!.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
        }

        private static async Task<ImmutableArray<Diagnostic>> DriftDiagnostics(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty);
            return diagnostics.Where(d => d.Id.StartsWith("DRIFT", StringComparison.Ordinal)).ToImmutableArray();
        }

        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            private readonly Dictionary<string, Assembly> loaded = new(StringComparer.Ordinal);

            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath)
            {
                lock (loaded)
                {
                    if (!loaded.TryGetValue(fullPath, out var assembly))
                    {
                        loaded.Add(fullPath, assembly = Assembly.LoadFrom(fullPath));
                    }

                    return assembly;
                }
            }
        }
    }
}
