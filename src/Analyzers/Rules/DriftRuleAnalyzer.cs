using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// What every rule does the same way: concurrent, generated code analyzed too (entities in scaffolded files drift for
    /// real: they are checked and the message says to regenerate), and nothing registered unless the compilation
    /// references EF Core. A rule registers its actions on the shared per-compilation <see cref="DriftContext"/>.
    /// </summary>
    public abstract class DriftRuleAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                if (DriftContext.Get(start) is { } drift)
                {
                    Register(start, drift);
                }
            });
        }

        /// <summary>Registers the rule's actions for one compilation that references EF Core.</summary>
        private protected abstract void Register(CompilationStartAnalysisContext start, DriftContext drift);

        /// <summary>
        /// For rules that look at each named type (entities, contexts): the usual registration. The model is prepared with
        /// the action's cancellation token first, so a superseded analysis stops building it.
        /// </summary>
        private protected static void OnNamedTypes(CompilationStartAnalysisContext start, DriftContext drift, System.Action<SymbolAnalysisContext, DriftContext> analyze)
            => start.RegisterSymbolAction(
                c =>
                {
                    drift.Prepare(c.CancellationToken);
                    analyze(c, drift);
                },
                SymbolKind.NamedType);
    }
}
