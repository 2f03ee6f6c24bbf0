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
                OnNamedTypes(start, drift, ReportMissingSnapshot);
            }
        }

        private static ImmutableDictionary<string, string?> FactsOf(string? context, string fix)
            => ReportFacts.Create(context, null, null, null, null, null, fix).ToImmutable();

        private static void ReportMissingSnapshot(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is INamedTypeSymbol type && drift.Model.Contexts.TryGetValue(Facts.Key(type), out var dbContext) && dbContext.EntityCount > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SnapshotProblem,
                    type.Locations[0],
                    FactsOf(type.Name, "take a snapshot: `drift snapshot --output schema-snapshots/<database>.json`"),
                    "DbContext '" + type.Name + "' maps " + dbContext.EntityCount + (dbContext.EntityCount == 1 ? " entity" : " entities") + " but no schema snapshot is among the AdditionalFiles, so none is checked: "
                    + "take one with 'drift snapshot --output schema-snapshots/<database>.json' (the DriftAnalyzers package picks up the nearest schema-snapshots folder)"));
            }
        }
    }
}
