using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT009: a class written as an entity that no DbContext's model holds (the audit's models without tables).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EntityOutsideModelAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EntityOutsideModel);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type || !drift.Model.OutsideEveryModel.TryGetValue(Facts.Key(type), out var why))
            {
                return;
            }

            var contexts = new List<string>();
            foreach (var dbContext in drift.Model.Contexts.Values)
            {
                contexts.Add(dbContext.Type.Name);
            }

            contexts.Sort(System.StringComparer.Ordinal);
            var properties = ReportFacts.Create(type.Name, null, null, null, why, null, "add a DbSet for it to a context (and a migration), or delete the class if nothing uses it");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.EntityOutsideModel, type.Locations[0], properties.ToImmutable(), type.Name, why, string.Join(", ", contexts)));
        }
    }
}
