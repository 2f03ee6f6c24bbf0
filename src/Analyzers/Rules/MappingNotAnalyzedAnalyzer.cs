using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT013: once per DbContext, what the analyzers could not resolve and so do not check.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MappingNotAnalyzedAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MappingNotAnalyzed);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext c, DriftContext drift)
        {
            if (c.Symbol is not INamedTypeSymbol type || !drift.Model.Contexts.TryGetValue(Facts.Key(type), out var dbContext))
            {
                return;
            }

            var notes = dbContext.NotAnalyzed;
            if (dbContext.EntityCount > 0 && !drift.Snapshots.IsEmpty && drift.DatabaseOfContext(dbContext).Problem is { } problem)
            {
                notes = notes.Insert(0, problem);
            }

            if (!notes.IsEmpty)
            {
                var properties = ReportFacts.Create(type.Name, null, null, null, string.Join("; ", notes), null, "nothing to do: the entities named are not checked; map them so the analyzers can read it to have them checked");
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.MappingNotAnalyzed, type.Locations[0], properties.ToImmutable(), type.Name, string.Join("; ", notes)));
            }
        }
    }
}
