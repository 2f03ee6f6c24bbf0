using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT014: the code maps the model differently from its context's latest migrations model snapshot (an entity or
    /// property added or removed, a CLR type, nullability, length or precision, a table or column name, a key): a migration
    /// is missing. Needs no database snapshot.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PendingModelChangeAnalyzer : DriftRuleAnalyzer
    {
        /// <summary>Diagnostic property: the context the migration is added for.</summary>
        public const string ContextProperty = "Context";

        /// <summary>Diagnostic property: what changed (<see cref="PendingChangeKind"/>).</summary>
        public const string KindProperty = "Kind";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ModelChangeWithoutMigration);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var change in drift.Model.PendingChangesReportedOn(Facts.Key(type)))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var snapshot = drift.Locate(change.SnapshotLocation);
                var properties = ReportFacts.Create(change.Entity, change.Property, change.Table, change.Column, change.Code, null, "add a migration (`dotnet ef migrations add <Name> --context " + change.Context.Name + "`), or " + change.Revert);
                properties.Add(ReportFacts.Migrations, change.Migrations);
                properties.Add(ContextProperty, change.Context.Name);
                properties.Add(KindProperty, change.Kind.ToString());
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ModelChangeWithoutMigration,
                    drift.Locate(change.Location),
                    snapshot == Location.None ? null : new[] { snapshot },
                    properties.ToImmutable(),
                    change.Fact,
                    change.Context.Name,
                    change.Revert));
            }
        }
    }
}
