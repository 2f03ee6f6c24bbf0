using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT015 and DRIFT016: a context's migrations compared with the history table its database's snapshot records, once per
    /// context, on its declaration (or, without one here, its model snapshot's or its latest migration's).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MigrationHistoryAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MigrationsNotApplied, Descriptors.MigrationUnknownToCode);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            var all = drift.Model.Migrations;
            foreach (string contextKey in all.ReportedOn(Facts.Key(type)))
            {
                if (drift.HistoryOf(contextKey) is not { Context.Own: true } applied)
                {
                    continue;
                }

                var migrations = all.ByContext[contextKey];
                var location = drift.Locate(migrations.Location);
                string table = SnapshotNames.Display(applied.Table.Schema, applied.Table.Name);
                var at = new[] { applied.File.LocationOf(applied.Table.Position) };
                if (!applied.Pending.IsEmpty)
                {
                    var ids = new List<string>();
                    foreach (var migration in applied.Pending)
                    {
                        ids.Add(migration.Id);
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MigrationsNotApplied,
                        location,
                        at,
                        migrations.Context.Name,
                        Count(ids.Count),
                        string.Join(", ", ids),
                        table,
                        applied.File.DisplayName,
                        ids.Count == 1 ? "it" : "them"));
                }

                if (!applied.Foreign.IsEmpty)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.MigrationUnknownToCode,
                        location,
                        at,
                        migrations.Context.Name,
                        Count(applied.Foreign.Length),
                        string.Join(", ", applied.Foreign),
                        table,
                        applied.File.DisplayName,
                        applied.Foreign.Length == 1 ? "it" : "them"));
                }
            }
        }

        private static string Count(int n) => n == 1 ? "1 migration" : n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " migrations";
    }
}
