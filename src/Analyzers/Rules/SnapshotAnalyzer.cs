using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT010: a snapshot that cannot be read, a table claimed by two snapshots, or no snapshot at all.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SnapshotAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SnapshotProblem);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift)
        {
            if (!drift.Snapshots.Problems.IsEmpty)
            {
                start.RegisterAdditionalFileAction(c =>
                {
                    foreach (var problem in drift.Snapshots.Problems)
                    {
                        if (problem.Path == c.AdditionalFile.Path)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Descriptors.SnapshotProblem, problem.Location, FactsOf(null, "fix the snapshot as the message says, or take it again with `drift snapshot`"), problem.Message));
                        }
                    }
                });
            }
            else if (drift.Snapshots.IsEmpty)
            {
                // Set by the package's build targets when DriftSnapshotPath names a file or folder that does not exist.
                start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property." + MissingPathProperty, out string? missingPath);
                OnNamedTypes(start, drift, (c, d) => ReportMissingSnapshot(c, d, string.IsNullOrEmpty(missingPath) ? null : missingPath));
            }
        }

        private static ImmutableDictionary<string, string?> FactsOf(string? context, string fix)
            => ReportFacts.Create(context, null, null, null, null, null, fix).ToImmutable();

        /// <summary>The MSBuild property (a CompilerVisibleProperty) that holds a DriftSnapshotPath that does not exist.</summary>
        public const string MissingPathProperty = "DriftSnapshotPathMissing";

        private static void ReportMissingSnapshot(SymbolAnalysisContext context, DriftContext drift, string? missingPath)
        {
            if (context.Symbol is INamedTypeSymbol type && drift.Model.Contexts.TryGetValue(Facts.Key(type), out var dbContext) && dbContext.EntityCount > 0)
            {
                string maps = "DbContext '" + type.Name + "' maps " + dbContext.EntityCount + (dbContext.EntityCount == 1 ? " entity" : " entities");
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SnapshotProblem,
                    type.Locations[0],
                    missingPath != null
                        ? FactsOf(type.Name, "point DriftSnapshotPath at a snapshot file, a folder of them or a glob, or take the snapshot: `drift snapshot --output " + missingPath + "`")
                        : FactsOf(type.Name, "take a snapshot: `drift snapshot --output schema-snapshots/<database>.json`"),
                    missingPath != null
                        ? maps + " but the MSBuild property DriftSnapshotPath is '" + missingPath + "', which does not exist, so none is checked: "
                          + "point it at a snapshot file, a folder of them or a glob (relative to the project), or take the snapshot there with 'drift snapshot --output " + missingPath + "'"
                        : maps + " but no schema snapshot is among the AdditionalFiles, so none is checked: "
                          + "take one with 'drift snapshot --output schema-snapshots/<database>.json' (the DriftAnalyzers package picks up the nearest schema-snapshots folder)"));
            }
        }
    }
}
