using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT002: an entity whose table is in no snapshot.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingTableAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TableMissing);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                // A keyless entity type is usually the shape of raw SQL results (FromSql): its table need not exist.
                if (!entity.Keyless && !drift.TryFindTable(entity, out _))
                {
                    Report(context, drift, entity);
                }
            }
        }

        private static void Report(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity)
        {

            string? database = drift.DatabaseOf(entity).Name;
            if (drift.Snapshots.IsAmbiguous(database, entity.Schema, entity.Table))
            {
                return;
            }

            // A table that differs only by case is named, and "go to" lands on it in the snapshot.
            bool nearMiss = drift.Snapshots.TryFindIgnoringCase(database, entity.Schema, entity.Table, out var near);
            string hint = nearMiss ? "; " + near.QualifiedName + " differs only in case, and PostgreSQL names are case-sensitive" : string.Empty;
            var location = drift.Locate(entity.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TableMissing,
                location,
                nearMiss ? new[] { near.File.LocationOf(near.Position) } : null,
                ReportFacts.Create(
                    entity.Name,
                    null,
                    entity.Schema + "." + entity.Table,
                    null,
                    null,
                    nearMiss ? near.QualifiedName + " (differs in case or naming)" : "no such table",
                    nearMiss ? "map the entity to " + near.QualifiedName + " (ToTable or a naming convention)" : "create the table (a migration), or map the entity to the table that exists").ToImmutable(),
                entity.Name,
                entity.Schema,
                entity.Table,
                hint,
                drift.Snapshots.DisplayNames(database) + GeneratedCode.Note(location)));
        }
    }
}
