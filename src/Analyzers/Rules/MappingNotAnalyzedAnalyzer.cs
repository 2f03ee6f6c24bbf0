using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT013: once per DbContext, what the analyzers could not resolve and so do not check.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MappingNotAnalyzedAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MappingNotAnalyzed);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (DriftContext.Get(start) is not { } drift)
                {
                    return;
                }

                start.RegisterSymbolAction(
                    c =>
                    {
                        if (c.Symbol is INamedTypeSymbol type && drift.Model.Contexts.TryGetValue(type, out var dbContext) && !dbContext.NotAnalyzed.IsEmpty)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Descriptors.MappingNotAnalyzed, type.Locations[0], type.Name, string.Join("; ", dbContext.NotAnalyzed)));
                        }
                    },
                    SymbolKind.NamedType);
            });
        }
    }
}
